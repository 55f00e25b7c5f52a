// The year's weighted local share by region or by organisation type. Groups withheld by small-number
// suppression, or without funding figures, are named under the chart and listed in the table.
import { Bar, BarChart, CartesianGrid, LabelList, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsBreakdown } from '@lpt/shared/metrics';
import { formatShare, SUPPRESSED_TEXT } from '../../../lib/format.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { axisProps, chartColors, percentTick, shareDomain, shareTicks, TARGET } from './chartTheme.tsx';
import { FigureCell } from './Figure.tsx';

export function BreakdownChart(props: {
  title: string;
  groupLabel: string;
  breakdown: MetricsBreakdown;
  labelOf: (key: string) => string;
  csvHref: string;
}) {
  const rows = props.breakdown.rows.map((r) => ({ ...r, label: props.labelOf(r.key) }));
  const drawn = rows
    .filter((r) => !r.suppressed && r.funding.weightedShare !== null)
    .map((r) => ({ label: r.label, share: r.funding.weightedShare }));
  const withheld = rows.filter((r) => r.suppressed).map((r) => r.label);
  // A long list of withheld groups reads better as a count; the table names each of them.
  const withheldText =
    withheld.length > 4 ? `${withheld.length} of ${rows.length} groups (see the table)` : withheld.join(', ');
  const noData = rows.filter((r) => !r.suppressed && r.funding.weightedShare === null).map((r) => r.label);
  const domain = shareDomain(drawn.map((d) => d.share));
  const summary = `Bar chart of the weighted local share by ${props.groupLabel.toLowerCase()} in ${props.breakdown.year}: ${
    drawn.length ? drawn.map((d) => `${d.label} ${formatShare(d.share)}`).join(', ') : 'no group can be shown'
  }.${withheld.length ? ` Withheld (${SUPPRESSED_TEXT}): ${withheld.join(', ')}.` : ''}`;

  return (
    <ChartCard
      title={props.title}
      summary={summary}
      csvHref={props.csvHref}
      note={
        <p className="muted small">
          {props.breakdown.year}, all signatories{withheld.length ? `. Withheld, ${SUPPRESSED_TEXT}: ${withheldText}` : ''}
          {noData.length ? `. No funding figures: ${noData.join(', ')}` : ''}.
        </p>
      }
      empty={drawn.length === 0 ? <ChartEmpty>No group has enough reports to show.</ChartEmpty> : undefined}
      chart={
        <ResponsiveContainer width="100%" height={Math.max(150, drawn.length * 38 + 64)}>
          <BarChart data={drawn} layout="vertical" margin={{ top: 22, right: 48, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} tickFormatter={percentTick} domain={domain} ticks={shareTicks(domain)} />
            <YAxis type="category" dataKey="label" {...axisProps} width={150} />
            <Tooltip formatter={(value) => [formatShare(typeof value === 'number' ? value : null), 'Weighted local share']} />
            <ReferenceLine x={TARGET} stroke={chartColors.target} strokeDasharray="6 4" label={{ value: '25 %', position: 'top', fill: chartColors.target, fontSize: 12 }} />
            <Bar dataKey="share" name="Weighted local share" fill={chartColors.primary} isAnimationActive={false} radius={[0, 4, 4, 0]} barSize={22}>
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
                Reports
              </th>
              <th scope="col" className="num">
                Weighted local share
              </th>
              <th scope="col" className="num">
                Direct share
              </th>
              <th scope="col" className="num">
                Median
              </th>
              <th scope="col" className="num">
                At or above 25 %
              </th>
              <th scope="col" className="num">
                Reporting rate
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {r.suppressed ? (
                  <td colSpan={6} className="cell-suppressed">
                    {SUPPRESSED_TEXT}
                  </td>
                ) : (
                  <>
                    <FigureCell value={r.organizationsReporting} kind="count" />
                    <FigureCell value={r.funding.weightedShare} kind="share" />
                    <FigureCell value={r.funding.directShare} kind="share" />
                    <FigureCell value={r.funding.medianShare} kind="share" />
                    <FigureCell value={r.funding.atOrAbove25} kind="count" />
                    <FigureCell value={r.reportingRate} kind="share" />
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
