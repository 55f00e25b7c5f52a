// The local partners worked with, by who leads them (categories overlap: a partner led by migrant
// women counts in both).
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { leadershipCategories } from '@lpt/shared/enums';
import { leadershipCategoryLabels } from '@lpt/shared/indicators';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatCount, withheldTextOf } from '../../../lib/format.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { axisProps, chartColors } from './chartTheme.tsx';
import { CountTable } from './Figure.tsx';

export function LeadershipChart({ summary, csvHref, scope }: { summary: MetricsSummary; csvHref: string; scope: string }) {
  const rows = leadershipCategories.map((c) => ({ key: c, label: leadershipCategoryLabels[c], partners: summary.partnersByLeadership[c] }));
  const summaryText = summary.suppressed
    ? withheldTextOf(summary)
    : `Bar chart, ${scope}: of ${formatCount(summary.collaboration.localPartners)} local partners, ${rows
        .map((r) => `${formatCount(r.partners)} ${r.label.toLowerCase()}`)
        .join(', ')}.`;
  return (
    <ChartCard
      title="Local partners by leadership"
      summary={summaryText}
      csvHref={csvHref}
      note={
        <p className="muted small">
          Of {summary.suppressed ? 'the' : formatCount(summary.collaboration.localPartners)} local and national partners; a partner
          can count in more than one category.
        </p>
      }
      empty={summary.suppressed ? <ChartEmpty>Withheld: {withheldTextOf(summary)}.</ChartEmpty> : undefined}
      chart={
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} allowDecimals={false} />
            <YAxis type="category" dataKey="label" {...axisProps} width={200} />
            <Tooltip formatter={(value) => [formatCount(typeof value === 'number' ? value : null), 'Partners']} />
            <Bar dataKey="partners" name="Partners" fill={chartColors.secondary} isAnimationActive={false} barSize={20} radius={[0, 4, 4, 0]}>
              <LabelList dataKey="partners" position="right" fill={chartColors.axis} fontSize={12} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <CountTable
          caption={`Local partners by leadership, ${scope}`}
          labelHeader="Led by"
          countHeader="Partners"
          rows={rows.map((r) => ({ key: r.key, label: r.label, count: r.partners }))}
          withheld={summary.suppressedBecause}
        />
      }
    />
  );
}
