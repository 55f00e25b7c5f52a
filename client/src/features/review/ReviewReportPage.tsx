// One report on the review desk: what changed since the previous submission, field by field; the
// warnings with the signatory's justifications; the full report read-only, where a field's comment is
// written beside it; and the decision (approve, or return with comments; either "and next", which opens
// the next report of the queue the coordinator came from), or — for an approved report — reopening it.
import { messageText } from '../../lib/messages.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { reportActions } from '@lpt/shared/enums';
import { reopenInput } from '@lpt/shared/schemas';
import { PageLoading } from '../../ui/PageLoading.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { fieldLabelOf } from '../../lib/fieldLabel.ts';
import { reportStatusLabel } from '../../lib/labels.ts';
import { errorMessageOf, issuesOf, useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { codedResolver } from '../../lib/codedResolver.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { FormField } from '../../ui/FormField.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { DecisionForm, FieldCommentsProvider, useDecisionForm } from './components/DecisionForm.tsx';
import { DecisionOutcome, type Outcome } from './components/DecisionOutcome.tsx';
import { pathsShownBeside, ReportDataView } from './components/ReportDataView.tsx';
import { queueFilterOf, queueSearchOf } from './queueFilters.ts';
import { formatFieldValue } from './formatField.ts';
import './review.css';
import { LateBadge } from '../../ui/LateBadge.tsx';

type ReportView = RouterOutputs['reports']['get'];

export default function ReviewReportPage() {
  const { t } = useTranslation(['review', 'report', 'indicators', 'validation']);
  const params = useParams();
  const organizationId = Number(params.organizationId);
  const year = Number(params.year);
  if (!Number.isInteger(organizationId) || !Number.isInteger(year))
    return <p className="alert alert--error">{t('review:report.badAddress')}</p>;
  return <ReviewReport key={`${organizationId}-${year}`} organizationId={organizationId} year={year} />;
}

function ReviewReport({ organizationId, year }: { organizationId: number; year: number }) {
  const { t } = useTranslation(['review', 'report', 'indicators', 'validation']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = { organizationId, year };
  const report = useQuery({ ...trpc.reports.get.queryOptions(key), staleTime: 0 });
  const exists = !!report.data?.report;
  const changes = useQuery({ ...trpc.reports.changesSinceLastSubmission.queryOptions(key), enabled: exists, staleTime: 0 });
  const history = useQuery({ ...trpc.reports.history.queryOptions(key), enabled: exists, staleTime: 0 });
  const rates = useQuery(trpc.rates.list.queryOptions({ year }));
  const decisionForm = useDecisionForm(organizationId, year);
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  /** The queue this report was opened from (its filters in the address): "… and next" goes on in it. */
  const queueSearch = queueSearchOf(params);
  // A decision "and next" on the previous report arrives here with what it did.
  const [outcome, setOutcome] = useState<Outcome | null>(() => (location.state as { outcome?: Outcome } | null)?.outcome ?? null);
  usePageTitle(
    report.data?.report
      ? t('review:report.pageTitle', { name: report.data.report.organizationName, year })
      : t('review:report.pageTitleYear', { year }),
  );

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.metrics.pathKey() }),
      // An approval changes what the next release would publish (its preview).
      queryClient.invalidateQueries({ queryKey: trpc.releases.pathKey() }),
    ]);
  const review = useMutation(trpc.reports.review.mutationOptions());
  const queueNow = () => queryClient.fetchQuery({ ...trpc.reports.queue.queryOptions(queueFilterOf(params)), staleTime: 0 });

  /** After a decision "and next": the report after this one in the queue (else the first left), or back to the queue. */
  async function openNext(decided: number, before: { id: number }[], did: Outcome) {
    const left = (await queueNow()).filter((row) => row.id !== decided);
    const position = before.findIndex((row) => row.id === decided);
    const after = new Set(before.slice(position + 1).map((row) => row.id));
    const known = new Set(before.map((row) => row.id));
    const next = left.find((row) => after.has(row.id) || !known.has(row.id)) ?? left[0];
    if (next) await navigate(`/review/${next.organizationId}/${next.year}${queueSearch}`, { state: { outcome: did } });
    else await navigate(`/review${queueSearch}`, { state: { queueDone: true, outcome: did } });
  }

  if (report.isPending) return <PageLoading label={t('review:report.loading')} />;
  if (report.isError) return <p className="alert alert--error">{errorMessageOf(report.error, t)}</p>;
  const view = report.data;
  const r = view.report;
  if (!r)
    return (
      <section>
        <h1>
          {view.organization.name} — {year}
        </h1>
        <p className="alert alert--info">{t('review:report.noReport', { year })}</p>
        <Link to="/review">{t('review:report.backToDesk')}</Link>
      </section>
    );

  // The stored warnings carry the server's English; the same warnings worked out now carry their parameters.
  const warningText = (w: { code: string; message: string }) => {
    const params = view.currentWarnings.find((c) => c.code === w.code)?.params;
    return params ? messageText(t, w.code, params) : w.message;
  };

  return (
    <div className="review-report">
      <p className="back-link">
        <Link to="/review">← {t('review:queue.title')}</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>
            {r.organizationName} — {year}
          </h1>
          <p>
            <span className={`badge badge--${r.status}`}>{reportStatusLabel(t, r.status)}</span>
            <LateBadge late={r.late} />
            {r.submittedAt ? ` · ${t('review:report.submittedOn', { date: formatDateTime(r.submittedAt) })}` : ''}
            {view.cycle ? ` · ${t('report:page.due', { date: formatDate(view.cycle.dueOn) })}` : ''} ·{' '}
            {t('report:page.version', { version: r.version })}
          </p>
        </div>
        <div className="page-actions">
          <Link className="button button--ghost" to={`/report/${year}?organizationId=${organizationId}`}>
            {t('review:report.openForm')}
          </Link>
          {r.status === 'submitted' ? (
            <a className="button" href="#decision-title">
              {t('review:report.goToDecision')}
            </a>
          ) : null}
        </div>
      </header>

      {outcome ? <DecisionOutcome outcome={outcome} /> : null}
      {view.published && r.status !== 'approved' ? (
        <p className="alert alert--info">
          {t('review:report.publishedStays', { version: view.published.version, date: formatDateTime(view.published.approvedAt) })}
        </p>
      ) : null}
      {r.status === 'returned' && view.lastReturn ? (
        <div className="alert alert--warning">
          {view.lastReturn.decision === 'reopen'
            ? t('review:report.reopenedBy', { name: view.lastReturn.reviewerName, date: formatDateTime(view.lastReturn.decidedAt) })
            : t('review:report.returnedBy', { name: view.lastReturn.reviewerName, date: formatDateTime(view.lastReturn.decidedAt) })}
          : {view.lastReturn.comment}
        </div>
      ) : null}

      <section className="card" aria-labelledby="changes-title">
        <h2 id="changes-title">{t('review:changes.title')}</h2>
        {r.status === 'submitted' && view.lastReturn ? <CommentThread lastReturn={view.lastReturn} /> : null}
        <ChangesTable query={changes} currency={r.data.currency} />
      </section>

      <section className="card" aria-labelledby="warnings-title">
        <h2 id="warnings-title">{t('review:warnings.title')}</h2>
        {r.warnings.length === 0 ? (
          <p className="muted">{t('review:warnings.none')}</p>
        ) : (
          <ul className="review-warnings">
            {r.warnings.map((w) => (
              <li key={w.code}>
                <p className="review-warnings__message">
                  <span aria-hidden="true">⚠ </span>
                  {warningText(w)} <span className="muted small">({fieldLabelOf(t, w.field)})</span>
                </p>
                {w.justification ? (
                  <blockquote className="review-warnings__justification">
                    <span className="visually-hidden">{t('review:warnings.justification')} </span>
                    {w.justification}
                  </blockquote>
                ) : (
                  <p className="muted">{t('review:warnings.noJustification')}</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <FormProvider {...decisionForm.form}>
        <FieldCommentsProvider value={decisionForm.comments}>
          <section className="card" aria-labelledby="report-title">
            <h2 id="report-title">{t('review:report.theReport')}</h2>
            <ReportDataView
              data={r.data}
              usdPerUnit={rates.data ? (rates.data.find((x) => x.currency === r.data.currency)?.usdPerUnit ?? null) : undefined}
              previousYear={view.previousYear}
              comments={r.status === 'submitted' ? decisionForm.comments : undefined}
            />
          </section>

          {r.status === 'submitted' ? (
            <section className="card">
              <DecisionForm
                besideFields={pathsShownBeside(r.data)}
                onDecide={async (input, next) => {
                  // The queue's order before the decision, to go on after this report rather than back to its top.
                  const before = next ? await queueNow() : [];
                  await review.mutateAsync(input);
                  await refresh();
                  decisionForm.form.reset();
                  if (next) return openNext(r.id, before, input.decision);
                  setOutcome(input.decision);
                  window.scrollTo({ top: 0 });
                }}
              />
            </section>
          ) : null}
        </FieldCommentsProvider>
      </FormProvider>

      {r.status === 'approved' ? (
        <ReopenForm
          organizationId={organizationId}
          year={year}
          onReopened={async () => {
            await refresh();
            setOutcome('reopen');
          }}
        />
      ) : null}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('review:history.title')}</h2>
        {history.isPending ? <p className="muted">{t('common:loading')}</p> : null}
        {history.data ? (
          <ol className="history">
            {history.data.map((h, i) => (
              <li key={i}>
                <strong>{historyActions.includes(h.action) ? t(`review:history.action.${h.action}`) : h.action}</strong>{' '}
                {h.actorName
                  ? t('review:history.byName', { version: h.version, name: h.actorName, date: formatDateTime(h.at) })
                  : t('review:history.bySystem', { version: h.version, date: formatDateTime(h.at) })}
                {h.comment ? <span className="history__comment">: {t('common:quoted', { text: h.comment })}</span> : null}
                {(h.action === 'save' || h.action === 'create') && h.changes.length > 0 ? (
                  // Which fields, and their values before and after: the count alone said nothing.
                  <details className="history__changes">
                    <summary>{t('review:history.fields', { count: h.changes.length })}</summary>
                    <ul>
                      {h.changes.map((c) => (
                        <li key={c.field}>
                          {fieldLabelOf(t, c.field)}: <span className="change--before">{formatFieldValue(t, c.field, c.from, r.data.currency)}</span> →{' '}
                          <span className="change--after">{formatFieldValue(t, c.field, c.to, r.data.currency)}</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        ) : null}
      </section>
    </div>
  );
}

/** The comments of the return this submission answers, each with the signatory's reply, beside the changes. */
function CommentThread({ lastReturn }: { lastReturn: NonNullable<RouterOutputs['reports']['get']['lastReturn']> }) {
  const { t } = useTranslation(['review', 'report', 'indicators']);
  const comments: [string, string][] = [
    ...(lastReturn.comment ? [['_', lastReturn.comment] as [string, string]] : []),
    ...Object.entries(lastReturn.fieldComments),
  ];
  if (comments.length === 0) return null;
  return (
    <div className="comment-thread">
      <h3>{t('review:thread.title', { date: formatDateTime(lastReturn.decidedAt) })}</h3>
      <ul>
        {comments.map(([field, comment]) => {
          const reply = lastReturn.replies[field];
          return (
            <li key={field} data-thread-field={field}>
              <strong>{field === '_' ? t('review:thread.overall') : fieldLabelOf(t, field)}</strong>: {t('common:quoted', { text: comment })}
              <br />
              {reply ? (
                <span className="comment-thread__reply">
                  {t('review:thread.reply', { name: reply.authorName, date: formatDateTime(reply.repliedAt) })} {t('common:quoted', { text: reply.reply })}
                </span>
              ) : (
                <span className="muted">{t('review:thread.noReply')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The actions of a report's history that have words (review:history.action.<action>). */
const historyActions: readonly string[] = reportActions;

function ChangesTable({
  query,
  currency,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: RouterOutputs['reports']['changesSinceLastSubmission'] };
  currency: string | null;
}) {
  const { t } = useTranslation(['review', 'report', 'indicators']);
  if (query.isPending) return <p className="muted">{t('common:loading')}</p>;
  if (query.isError) return <p className="alert alert--error">{errorMessageOf(query.error, t)}</p>;
  const data = query.data!;
  if (data.previousVersion == null) return <p className="muted">{t('review:changes.first')}</p>;
  if (data.changes.length === 0)
    return (
      <p className="muted">
        {t('review:changes.nothing', { version: data.previousVersion, date: formatDateTime(data.previousSubmittedAt) })}
      </p>
    );
  return (
    <DataTable
      caption={t('review:changes.caption', {
        count: data.changes.length,
        version: data.previousVersion,
        date: formatDateTime(data.previousSubmittedAt),
      })}
      rows={data.changes}
      rowKey={(c) => c.field}
      columns={[
        { key: 'field', header: t('review:column.field'), rowHeader: true, cell: (c) => fieldLabelOf(t, c.field) },
        { key: 'before', header: t('review:changes.before'), className: 'change--before', cell: (c) => formatFieldValue(t, c.field, c.from, currency) },
        { key: 'now', header: t('review:changes.now'), className: 'change--after', cell: (c) => formatFieldValue(t, c.field, c.to, currency) },
      ]}
    />
  );
}

function ReopenForm({ organizationId, year, onReopened }: { organizationId: number; year: number; onReopened: () => Promise<void> }) {
  const trpc = useTRPC();
  const reopen = useMutation(trpc.reports.reopen.mutationOptions());
  const { t } = useTranslation(['review', 'validation']);
  // The API's own schema, with the report it is about.
  const form = useForm<ReasonValues, unknown, z.output<typeof reopenInput>>({
    resolver: codedResolver({ safeParse: (v: unknown) => reopenInput.safeParse({ organizationId, year, ...(v as ReasonValues) }) }),
    defaultValues: { reason: '' },
  });
  const { errors, isSubmitting } = form.formState;
  /** The checked request, held while the dialog asks (reopening takes the report from donors' next release). */
  const [asking, setAsking] = useState<z.output<typeof reopenInput> | null>(null);
  const onSubmit = form.handleSubmit((input) => setAsking(input));
  const confirmReopen = async () => {
    const input = asking;
    setAsking(null);
    if (!input) return;
    try {
      await reopen.mutateAsync(input);
      form.reset({ reason: '' });
      await onReopened();
    } catch (err) {
      const issue = issuesOf(err).find((i) => i.field === 'reason');
      form.setError(
        'reason',
        issue
          ? { type: 'server', message: issue.code === 'invalid' ? issue.message : issue.code, types: issue.params as Record<string, string> }
          : { type: 'server', message: errorMessageOf(err, t) },
        { shouldFocus: true },
      );
    }
  };
  return (
    <section className="card" aria-labelledby="reopen-title">
      <h2 id="reopen-title">{t('review:reopen.title')}</h2>
      <p className="muted">{t('review:reopen.text')}</p>
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)}>
        <FormField id="reopen-reason" label={t('review:reopen.reason')} error={errors.reason}>
          <textarea rows={3} maxLength={2000} {...form.register('reason')} />
        </FormField>
        <div>
          <button type="submit" className="button button--danger" disabled={isSubmitting || reopen.isPending}>
            {t('review:reopen.submit')}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={asking !== null}
        title={t('review:reopen.confirmTitle')}
        confirmLabel={t('review:reopen.submit')}
        cancelLabel={t('review:reopen.cancel')}
        onConfirm={() => void confirmReopen()}
        onCancel={() => setAsking(null)}
      >
        <p>{t('review:reopen.confirmText')}</p>
      </ConfirmDialog>
    </section>
  );
}

/** The reopen form's own field; the report it is about comes from the page. */
interface ReasonValues {
  reason: string;
}

export type { ReportView };
