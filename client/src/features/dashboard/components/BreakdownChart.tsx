// The year's weighted local share by region or by organisation type. Groups withheld by small-number
// suppression, or without funding figures, are named under the chart and listed in the table.
import { Bar, BarChart, CartesianGrid, LabelList, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { MetricsBreakdown } from '@lpt/shared/metrics';
import { suppressionReasons } from '@lpt/shared/enums';
import { formatList, formatShare } from '../../../lib/format.ts';
import { figureWithheld, withheldLabel, withheldTextOf } from '../../../lib/labels.ts';
import type { DownloadLinks } from '../api/downloads.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { axisProps, chartColors, percentTick, shareDomain, shareTicks, TARGET } from './chartTheme.tsx';
import { FigureCell } from './Figure.tsx';

export function BreakdownChart(props: {
  title: string;
  groupLabel: string;
  breakdown: MetricsBreakdown;
  labelOf: (key: string) => string;
  downloads: DownloadLinks;
}) {
  const { t } = useTranslation('dashboard');
  const rows = props.breakdown.rows.map((r) => ({ ...r, label: props.labelOf(r.key) }));
  const drawn = rows
    .filter((r) => !r.suppressed && r.funding.weightedShare !== null)
    .map((r) => ({ label: r.label, share: r.funding.weightedShare }));
  // The withheld groups by why; a long list reads better as a count (the table names each of them).
  const withheld = suppressionReasons
    .map((reason) => ({ text: withheldLabel(t, reason), labels: rows.filter((r) => r.suppressedBecause === reason).map((r) => r.label) }))
    .filter((w) => w.labels.length > 0);
  const listed = (labels: string[]) =>
    labels.length > 4 ? t('dashboard:breakdown.manyGroups', { count: rows.length, groups: labels.length }) : formatList(labels);
  const noData = rows.filter((r) => !r.suppressed && r.funding.weightedShare === null).map((r) => r.label);
  const domain = shareDomain(drawn.map((d) => d.share));
  const summary = `${t('dashboard:breakdown.summary', {
    title: props.title,
    year: props.breakdown.year,
    groups: drawn.length ? drawn.map((d) => `${d.label} ${formatShare(d.share)}`).join(', ') : t('dashboard:breakdown.noGroupShown'),
  })}${withheld.map((w) => ` ${t('dashboard:breakdown.withheldBecause', { reason: w.text, list: w.labels.join(', ') })}`).join('')}`;

  return (
    <ChartCard
      title={props.title}
      summary={summary}
      downloads={props.downloads}
      note={
        <p className="muted small">
          {t('dashboard:breakdown.note', { year: props.breakdown.year })}
          {withheld.map((w) => ` ${t('dashboard:breakdown.withheldBecause', { reason: w.text, list: listed(w.labels) })}`).join('')}
          {noData.length ? ` ${t('dashboard:breakdown.noFunding', { list: formatList(noData) })}` : ''}
        </p>
      }
      empty={drawn.length === 0 ? <ChartEmpty>{t('dashboard:breakdown.empty')}</ChartEmpty> : undefined}
      chart={
        <ResponsiveContainer width="100%" height={Math.max(150, drawn.length * 38 + 64)}>
          <BarChart data={drawn} layout="vertical" margin={{ top: 22, right: 48, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} tickFormatter={percentTick} domain={domain} ticks={shareTicks(domain)} />
            <YAxis type="category" dataKey="label" {...axisProps} width={150} />
            <Tooltip formatter={(value) => [formatShare(typeof value === 'number' ? value : null), t('dashboard:series.weightedShare')]} />
            <ReferenceLine x={TARGET} stroke={chartColors.target} strokeDasharray="6 4" label={{ value: '25 %', position: 'top', fill: chartColors.target, fontSize: 12 }} />
             <Bar dataKey="share" name={t('dashboard:series.weightedShare')} fill={chartColors.primary} isAnimationActive={false} radius={[0, 4, 4, 0]} barSize={22}>
              <LabelList dataKey="share" position="right" formatter={(v) => formatShare(typeof v === 'number' ? v : null)} fill={chartColors.axis} fontSize={12} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="data-table">
          <caption>
            {props.title}, {props.breakdown.year}
          </caption>
          <thead>
            <tr>
              <th scope="col">{props.groupLabel}</th>
              <th scope="col" className="num">
                {t('dashboard:breakdown.reports')}
              </th>
              <th scope="col" className="num">
                {t('dashboard:series.weightedShare')}
              </th>
              <th scope="col" className="num">
                {t('dashboard:series.directShare')}
              </th>
              <th scope="col" className="num">
                {t('dashboard:breakdown.median')}
              </th>
              <th scope="col" className="num">
                {t('dashboard:breakdown.atOrAbove25')}
              </th>
              <th scope="col" className="num">
                {t('dashboard:series.reportingRate')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {r.suppressed ? (
                  <td colSpan={6} className="cell-suppressed">
                    {withheldTextOf(t, r)}
                  </td>
                ) : (
                  <>
                    <FigureCell value={r.organizationsReporting} kind="count" />
                    <FigureCell value={r.funding.weightedShare} kind="share" withheld={figureWithheld(r, 'funding.weightedShare')} />
                    <FigureCell value={r.funding.directShare} kind="share" withheld={figureWithheld(r, 'funding.directShare')} />
                    <FigureCell value={r.funding.medianShare} kind="share" withheld={figureWithheld(r, 'funding.medianShare')} />
                    <FigureCell value={r.funding.atOrAbove25} kind="count" withheld={figureWithheld(r, 'funding.atOrAbove25')} />
                    <FigureCell value={r.reportingRate} kind="share" withheld={figureWithheld(r, 'reportingRate')} />
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
