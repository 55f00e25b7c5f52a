// The signatory's annual progress report (/report lands on the open cycle's year; /report/:year shows
// one year). A coordinator may open another organisation's report with ?organizationId=…
import { useTranslation } from 'react-i18next';
import { fieldLabelOf } from '../../lib/fieldLabel.ts';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { MAX_YEAR, MIN_YEAR } from '@lpt/shared/schemas';
import { PageLoading } from '../../ui/PageLoading.tsx';
import { formatDate, formatDateTime, formatShare } from '../../lib/format.ts';
import { reportStatusLabel } from '../../lib/labels.ts';
import { useMe } from '../../lib/session.ts';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { OwnComparison } from './components/OwnComparison.tsx';
import { CommentReply } from './components/CommentReply.tsx';
import { ReportForm } from './components/ReportForm.tsx';
import { focusBelowBar } from './focusBelowBar.ts';
import { fieldId } from './formValues.ts';
import './report.css';
import { LateBadge } from '../../ui/LateBadge.tsx';
import { QueryStatus } from '../../ui/QueryStatus.tsx';
import { DataTable } from '../../ui/DataTable.tsx';

type ReportView = RouterOutputs['reports']['get'];

const allCurrencies = Intl.supportedValuesOf('currency');

export default function ReportPage() {
  const { t } = useTranslation(['report', 'indicators', 'validation']);
  const { user } = useMe();
  const params = useParams();
  const [search] = useSearchParams();
  const organizationId =
    user?.role === 'signatory' ? user.organizationId : Number(search.get('organizationId')) || null;

  if (!params.year) return <OpenCycleReport organizationId={organizationId} />;

  const year = Number(params.year);
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    return <p className="alert alert--error">{t('report:page.noYear', { year: params.year })}</p>;
  if (!organizationId) return <p className="alert alert--error">{t('report:page.chooseOrganization')}</p>;
  return <ReportYear key={`${organizationId}-${year}`} organizationId={organizationId} year={year} />;
}

/** /report: the report of the open cycle (the most recent one if several are open). */
function OpenCycleReport({ organizationId }: { organizationId: number | null }) {
  const trpc = useTRPC();
  const [search] = useSearchParams();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const { t } = useTranslation('report');
  usePageTitle(t('report:page.title'));
  if (cycles.isPending) return <PageLoading />;
  const open = cycles.data?.filter((c) => c.status === 'open').sort((a, b) => b.year - a.year)[0];
  if (open) return <Navigate to={`/report/${open.year}${search.size ? `?${search.toString()}` : ''}`} replace />;
  return (
    <section>
      <h1>{t('report:page.title')}</h1>
      <p className="alert alert--info">{t('report:page.noOpenCycle')}</p>
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
  const { t } = useTranslation('report');
  usePageTitle(t('report:page.titleYear', { year }));

  const reload = useCallback(async () => {
    await query.refetch();
    setSavedVersion(null);
    setFormKey((k) => k + 1);
  }, [query]);

  if (query.isError) return <p className="alert alert--error">{t('report:page.loadError', { reason: errorMessageOf(query.error, t) })}</p>;
  if (!view || !query.isFetchedAfterMount) return <PageLoading label={t('report:page.loading')} />;

  const report = view.report;
  const cycleOpen = view.cycle?.status === 'open';
  const editable = cycleOpen && (report == null || report.status === 'draft' || report.status === 'returned');
  const status = report?.status ?? (savedVersion ? 'draft' : null);

  return (
    <div className="report-page">
      <header className="page-header">
        <div>
          <h1>{t('report:page.titleYear', { year })}</h1>
          <p>
            {view.organization.name}
            {' · '}
            {status ? (
              <span className={`badge badge--${status}`}>{reportStatusLabel(t, status)}</span>
            ) : (
              <span className="badge">{t('report:page.notStarted')}</span>
            )}
            <LateBadge late={Boolean(report?.late)} />
            {view.cycle ? ` · ${t('report:page.due', { date: formatDate(view.cycle.dueOn) })}` : ''}
            {savedVersion ?? report?.version ? ` · ${t('report:page.version', { version: savedVersion ?? report?.version })}` : ''}
          </p>
        </div>
        <nav aria-label={t('report:page.onThisPage')} className="report-page__jump">
          <a href="#comparison-title">{t('report:comparison.title')}</a>
          <a href="#past-reports-title">{t('report:page.pastYears')}</a>
        </nav>
      </header>

      {!view.cycle ? <p className="alert alert--warning">{t('report:page.noCycle', { year })}</p> : null}
      {view.cycle && !cycleOpen ? <p className="alert alert--info">{t('report:page.cycleClosed', { year })}</p> : null}
      {justSubmitted || report?.status === 'submitted' ? (
        <p className="alert alert--success" role="status">
          {justSubmitted ? `${t('report:page.thankYou')} ` : ''}
          {report?.submittedAt ? t('report:page.submittedOn', { date: formatDateTime(report.submittedAt) }) : t('report:page.submitted')}
          {report?.late ? ` ${t('report:page.afterDue')}` : ''}. {t('report:page.willReview')}
        </p>
      ) : null}
      {report?.status === 'approved' ? (
        <p className="alert alert--success">
          {view.published ? t('report:page.approvedOn', { date: formatDateTime(view.published.approvedAt) }) : t('report:page.approved')}.{' '}
          {t('report:page.locked')}
        </p>
      ) : null}
      {report?.status === 'returned' && view.lastReturn ? <ReturnNotice lastReturn={view.lastReturn} organizationId={organizationId} year={year} /> : null}
      {report?.status === 'returned' && view.published ? (
        <p className="alert alert--info">
          {t('report:page.publishedStays', { date: formatDateTime(view.published.approvedAt) })}
        </p>
      ) : null}

      <ReportForm
        key={formKey}
        organizationId={organizationId}
        year={year}
        view={view}
        editable={editable}
        currencies={{ withRate: [...(rates.data ?? []).map((r) => r.currency), 'USD'], all: allCurrencies, ratesKnown: rates.isSuccess }}
        onReload={() => void reload()}
        onSaved={setSavedVersion}
        onSubmitted={() => {
          setJustSubmitted(true);
          void reload();
          window.scrollTo({ top: 0 });
        }}
      />

      <OwnComparison organizationId={organizationId} year={year} openYear={view.cycle?.status === 'open' ? view.cycle.year : undefined} />
      <PastReports organizationId={organizationId} currentYear={year} />
    </div>
  );
}

function ReturnNotice({ lastReturn, organizationId, year }: { lastReturn: NonNullable<ReportView['lastReturn']>; organizationId: number; year: number }) {
  const { t } = useTranslation(['report', 'indicators']);
  const comments = Object.entries(lastReturn.fieldComments);
  const reopened = lastReturn.decision === 'reopen';
  return (
    <section className="alert alert--warning return-notice" aria-labelledby="return-title">
      <h2 id="return-title">
        {reopened
          ? t('report:return.reopened', { name: lastReturn.reviewerName, date: formatDateTime(lastReturn.decidedAt) })
          : t('report:return.returned', { name: lastReturn.reviewerName, date: formatDateTime(lastReturn.decidedAt) })}
      </h2>
      {lastReturn.comment ? (
        <>
          <p className="return-notice__comment">{lastReturn.comment}</p>
          <CommentReply organizationId={organizationId} year={year} field="_" label={t('report:reply.overall')} reply={lastReturn.replies['_']} />
        </>
      ) : null}
      {comments.length > 0 ? (
        <>
          <p>{t('report:return.fieldComments')}</p>
          <ul>
            {comments.map(([path, comment]) => {
              const target = path.includes('.') || path === 'currency' ? fieldId(path) : `section-${path}-title`;
              return (
                <li key={path}>
                  <a
                    href={`#${target}`}
                    onClick={(e) => {
                      e.preventDefault();
                      focusBelowBar(document.getElementById(target), 'center');
                    }}
                  >
                    {fieldLabelOf(t, path)}
                  </a>
                  : {comment}
                  <CommentReply organizationId={organizationId} year={year} field={path} label={fieldLabelOf(t, path)} reply={lastReturn.replies[path]} />
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <p className="small">{t('report:return.again')}</p>
    </section>
  );
}

function PastReports({ organizationId, currentYear }: { organizationId: number; currentYear: number | null }) {
  const { t } = useTranslation('report');
  const trpc = useTRPC();
  const { user } = useMe();
  const list = useQuery(trpc.reports.list.queryOptions({}));
  const rows = (list.data ?? []).filter((r) => r.organizationId === organizationId);
  const suffix = user?.role === 'coordinator' ? `?organizationId=${organizationId}` : '';
  return (
    <section className="card past-reports" aria-labelledby="past-reports-title">
      <h2 id="past-reports-title">{t('report:past.title')}</h2>
      <QueryStatus query={list} empty={rows.length === 0} emptyText={t('report:past.none')} />
      {rows.length > 0 ? (
        <DataTable
          label={t('report:past.title')}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            {
              key: 'year',
              header: t('report:past.year'),
              rowHeader: true,
              cell: (r) => (r.year === currentYear ? <span aria-current="page">{r.year}</span> : <Link to={`/report/${r.year}${suffix}`}>{r.year}</Link>),
            },
            {
              key: 'status',
              header: t('report:status'),
              cell: (r) => (
                <>
                  <span className={`badge badge--${r.status}`}>{reportStatusLabel(t, r.status)}</span>
                  <LateBadge late={r.late} />
                </>
              ),
            },
            { key: 'submitted', header: t('report:page.submitted'), cell: (r) => (r.submittedAt ? formatDate(r.submittedAt) : '—') },
            { key: 'share', header: t('report:past.share'), numeric: true, cell: (r) => formatShare(r.countedLocalShare) },
          ]}
        />
      ) : null}
    </section>
  );
}
