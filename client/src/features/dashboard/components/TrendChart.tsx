// Funding shares over the years, with the 25 % benchmark drawn as a line, and the other commitments'
// shares over the same years. Each year is suppressed on its own: a withheld year is a gap, not a zero.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { formatCount, formatShare, withheldTextOf } from '../../../lib/format.ts';
import { ChartCard, ChartEmpty } from './ChartCard.tsx';
import { axisProps, chartColors, legendText, percentTick, shareDomain, shareTicks, TARGET } from './chartTheme.tsx';
import { FigureCell } from './Figure.tsx';

interface Series {
  key: string;
  label: string;
  color: string;
  dash?: string;
  value: (p: MetricsSummary) => number | null;
}

const fundingSeries: Series[] = [
  { key: 'weightedShare', label: 'Weighted local share', color: chartColors.primary, value: (p) => p.funding.weightedShare },
  { key: 'directShare', label: 'Direct share', color: chartColors.tertiary, value: (p) => p.funding.directShare },
  { key: 'medianShare', label: 'Median organisation', color: chartColors.quaternary, dash: '4 3', value: (p) => p.funding.medianShare },
];

const commitmentSeries: Series[] = [
  { key: 'reportingRate', label: 'Reporting rate', color: chartColors.light, dash: '2 3', value: (p) => p.reportingRate },
  { key: 'coLedShare', label: 'Fora co-led by local actors', color: chartColors.primary, value: (p) => p.collaboration.coLedShare },
  { key: 'jointShare', label: 'Needs identified jointly', color: chartColors.secondary, value: (p) => p.needs.jointShare },
  { key: 'creditingShare', label: 'Materials crediting local partners', color: chartColors.tertiary, value: (p) => p.credit.creditingShare },
  { key: 'supportedShare', label: 'Capacity requests supported', color: chartColors.quaternary, value: (p) => p.capacity.supportedShare },
];

function rowsOf(points: MetricsSummary[], series: Series[]) {
  return points.map((p) => ({
    year: p.year,
    ...Object.fromEntries(series.map((s) => [s.key, p.suppressed ? null : s.value(p)])),
  }));
}

function describe(points: MetricsSummary[], series: Series[]): string {
  const shown = points.filter((p) => !p.suppressed);
  if (shown.length === 0) return 'No year has figures to show.';
  const first = shown[0]!;
  const last = shown[shown.length - 1]!;
  const parts = series.map((s) => `${s.label} ${formatShare(s.value(first))} in ${first.year} and ${formatShare(s.value(last))} in ${last.year}`);
  const withheld = points.filter((p) => p.suppressed).map((p) => `${p.year} (${withheldTextOf(p)})`);
  return `${parts.join('; ')}.${withheld.length ? ` Withheld: ${withheld.join(', ')}.` : ''}`;
}

function SharesChart({ points, series, target }: { points: MetricsSummary[]; series: Series[]; target: boolean }) {
  const data = rowsOf(points, series);
  const values = data.flatMap((row) => series.map((s) => (row as Record<string, number | null>)[s.key] ?? null));
  const domain: [number, number] = target ? shareDomain(values) : [0, 1];
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={data} margin={{ top: 12, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartColors.grid} vertical={false} />
        <XAxis dataKey="year" {...axisProps} padding={{ left: 16, right: 16 }} />
        <YAxis {...axisProps} tickFormatter={percentTick} domain={domain} ticks={target ? shareTicks(domain) : [0, 0.25, 0.5, 0.75, 1]} width={48} />
        <Tooltip formatter={(value) => formatShare(typeof value === 'number' ? value : null)} />
        <Legend iconType="plainline" wrapperStyle={{ fontSize: 13 }} formatter={legendText} itemSorter={null} />
        {target ? (
          <ReferenceLine
            y={TARGET}
            stroke={chartColors.target}
            strokeDasharray="6 4"
            label={{ value: '25 % target', position: 'insideTopLeft', fill: chartColors.target, fontSize: 12 }}
          />
        ) : null}
        {series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            strokeWidth={s.key === 'weightedShare' ? 3 : 2}
            strokeDasharray={s.dash}
            dot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

function TrendTable({ points, series, caption }: { points: MetricsSummary[]; series: Series[]; caption: string }) {
  return (
    <table className="data-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Year</th>
          {series.map((s) => (
            <th scope="col" className="num" key={s.key}>
              {s.label}
            </th>
          ))}
          <th scope="col" className="num">
            Reporting
          </th>
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr key={p.year}>
            <th scope="row">{p.year}</th>
            {p.suppressed ? (
              <td colSpan={series.length + 1} className="cell-suppressed">
                {withheldTextOf(p)}
              </td>
            ) : (
              <>
                {series.map((s) => (
                  <FigureCell key={s.key} value={s.value(p)} kind="share" />
                ))}
                <td className="num">{`${formatCount(p.organizationsReporting ?? 0)} of ${formatCount(p.organizationsEligible)}`}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface TrendProps {
  points: MetricsSummary[];
  csvHref: string;
  scope: string;
}

function allWithheld(points: MetricsSummary[]) {
  if (!points.every((p) => p.suppressed)) return undefined;
  const reasons = [...new Set(points.map(withheldTextOf))];
  return <ChartEmpty>Every year is withheld: {reasons.join('; ')}.</ChartEmpty>;
}

export function FundingTrendChart({ points, csvHref, scope }: TrendProps) {
  return (
    <ChartCard
      title="Local funding share over the years"
      summary={`Line chart, ${scope}. ${describe(points, fundingSeries)} The Grand Bargain target is 25 %.`}
      csvHref={csvHref}
      empty={allWithheld(points)}
      chart={<SharesChart points={points} series={fundingSeries} target />}
      table={<TrendTable points={points} series={fundingSeries} caption={`Funding shares by year, ${scope}`} />}
      className="span-2"
    />
  );
}

export function CommitmentsTrendChart({ points, csvHref, scope }: TrendProps) {
  return (
    <ChartCard
      title="Other commitments over the years"
      summary={`Line chart, ${scope}. ${describe(points, commitmentSeries)}`}
      csvHref={csvHref}
      empty={allWithheld(points)}
      chart={<SharesChart points={points} series={commitmentSeries} target={false} />}
      table={<TrendTable points={points} series={commitmentSeries} caption={`Commitment shares by year, ${scope}`} />}
    />
  );
}
