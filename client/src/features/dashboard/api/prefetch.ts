// A cold load of the dashboard would otherwise ask for its data only once React has rendered and the
// page's code has arrived, and then one call after the other. Started by main.tsx before the rest of
// the app is even evaluated, the calls are made while that code loads and runs: cycles.list first (the
// default year is the latest closed cycle; index.html preloads it), then the metrics calls
// together. The page's queries find the answers, or the requests in flight, in the cache. This is the
// public view; a coordinator's "include submitted" view is fetched by the page.
import type { QueryClient } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../lib/trpc.ts';
import { figureQueries } from './figures.ts';
import { filtersFrom } from './dashboardView.ts';

export async function prefetchDashboard(queryClient: QueryClient, trpcClient: TRPCClient<AppRouter>): Promise<void> {
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  const cycles = await queryClient.fetchQuery(trpc.cycles.list.queryOptions());
  const filters = filtersFrom(new URLSearchParams(window.location.search), cycles);
  if (!filters) return;
  const queries = figureQueries(trpc, filters, cycles, undefined);
  void queryClient.prefetchQuery(queries.summary);
  void queryClient.prefetchQuery(queries.trend);
  void queryClient.prefetchQuery(queries.byRegion);
  void queryClient.prefetchQuery(queries.byTypeGroup);
  void queryClient.prefetchQuery(queries.byType);
}
