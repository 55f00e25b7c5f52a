// One public chart on a page of its own, for other sites to frame: its title, the chart drawn as the
// dashboard draws it (withheld groups and years included), what it covers, the release its figures come
// from and a link to the dashboard. The API is called without credentials, so whoever reads it (a
// coordinator signed in on this browser included) sees the public figures of the year's last release.
import { createTRPCClient, httpLink } from '@trpc/client';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppRouter } from '@lpt/server/router';
import type { EmbedAddress, EmbedChart, EmbedQuery } from '@lpt/shared/embed';
import { typeGroupOf } from '@lpt/shared/enums';
import type { MetricsBreakdown, MetricsSummary, MetricsTrend } from '@lpt/shared/metrics';
import { formatList } from '../lib/format.ts';
import { organizationTypeLabel, regionLabel, typeGroupLabel } from '../lib/labels.ts';
import { defaultYear, type Cycle } from '../features/dashboard/api/dashboardView.ts';
import { trendYears } from '../features/dashboard/api/figures.ts';
import { ChartActionsShown } from '../features/dashboard/components/ChartActions.tsx';
import { BreakdownChart } from '../features/dashboard/components/BreakdownChart.tsx';
import { ReleaseNote } from '../features/dashboard/components/ReleaseNote.tsx';
import { FundingTrendChart } from '../features/dashboard/components/TrendChart.tsx';
import { HeadlineShare } from './HeadlineShare.tsx';

const api = createTRPCClient<AppRouter>({
  links: [httpLink({ url: '/trpc', fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: 'omit' }) })],
});

type Figures =
  | { chart: 'headline'; summary: MetricsSummary }
  | { chart: 'trend'; summary: MetricsSummary; trend: MetricsTrend; leftOut: number[] }
  | { chart: 'by-region' | 'by-type-group'; summary: MetricsSummary; breakdown: MetricsBreakdown };

type Loaded = { status: 'loading' } | { status: 'failed'; noYear?: number } | { status: 'ready'; year: number; figures: Figures };

async function load(chart: EmbedChart, query: EmbedQuery): Promise<Loaded> {
  const cycles: Cycle[] = await api.cycles.list.query();
  const year = query.year ?? defaultYear(cycles);
  if (year === null || !cycles.some((c) => c.year === year)) return { status: 'failed', noYear: year ?? undefined };
  const filters = { region: query.region, organizationType: query.type, typeGroup: query.typeGroup };
  const summary = api.metrics.summary.query({ year, ...filters });
  if (chart === 'headline') return { status: 'ready', year, figures: { chart, summary: await summary } };
  if (chart === 'trend') {
    const { fromYear, toYear, leftOut } = trendYears(cycles, year);
    const trend = await api.metrics.trend.query({ fromYear, toYear, ...filters });
    return { status: 'ready', year, figures: { chart, summary: await summary, trend, leftOut } };
  }
  // Each breakdown shows every group of its own dimension, within the other dimension's filter.
  const breakdown =
    chart === 'by-region'
      ? await api.metrics.breakdown.query({ year, by: 'region', organizationType: query.type, typeGroup: query.typeGroup })
      : await api.metrics.breakdown.query({ year, by: 'typeGroup', region: query.region });
  return { status: 'ready', year, figures: { chart, summary: await summary, breakdown } };
}

const typeScope = (t: TFunction, query: EmbedQuery) =>
  query.type ? organizationTypeLabel(t, query.type) : query.typeGroup ? typeGroupLabel(t, query.typeGroup) : t('common:allOrganizationTypesLower');
const regionScope = (t: TFunction, query: EmbedQuery) => (query.region ? regionLabel(t, query.region) : t('common:allRegionsLower'));

/** The dashboard with the same view: the embed's filters as the dashboard's address writes them. */
function dashboardHref(year: number, query: EmbedQuery): string {
  const params = new URLSearchParams({ year: String(year) });
  if (query.region) params.set('region', query.region);
  if (query.type) params.set('type', query.type);
  return `/?${params.toString()}`;
}

export function EmbedPage({ address }: { address: EmbedAddress }) {
  const { t } = useTranslation('dashboard');
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    if (!address.ok) return;
    load(address.chart, address.query).then(setLoaded, () => setLoaded({ status: 'failed' }));
  }, [address]);

  return (
    <main className="embed" aria-busy={loaded.status === 'loading'}>
      <h1 className="embed__brand">
        <a href="/" target="_blank" rel="noopener">
          {t('common:brand')}
        </a>
      </h1>
      {!address.ok ? (
        <p className="alert alert--error" role="alert">
          {t('dashboard:embed.badAddress')}
        </p>
      ) : loaded.status === 'loading' ? (
        <p className="embed__loading" role="status">
          {t('dashboard:loadingFigures')}
        </p>
      ) : loaded.status === 'failed' ? (
        <p className="alert alert--error" role="alert">
          {loaded.noYear !== undefined ? t('dashboard:embed.noYear', { year: loaded.noYear }) : t('dashboard:loadError', { reason: t('common:apiError.network') })}
        </p>
      ) : (
        <EmbeddedChart year={loaded.year} figures={loaded.figures} query={address.query} />
      )}
    </main>
  );
}

function EmbeddedChart({ year, figures, query }: { year: number; figures: Figures; query: EmbedQuery }) {
  const { t } = useTranslation('dashboard');
  const scope = `${regionScope(t, query)}, ${typeScope(t, query)}`;
  let chart;
  if (figures.chart === 'headline') chart = <HeadlineShare summary={figures.summary} scope={`${year}, ${scope}`} />;
  else if (figures.chart === 'trend') {
    const { fromYear, toYear } = figures.trend;
    const note = figures.leftOut.length ? t('dashboard:trend.openLeftOut', { years: formatList(figures.leftOut.map(String)), count: figures.leftOut.length }) : undefined;
    chart = <FundingTrendChart points={figures.trend.points} scope={`${fromYear}–${toYear}, ${scope}`} note={note} />;
  } else if (figures.chart === 'by-region') {
    chart = (
      <BreakdownChart
        title={t('dashboard:byRegion.title')}
        groupLabel={t('dashboard:byRegion.group')}
        breakdown={figures.breakdown}
        labelOf={(key) => regionLabel(t, key as never)}
        within={typeScope(t, query)}
        highlight={query.region}
      />
    );
  } else {
    chart = (
      <BreakdownChart
        title={t('dashboard:byTypeGroup.title')}
        groupLabel={t('dashboard:byTypeGroup.group')}
        breakdown={figures.breakdown}
        labelOf={(key) => typeGroupLabel(t, key as never)}
        within={regionScope(t, query)}
        highlight={query.typeGroup ?? (query.type ? typeGroupOf[query.type] : undefined)}
      />
    );
  }
  return (
    <ChartActionsShown.Provider value={false}>
      {chart}
      <footer className="embed__footer">
        <ReleaseNote summary={figures.summary} coordinator={false} />
        <p>
          <a href={dashboardHref(year, query)} target="_blank" rel="noopener">
            {t('dashboard:embed.seeDashboard')}
          </a>
        </p>
      </footer>
    </ChartActionsShown.Provider>
  );
}
