// The public dashboard: the year's headline figures against the 25 % benchmark, the trend, breakdowns
// by region and organisation type, the spread of organisations' shares, each commitment's progress and
// figures, and (for donors and coordinators) per-organisation figures. Filters live in the URL.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Role } from '@lpt/shared/enums';
import { PageLoading } from '../../app/PageLoading.tsx';
import { withheldTextOf } from '../../lib/format.ts';
import { organizationTypeLabels, regionLabels } from '../../lib/labels.ts';
import { useMe } from '../../lib/session.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { useAfterPaint } from '../../lib/useAfterPaint.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { csvHref } from './api/csv.ts';
import { figureQueries } from './api/figures.ts';
import type { DashboardFilters } from './api/dashboardView.ts';
import { useDashboardFilters } from './api/filters.ts';
import { BreakdownChart } from './components/BreakdownChart.tsx';
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
  usePageTitle('Dashboard');
  const trpc = useTRPC();
  const cycles = useQuery(trpc.cycles.list.queryOptions());
  const { user } = useMe();
  const { filters, years, setFilter, clearFilters, isFiltered } = useDashboardFilters(cycles.data ?? []);

  if (cycles.isPending) return <PageLoading label="Loading the dashboard…" />;
  if (cycles.error) return <LoadError error={cycles.error} />;
  if (!filters) {
    return (
      <section className="page">
        <h1>Localization pledge dashboard</h1>
        <p>No reporting cycle exists yet, so there are no figures to show.</p>
      </section>
    );
  }

  const role = user?.role ?? null;
  return (
    <div className="page dashboard">
      <header className="page-header dashboard__header">
        <div>
          <h1>Localization pledge dashboard</h1>
          <p>
            Progress of the signatories of “Localization in migration governance”, from{' '}
            {filters.includeSubmitted ? 'approved and submitted' : 'approved'} reports.
          </p>
        </div>
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
      <Figures filters={filters} years={years} role={role} />
    </div>
  );
}

/** "2025, Africa, local NGOs" — what the figures are about, in words. */
function scopeOf(filters: DashboardFilters): string {
  return [
    filters.region ? regionLabels[filters.region] : 'all regions',
    filters.organizationType ? organizationTypeLabels[filters.organizationType] : 'all organisation types',
  ].join(', ');
}

function Figures({ filters, years, role }: { filters: DashboardFilters; years: number[]; role: Role | null }) {
  const trpc = useTRPC();
  const { year, region, organizationType } = filters;
  const includeSubmitted = role === 'coordinator' && filters.includeSubmitted ? true : undefined;
  const queries = figureQueries(trpc, filters, years, includeSubmitted);
  const { fromYear } = queries;
  const toYear = year;

  const summary = useQuery({ ...queries.summary, placeholderData: keepPreviousData });
  const trend = useQuery({ ...queries.trend, placeholderData: keepPreviousData });
  const byRegion = useQuery({ ...queries.byRegion, placeholderData: keepPreviousData });
  const byType = useQuery({ ...queries.byType, placeholderData: keepPreviousData });
  // The headline and the trend are what a visitor looks at first: they paint on their own, and the
  // other charts (each a costly render) follow after that paint rather than holding it back.
  const showRest = useAfterPaint(trend.data !== undefined || trend.isError);

  if (summary.isPending) return <PageLoading label="Loading the figures…" />;
  if (summary.error) return <LoadError error={summary.error} />;

  const s = summary.data;
  const scope = `${year}, ${scopeOf(filters)}`;
  const filterQuery = { region, organizationType, includeSubmitted };
  const summaryCsv = csvHref('summary', { year, ...filterQuery });
  // Busy also while the charts after the trend are still to be drawn.
  const busy = summary.isPlaceholderData || trend.isPlaceholderData || !showRest;
  const trendScope = `${fromYear}–${toYear}, ${scopeOf(filters)}`;
  const trendCsv = csvHref('trend', { fromYear, toYear, ...filterQuery });

  return (
    <div className="dashboard__figures" aria-busy={busy}>
      <p className="dashboard__scope" aria-live="polite">
        <strong>{year}</strong> · {scopeOf(filters)} · {s.suppressed ? withheldTextOf(s) : `${s.organizationsReporting} signatories reporting`}
      </p>
      <ReleaseNote summary={s} coordinator={role === 'coordinator'} />
      {s.basis === 'approved_and_submitted' ? (
        <p className="alert alert--warning">These figures include submitted reports that a coordinator has not approved yet.</p>
      ) : null}
      {s.suppressedBecause === 'fewer_than_5' ? (
        <p className="alert alert--info">
          Fewer than 5 signatories reported for this selection, so its figures are withheld to protect small organisations
          ({withheldTextOf(s)}). Choose a wider selection to see them.
        </p>
      ) : null}
      {s.suppressedBecause === 'complement' ? (
        <p className="alert alert--info">
          This selection’s figures are withheld because, with the figures shown for the selections beside it, they would
          reveal those of a group of fewer than 5 signatories. Choose a wider selection to see them.
        </p>
      ) : null}
      {s.currenciesWithoutRate.length > 0 ? (
        <p className="alert alert--warning">
          No exchange rate for {s.currenciesWithoutRate.join(', ')} in {year}: amounts in {s.currenciesWithoutRate.length > 1 ? 'these currencies' : 'this currency'}{' '}
          are left out of the US-dollar totals.
        </p>
      ) : null}

      <HeadlineTiles summary={s} />

      <div className="dashboard-grid">
        {trend.data ? <FundingTrendChart points={trend.data.points} scope={trendScope} csvHref={trendCsv} /> : <QueryState query={trend} />}
        {showRest ? (
          <>
            {byRegion.data ? (
              <BreakdownChart
                title="Weighted local share by region"
                groupLabel="Region"
                breakdown={byRegion.data}
                labelOf={(key) => regionLabels[key as keyof typeof regionLabels] ?? key}
                csvHref={csvHref('breakdown', { year, by: 'region', includeSubmitted })}
              />
            ) : (
              <QueryState query={byRegion} />
            )}
            {byType.data ? (
              <BreakdownChart
                title="Weighted local share by organisation type"
                groupLabel="Organisation type"
                breakdown={byType.data}
                labelOf={(key) => organizationTypeLabels[key as keyof typeof organizationTypeLabels] ?? key}
                csvHref={csvHref('breakdown', { year, by: 'organizationType', includeSubmitted })}
              />
            ) : (
              <QueryState query={byType} />
            )}
            <DistributionChart summary={s} scope={scope} csvHref={summaryCsv} />
            <StatusCountsChart summary={s} scope={scope} csvHref={summaryCsv} />
          </>
        ) : null}
      </div>

      {showRest ? (
        <>
          <h2 className="dashboard__section-title">Figures by commitment</h2>
          <CommitmentFigures summary={s} />

          <div className="dashboard-grid">
            {trend.data ? <CommitmentsTrendChart points={trend.data.points} scope={trendScope} csvHref={trendCsv} /> : <QueryState query={trend} />}
            <LeadershipChart summary={s} scope={scope} csvHref={summaryCsv} />
          </div>
        </>
      ) : null}

      {role === 'donor' || role === 'coordinator' ? <OrganizationsSection year={year} role={role} includeSubmitted={includeSubmitted} /> : null}
    </div>
  );
}

function OrganizationsSection({ year, role, includeSubmitted }: { year: number; role: 'donor' | 'coordinator'; includeSubmitted: true | undefined }) {
  const trpc = useTRPC();
  const organizations = useQuery({
    ...trpc.metrics.organizations.queryOptions({ year, includeSubmitted }),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card organizations-card" aria-labelledby="organizations-title">
      <div className="chart-card__header">
        <h2 id="organizations-title">Figures by organisation</h2>
        <a className="button button--small no-print" href={csvHref('organizations', { year, includeSubmitted })} download>
          CSV<span className="visually-hidden"> download: figures by organisation</span>
        </a>
      </div>
      <p className="muted small">
        {role === 'donor'
          ? 'Organisations that agreed to publish their own figures. The others appear only inside the aggregates above.'
          : 'Every organisation with a report in the figures. Donors see only those that publish their figures.'}
      </p>
      {organizations.data ? <OrganizationsTable result={organizations.data} audience={role} /> : <QueryState query={organizations} />}
    </section>
  );
}

function QueryState({ query }: { query: { isPending: boolean; error: unknown } }): ReactNode {
  if (query.error) return <LoadError error={query.error} />;
  return <PageLoading />;
}

function LoadError({ error }: { error: unknown }) {
  return (
    <p className="alert alert--error" role="alert">
      The figures could not be loaded: {errorMessageOf(error)}
    </p>
  );
}
