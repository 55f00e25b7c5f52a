// The coordinator's review desk: the queue of submitted reports (oldest first, late ones marked) and
// the compliance view of a cycle (who has not started, is drafting, has submitted, was returned or is
// approved), each state with a list of signatory e-mail addresses ready to paste into a reminder.
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { PageLoading } from '../../app/PageLoading.tsx';
import { formatDate, formatDateTime, formatShare } from '../../lib/format.ts';
import { organizationTypeLabels, regionLabels } from '../../lib/labels.ts';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import './review.css';
import { LateBadge } from '../../app/ui/LateBadge.tsx';
import { QueryStatus } from '../../app/ui/QueryStatus.tsx';

type Compliance = RouterOutputs['reports']['compliance'];
type ComplianceState = Compliance['organizations'][number]['state'];

const stateOrder: { state: ComplianceState; label: string; hint: string }[] = [
  { state: 'not_started', label: 'Not started', hint: 'No report for this year yet' },
  { state: 'draft', label: 'Drafting', hint: 'A draft, not yet submitted' },
  { state: 'returned', label: 'Returned', hint: 'Sent back for changes or reopened' },
  { state: 'submitted', label: 'Submitted', hint: 'Waiting for review' },
  { state: 'approved', label: 'Approved', hint: 'Published' },
];

export default function ReviewQueuePage() {
  usePageTitle('Review desk');
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  const openYear = cycles.data?.filter((c) => c.status === 'open').sort((a, b) => b.year - a.year)[0]?.year;
  const year = chosenYear ?? openYear ?? cycles.data?.[0]?.year ?? null;

  return (
    <div className="review-desk">
      <header className="page-header">
        <div>
          <h1>Review desk</h1>
          <p>Submitted reports waiting for a decision, and who has reported in each cycle.</p>
        </div>
      </header>
      <ReviewQueue />
      {cycles.isPending ? <PageLoading /> : null}
      {cycles.isError ? <p className="alert alert--error">{errorMessageOf(cycles.error)}</p> : null}
      {cycles.data && year != null ? (
        <section className="card" aria-labelledby="compliance-title">
          <div className="section-header">
            <h2 id="compliance-title">Reporting compliance {year}</h2>
            <div className="field field--inline">
              <label htmlFor="compliance-year">Cycle</label>
              <select id="compliance-year" value={year} onChange={(e) => setChosenYear(Number(e.target.value))}>
                {cycles.data.map((c) => (
                  <option key={c.year} value={c.year}>
                    {c.year} ({c.status === 'open' ? 'open' : 'closed'})
                  </option>
                ))}
              </select>
            </div>
          </div>
          <ComplianceView year={year} />
        </section>
      ) : null}
      {cycles.data && year == null ? <p className="alert alert--info">There is no reporting cycle yet.</p> : null}
    </div>
  );
}

function ReviewQueue() {
  const trpc = useTRPC();
  const queue = useQuery(trpc.reports.list.queryOptions({ status: 'submitted' }));
  const rows = [...(queue.data ?? [])].sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">Waiting for review {queue.data ? <span className="count">({rows.length})</span> : null}</h2>
      <QueryStatus query={queue} empty={rows.length === 0} emptyText="No report is waiting for review." />
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table" aria-describedby="queue-order">
            <caption id="queue-order" className="visually-hidden">
              Submitted reports, oldest submission first
            </caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Year</th>
                <th scope="col">Submitted</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col" className="num">
                  Counted local share
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/review/${r.organizationId}/${r.year}`}>{r.organizationName}</Link>
                  </th>
                  <td>{r.year}</td>
                  <td>
                    {formatDateTime(r.submittedAt)}
                    <LateBadge late={r.late} />
                  </td>
                  <td className="num">{r.version}</td>
                  <td className="num">{formatShare(r.countedLocalShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ComplianceView({ year }: { year: number }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.reports.compliance.queryOptions({ year }));
  if (query.isPending) return <p className="muted">Loading…</p>;
  if (query.isError) return <p className="alert alert--error">{errorMessageOf(query.error)}</p>;
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
        Opened {formatDate(cycle.opensOn)}, due {formatDate(cycle.dueOn)} ({cycle.status}). {counts.eligible} organisations
        had signed by the due date and not withdrawn.
      </p>
      <dl className="compliance-counts">
        {stateOrder.map(({ state, label }) => (
          <div key={state} className={`compliance-count compliance-count--${state}`}>
            <dt>{label}</dt>
            <dd>{countOf[state]}</dd>
          </div>
        ))}
        <div className="compliance-count compliance-count--late">
          <dt>Submitted late</dt>
          <dd>{counts.late}</dd>
        </div>
      </dl>
      {stateOrder.map(({ state, label, hint }) => (
        <ComplianceGroup
          key={state}
          year={year}
          label={label}
          hint={hint}
          organizations={organizations.filter((o) => o.state === state)}
          openAtFirst={state === 'not_started' || state === 'draft' || state === 'returned'}
        />
      ))}
    </>
  );
}

function ComplianceGroup({
  year,
  label,
  hint,
  organizations,
  openAtFirst,
}: {
  year: number;
  label: string;
  hint: string;
  organizations: Compliance['organizations'];
  /** The states a reminder is for start unfolded. */
  openAtFirst: boolean;
}) {
  const emails = [...new Set(organizations.flatMap((o) => o.signatoryEmails))];
  const listRef = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const headingId = `compliance-${label.toLowerCase().replace(/\s+/g, '-')}`;

  async function copy() {
    const text = emails.join(', ');
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API refused (permissions): select the text so that Ctrl+C copies it.
      listRef.current?.select();
      setCopied('Select-all done: press Ctrl+C (or ⌘C) to copy.');
      return;
    }
    setCopied(`Copied ${emails.length} ${emails.length === 1 ? 'address' : 'addresses'}.`);
  }

  return (
    <details className="compliance-group" open={organizations.length > 0 && openAtFirst}>
      <summary>
        <h3 id={headingId}>
          {label} <span className="count">({organizations.length})</span>
        </h3>
        <span className="muted small">{hint}</span>
      </summary>
      {organizations.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data-table" aria-labelledby={headingId}>
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Type</th>
                  <th scope="col">Region</th>
                  <th scope="col">Last change</th>
                  <th scope="col">Signatory e-mails</th>
                </tr>
              </thead>
              <tbody>
                {organizations.map((o) => (
                  <tr key={o.organizationId}>
                    <th scope="row">
                      {o.state === 'not_started' ? (
                        o.organizationName
                      ) : (
                        <Link to={`/review/${o.organizationId}/${year}`}>{o.organizationName}</Link>
                      )}
                      <LateBadge late={o.late} />
                      <LateBadge late={o.overdue} text="Overdue" />
                    </th>
                    <td>{organizationTypeLabels[o.organizationType]}</td>
                    <td>{regionLabels[o.region]}</td>
                    <td>{o.updatedAt ? formatDate(o.updatedAt) : '—'}</td>
                    <td className="small">
                      {o.signatoryEmails.length ? o.signatoryEmails.join(', ') : <span className="muted">no active account</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {emails.length > 0 ? (
            <div className="reminder-list">
              <label htmlFor={`${headingId}-emails`}>
                E-mail addresses for a reminder ({emails.length})
              </label>
              <textarea id={`${headingId}-emails`} ref={listRef} readOnly rows={2} value={emails.join(', ')} />
              <div className="reminder-list__actions">
                <button type="button" className="button button--small" onClick={() => void copy()}>
                  Copy {label.toLowerCase()} e-mail list
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
