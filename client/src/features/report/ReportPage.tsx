// The signatory's annual progress report (/report lands on the open cycle's year; /report/:year shows
// one year). A coordinator may open another organisation's report with ?organizationId=…
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { fieldLabel } from '@lpt/shared/indicators';
import { MAX_YEAR, MIN_YEAR } from '@lpt/shared/schemas';
import { PageLoading } from '../../app/PageLoading.tsx';
import { formatDate, formatDateTime, formatShare } from '../../lib/format.ts';
import { reportStatusLabels } from '../../lib/labels.ts';
import { useMe } from '../../lib/session.ts';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { OwnComparison } from './components/OwnComparison.tsx';
import { ReportForm } from './components/ReportForm.tsx';
import { fieldId } from './formValues.ts';
import './report.css';
import { LateBadge } from '../../app/ui/LateBadge.tsx';
import { QueryStatus } from '../../app/ui/QueryStatus.tsx';

type ReportView = RouterOutputs['reports']['get'];

const allCurrencies = Intl.supportedValuesOf('currency');

export default function ReportPage() {
  const { user } = useMe();
  const params = useParams();
  const [search] = useSearchParams();
  const organizationId =
    user?.role === 'signatory' ? user.organizationId : Number(search.get('organizationId')) || null;

  if (!params.year) return <OpenCycleReport organizationId={organizationId} />;

  const year = Number(params.year);
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    return <p className="alert alert--error">There is no report year “{params.year}”.</p>;
  if (!organizationId)
    return <p className="alert alert--error">Choose an organisation: this page needs ?organizationId=… for your account.</p>;
  return <ReportYear key={`${organizationId}-${year}`} organizationId={organizationId} year={year} />;
}

/** /report: the report of the open cycle (the most recent one if several are open). */
function OpenCycleReport({ organizationId }: { organizationId: number | null }) {
  const trpc = useTRPC();
  const [search] = useSearchParams();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  usePageTitle('Progress report');
  if (cycles.isPending) return <PageLoading />;
  const open = cycles.data?.filter((c) => c.status === 'open').sort((a, b) => b.year - a.year)[0];
  if (open) return <Navigate to={`/report/${open.year}${search.size ? `?${search.toString()}` : ''}`} replace />;
  return (
    <section>
      <h1>Progress report</h1>
      <p className="alert alert--info">No reporting cycle is open at the moment.</p>
      {organizationId ? <PastReports organizationId={organizationId} currentYear={null} /> : null}
    </section>
  );
}

function ReportYear({ organizationId, year }: { organizationId: number; year: number }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.reports.get.queryOptions({ organizationId, year }),
    // Never start editing from a cached copy: a stale version would only end in a conflict.
    staleTime: 0,
    refetchOnMount: 'always',
  });
  const rates = useQuery(trpc.rates.list.queryOptions({ year }));
  const [formKey, setFormKey] = useState(0);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const [justSubmitted, setJustSubmitted] = useState(false);
  const view = query.data;
  usePageTitle(`Progress report ${year}`);

  const reload = useCallback(async () => {
    await query.refetch();
    setSavedVersion(null);
    setFormKey((k) => k + 1);
  }, [query]);

  if (query.isError) return <p className="alert alert--error">The report could not be loaded: {errorMessageOf(query.error)}</p>;
  if (!view || !query.isFetchedAfterMount) return <PageLoading label="Loading the report…" />;

  const report = view.report;
  const cycleOpen = view.cycle?.status === 'open';
  const editable = cycleOpen && (report == null || report.status === 'draft' || report.status === 'returned');
  const status = report?.status ?? (savedVersion ? 'draft' : null);

  return (
    <div className="report-page">
      <header className="page-header">
        <div>
          <h1>Progress report {year}</h1>
          <p>
            {view.organization.name}
            {' · '}
            {status ? (
              <span className={`badge badge--${status}`}>{reportStatusLabels[status]}</span>
            ) : (
              <span className="badge">Not started</span>
            )}
            <LateBadge late={Boolean(report?.late)} />
            {view.cycle ? ` · Due ${formatDate(view.cycle.dueOn)}` : ''}
            {savedVersion ?? report?.version ? ` · Version ${savedVersion ?? report?.version}` : ''}
          </p>
        </div>
        <nav aria-label="On this page" className="report-page__jump">
          <a href="#comparison-title">You and all signatories</a>
          <a href="#past-reports-title">Past years</a>
        </nav>
      </header>

      {!view.cycle ? <p className="alert alert--warning">There is no reporting cycle for {year}.</p> : null}
      {view.cycle && !cycleOpen ? (
        <p className="alert alert--info">The {year} reporting cycle is closed: this report can no longer be changed.</p>
      ) : null}
      {justSubmitted || report?.status === 'submitted' ? (
        <p className="alert alert--success" role="status">
          {justSubmitted ? 'Thank you — your report was submitted. ' : ''}
          Submitted{report?.submittedAt ? ` on ${formatDateTime(report.submittedAt)}` : ''}
          {report?.late ? ' (after the due date)' : ''}. The pledge secretariat will review it; you will see their decision
          here.
        </p>
      ) : null}
      {report?.status === 'approved' ? (
        <p className="alert alert--success">
          Approved{view.published ? ` on ${formatDateTime(view.published.approvedAt)}` : ''}. The report is locked; if
          something needs correcting, ask the pledge secretariat to reopen it.
        </p>
      ) : null}
      {report?.status === 'returned' && view.lastReturn ? <ReturnNotice lastReturn={view.lastReturn} /> : null}
      {report?.status === 'returned' && view.published ? (
        <p className="alert alert--info">
          Until this correction is approved, the published figures stay those of the version approved on{' '}
          {formatDateTime(view.published.approvedAt)}.
        </p>
      ) : null}

      <ReportForm
        key={formKey}
        organizationId={organizationId}
        year={year}
        view={view}
        editable={editable}
        currencies={{ withRate: [...(rates.data ?? []).map((r) => r.currency), 'USD'], all: allCurrencies }}
        onReload={() => void reload()}
        onSaved={setSavedVersion}
        onSubmitted={() => {
          setJustSubmitted(true);
          void reload();
          window.scrollTo({ top: 0 });
        }}
      />

      <OwnComparison organizationId={organizationId} year={year} />
      <PastReports organizationId={organizationId} currentYear={year} />
    </div>
  );
}

function ReturnNotice({ lastReturn }: { lastReturn: NonNullable<ReportView['lastReturn']> }) {
  const comments = Object.entries(lastReturn.fieldComments);
  const reopened = lastReturn.decision === 'reopen';
  return (
    <section className="alert alert--warning return-notice" aria-labelledby="return-title">
      <h2 id="return-title">
        {reopened ? 'Reopened for a correction' : 'Returned for changes'} by {lastReturn.reviewerName} on{' '}
        {formatDateTime(lastReturn.decidedAt)}
      </h2>
      {lastReturn.comment ? <p className="return-notice__comment">{lastReturn.comment}</p> : null}
      {comments.length > 0 ? (
        <>
          <p>Comments on fields (also shown at each field below):</p>
          <ul>
            {comments.map(([path, comment]) => {
              const target = path.includes('.') || path === 'currency' ? fieldId(path) : `section-${path}`;
              return (
                <li key={path}>
                  <a
                    href={`#${target}`}
                    onClick={(e) => {
                      e.preventDefault();
                      const element = document.getElementById(target);
                      element?.scrollIntoView({ block: 'center' });
                      element?.focus();
                    }}
                  >
                    {fieldLabel(path)}
                  </a>
                  : {comment}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <p className="small">Make the changes, then submit the report again.</p>
    </section>
  );
}

function PastReports({ organizationId, currentYear }: { organizationId: number; currentYear: number | null }) {
  const trpc = useTRPC();
  const { user } = useMe();
  const list = useQuery(trpc.reports.list.queryOptions({}));
  const rows = (list.data ?? []).filter((r) => r.organizationId === organizationId);
  const suffix = user?.role === 'coordinator' ? `?organizationId=${organizationId}` : '';
  return (
    <section className="card past-reports" aria-labelledby="past-reports-title">
      <h2 id="past-reports-title">Your reports by year</h2>
      <QueryStatus query={list} empty={rows.length === 0} emptyText="No reports yet." />
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Year</th>
                <th scope="col">Status</th>
                <th scope="col">Submitted</th>
                <th scope="col" className="num">
                  Counted local share
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.year === currentYear ? (
                      <span aria-current="page">{r.year}</span>
                    ) : (
                      <Link to={`/report/${r.year}${suffix}`}>{r.year}</Link>
                    )}
                  </th>
                  <td>
                    <span className={`badge badge--${r.status}`}>{reportStatusLabels[r.status]}</span>
                    <LateBadge late={r.late} />
                  </td>
                  <td>{r.submittedAt ? formatDate(r.submittedAt) : '—'}</td>
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
