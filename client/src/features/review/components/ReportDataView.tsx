// The full report, read-only, as the reviewer reads it: each section's status, narrative and figures,
// last year's approved value beside each, and a button to comment on any field.
import { leadershipCategories, type SectionStatus } from '@lpt/shared/enums';
import { commitmentList, leadershipCategoryLabels, sectionStatusLabels } from '@lpt/shared/indicators';
import { countedLocalFunding, localShare, type ReportData } from '@lpt/shared/report';
import { formatMoney, formatShare } from '../../../lib/format.ts';
import { formatFieldValue } from '../formatField.ts';

function valueAt(data: ReportData | null | undefined, path: string): unknown {
  let current: unknown = data;
  for (const part of path.split('.')) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

interface Props {
  data: ReportData;
  previousYear: { year: number; data: ReportData } | null;
  /** Called with a field's path when the reviewer wants to comment on it (absent: no comment buttons). */
  onComment?: ((path: string) => void) | undefined;
  commented?: ReadonlySet<string>;
}

export function ReportDataView({ data, previousYear, onComment, commented }: Props) {
  const row = (path: string, label: string) => {
    const value = valueAt(data, path);
    const previous = previousYear ? valueAt(previousYear.data, path) : undefined;
    return (
      <tr key={path} id={`view-${path.replaceAll('.', '-')}`}>
        <th scope="row">{label}</th>
        <td className={value == null ? 'cell-nodata' : undefined}>
          <span className="report-view__value">{formatFieldValue(path, value, data.currency)}</span>
        </td>
        {previousYear ? (
          <td className="muted">{previous === undefined ? '—' : formatFieldValue(path, previous, previousYear.data.currency)}</td>
        ) : null}
        {onComment ? (
          <td>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => onComment(path)}
            >
              {commented?.has(path) ? 'Edit comment' : 'Comment'}
              <span className="visually-hidden"> on {label}</span>
            </button>
          </td>
        ) : null}
      </tr>
    );
  };

  return (
    <div className="report-view">
      <p>
        <strong>Report currency:</strong> {data.currency ?? 'not chosen'}
        {onComment ? (
          <>
            {' '}
            <button type="button" className="button button--ghost button--small" onClick={() => onComment('currency')}>
              Comment on the currency
            </button>
          </>
        ) : null}
      </p>
      {commitmentList.map((section, index) => {
        const s = data[section.key];
        const notApplicable = s.status === 'not_applicable';
        return (
          <section key={section.key} className="report-view__section" aria-labelledby={`view-${section.key}-title`}>
            <h3 id={`view-${section.key}-title`}>
              {index + 1}. {section.title}{' '}
              <span className={`badge status-badge status-badge--${s.status ?? 'none'}`}>
                {s.status ? sectionStatusLabels[s.status as SectionStatus] : 'No status'}
              </span>
              {onComment ? (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    onClick={() => onComment(section.key)}
                  >
                    Comment on section<span className="visually-hidden"> {section.title}</span>
                  </button>
                </>
              ) : null}
            </h3>
            {notApplicable ? (
              <p>
                <strong>Not applicable because:</strong> {s.notApplicableReason ?? '—'}
              </p>
            ) : null}
            <div className="report-view__narrative">
              <h4>
                Narrative
                {onComment ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      onClick={() => onComment(`${section.key}.narrative`)}
                    >
                      {commented?.has(`${section.key}.narrative`) ? 'Edit comment' : 'Comment'}
                      <span className="visually-hidden"> on the {section.title} narrative</span>
                    </button>
                  </>
                ) : null}
              </h4>
              {s.narrative ? <p>{s.narrative}</p> : <p className="muted">No narrative.</p>}
            </div>
            <div className="table-wrap">
              <table className="data-table report-view__table">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">This report</th>
                    {previousYear ? <th scope="col">{previousYear.year}, approved</th> : null}
                    {onComment ? <th scope="col"><span className="visually-hidden">Comment</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {row(`${section.key}.status`, 'Status')}
                  {notApplicable ? row(`${section.key}.notApplicableReason`, 'Why not applicable') : null}
                  {section.indicators.flatMap((indicator) =>
                    indicator.kind === 'countBreakdown'
                      ? leadershipCategories.map((c) =>
                          row(`${indicator.path}.${c}`, `${indicator.label}: ${leadershipCategoryLabels[c]}`),
                        )
                      : [row(indicator.path, indicator.label)],
                  )}
                </tbody>
              </table>
            </div>
            {section.key === 'funding' && !notApplicable ? (
              <p className="report-view__share">
                Counted local funding {formatMoney(countedLocalFunding(data.funding), data.currency ?? '')}, a counted local
                share of <strong>{formatShare(localShare(data.funding))}</strong>
                {previousYear ? ` (${previousYear.year}: ${formatShare(localShare(previousYear.data.funding))})` : ''}.
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
