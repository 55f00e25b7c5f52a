// The public corrections log: every approved report a coordinator reopened for a correction, why, and
// whether the corrected version has been approved. Until then the public figures keep the last
// approved version. Below it, every release of the figures and what it changed against the year's
// previous release.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageLoading } from '../../ui/PageLoading.tsx';
import { ReleaseChanges } from '../../ui/ReleaseChanges.tsx';
import { ReleaseHeader } from '../../ui/ReleaseHeader.tsx';
import { YearSelect } from '../../ui/YearSelect.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate } from '../../lib/format.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import './corrections.css';

export default function CorrectionsPage() {
  const { t } = useTranslation('corrections');
  usePageTitle(t('corrections:pageTitle'));
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const years = (cycles.data ?? []).map((c) => c.year).sort((a, b) => b - a);
  const requested = Number(params.get('year'));
  const year = years.includes(requested) ? requested : undefined;
  const corrections = useQuery(trpc.reports.corrections.queryOptions(year === undefined ? undefined : { year }));

  return (
    <div className="page corrections">
      <header className="page-header">
        <div>
          <h1>{t('corrections:title')}</h1>
          <p>{t('corrections:intro')}</p>
        </div>
      </header>

      <form className="filters" role="search" aria-label={t('corrections:filter')} onSubmit={(e) => e.preventDefault()}>
        <YearSelect
          id="corrections-year"
          className="filters__field"
          years={years}
          value={year ?? null}
          allowAll
          onChange={(y) => setParams(y !== null ? { year: String(y) } : {}, { preventScrollReset: true })}
        />
      </form>

      {corrections.isPending ? (
        <PageLoading label={t('corrections:loading')} />
      ) : corrections.error ? (
        <p className="alert alert--error" role="alert">
          {t('corrections:loadError', { reason: errorMessageOf(corrections.error, t) })}
        </p>
      ) : corrections.data.length === 0 ? (
        <div className="card">
          <p className="corrections__empty">{year ? t('corrections:emptyYear', { year }) : t('corrections:empty')}</p>
        </div>
      ) : (
        <div className="card">
          <DataTable
            label={t('corrections:pageTitle')}
            caption={
              year
                ? t('corrections:captionYear', { count: corrections.data.length, year })
                : t('corrections:caption', { count: corrections.data.length })
            }
            rows={[...corrections.data].sort((a, b) => b.reopenedAt.localeCompare(a.reopenedAt))}
            rowKey={(c) => `${c.organizationName}-${c.year}-${c.reopenedAt}`}
            columns={[
              { key: 'reopened', header: t('corrections:column.reopened'), className: 'nowrap', cell: (c) => formatDate(c.reopenedAt) },
              { key: 'organization', header: t('corrections:column.organization'), rowHeader: true, cell: (c) => c.organizationName },
              { key: 'year', header: t('corrections:column.year'), cell: (c) => c.year },
              { key: 'reason', header: t('corrections:column.reason'), className: 'corrections__reason', cell: (c) => c.reason },
              {
                key: 'status',
                header: t('corrections:column.status'),
                cell: (c) =>
                  c.reapproved ? (
                    <span className="badge badge--approved">
                      {c.reapprovedAt ? t('corrections:correctedOn', { date: formatDate(c.reapprovedAt) }) : t('corrections:corrected')}
                    </span>
                  ) : (
                    <span className="badge badge--returned">{t('corrections:underCorrection')}</span>
                  ),
              },
            ]}
          />
        </div>
      )}

      <Releases year={year} />
    </div>
  );
}

/** The releases of the figures (of one year, or all), newest first, each with what it changed. */
function Releases({ year }: { year: number | undefined }) {
  const { t } = useTranslation('corrections');
  const trpc = useTRPC();
  const releases = useQuery(trpc.releases.list.queryOptions(year === undefined ? {} : { year }));
  return (
    <section className="corrections__releases" aria-labelledby="releases-title">
      <h2 id="releases-title">{t('corrections:releases.title')}</h2>
      <p className="muted">{t('corrections:releases.intro')}</p>
      {releases.isPending ? (
        <PageLoading label={t('corrections:releases.loading')} />
      ) : releases.error ? (
        <p className="alert alert--error" role="alert">
          {t('corrections:releases.loadError', { reason: errorMessageOf(releases.error, t) })}
        </p>
      ) : releases.data.releases.length === 0 ? (
        <div className="card">
          <p className="corrections__empty">{year ? t('corrections:releases.emptyYear', { year }) : t('corrections:releases.empty')}</p>
        </div>
      ) : (
        <ol className="corrections__release-list">
          {releases.data.releases.map((r) => (
            <li key={r.id} className="card">
              <ReleaseHeader release={r} />
              <ReleaseChanges changes={r.changes} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
