// The four metrics calls behind the dashboard's figures, defined once for the page and for the prefetch
// at start-up (api/prefetch.ts), so both ask with the same inputs and share the cached answers.
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../lib/trpc.ts';
import type { DashboardFilters } from './dashboardView.ts';

export function figureQueries(trpc: TRPCOptionsProxy<AppRouter>, filters: DashboardFilters, years: number[], includeSubmitted: true | undefined) {
  const { year, region, organizationType } = filters;
  // The trend runs from the first cycle up to the chosen year.
  const fromYear = Math.min(...years);
  return {
    fromYear,
    summary: trpc.metrics.summary.queryOptions({ year, region, organizationType, includeSubmitted }),
    trend: trpc.metrics.trend.queryOptions({ fromYear, toYear: year, region, organizationType, includeSubmitted }),
    byRegion: trpc.metrics.breakdown.queryOptions({ year, by: 'region', includeSubmitted }),
    byType: trpc.metrics.breakdown.queryOptions({ year, by: 'organizationType', includeSubmitted }),
  };
}
