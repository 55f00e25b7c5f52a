// Funding shares over the years, with the 25 % benchmark drawn as a line, and the other commitments'
// shares over the same years. Each year is suppressed on its own: a withheld year is a gap, not a zero.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatCount, formatShare } from '../../../lib/format.ts';
import { figureWithheld, withheldReasonOf, withheldShortOf, withheldTextOf } from '../../../lib/labels.ts';
import type { DownloadLinks } from '../api/downloads.ts';
import type { EmbedLink } from './ChartActions.tsx';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { axisProps, chartColors, legendText, percentTick, shareDomain, shareTicks, TARGET } from './chartTheme.tsx';
import { DataTable } from '../../../ui/DataTable.tsx';
import { Figure } from './Figure.tsx';

interface Series {
  /** Also its label's key under dashboard:series. */
  key: 'weightedShare' | 'directShare' | 'medianShare' | 'reportingRate' | 'coLedShare' | 'jointShare' | 'creditingShare' | 'supportedShare';
  color: string;
  dash?: string;
  value: (p: MetricsSummary) => number | null;
  /** Its path in shared/src/figures.ts: a release may withhold it in a year that is shown. */
  path: string;
}

const fundingSeries: Series[] = [
  { key: 'weightedShare', color: chartColors.primary, value: (p) => p.funding.weightedShare, path: 'funding.weightedShare' },
  { key: 'directShare', color: chartColors.tertiary, value: (p) => p.funding.directShare, path: 'funding.directShare' },
  { key: 'medianShare', color: chartColors.quaternary, dash: '4 3', value: (p) => p.funding.medianShare, path: 'funding.medianShare' },
];

const commitmentSeries: Series[] = [
  { key: 'reportingRate', color: chartColors.light, dash: '2 3', value: (p) => p.reportingRate, path: 'reportingRate' },
  { key: 'coLedShare', color: chartColors.primary, value: (p) => p.collaboration.coLedShare, path: 'collaboration.coLedShare' },
  { key: 'jointShare', color: chartColors.secondary, value: (p) => p.needs.jointShare, path: 'needs.jointShare' },
  { key: 'creditingShare', color: chartColors.tertiary, value: (p) => p.credit.creditingShare, path: 'credit.creditingShare' },
  { key: 'supportedShare', color: chartColors.quaternary, value: (p) => p.capacity.supportedShare, path: 'capacity.supportedShare' },
];

function rowsOf(points: MetricsSummary[], series: Series[]) {
  return points.map((p) => ({
    year: p.year,
    ...Object.fromEntries(series.map((s) => [s.key, p.suppressed ? null : s.value(p)])),
  }));
}

const labelOf = (t: TFunction, s: Series) => t(`dashboard:series.${s.key}`);

function describe(t: TFunction, points: MetricsSummary[], series: Series[]): string {
  const shown = points.filter((p) => !p.suppressed);
  if (shown.length === 0) return t('dashboard:trend.noYear');
  const first = shown[0]!;
  const last = shown[shown.length - 1]!;
  const parts = series.map((s) =>
    t('dashboard:trend.seriesFromTo', {
      series: labelOf(t, s),
      first: formatShare(s.value(first)),
      firstYear: first.year,
      last: formatShare(s.value(last)),
      lastYear: last.year,
    }),
  );
  const withheld = points.filter((p) => p.suppressed).map((p) => `${p.year} (${withheldShortOf(t, p)})`);
  return `${parts.join('; ')}.${withheld.length ? ` ${t('dashboard:withheldList', { list: withheld.join(', ') })}` : ''}`;
}

function SharesChart({ points, series, target }: { points: MetricsSummary[]; series: Series[]; target: boolean }) {
  const { t } = useTranslation('dashboard');
  const data = rowsOf(points, series);
  const values = data.flatMap((row) => series.map((s) => (row as Record<string, number | null>)[s.key] ?? null));
  const domain: [number, number] = target ? shareDomain(values) : [0, 1];
  return (
    <ChartFrame height={280}>
      <LineChart data={data} margin={{ top: 12, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartColors.grid} vertical={false} />
        <XAxis dataKey="year" {...axisProps} padding={{ left: 16, right: 16 }} />
        <YAxis {...axisProps} tickFormatter={percentTick} domain={domain} ticks={target ? shareTicks(domain) : [0, 0.25, 0.5, 0.75, 1]} width={56} />
        <Tooltip formatter={(value) => formatShare(typeof value === 'number' ? value : null)} />
        <Legend iconType="plainline" wrapperStyle={{ fontSize: 13 }} formatter={legendText} itemSorter={null} />
        {target ? (
          <ReferenceLine
            y={TARGET}
            stroke={chartColors.target}
            strokeDasharray="6 4"
            label={{ value: t('dashboard:target'), position: 'insideTopLeft', fill: chartColors.target, fontSize: 12 }}
          />
        ) : null}
        {series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={labelOf(t, s)}
            stroke={s.color}
            strokeWidth={s.key === 'weightedShare' ? 3 : 2}
            strokeDasharray={s.dash}
            dot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

function TrendTable({ points, series, caption }: { points: MetricsSummary[]; series: Series[]; caption: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <DataTable
      caption={caption}
      scroller={false}
      rows={points}
      rowKey={(p) => p.year}
      columns={[
        { key: 'year', header: t('dashboard:filters.year'), rowHeader: true, cell: (p) => p.year },
        ...series.map((s, index) => ({
          key: s.key,
          header: labelOf(t, s),
          numeric: true,
          // A withheld year says why once, over all its figures.
          span: (p: MetricsSummary) =>
            index === 0 && p.suppressed ? { columns: series.length + 1, className: 'cell-suppressed', content: withheldTextOf(t, p) } : undefined,
          cell: (p: MetricsSummary) => <Figure value={s.value(p)} kind="share" withheld={figureWithheld(p, s.path)} />,
        })),
        {
          key: 'reporting',
          header: t('dashboard:trend.reporting'),
          numeric: true,
          cell: (p) => t('dashboard:xOfY', { x: formatCount(p.organizationsReporting ?? 0), y: formatCount(p.organizationsEligible) }),
        },
      ]}
    />
  );
}

interface TrendProps {
  points: MetricsSummary[];
  /** None in an embed (client/src/embed), whose reader downloads from the dashboard. */
  downloads?: DownloadLinks | undefined;
  scope: string;
  /** Said under the chart: an open year left out until its cycle closes. */
  note?: string | undefined;
  embed?: EmbedLink | undefined;
}

function allWithheld(t: TFunction, points: MetricsSummary[]) {
  if (!points.every((p) => p.suppressed)) return undefined;
  const reasons = [...new Set(points.map((p) => withheldReasonOf(t, p)))];
  return <ChartEmpty>{t('dashboard:trend.allWithheld', { reasons: reasons.join('; ') })}</ChartEmpty>;
}

export function FundingTrendChart({ points, downloads, scope, note, embed }: TrendProps) {
  const { t } = useTranslation('dashboard');
  return (
    <ChartCard
      title={t('dashboard:trend.fundingTitle')}
      summary={`${t('dashboard:trend.lineChart', { scope })} ${describe(t, points, fundingSeries)} ${t('dashboard:trend.targetNote')}`}
      downloads={downloads}
      note={note ? <p className="muted small">{note}</p> : undefined}
      empty={allWithheld(t, points)}
      chart={<SharesChart points={points} series={fundingSeries} target />}
      table={<TrendTable points={points} series={fundingSeries} caption={t('dashboard:trend.fundingCaption', { scope })} />}
      className="span-2"
      embed={embed}
    />
  );
}

export function CommitmentsTrendChart({ points, downloads, scope, note }: TrendProps) {
  const { t } = useTranslation('dashboard');
  return (
    <ChartCard
      title={t('dashboard:trend.commitmentsTitle')}
      summary={`${t('dashboard:trend.lineChart', { scope })} ${describe(t, points, commitmentSeries)}`}
      downloads={downloads}
      note={note ? <p className="muted small">{note}</p> : undefined}
      empty={allWithheld(t, points)}
      chart={<SharesChart points={points} series={commitmentSeries} target={false} />}
      table={<TrendTable points={points} series={commitmentSeries} caption={t('dashboard:trend.commitmentsCaption', { scope })} />}
    />
  );
}
