// One report on the review desk: what changed since the previous submission, field by field; the
// warnings with the signatory's justifications; the full report read-only; and the decision (approve,
// or return with comments), or — for an approved report — reopening it for a correction.
import i18next from 'i18next';
import { codedIssueOf } from '@lpt/shared/messages';
import { messageText } from '../../lib/messages.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fieldLabel } from '@lpt/shared/indicators';
import { reopenInput } from '@lpt/shared/schemas';
import { PageLoading } from '../../app/PageLoading.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { reportStatusLabels } from '../../lib/labels.ts';
import { errorMessageOf, fieldErrorsOf, useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { DecisionForm, type DecisionFormHandle } from './components/DecisionForm.tsx';
import { ReportDataView } from './components/ReportDataView.tsx';
import { formatFieldValue } from './formatField.ts';
import './review.css';
import { LateBadge } from '../../app/ui/LateBadge.tsx';

type ReportView = RouterOutputs['reports']['get'];

export default function ReviewReportPage() {
  const params = useParams();
  const organizationId = Number(params.organizationId);
  const year = Number(params.year);
  if (!Number.isInteger(organizationId) || !Number.isInteger(year))
    return <p className="alert alert--error">This address does not name a report.</p>;
  return <ReviewReport key={`${organizationId}-${year}`} organizationId={organizationId} year={year} />;
}

function ReviewReport({ organizationId, year }: { organizationId: number; year: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = { organizationId, year };
  const report = useQuery({ ...trpc.reports.get.queryOptions(key), staleTime: 0 });
  const exists = !!report.data?.report;
  const changes = useQuery({ ...trpc.reports.changesSinceLastSubmission.queryOptions(key), enabled: exists, staleTime: 0 });
  const history = useQuery({ ...trpc.reports.history.queryOptions(key), enabled: exists, staleTime: 0 });
  const decisionRef = useRef<DecisionFormHandle>(null);
  const [commented, setCommented] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<string | null>(null);
  usePageTitle(report.data?.report ? `Review: ${report.data.report.organizationName} ${year}` : `Review ${year}`);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.metrics.pathKey() }),
    ]);
  const review = useMutation(trpc.reports.review.mutationOptions());

  if (report.isPending) return <PageLoading label="Loading the report…" />;
  if (report.isError) return <p className="alert alert--error">{errorMessageOf(report.error)}</p>;
  const view = report.data;
  const r = view.report;
  if (!r)
    return (
      <section>
        <h1>
          {view.organization.name} — {year}
        </h1>
        <p className="alert alert--info">This organisation has no report for {year} yet.</p>
        <Link to="/review">Back to the review desk</Link>
      </section>
    );

  return (
    <div className="review-report">
      <p className="back-link">
        <Link to="/review">← Review desk</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>
            {r.organizationName} — {year}
          </h1>
          <p>
            <span className={`badge badge--${r.status}`}>{reportStatusLabels[r.status]}</span>
            <LateBadge late={r.late} />
            {r.submittedAt ? ` · Submitted ${formatDateTime(r.submittedAt)}` : ''}
            {view.cycle ? ` · Due ${formatDate(view.cycle.dueOn)}` : ''} · Version {r.version}
          </p>
        </div>
        <div className="page-actions">
          <Link className="button button--ghost" to={`/report/${year}?organizationId=${organizationId}`}>
            Open in the report form
          </Link>
          {r.status === 'submitted' ? (
            <a className="button" href="#decision-title">
              Go to the decision
            </a>
          ) : null}
        </div>
      </header>

      {outcome ? (
        <p className="alert alert--success" role="status">
          {outcome}
        </p>
      ) : null}
      {view.published && r.status !== 'approved' ? (
        <p className="alert alert--info">
          The published figures are those of version {view.published.version}, approved {formatDateTime(view.published.approvedAt)}
          , until this report is approved again.
        </p>
      ) : null}
      {r.status === 'returned' && view.lastReturn ? (
        <div className="alert alert--warning">
          <strong>{view.lastReturn.decision === 'reopen' ? 'Reopened' : 'Returned'}</strong> by {view.lastReturn.reviewerName}{' '}
          on {formatDateTime(view.lastReturn.decidedAt)}: {view.lastReturn.comment}
        </div>
      ) : null}

      <section className="card" aria-labelledby="changes-title">
        <h2 id="changes-title">What changed since the previous submission</h2>
        <ChangesTable query={changes} currency={r.data.currency} />
      </section>

      <section className="card" aria-labelledby="warnings-title">
        <h2 id="warnings-title">Warnings and justifications</h2>
        {r.warnings.length === 0 ? (
          <p className="muted">The report was submitted without warnings.</p>
        ) : (
          <ul className="review-warnings">
            {r.warnings.map((w) => (
              <li key={w.code}>
                <p className="review-warnings__message">
                  <span aria-hidden="true">⚠ </span>
                  {w.message} <span className="muted small">({fieldLabel(w.field)})</span>
                </p>
                {w.justification ? (
                  <blockquote className="review-warnings__justification">
                    <span className="visually-hidden">Justification: </span>
                    {w.justification}
                  </blockquote>
                ) : (
                  <p className="muted">No justification recorded.</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="report-title">
        <h2 id="report-title">The report</h2>
        <ReportDataView
          data={r.data}
          previousYear={view.previousYear}
          commented={commented}
          onComment={r.status === 'submitted' ? (path) => decisionRef.current?.commentOn(path) : undefined}
        />
      </section>

      {r.status === 'submitted' ? (
        <section className="card">
          <DecisionForm
            ref={decisionRef}
            organizationId={organizationId}
            year={year}
            onCommentsChange={setCommented}
            onDecide={async (input) => {
              await review.mutateAsync(input);
              await refresh();
              setOutcome(
                input.decision === 'approve'
                  ? 'Approved. The figures are now published.'
                  : 'Returned to the signatory with your comments.',
              );
              window.scrollTo({ top: 0 });
            }}
          />
        </section>
      ) : null}

      {r.status === 'approved' ? (
        <ReopenForm
          organizationId={organizationId}
          year={year}
          onReopened={async () => {
            await refresh();
            setOutcome('Reopened. The published figures stay as they are until the corrected report is approved.');
          }}
        />
      ) : null}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        {history.isPending ? <p className="muted">Loading…</p> : null}
        {history.data ? (
          <ol className="history">
            {history.data.map((h, i) => (
              <li key={i}>
                <strong>{historyLabels[h.action] ?? h.action}</strong> (version {h.version}) by {h.actorName ?? 'the system'},{' '}
                {formatDateTime(h.at)}
                {h.action === 'save' || h.action === 'create' ? ` — ${h.changes.length} field${h.changes.length === 1 ? '' : 's'}` : ''}
                {h.comment ? <span className="history__comment">: “{h.comment}”</span> : null}
              </li>
            ))}
          </ol>
        ) : null}
      </section>
    </div>
  );
}

const historyLabels: Record<string, string> = {
  create: 'Started',
  save: 'Saved',
  submit: 'Submitted',
  return: 'Returned',
  approve: 'Approved',
  reopen: 'Reopened',
};

function ChangesTable({
  query,
  currency,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: RouterOutputs['reports']['changesSinceLastSubmission'] };
  currency: string | null;
}) {
  if (query.isPending) return <p className="muted">Loading…</p>;
  if (query.isError) return <p className="alert alert--error">{errorMessageOf(query.error)}</p>;
  const data = query.data!;
  if (data.previousVersion == null) return <p className="muted">This is the first submission of this report: there is nothing to compare it with.</p>;
  if (data.changes.length === 0)
    return (
      <p className="muted">
        Nothing changed since the submission of version {data.previousVersion} ({formatDateTime(data.previousSubmittedAt)}).
      </p>
    );
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption>
          {data.changes.length} {data.changes.length === 1 ? 'field' : 'fields'} changed since version {data.previousVersion},
          submitted {formatDateTime(data.previousSubmittedAt)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {data.changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{fieldLabel(c.field)}</th>
              <td className="change--before">{formatFieldValue(c.field, c.from, currency)}</td>
              <td className="change--after">{formatFieldValue(c.field, c.to, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReopenForm({ organizationId, year, onReopened }: { organizationId: number; year: number; onReopened: () => Promise<void> }) {
  const trpc = useTRPC();
  const reopen = useMutation(trpc.reports.reopen.mutationOptions());
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="reopen-title">
      <h2 id="reopen-title">Reopen for a correction</h2>
      <p className="muted">
        The signatory can then edit the report again. Until it is approved again, the public figures stay those of this
        approved version, and the correction is listed in the public corrections log.
      </p>
      <form
        className="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const parsed = reopenInput.safeParse({ organizationId, year, reason });
          if (!parsed.success) {
            const issue = parsed.error.issues.find((i) => i.path[0] === 'reason') ?? parsed.error.issues[0];
            setError(issue ? messageText(i18next.t, issue.message, codedIssueOf(issue).params) : 'Check the reason');
            document.getElementById('reopen-reason')?.focus();
            return;
          }
          setError(null);
          try {
            await reopen.mutateAsync(parsed.data);
            setReason('');
            await onReopened();
          } catch (err) {
            setError(fieldErrorsOf(err).reason?.[0] ?? errorMessageOf(err));
          }
        }}
      >
        <div className="field">
          <label htmlFor="reopen-reason">Reason (shown in the public corrections log)</label>
          <textarea
            id="reopen-reason"
            rows={3}
            value={reason}
            maxLength={2000}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={!!error || undefined}
            aria-describedby={error ? 'reopen-reason-error' : undefined}
          />
          {error ? (
            <p id="reopen-reason-error" className="field__error">
              {error}
            </p>
          ) : null}
        </div>
        <div>
          <button type="submit" className="button button--danger" disabled={reopen.isPending}>
            Reopen the report
          </button>
        </div>
      </form>
    </section>
  );
}

export type { ReportView };
