// The public dashboard: the year's headline figures against the 25 % benchmark, the trend, breakdowns
// by region and type group (the fifteen organisation types as a table), the spread of organisations' shares, each commitment's progress and
// figures, and (for donors and coordinators) per-organisation figures. Filters live in the URL.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SUPPRESSION_THRESHOLD, suppressionReasons, typeGroupOf, type Role } from '@lpt/shared/enums';
import { PageLoading } from '../../ui/PageLoading.tsx';
import { formatDate, formatList } from '../../lib/format.ts';
import { organizationTypeLabel, regionLabel, typeGroupLabel, withheldReasonOf, withheldShortLabel, withheldTextOf } from '../../lib/labels.ts';
import { useMe } from '../../lib/session.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { useAfterPaint } from '../../lib/useAfterPaint.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { downloadLinks } from './api/downloads.ts';
import { figureQueries } from './api/figures.ts';
import type { Cycle, DashboardFilters } from './api/dashboardView.ts';
import { useDashboardFilters } from './api/filters.ts';
import { BreakdownChart, BreakdownTable } from './components/BreakdownChart.tsx';
import { ChartActions } from './components/ChartActions.tsx';
import { Downloads } from './components/ChartCard.tsx';
import { CommitmentFigures } from './components/CommitmentFigures.tsx';
import { DistributionChart } from './components/DistributionChart.tsx';
import { Filters } from './components/Filters.tsx';
import { HeadlineTiles } from './components/HeadlineTiles.tsx';
import { LeadershipChart } from './components/LeadershipChart.tsx';
import { OrganizationsTable } from './components/OrganizationsTable.tsx';
import { ReleaseNote } from './components/ReleaseNote.tsx';
import { StatusCountsChart } from './components/StatusCountsChart.tsx';
import { CommitmentsTrendChart, FundingTrendChart } from './components/TrendChart.tsx';
import './dashboard.css';

export default function DashboardPage() {
  const { t } = useTranslation('dashboard');
  usePageTitle(t('dashboard:pageTitle'));
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const { user } = useMe();
  const { filters, years, setFilter, clearFilters, isFiltered } = useDashboardFilters(cycles.data ?? []);

  if (cycles.isPending) return <PageLoading label={t('dashboard:loading')} />;
  if (cycles.error) return <LoadError error={cycles.error} />;
  if (!filters) {
    return (
      <section className="page">
        <h1>{t('dashboard:title')}</h1>
        <p>{t('dashboard:noCycle')}</p>
      </section>
    );
  }

  const role = user?.role ?? null;
  return (
    <div className="page dashboard">
      <header className="page-header dashboard__header">
        <div>
          <h1>{t('dashboard:title')}</h1>
          <p>{filters.includeSubmitted ? t('dashboard:leadWithSubmitted') : t('dashboard:lead')}</p>
        </div>
        <Link className="button button--small no-print" to={`/report-card/${filters.year}`}>
          {t('dashboard:reportCardLink', { year: filters.year })}
        </Link>
      </header>
      <Filters
        filters={filters}
        years={years}
        openYears={new Set((cycles.data ?? []).filter((c) => c.status === 'open').map((c) => c.year))}
        canIncludeSubmitted={role === 'coordinator'}
        isFiltered={isFiltered}
        onChange={setFilter}
        onClear={clearFilters}
      />
      <Figures filters={filters} cycles={cycles.data ?? []} role={role} />
    </div>
  );
}

/** "2025, Africa, local NGOs" — what the figures are about, in words. */
function scopeOf(t: TFunction, filters: DashboardFilters): string {
  return [
    filters.region ? regionLabel(t, filters.region) : t('common:allRegionsLower'),
    filters.organizationType ? organizationTypeLabel(t, filters.organizationType) : t('common:allOrganizationTypesLower'),
  ].join(', ');
}

function Figures({ filters, cycles, role }: { filters: DashboardFilters; cycles: readonly Cycle[]; role: Role | null }) {
  const { t, i18n } = useTranslation('dashboard');
  const lang = i18n.resolvedLanguage;
  const trpc = useTRPC();
  const { year, region, organizationType } = filters;
  const includeSubmitted = role === 'coordinator' && filters.includeSubmitted ? true : undefined;
  const queries = figureQueries(trpc, filters, cycles, includeSubmitted);
  const { fromYear, toYear, leftOut } = queries;
  const cycle = cycles.find((c) => c.year === year);
  const provisional = cycle?.status === 'open';

  const summary = useQuery({ ...queries.summary, placeholderData: keepPreviousData });
  const trend = useQuery({ ...queries.trend, placeholderData: keepPreviousData });
  const byRegion = useQuery({ ...queries.byRegion, placeholderData: keepPreviousData });
  const byTypeGroup = useQuery({ ...queries.byTypeGroup, placeholderData: keepPreviousData });
  const byType = useQuery({ ...queries.byType, placeholderData: keepPreviousData });
  // The headline and the trend are what a visitor looks at first: they paint on their own, and the
  // other charts (each a costly render) follow after that paint rather than holding it back.
  const showRest = useAfterPaint(trend.data !== undefined || trend.isError);

  if (summary.isPending) return <PageLoading label={t('dashboard:loadingFigures')} />;
  if (summary.error) return <LoadError error={summary.error} />;

  const s = summary.data;
  const scope = `${year}, ${scopeOf(t, filters)}`;
  const filterQuery = { region, organizationType, includeSubmitted };
  // Each chart downloads its own table, with the filters it is drawn with.
  const yearFiles = (table: 'summary' | 'distribution' | 'statuses' | 'leadership') => downloadLinks(table, { year, ...filterQuery }, lang);
  // Busy also while the charts after the trend are still to be drawn.
  const busy = summary.isPlaceholderData || trend.isPlaceholderData || !showRest;
  const trendScope = `${fromYear}–${toYear}, ${scopeOf(t, filters)}`;
  const trendNote = leftOut.length ? t('dashboard:trend.openLeftOut', { years: formatList(leftOut.map(String)), count: leftOut.length }) : undefined;
  const trendFiles = (table: 'trend' | 'commitment-trend') => downloadLinks(table, { fromYear, toYear, ...filterQuery }, lang);
  // The embeds (/embed/<chart>) draw the same view, always from the public figures.
  const embedQuery = { year, region, type: organizationType };

  return (
    <div className="dashboard__figures" aria-busy={busy}>
      <p className="dashboard__scope" aria-live="polite">
        <strong>{year}</strong> · {scopeOf(t, filters)} ·{' '}
        {s.suppressed ? withheldTextOf(t, s) : t('dashboard:reporting', { count: s.organizationsReporting ?? 0 })}
      </p>
      <ReleaseNote summary={s} coordinator={role === 'coordinator'} />
      {provisional ? (
        <p className="alert alert--warning provisional-note" data-provisional>
          <strong>{t('dashboard:provisional.label')}</strong> {t('dashboard:provisional.text', { year, due: formatDate(cycle.dueOn) })}
        </p>
      ) : null}
      {s.basis === 'approved_and_submitted' ? (
        <p className="alert alert--warning">{t('dashboard:includesSubmitted')}</p>
      ) : null}
      {s.suppressedBecause === 'fewer_than_5' ? (
        <p className="alert alert--info">
          {t('dashboard:fewerThan5', { count: SUPPRESSION_THRESHOLD, reason: withheldReasonOf(t, s) })}
        </p>
      ) : null}
      {s.suppressedBecause === 'complement' ? (
        <p className="alert alert--info">{t('dashboard:complement', { count: SUPPRESSION_THRESHOLD })}</p>
      ) : null}
      {s.currenciesWithoutRate.length > 0 ? (
        <p className="alert alert--warning">
          {t('dashboard:noRate', { currencies: formatList(s.currenciesWithoutRate), year, count: s.currenciesWithoutRate.length })}
        </p>
      ) : null}

      <HeadlineTiles summary={s} provisional={provisional} />
      <ChartActions title={t('dashboard:tiles.weightedShare')} embed={{ chart: 'headline', query: embedQuery }} />

      <div className="dashboard-grid">
        {trend.data ? <FundingTrendChart points={trend.data.points} scope={trendScope} downloads={trendFiles('trend')} note={trendNote} embed={{ chart: 'trend', query: embedQuery }} /> : <QueryState query={trend} />}
        {showRest ? (
          <>
            {byRegion.data ? (
              <BreakdownChart
                title={t('dashboard:byRegion.title')}
                groupLabel={t('dashboard:byRegion.group')}
                breakdown={byRegion.data}
                labelOf={(key) => regionLabel(t, key as never)}
                within={organizationType ? organizationTypeLabel(t, organizationType) : t('common:allOrganizationTypesLower')}
                highlight={region}
                downloads={downloadLinks('breakdown', { year, by: 'region', organizationType, includeSubmitted }, lang)}
                embed={{ chart: 'by-region', query: embedQuery }}
              />
            ) : (
              <QueryState query={byRegion} />
            )}
            {byTypeGroup.data ? (
              <BreakdownChart
                title={t('dashboard:byTypeGroup.title')}
                groupLabel={t('dashboard:byTypeGroup.group')}
                breakdown={byTypeGroup.data}
                labelOf={(key) => typeGroupLabel(t, key as never)}
                within={region ? regionLabel(t, region) : t('common:allRegionsLower')}
                highlight={organizationType ? typeGroupOf[organizationType] : undefined}
                downloads={downloadLinks('breakdown', { year, by: 'typeGroup', region, includeSubmitted }, lang)}
                embed={{ chart: 'by-type-group', query: embedQuery }}
              />
            ) : (
              <QueryState query={byTypeGroup} />
            )}
            <DistributionChart summary={s} scope={scope} downloads={yearFiles('distribution')} />
            <StatusCountsChart summary={s} scope={scope} downloads={yearFiles('statuses')} />
            {byType.data ? (
              <BreakdownTable
                title={t('dashboard:byType.title')}
                groupLabel={t('dashboard:byType.group')}
                breakdown={byType.data}
                labelOf={(key) => organizationTypeLabel(t, key as never)}
                within={region ? regionLabel(t, region) : t('common:allRegionsLower')}
                highlight={organizationType}
                downloads={downloadLinks('breakdown', { year, by: 'organizationType', region, includeSubmitted }, lang)}
              />
            ) : (
              <QueryState query={byType} />
            )}
          </>
        ) : null}
      </div>

      {showRest ? (
        <>
          <div className="section-title-row">
            <h2 className="dashboard__section-title">{t('dashboard:byCommitment')}</h2>
            <Downloads links={yearFiles('summary')} title={t('dashboard:byCommitment')} />
          </div>
          <CommitmentFigures summary={s} />

          <div className="dashboard-grid">
            {trend.data ? <CommitmentsTrendChart points={trend.data.points} scope={trendScope} downloads={trendFiles('commitment-trend')} note={trendNote} /> : <QueryState query={trend} />}
            <LeadershipChart summary={s} scope={scope} downloads={yearFiles('leadership')} />
          </div>
        </>
      ) : null}

      {role === 'donor' || role === 'coordinator' ? <OrganizationsSection year={year} role={role} includeSubmitted={includeSubmitted} /> : null}
      {showRest ? <AboutFigures /> : null}
    </div>
  );
}

/** What the withheld figures and the provisional year mean: the charts' "why" links land here. */
function AboutFigures() {
  const { t } = useTranslation('dashboard');
  return (
    <section className="card about-figures" id="about-withheld" aria-labelledby="about-withheld-title" tabIndex={-1}>
      <h2 id="about-withheld-title">{t('dashboard:about.title')}</h2>
      <p>{t('dashboard:about.intro')}</p>
      <dl className="about-figures__reasons">
        {suppressionReasons.map((reason) => (
          <div key={reason}>
            <dt>{withheldShortLabel(t, reason)}</dt>
            <dd>{t(`dashboard:about.reason.${reason}`, { count: SUPPRESSION_THRESHOLD })}</dd>
          </div>
        ))}
      </dl>
      <p>{t('dashboard:about.provisional')}</p>
      <p>{t('dashboard:about.atOrAbove')}</p>
    </section>
  );
}

function OrganizationsSection({ year, role, includeSubmitted }: { year: number; role: 'donor' | 'coordinator'; includeSubmitted: true | undefined }) {
  const { t, i18n } = useTranslation('dashboard');
  const trpc = useTRPC();
  const organizations = useQuery({
    ...trpc.metrics.organizations.queryOptions({ year, includeSubmitted }),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card organizations-card" aria-labelledby="organizations-title">
      <div className="chart-card__header">
        <h2 id="organizations-title">{t('dashboard:organizations.title')}</h2>
        <Downloads links={downloadLinks('organizations', { year, includeSubmitted }, i18n.resolvedLanguage)} title={t('dashboard:organizations.title')} />
      </div>
      <p className="muted small">{role === 'donor' ? t('dashboard:organizations.donorNote') : t('dashboard:organizations.coordinatorNote')}</p>
      {organizations.data ? <OrganizationsTable result={organizations.data} audience={role} /> : <QueryState query={organizations} />}
    </section>
  );
}

function QueryState({ query }: { query: { isPending: boolean; error: unknown } }): ReactNode {
  if (query.error) return <LoadError error={query.error} />;
  return <PageLoading />;
}

function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation('dashboard');
  return (
    <p className="alert alert--error" role="alert">
      {t('dashboard:loadError', { reason: errorMessageOf(error, t) })}
    </p>
  );
}
