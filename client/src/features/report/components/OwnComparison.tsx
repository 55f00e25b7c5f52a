// "You and your type group": the organisation's own approved local share per year beside the aggregate
// of its type group (a local NGO beside local and national actors) or, as the reader chooses, of all
// signatories (weighted share and median), as a small line chart and the same figures as a table.
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LOCAL_SHARE_TARGET } from '@lpt/shared/enums';
import { MIN_YEAR } from '@lpt/shared/schemas';
import { useTranslation } from 'react-i18next';
import { formatCount, formatShare } from '../../../lib/format.ts';
import { typeGroupLabel, withheldLabel } from '../../../lib/labels.ts';
import { errorMessageOf, useTRPC } from '../../../lib/trpc.ts';
import { DataTable } from '../../../ui/DataTable.tsx';

const percent = (v: number | null) => (v == null ? null : Math.round(v * 1000) / 10);

export function OwnComparison({ organizationId, year, openYear }: { organizationId: number; year: number; openYear?: number | undefined }) {
  const { t } = useTranslation('report');
  const trpc = useTRPC();
  const fromYear = Math.max(MIN_YEAR, year - 5);
  const [against, setAgainst] = useState<'typeGroup' | 'all'>('typeGroup');
  const againstId = useId();
  const query = useQuery(trpc.metrics.ownComparison.queryOptions({ organizationId, fromYear, toYear: year, against }));

  if (query.isPending) return <p className="muted">{t('report:comparison.loading')}</p>;
  if (query.isError) return <p className="alert alert--error">{t('report:comparison.loadError', { reason: errorMessageOf(query.error, t) })}</p>;

  const points = query.data.points;
  const group = query.data.typeGroup;
  const groupName = group ? typeGroupLabel(t, group) : '';
  const weightedLabel = group ? t('report:comparison.weightedGroup', { group: groupName }) : t('report:comparison.weighted');
  const medianLabel = group ? t('report:comparison.medianGroup') : t('report:comparison.median');
  // An open year's figures are provisional: marked in the chart and the table (and said under the chart).
  const yearLabel = (y: number) => (y === openYear ? `${y}*` : String(y));
  const rows = points.map((p) => ({
    year: yearLabel(p.year),
    own: percent(p.own?.localShare ?? null),
    weighted: p.aggregate.suppressed ? null : percent(p.aggregate.weightedShare),
    median: p.aggregate.suppressed ? null : percent(p.aggregate.medianShare),
  }));
  const hasOwn = points.some((p) => p.own?.localShare != null);
  const highest = Math.max(30, ...rows.flatMap((r) => [r.own ?? 0, r.weighted ?? 0, r.median ?? 0]));
  const top = Math.ceil(highest / 10) * 10;
  const ticks = Array.from({ length: top / 10 + 1 }, (_, i) => i * 10);

  return (
    <section className="card comparison" aria-labelledby="comparison-title">
      <h2 id="comparison-title">{group ? t('report:comparison.titleGroup') : t('report:comparison.title')}</h2>
      <p className="muted">{group ? t('report:comparison.leadGroup', { group: groupName }) : t('report:comparison.lead')}</p>
      <p className="comparison__against">
        <label htmlFor={againstId}>{t('report:comparison.against')}</label>{' '}
        <select id={againstId} value={against} onChange={(e) => setAgainst(e.target.value === 'all' ? 'all' : 'typeGroup')}>
          <option value="typeGroup">{t('report:comparison.againstGroup')}</option>
          <option value="all">{t('report:comparison.againstAll')}</option>
        </select>
      </p>
      {!hasOwn ? <p>{t('report:comparison.noOwn')}</p> : null}
      <figure className="comparison__chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart accessibilityLayer={false} data={rows} margin={{ top: 10, right: 20, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e6e9ee" vertical={false} />
            <XAxis dataKey="year" tickLine={false} />
            <YAxis unit=" %" width={54} tickLine={false} domain={[0, top]} ticks={ticks} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? formatShare(v / 100) : t('common:noData'))} />
            <Legend />
            <ReferenceLine
              y={LOCAL_SHARE_TARGET * 100}
              stroke="var(--color-accent)"
              strokeDasharray="5 4"
              label={{ value: t('report:comparison.target'), position: 'insideTopRight', fill: 'var(--color-accent)', fontSize: 12 }}
            />
            <Line type="monotone" dataKey="own" name={t('report:comparison.own')} stroke="var(--chart-1)" strokeWidth={3} connectNulls dot={{ r: 4 }} />
            <Line type="monotone" dataKey="weighted" name={weightedLabel} stroke="var(--chart-3)" strokeWidth={2} connectNulls />
            <Line type="monotone" dataKey="median" name={medianLabel} stroke="var(--chart-4)" strokeDasharray="3 3" connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <DataTable
        caption={t('report:comparison.caption')}
        rows={points}
        rowKey={(p) => p.year}
        columns={[
          {
            key: 'year',
            header: t('report:past.year'),
            rowHeader: true,
            cell: (p) => (
              <>
                {yearLabel(p.year)}
                {p.year === openYear ? <span className="visually-hidden"> ({t('report:comparison.provisional')})</span> : null}
              </>
            ),
          },
          {
            key: 'own',
            header: t('report:comparison.own'),
            numeric: true,
            className: (p) => (p.own?.localShare == null ? 'cell-nodata' : undefined),
            cell: (p) => (p.own ? formatShare(p.own.localShare) : t('report:comparison.noApproved')),
          },
          {
            key: 'weighted',
            header: weightedLabel,
            numeric: true,
            // A withheld aggregate says why once, over its three figures.
            span: (p) =>
              p.aggregate.suppressed
                ? { columns: 3, className: 'num cell-suppressed', content: withheldLabel(t, p.aggregate.suppressedBecause ?? 'fewer_than_5') }
                : undefined,
            cell: (p) => formatShare(p.aggregate.weightedShare),
          },
          { key: 'median', header: medianLabel, numeric: true, cell: (p) => formatShare(p.aggregate.medianShare) },
          {
            key: 'reporting',
            header: t('report:comparison.reporting'),
            numeric: true,
            cell: (p) => (p.aggregate.organizationsReporting == null ? '—' : formatCount(p.aggregate.organizationsReporting)),
          },
        ]}
      />
      {openYear !== undefined && points.some((p) => p.year === openYear) ? (
        <p className="muted small">* {t('report:comparison.provisionalNote', { year: openYear })}</p>
      ) : null}
    </section>
  );
}
