// The year's weighted local share by region, by type group or by organisation type, within the other
// dimension's filter (BreakdownTable: the same rows as a table only).
// A group withheld by the disclosure rules is a grey placeholder bar, its short reason under its name on
// the axis (and a link to what the rules mean); groups without funding figures are named under the chart; the table lists all.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricsBreakdown } from '@lpt/shared/metrics';
import { suppressionReasons } from '@lpt/shared/enums';
import { formatList, formatShare } from '../../../lib/format.ts';
import { figureWithheld, withheldShortLabel, withheldTextOf } from '../../../lib/labels.ts';
import type { DownloadLinks } from '../api/downloads.ts';
import { TableScroller } from '../../../ui/TableScroller.tsx';
import type { EmbedLink } from './ChartActions.tsx';
import { ChartCard, ChartEmpty, Downloads } from './ChartCard.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { categoryAxis, CategoryTick } from './CategoryTick.tsx';
import { axisProps, chartColors, percentTick, shareDomain, shareTicks, TARGET } from './chartTheme.tsx';
import { DataTable } from '../../../ui/DataTable.tsx';
import { Figure } from './Figure.tsx';

export function BreakdownChart(props: {
  title: string;
  groupLabel: string;
  breakdown: MetricsBreakdown;
  labelOf: (key: string) => string;
  /** The other dimension's filter, in words ("local NGOs", "all organisation types"). */
  within: string;
  /** The group of this chart's own dimension the filters chose: drawn in the accent colour. */
  highlight?: string | undefined;
  /** None in an embed (client/src/embed). */
  downloads?: DownloadLinks | undefined;
  embed?: EmbedLink | undefined;
}) {
  const { t } = useTranslation('dashboard');
  const rows = props.breakdown.rows.map((r) => ({ ...r, label: props.labelOf(r.key) }));
  // Every group keeps its place: a withheld group is a grey placeholder bar saying why, so a region
  // never silently disappears from the chart.
  // A group shown whose weighted share a release withholds on its own (one organisation dominates its
  // sums) keeps a placeholder too: its counts are shown in the table below.
  const alone = (r: (typeof rows)[number]) => !r.suppressed && figureWithheld(r, 'funding.weightedShare') === 'alone';
  const drawn = rows
    .filter((r) => r.suppressed || alone(r) || r.funding.weightedShare !== null)
    .map((r) => ({
      key: r.key,
      label: r.label,
      share: r.suppressed ? null : r.funding.weightedShare,
      withheld: r.suppressedBecause ? withheldShortLabel(t, r.suppressedBecause) : alone(r) ? t('common:withheldShortAlone') : null,
    }));
  const shown = drawn.filter((d) => d.share !== null);
  const withheld = [
    ...suppressionReasons.map((reason) => ({ text: withheldShortLabel(t, reason), labels: rows.filter((r) => r.suppressedBecause === reason).map((r) => r.label) })),
    { text: t('common:withheldShortAlone'), labels: rows.filter(alone).map((r) => r.label) },
  ].filter((w) => w.labels.length > 0);
  const noData = rows.filter((r) => !r.suppressed && !alone(r) && r.funding.weightedShare === null).map((r) => r.label);
  const domain = shareDomain(shown.map((d) => d.share));
  // The axis is as wide as its longest word ("intergouvernementales") and a row as high as its wrapped
  // name and withheld reason (CategoryTick): nothing cut, no reason over a bar or the 25 % line.
  const axis = categoryAxis(drawn, 38);
  const rowHeight = axis.rowHeight;
  const placeholders = drawn.map((d) => ({ ...d, placeholder: d.withheld ? domain[1] : null }));
  const summary = `${t('dashboard:breakdown.summary', {
    title: props.title,
    year: props.breakdown.year,
    groups: shown.length ? shown.map((d) => `${d.label} ${formatShare(d.share)}`).join(', ') : t('dashboard:breakdown.noGroupShown'),
  })}${withheld.map((w) => ` ${t('dashboard:breakdown.withheldBecause', { reason: w.text, list: formatList(w.labels) })}`).join('')}`;

  return (
    <ChartCard
      title={props.title}
      summary={summary}
      downloads={props.downloads}
      note={
        <p className="muted small">
          {t('dashboard:breakdown.note', { year: props.breakdown.year, within: props.within })}
          {props.highlight ? ` ${t('dashboard:breakdown.highlighted', { group: props.labelOf(props.highlight) })}` : ''}
          {noData.length ? ` ${t('dashboard:breakdown.noFunding', { list: formatList(noData) })}` : ''}
          {withheld.length ? (
            <>
              {' '}
              <a href="#about-withheld">{t('dashboard:breakdown.whyWithheld')}</a>
            </>
          ) : null}
        </p>
      }
      empty={drawn.length === 0 ? <ChartEmpty>{t('dashboard:breakdown.empty')}</ChartEmpty> : undefined}
      chart={
        <ChartFrame height={Math.max(150, drawn.length * rowHeight + 64)}>
          <BarChart data={placeholders} layout="vertical" margin={{ top: 22, right: 56, bottom: 4, left: 4 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} tickFormatter={percentTick} domain={domain} ticks={shareTicks(domain)} />
            <YAxis type="category" dataKey="label" {...axisProps} width={axis.width} interval={0} tick={<CategoryTick rows={drawn} axisWidth={axis.width} />} />
            <Tooltip
              formatter={(value, name, item) =>
                name === 'placeholder'
                  ? [(item.payload as { withheld: string }).withheld, t('dashboard:breakdown.withheld')]
                  : [formatShare(typeof value === 'number' ? value : null), t('dashboard:series.weightedShare')]
              }
            />
            <Bar dataKey="share" stackId="group" name={t('dashboard:series.weightedShare')} isAnimationActive={false} radius={[0, 4, 4, 0]} barSize={22}>
              {placeholders.map((d) => (
                <Cell key={d.key} fill={props.highlight && d.key !== props.highlight ? chartColors.secondary : chartColors.primary} />
              ))}
              <LabelList dataKey="share" position="right" formatter={(v) => (typeof v === 'number' ? formatShare(v) : '')} fill={chartColors.axis} fontSize={12} />
            </Bar>
            <Bar dataKey="placeholder" stackId="group" name="placeholder" fill={chartColors.withheld} isAnimationActive={false} barSize={22} />
            {/* After the bars, so the benchmark line stays visible over a placeholder; its label sits above the plot. */}
            <ReferenceLine x={TARGET} stroke={chartColors.target} strokeDasharray="6 4" label={{ value: '25 %', position: 'top', fill: chartColors.target, fontSize: 12 }} />
          </BarChart>
        </ChartFrame>
      }
      table={<BreakdownRows title={props.title} groupLabel={props.groupLabel} year={props.breakdown.year} rows={rows} />}
      embed={props.embed}
    />
  );
}

/**
 * A breakdown as a table only (the fifteen organisation types, beside the type-group chart): every row,
 * a withheld one saying why, in a card with its downloads.
 */
export function BreakdownTable(props: {
  title: string;
  groupLabel: string;
  breakdown: MetricsBreakdown;
  labelOf: (key: string) => string;
  within: string;
  /** The row the filters chose: marked in the table. */
  highlight?: string | undefined;
  downloads: DownloadLinks;
}) {
  const { t } = useTranslation('dashboard');
  const titleId = useId();
  const rows = props.breakdown.rows.map((r) => ({ ...r, label: props.labelOf(r.key) }));
  return (
    <section className="card chart-card" aria-labelledby={titleId}>
      <div className="chart-card__header">
        <h2 id={titleId}>{props.title}</h2>
        <Downloads links={props.downloads} title={props.title} />
      </div>
      <p className="muted small chart-card__note">
        {t('dashboard:breakdown.tableNote', { year: props.breakdown.year, within: props.within })}
        {props.highlight ? ` ${t('dashboard:breakdown.highlightedRow', { group: props.labelOf(props.highlight) })}` : ''}
        {rows.some((r) => r.suppressed) ? (
          <>
            {' '}
            <a href="#about-withheld">{t('dashboard:breakdown.whyWithheld')}</a>
          </>
        ) : null}
      </p>
      <TableScroller label={t('dashboard:numbersOf', { title: props.title })}>
        <BreakdownRows title={props.title} groupLabel={props.groupLabel} year={props.breakdown.year} rows={rows} highlight={props.highlight} />
      </TableScroller>
    </section>
  );
}

function BreakdownRows(props: {
  title: string;
  groupLabel: string;
  year: number;
  rows: (MetricsBreakdown['rows'][number] & { label: string })[];
  highlight?: string | undefined;
}) {
  const { t } = useTranslation('dashboard');
  type Row = (typeof props.rows)[number];
  /** A figure of a shown group; a release may still withhold it on its own. */
  const figure = (key: string, header: string, kind: 'count' | 'share', value: (r: Row) => number | null, path?: string) => ({
    key,
    header,
    numeric: true,
    cell: (r: Row) => <Figure value={value(r)} kind={kind} withheld={path ? figureWithheld(r, path) : undefined} />,
  });
  return (
    <DataTable
      caption={`${props.title}, ${props.year}`}
      scroller={false}
      rows={props.rows}
      rowKey={(r) => r.key}
      rowAttributes={(r) => ({ className: r.key === props.highlight ? 'data-table__chosen' : undefined })}
      columns={[
        { key: 'group', header: props.groupLabel, rowHeader: true, cell: (r) => r.label },
        {
          ...figure('reports', t('dashboard:breakdown.reports'), 'count', (r) => r.organizationsReporting),
          // A withheld group says why once, over all its figures.
          span: (r) => (r.suppressed ? { columns: 6, className: 'cell-suppressed', content: withheldTextOf(t, r) } : undefined),
        },
        figure('weightedShare', t('dashboard:series.weightedShare'), 'share', (r) => r.funding.weightedShare, 'funding.weightedShare'),
        figure('directShare', t('dashboard:series.directShare'), 'share', (r) => r.funding.directShare, 'funding.directShare'),
        figure('median', t('dashboard:breakdown.median'), 'share', (r) => r.funding.medianShare, 'funding.medianShare'),
        figure('atOrAbove25', t('dashboard:breakdown.atOrAbove25'), 'count', (r) => r.funding.atOrAbove25, 'funding.atOrAbove25'),
        figure('reportingRate', t('dashboard:series.reportingRate'), 'share', (r) => r.reportingRate, 'reportingRate'),
      ]}
    />
  );
}
