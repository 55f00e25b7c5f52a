// Which figures of the annual report this reader does not get, and why: the year itself, figures withheld
// on their own inside it, each breakdown's withheld groups and figures, and other years of the trend.
// The reasons are the common catalogue's (common:withheld.*), each explained once below the table.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { SUPPRESSION_THRESHOLD, type SuppressionReason } from '@lpt/shared/enums';
import type { MetricsBreakdown, MetricsSummary } from '@lpt/shared/metrics';
import { DataTable } from '../../../ui/DataTable.tsx';
import { formatList } from '../../../lib/format.ts';
import { organizationTypeLabel, regionLabel, typeGroupLabel, withheldReason } from '../../../lib/labels.ts';

type Why = SuppressionReason | 'alone';

interface WithheldRow {
  key: string;
  what: string;
  why: Why;
}

/** A figure withheld on its own, by its path in shared/src/figures.ts (money figures and the shares built on them). */
const figureLabel = (t: TFunction, path: string) => t(`reportCard:figure.${path}`, { defaultValue: path });

// Under "Why they are withheld" a reason alone: the column already says "withheld".
const whyText = (t: TFunction, why: Why) => (why === 'alone' ? t('common:withheldAlone') : withheldReason(t, why));

function groupLabel(t: TFunction, breakdown: MetricsBreakdown, key: string) {
  if (breakdown.by === 'region') return regionLabel(t, key as never);
  return breakdown.by === 'typeGroup' ? typeGroupLabel(t, key as never) : organizationTypeLabel(t, key as never);
}

function rowsOf(t: TFunction, summary: MetricsSummary, trend: MetricsSummary[], breakdowns: MetricsBreakdown[]): WithheldRow[] {
  const rows: WithheldRow[] = [];
  const { year } = summary;
  if (summary.suppressedBecause) rows.push({ key: 'year', what: t('reportCard:withheld.wholeYear', { year }), why: summary.suppressedBecause });
  else if (summary.withheldFigures.length > 0)
    rows.push({
      key: 'year-figures',
      what: t('reportCard:withheld.yearFigures', { year, list: formatList(summary.withheldFigures.map((p) => figureLabel(t, p))) }),
      why: 'alone',
    });
  for (const breakdown of breakdowns) {
    const dimension =
      breakdown.by === 'region'
        ? t('reportCard:withheld.byRegion')
        : breakdown.by === 'typeGroup'
          ? t('reportCard:withheld.byTypeGroup')
          : t('reportCard:withheld.byType');
    const reasons = [...new Set(breakdown.rows.flatMap((r) => (r.suppressedBecause ? [r.suppressedBecause] : [])))];
    for (const reason of reasons) {
      const groups = breakdown.rows.filter((r) => r.suppressedBecause === reason).map((r) => groupLabel(t, breakdown, r.key));
      rows.push({ key: `${breakdown.by}-${reason}`, what: t('reportCard:withheld.groups', { dimension, list: formatList(groups) }), why: reason });
    }
    for (const row of breakdown.rows.filter((r) => !r.suppressed && r.withheldFigures.length > 0))
      rows.push({
        key: `${breakdown.by}-${row.key}-figures`,
        what: t('reportCard:withheld.groupFigures', {
          dimension,
          group: groupLabel(t, breakdown, row.key),
          list: formatList(row.withheldFigures.map((p) => figureLabel(t, p))),
        }),
        why: 'alone',
      });
  }
  for (const point of trend)
    if (point.year !== year && point.suppressedBecause)
      rows.push({ key: `trend-${point.year}`, what: t('reportCard:withheld.otherYear', { year: point.year }), why: point.suppressedBecause });
  return rows;
}

export function WithheldFigures(props: { summary: MetricsSummary; trend: MetricsSummary[]; breakdowns: MetricsBreakdown[] }) {
  const { t } = useTranslation(['reportCard', 'dashboard']);
  const rows = rowsOf(t, props.summary, props.trend, props.breakdowns);
  const reasons = [...new Set(rows.map((r) => r.why))];
  return (
    <section className="report-card__section" aria-labelledby="rc-withheld">
      <h2 id="rc-withheld">{t('reportCard:sections.withheld')}</h2>
      <p>{t('reportCard:withheld.lead', { count: SUPPRESSION_THRESHOLD })}</p>
      {rows.length === 0 ? (
        <p>{t('reportCard:withheld.nothing')}</p>
      ) : (
        <>
          <DataTable
            caption={t('reportCard:withheld.caption', { year: props.summary.year })}
            className="report-card__withheld"
            rows={rows}
            rowKey={(r) => r.key}
            rowAttributes={(r) => ({ 'data-withheld': r.why })}
            columns={[
              { key: 'what', header: t('reportCard:withheld.what'), rowHeader: true, cell: (r) => r.what },
              { key: 'why', header: t('reportCard:withheld.why'), cell: (r) => whyText(t, r.why) },
            ]}
          />
          <dl className="report-card__reasons">
            {reasons.map((why) => (
              <div key={why}>
                <dt>{whyText(t, why)}</dt>
                <dd>{t(`reportCard:reason.${why}`, { count: SUPPRESSION_THRESHOLD })}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
