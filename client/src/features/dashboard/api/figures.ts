// The metrics calls behind the dashboard's figures, defined once for the page and for the prefetch
// at start-up (api/prefetch.ts), so both ask with the same inputs and share the cached answers.
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../lib/trpc.ts';
import type { Cycle, DashboardFilters } from './dashboardView.ts';

/**
 * The years the trend draws: from the first cycle up to the chosen year, but never an open year: its
 * figures are provisional (reports still arrive), so the trend stops at the last closed cycle until the
 * open one closes (the page says so). Only when no cycle has closed yet does it show the open year.
 */
export function trendYears(cycles: readonly Cycle[], year: number): { fromYear: number; toYear: number; leftOut: number[] } {
  const years = cycles.map((c) => c.year);
  const fromYear = Math.min(...years);
  const closedUpTo = cycles.filter((c) => c.status === 'closed' && c.year <= year).map((c) => c.year);
  const toYear = closedUpTo.length ? Math.max(...closedUpTo) : year;
  const leftOut = cycles.filter((c) => c.status === 'open' && c.year > toYear && c.year <= year).map((c) => c.year).sort();
  return { fromYear, toYear, leftOut };
}

export function figureQueries(trpc: TRPCOptionsProxy<AppRouter>, filters: DashboardFilters, cycles: readonly Cycle[], includeSubmitted: true | undefined) {
  const { year, region, organizationType } = filters;
  const { fromYear, toYear, leftOut } = trendYears(cycles, year);
  return {
    fromYear,
    toYear,
    leftOut,
    summary: trpc.metrics.summary.queryOptions({ year, region, organizationType, includeSubmitted }),
    trend: trpc.metrics.trend.queryOptions({ fromYear, toYear, region, organizationType, includeSubmitted }),
    // Each breakdown shows every group of its own dimension, within the other dimension's filter.
    byRegion: trpc.metrics.breakdown.queryOptions({ year, by: 'region', organizationType, includeSubmitted }),
    byTypeGroup: trpc.metrics.breakdown.queryOptions({ year, by: 'typeGroup', region, includeSubmitted }),
    byType: trpc.metrics.breakdown.queryOptions({ year, by: 'organizationType', region, includeSubmitted }),
  };
}
