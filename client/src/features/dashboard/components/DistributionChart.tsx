// How the signatories' own counted local shares are spread over the four buckets (0–10 %, 10–25 %,
// 25–50 %, ≥ 50 %); buckets at or above the target are drawn in the strong colour.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { shareBuckets } from '@lpt/shared/enums';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatCount, withheldTextOf } from '../../../lib/format.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { axisProps, chartColors, TARGET } from './chartTheme.tsx';
import { CountTable } from './Figure.tsx';

export function DistributionChart({ summary, csvHref, scope }: { summary: MetricsSummary; csvHref: string; scope: string }) {
  const rows = shareBuckets.map((b) => ({
    key: b.key,
    label: b.label,
    count: summary.distribution[b.key],
    meetsTarget: b.from >= TARGET,
  }));
  const total = summary.fundingOrganizations;
  const summaryText = summary.suppressed
    ? withheldTextOf(summary)
    : `Bar chart, ${scope}: of ${formatCount(total)} signatories with funding figures, ${rows
        .map((r) => `${formatCount(r.count)} passed on ${r.label}`)
        .join(', ')}.`;
  return (
    <ChartCard
      title="Spread of signatories’ own local shares"
      summary={summaryText}
      csvHref={csvHref}
      note={<p className="muted small">Each signatory’s counted local funding ÷ its in-scope expenditure, in its own currency.</p>}
      empty={summary.suppressed ? <ChartEmpty>Withheld: {withheldTextOf(summary)}.</ChartEmpty> : undefined}
      chart={
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={rows} margin={{ top: 20, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} vertical={false} />
            <XAxis dataKey="label" {...axisProps} />
            <YAxis {...axisProps} allowDecimals={false} width={36} />
            <Tooltip formatter={(value) => [formatCount(typeof value === 'number' ? value : null), 'Signatories']} />
            <Bar dataKey="count" name="Signatories" isAnimationActive={false} radius={[4, 4, 0, 0]}>
              {rows.map((r) => (
                <Cell key={r.key} fill={r.meetsTarget ? chartColors.primary : chartColors.light} />
              ))}
              <LabelList dataKey="count" position="top" fill={chartColors.axis} fontSize={12} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <CountTable
          caption={`Signatories by their own counted local share, ${scope}`}
          labelHeader="Own local share"
          countHeader="Signatories"
          rows={[...rows, { key: 'total', label: 'With funding figures', count: total }]}
          withheld={summary.suppressedBecause}
        />
      }
    />
  );
}
