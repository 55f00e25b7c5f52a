// The full report, read-only, as the reviewer reads it: each section's status, narrative and figures,
// last year's approved value beside each, and a button to comment on any field, whose comment box then
// opens beside that field (under its row, heading or narrative).
import { useTranslation } from 'react-i18next';
import type { LeadershipCategory, SectionStatus } from '@lpt/shared/enums';
import { commitmentList, indicatorAt } from '@lpt/shared/indicators';
import { countedLocalFunding, localShare, type ReportData } from '@lpt/shared/report';
import { formatRate } from '../../../lib/amounts.ts';
import { formatLocale, formatMoney, formatShare } from '../../../lib/format.ts';
import { leadershipCategoryLabel, sectionStatusLabel } from '../../../lib/labels.ts';
import { DataTable } from '../../../ui/DataTable.tsx';
import { formatFieldValue } from '../formatField.ts';
import { commentId as commentIdOf, FieldCommentBox, type FieldComments } from './DecisionForm.tsx';

function valueAt(data: ReportData | null | undefined, path: string): unknown {
  let current: unknown = data;
  for (const part of path.split('.')) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A field of the report, by its path, and its words. */
interface FieldRow {
  path: string;
  label: string;
}

/** The rows of a section's table: its status, the reason when not applicable, each figure (a breakdown's categories). */
function rowPathsOf(section: (typeof commitmentList)[number], notApplicable: boolean): string[] {
  return [
    `${section.key}.status`,
    ...(notApplicable ? [`${section.key}.notApplicableReason`] : []),
    ...section.indicators.flatMap((indicator) =>
      indicator.kind === 'breakdown' ? (indicator.values ?? []).map((c) => `${indicator.path}.${c}`) : [indicator.path],
    ),
  ];
}

/** Every path the view shows with its own comment box beside it. */
export function pathsShownBeside(data: ReportData): Set<string> {
  const paths = new Set<string>(['currency']);
  for (const section of commitmentList) {
    paths.add(section.key);
    paths.add(`${section.key}.narrative`);
    for (const path of rowPathsOf(section, data[section.key].status === 'not_applicable')) paths.add(path);
  }
  return paths;
}

interface Props {
  data: ReportData;
  previousYear: { year: number; data: ReportData } | null;
  /** The decision's field comments (absent: no comment buttons): a field's box opens beside it. */
  comments?: FieldComments | undefined;
  /** US dollars per unit of the report currency for the report's year; null when there is no rate yet. */
  usdPerUnit?: number | null | undefined;
}

export function ReportDataView({ data, previousYear, comments, usdPerUnit }: Props) {
  const { t } = useTranslation(['review', 'report', 'indicators']);
  const onComment = comments?.open;
  const commented = comments ? new Set(comments.fields.map((c) => c.path)) : undefined;
  /** The comment box of a path, when there is a comment on it. */
  const box = (path: string) => (commented?.has(path) ? <FieldCommentBox path={path} /> : null);
  /** The table of one section: a row per field, this report's value, last year's, a button to comment. */
  const fieldsTable = (title: string, fields: FieldRow[]) => (
    <DataTable
      label={title}
      className="report-view__table"
      rows={fields}
      rowKey={(f) => f.path}
      rowAttributes={(f) => ({ id: `view-${f.path.replaceAll('.', '-')}` })}
      details={(f) => box(f.path)}
      detailsClassName="report-view__comment-row"
      columns={[
        { key: 'field', header: t('review:column.field'), rowHeader: true, cell: (f) => f.label },
        {
          key: 'thisReport',
          header: t('review:view.thisReport'),
          className: (f) => (valueAt(data, f.path) == null ? 'cell-nodata' : undefined),
          cell: ({ path }) => {
            const value = valueAt(data, path);
            return (
              <>
                <span className="report-view__value">{formatFieldValue(t, path, value, data.currency)}</span>
                {typeof value === 'number' && usdPerUnit && data.currency !== 'USD' && indicatorAt(path)?.kind === 'money' ? (
                  // Beside the report currency, the US dollars the aggregates will count.
                  <span className="report-view__usd muted small"> ≈ {formatMoney(value * usdPerUnit, 'USD')}</span>
                ) : null}
              </>
            );
          },
        },
        previousYear && {
          key: 'previous',
          header: t('review:view.previousApproved', { year: previousYear.year }),
          className: 'muted',
          cell: ({ path }) => {
            const previous = valueAt(previousYear.data, path);
            return previous === undefined ? '—' : formatFieldValue(t, path, previous, previousYear.data.currency);
          },
        },
        onComment && {
          key: 'comment',
          header: <span className="visually-hidden">{t('review:view.comment')}</span>,
          cell: ({ path, label }) => (
            <button type="button" className="button button--ghost button--small" aria-expanded={commented?.has(path) ?? false} aria-controls={commented?.has(path) ? commentIdOf(path) : undefined} onClick={() => onComment(path)}>
              {commented?.has(path) ? t('review:view.editComment') : t('review:view.comment')}
              <span className="visually-hidden"> {t('review:view.onField', { field: label })}</span>
            </button>
          ),
        },
      ]}
    />
  );

  return (
    <div className="report-view">
      <p>
        <strong>{t('review:view.currency')}</strong> {data.currency ?? t('review:view.noCurrency')}
        {data.currency && data.currency !== 'USD' && usdPerUnit !== undefined ? (
          <span className={usdPerUnit ? 'muted' : 'report-view__no-rate'}>
            {' '}
            {usdPerUnit
              ? t('review:view.usdRate', { currency: data.currency, rate: formatRate(usdPerUnit, formatLocale()) })
              : t('review:view.noUsdRate', { currency: data.currency })}
          </span>
        ) : null}
        {onComment ? (
          <>
            {' '}
            <button type="button" className="button button--ghost button--small" onClick={() => onComment('currency')}>
              {t('review:view.commentCurrency')}
            </button>
          </>
        ) : null}
      </p>
      {box('currency')}
      {commitmentList.map((section, index) => {
        const s = data[section.key];
        const notApplicable = s.status === 'not_applicable';
        const title = t(`indicators:${section.key}.title`);
        return (
          <section key={section.key} className="report-view__section" aria-labelledby={`view-${section.key}-title`}>
            <h3 id={`view-${section.key}-title`}>
              {index + 1}. {title}{' '}
              <span className={`badge status-badge status-badge--${s.status ?? 'none'}`}>
                {s.status ? sectionStatusLabel(t, s.status as SectionStatus) : t('review:view.noStatus')}
              </span>
              {onComment ? (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    onClick={() => onComment(section.key)}
                  >
                    {t('review:view.commentSection')}
                    <span className="visually-hidden"> {title}</span>
                  </button>
                </>
              ) : null}
            </h3>
            {box(section.key)}
            {notApplicable ? (
              <p>
                <strong>{t('review:view.notApplicableBecause')}</strong> {s.notApplicableReason ?? '—'}
              </p>
            ) : null}
            <div className="report-view__narrative">
              <h4>
                {t('report:sectionField.narrative')}
                {onComment ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      onClick={() => onComment(`${section.key}.narrative`)}
                    >
                      {commented?.has(`${section.key}.narrative`) ? t('review:view.editComment') : t('review:view.comment')}
                      <span className="visually-hidden"> {t('review:view.onNarrative', { section: title })}</span>
                    </button>
                  </>
                ) : null}
              </h4>
              {s.narrative ? <p>{s.narrative}</p> : <p className="muted">{t('review:view.noNarrative')}</p>}
              {box(`${section.key}.narrative`)}
            </div>
            {fieldsTable(title, [
              { path: `${section.key}.status`, label: t('report:sectionField.status') },
              ...(notApplicable ? [{ path: `${section.key}.notApplicableReason`, label: t('report:sectionField.notApplicableReason') }] : []),
              ...section.indicators.flatMap((indicator) => {
                const label = t(`indicators:${indicator.path}.label`);
                return indicator.kind === 'breakdown'
                  ? (indicator.values as readonly LeadershipCategory[]).map((c) => ({ path: `${indicator.path}.${c}`, label: `${label}: ${leadershipCategoryLabel(t, c)}` }))
                  : [{ path: indicator.path, label }];
              }),
            ])}
            {section.key === 'funding' && !notApplicable ? (
              <p className="report-view__share">
                {t('review:view.countedFunding', { amount: formatMoney(countedLocalFunding(data.funding), data.currency ?? '') })}{' '}
                <strong>{formatShare(localShare(data.funding))}</strong>
                {previousYear ? ` (${previousYear.year}: ${formatShare(localShare(previousYear.data.funding))})` : ''}.
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
