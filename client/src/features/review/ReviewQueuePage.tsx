// The coordinator's review desk: the queue of reports (filtered and sorted by the server as the address
// says; resubmissions, justified warnings and lateness marked; each assignable to a coordinator) and
// the compliance view of a cycle (who has not started, is drafting, has submitted, was returned or is
// approved), each state with a list of signatory e-mail addresses ready to paste into a reminder.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { organizationTypes, regions, reportStatuses } from '@lpt/shared/enums';
import { DataTable } from '../../ui/DataTable.tsx';
import { FilterSelect } from '../../ui/FilterSelect.tsx';
import { PageLoading } from '../../ui/PageLoading.tsx';
import { formatDate, formatDateTime, formatShare } from '../../lib/format.ts';
import { organizationTypeLabel, regionLabel, reportStatusLabel } from '../../lib/labels.ts';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { useSearchParam } from '../../lib/useSearchParam.ts';
import './review.css';
import { LateBadge } from '../../ui/LateBadge.tsx';
import { QueryStatus } from '../../ui/QueryStatus.tsx';
import { AssignControl } from './components/AssignControl.tsx';
import { DecisionOutcome, type Outcome } from './components/DecisionOutcome.tsx';
import { queueFilterOf, queueSearchOf, type QueueParam } from './queueFilters.ts';

type Compliance = RouterOutputs['reports']['compliance'];
type ComplianceState = Compliance['organizations'][number]['state'];

/** The states in the order the desk lists them; their words are review:state.<state>.label / .hint / .copy. */
const stateOrder: ComplianceState[] = ['not_started', 'draft', 'returned', 'submitted', 'approved'];

export default function ReviewQueuePage() {
  const { t } = useTranslation(['review', 'indicators', 'validation']);
  usePageTitle(t('review:queue.title'));
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  const openYear = cycles.data?.filter((c) => c.status === 'open').sort((a, b) => b.year - a.year)[0]?.year;
  const year = chosenYear ?? openYear ?? cycles.data?.[0]?.year ?? null;

  return (
    <div className="review-desk">
      <header className="page-header">
        <div>
          <h1>{t('review:queue.title')}</h1>
          <p>{t('review:queue.intro')}</p>
        </div>
      </header>
      <ReviewQueue />
      {cycles.isPending ? <PageLoading /> : null}
      {cycles.isError ? <p className="alert alert--error">{errorMessageOf(cycles.error, t)}</p> : null}
      {cycles.data && year != null ? (
        <section className="card" aria-labelledby="compliance-title">
          <div className="section-header">
            <h2 id="compliance-title">{t('review:compliance.title', { year })}</h2>
            <div className="field field--inline">
              <label htmlFor="compliance-year">{t('review:compliance.cycle')}</label>
              <select id="compliance-year" value={year} onChange={(e) => setChosenYear(Number(e.target.value))}>
                {cycles.data.map((c) => (
                  <option key={c.year} value={c.year}>
                    {c.status === 'open' ? t('review:compliance.yearOpen', { year: c.year }) : t('review:compliance.yearClosed', { year: c.year })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <ComplianceView year={year} />
        </section>
      ) : null}
      {cycles.data && year == null ? <p className="alert alert--info">{t('review:compliance.noCycle')}</p> : null}
    </div>
  );
}

/** The queue: filtered and sorted by the server, as the address says; each report marked and assignable. */
function ReviewQueue() {
  const { t } = useTranslation(['review', 'common']);
  const trpc = useTRPC();
  const [params, set] = useSearchParam<QueueParam>();
  const location = useLocation();
  const filter = queueFilterOf(params);
  const queue = useQuery({ ...trpc.reports.queue.queryOptions(filter), placeholderData: keepPreviousData });
  const rows = queue.data ?? [];
  const search = queueSearchOf(params);
  /** Set by "approve and next" / "return and next" when the queue had nothing left. */
  const arrived = location.state as { queueDone?: boolean; outcome?: Outcome } | null;


  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">
        {filter.status === 'submitted' ? t('review:queue.waiting') : t('review:queue.reports')}{' '}
        {queue.data ? <span className="count">({rows.length})</span> : null}
      </h2>
      {arrived?.outcome ? <DecisionOutcome outcome={arrived.outcome} /> : null}
      {arrived?.queueDone ? (
        <p className="alert alert--info" role="status">
          {t('review:queue.done')}
        </p>
      ) : null}
      <form className="filters queue-filters" role="search" aria-label={t('review:filter.label')} onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          id="queue-status"
          label={t('review:filter.status')}
          value={params.get('status') === 'any' ? 'any' : (filter.status ?? 'submitted')}
          choices={[...reportStatuses.map((s) => ({ value: s, label: reportStatusLabel(t, s) })), { value: 'any', label: t('review:filter.anyStatus') }]}
          onChange={(value) => set('status', value === 'submitted' ? '' : value)}
        />
        <FilterSelect
          id="queue-region"
          label={t('review:filter.region')}
          value={filter.region ?? ''}
          choices={[{ value: '', label: t('review:filter.anyRegion') }, ...regions.map((r) => ({ value: r, label: regionLabel(t, r) }))]}
          onChange={(value) => set('region', value)}
        />
        <FilterSelect
          id="queue-type"
          label={t('review:filter.type')}
          value={filter.organizationType ?? ''}
          choices={[{ value: '', label: t('review:filter.anyType') }, ...organizationTypes.map((o) => ({ value: o, label: organizationTypeLabel(t, o) }))]}
          onChange={(value) => set('type', value)}
        />
        <FilterSelect
          id="queue-assigned"
          label={t('review:filter.assigned')}
          value={filter.assigned ?? ''}
          choices={[
            { value: '', label: t('review:filter.anyone') },
            { value: 'me', label: t('review:filter.assignedToMe') },
            { value: 'unassigned', label: t('review:filter.unassigned') },
          ]}
          onChange={(value) => set('assigned', value)}
        />
        <FilterSelect
          id="queue-sort"
          label={t('review:filter.sort')}
          value={filter.sort ?? 'oldest'}
          choices={[
            { value: 'oldest', label: t('review:filter.oldest') },
            { value: 'newest', label: t('review:filter.newest') },
          ]}
          onChange={(value) => set('sort', value === 'oldest' ? '' : value)}
        />
        <label className="queue-filters__late">
          <input type="checkbox" checked={filter.late === true} onChange={(e) => set('late', e.target.checked ? '1' : '')} />
          {t('review:filter.lateOnly')}
        </label>
        {search ? (
          <Link className="queue-filters__clear" to="/review" replace>
            {t('review:filter.clear')}
          </Link>
        ) : null}
      </form>
      <QueryStatus query={queue} empty={rows.length === 0} emptyText={filter.status === 'submitted' && !search ? t('review:queue.empty') : t('review:queue.emptyFiltered')} />
      {rows.length > 0 ? (
        <DataTable
          label={t('review:queue.waiting')}
          caption={filter.sort === 'newest' ? t('review:queue.captionNewest') : t('review:queue.caption')}
          captionHidden
          captionId="queue-order"
          describedBy="queue-order"
          className="queue-table"
          rows={rows}
          rowKey={(r) => r.id}
          rowAttributes={(r) => ({ 'data-queue-report': r.id })}
          columns={[
            {
              key: 'organization',
              header: t('review:column.organization'),
              rowHeader: true,
              cell: (r) => (
                <>
                  <Link to={`/review/${r.organizationId}/${r.year}${search}`}>{r.organizationName}</Link>
                  <span className="queue-marks">
                    {filter.status !== 'submitted' ? <span className={`badge badge--${r.status}`}>{reportStatusLabel(t, r.status)}</span> : null}
                    {r.resubmission ? <span className="badge badge--resubmission">{t('review:mark.resubmission')}</span> : null}
                    {r.justified ? <span className="badge badge--justified">{t('review:mark.justified')}</span> : null}
                    <LateBadge late={r.late} />
                    <LateBadge late={r.overdue} text={t('review:compliance.overdue')} />
                  </span>
                </>
              ),
            },
            { key: 'year', header: t('review:column.year'), cell: (r) => r.year },
            {
              key: 'submitted',
              header: t('review:column.submitted'),
              sorted: filter.sort === 'newest' ? 'descending' : 'ascending',
              cell: (r) => (r.submittedAt ? formatDateTime(r.submittedAt) : '—'),
            },
            {
              key: 'assignee',
              header: t('review:column.assignee'),
              cell: (r) => <AssignControl organizationId={r.organizationId} year={r.year} organizationName={r.organizationName} assigneeId={r.assigneeId} />,
            },
            { key: 'type', header: t('review:column.type'), cell: (r) => organizationTypeLabel(t, r.organizationType) },
            { key: 'region', header: t('review:column.region'), cell: (r) => regionLabel(t, r.region) },
            { key: 'version', header: t('review:column.version'), numeric: true, cell: (r) => r.version },
            { key: 'countedShare', header: t('review:column.countedShare'), numeric: true, cell: (r) => formatShare(r.countedLocalShare) },
          ]}
        />
      ) : null}
    </section>
  );
}

function ComplianceView({ year }: { year: number }) {
  const { t } = useTranslation('review');
  const trpc = useTRPC();
  const query = useQuery(trpc.reports.compliance.queryOptions({ year }));
  if (query.isPending) return <p className="muted">{t('common:loading')}</p>;
  if (query.isError) return <p className="alert alert--error">{errorMessageOf(query.error, t)}</p>;
  const { counts, cycle, organizations } = query.data;
  const countOf: Record<ComplianceState, number> = {
    not_started: counts.notStarted,
    draft: counts.draft,
    submitted: counts.submitted,
    returned: counts.returned,
    approved: counts.approved,
  };
  return (
    <>
      <p className="muted">
        {cycle.status === 'open'
          ? t('review:compliance.datesOpen', { opens: formatDate(cycle.opensOn), due: formatDate(cycle.dueOn) })
          : t('review:compliance.datesClosed', { opens: formatDate(cycle.opensOn), due: formatDate(cycle.dueOn) })}{' '}
        {t('review:compliance.eligible', { count: counts.eligible })}
      </p>
      <dl className="compliance-counts">
        {stateOrder.map((state) => (
          <div key={state} className={`compliance-count compliance-count--${state}`}>
            <dt>{t(`review:state.${state}.label`)}</dt>
            <dd>{countOf[state]}</dd>
          </div>
        ))}
        <div className="compliance-count compliance-count--late">
          <dt>{t('review:compliance.submittedLate')}</dt>
          <dd>{counts.late}</dd>
        </div>
      </dl>
      {stateOrder.map((state) => (
        <ComplianceGroup
          key={state}
          year={year}
          state={state}
          organizations={organizations.filter((o) => o.state === state)}
          openAtFirst={state === 'not_started' || state === 'draft' || state === 'returned'}
        />
      ))}
    </>
  );
}

const headingIds: Record<ComplianceState, string> = {
  not_started: 'not-started',
  draft: 'drafting',
  returned: 'returned',
  submitted: 'submitted',
  approved: 'approved',
};

function ComplianceGroup({
  year,
  state,
  organizations,
  openAtFirst,
}: {
  year: number;
  state: ComplianceState;
  organizations: Compliance['organizations'];
  /** The states a reminder is for start unfolded. */
  openAtFirst: boolean;
}) {
  const emails = [...new Set(organizations.flatMap((o) => o.signatoryEmails))];
  const listRef = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const { t } = useTranslation('review');
  // The ids stay the English ones (not-started, drafting, …) whatever the language.
  const headingId = `compliance-${headingIds[state]}`;

  async function copy() {
    const text = emails.join(', ');
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API refused (permissions): select the text so that Ctrl+C copies it.
      listRef.current?.select();
      setCopied(t('review:compliance.selectAll'));
      return;
    }
    setCopied(t('review:compliance.copied', { count: emails.length }));
  }

  return (
    <details className="compliance-group" open={organizations.length > 0 && openAtFirst}>
      <summary>
        <h3 id={headingId}>
          {t(`review:state.${state}.label`)} <span className="count">({organizations.length})</span>
        </h3>
        <span className="muted small">{t(`review:state.${state}.hint`)}</span>
      </summary>
      {organizations.length === 0 ? (
        <p className="muted">{t('review:compliance.none')}</p>
      ) : (
        <>
          <DataTable
            label={t(`review:state.${state}.label`)}
            labelledBy={headingId}
            rows={organizations}
            rowKey={(o) => o.organizationId}
            columns={[
              {
                key: 'organization',
                header: t('review:column.organization'),
                rowHeader: true,
                cell: (o) => (
                  <>
                    {o.state === 'not_started' ? (
                      o.organizationName
                    ) : (
                      <Link to={`/review/${o.organizationId}/${year}`}>{o.organizationName}</Link>
                    )}
                    <LateBadge late={o.late} />
                    <LateBadge late={o.overdue} text={t('review:compliance.overdue')} />
                  </>
                ),
              },
              { key: 'type', header: t('review:column.type'), cell: (o) => organizationTypeLabel(t, o.organizationType) },
              { key: 'region', header: t('review:column.region'), cell: (o) => regionLabel(t, o.region) },
              { key: 'lastChange', header: t('review:column.lastChange'), cell: (o) => (o.updatedAt ? formatDate(o.updatedAt) : '—') },
              {
                key: 'emails',
                header: t('review:column.emails'),
                className: 'small',
                cell: (o) =>
                  o.signatoryEmails.length ? o.signatoryEmails.join(', ') : <span className="muted">{t('review:compliance.noAccount')}</span>,
              },
            ]}
          />
          {emails.length > 0 ? (
            <div className="reminder-list">
              <label htmlFor={`${headingId}-emails`}>
                {t('review:compliance.reminderList', { count: emails.length })}
              </label>
              <textarea id={`${headingId}-emails`} ref={listRef} readOnly rows={2} value={emails.join(', ')} />
              <div className="reminder-list__actions">
                <button type="button" className="button button--small" onClick={() => void copy()}>
                  {t(`review:state.${state}.copy`)}
                </button>
                <span role="status" className="small muted">
                  {copied}
                </span>
              </div>
            </div>
          ) : null}
        </>
      )}
    </details>
  );
}
