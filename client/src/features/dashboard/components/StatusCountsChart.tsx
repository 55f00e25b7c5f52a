// Where the signatories stand on each of the five commitments, including "not applicable" answers
// (counted and shown, never dropped).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { commitments, sectionStatuses, type SectionStatus } from '@lpt/shared/enums';
import { sectionStatusLabels } from '@lpt/shared/indicators';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatCount, withheldTextOf } from '../../../lib/format.ts';
import { commitmentLabels } from '../../../lib/labels.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { axisProps, chartColors, legendText } from './chartTheme.tsx';
import { FigureCell } from './Figure.tsx';

const statusColors: Record<SectionStatus, string> = {
  not_started: '#d5dae1',
  planning: '#a9c9cc',
  in_progress: chartColors.secondary,
  fulfilled: chartColors.primary,
  not_applicable: chartColors.tertiary,
};

export function StatusCountsChart({ summary, csvHref, scope }: { summary: MetricsSummary; csvHref: string; scope: string }) {
  const rows = commitments.map((c) => ({ commitment: c, label: commitmentLabels[c], ...summary.statusCounts[c] }));
  const summaryText = summary.suppressed
    ? withheldTextOf(summary)
    : `Stacked bar chart, ${scope}: ${rows
        .map(
          (r) =>
            `${r.label}: ${sectionStatuses.map((s) => `${formatCount(r[s])} ${sectionStatusLabels[s].toLowerCase()}`).join(', ')}`,
        )
        .join('; ')}.`;
  return (
    <ChartCard
      title="Progress on each commitment"
      summary={summaryText}
      csvHref={csvHref}
      note={<p className="muted small">Signatories by the status they reported for each commitment.</p>}
      empty={summary.suppressed ? <ChartEmpty>Withheld: {withheldTextOf(summary)}.</ChartEmpty> : undefined}
      chart={
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} allowDecimals={false} />
            <YAxis type="category" dataKey="label" {...axisProps} width={170} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 13 }} formatter={legendText} itemSorter={null} />
            {sectionStatuses.map((s) => (
              <Bar key={s} dataKey={s} name={sectionStatusLabels[s]} stackId="status" fill={statusColors[s]} isAnimationActive={false} barSize={24} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="data-table">
          <caption>Signatories by reported status, {scope}</caption>
          <thead>
            <tr>
              <th scope="col">Commitment</th>
              {sectionStatuses.map((s) => (
                <th scope="col" className="num" key={s}>
                  {sectionStatusLabels[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.commitment}>
                <th scope="row">{r.label}</th>
                {sectionStatuses.map((s) => (
                  <FigureCell key={s} value={r[s]} kind="count" withheld={summary.suppressedBecause} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
