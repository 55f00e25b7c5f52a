// The dashboard's figures. summary, trend and breakdown are public (anonymous callers get suppressed
// small numbers); every procedure has an output schema, so that only the documented fields leave.
// Releases, which these figures are read from, have their own router (features/releases).
import {
  metricsBreakdownSchema,
  metricsOrganizationsSchema,
  metricsSummarySchema,
  metricsTrendSchema,
  ownComparisonSchema,
  releaseFiguresInput,
  releaseFiguresSchema,
} from '@lpt/shared/metrics';
import {
  breakdownInput,
  metricsOrganizationsInput,
  ownComparisonInput,
  summaryInput,
  trendInput,
} from '@lpt/shared/schemas';
import { authedProcedure, checkedBy, publicProcedure, roleProcedure, router, type Context } from '../../trpc.ts';
import { viewerOf } from '../auth/access.ts';
import { cachedByRelease } from '../releases/release-cache.ts';
import * as metrics from './metrics.service.ts';

/**
 * The public's and donors' answers are computed once per release and kept (features/releases/release-cache.ts);
 * a coordinator's are live, computed at every call.
 */
function perRelease<T>(ctx: Context, what: string, input: unknown, compute: () => Promise<T>): Promise<T> {
  const audience = viewerOf(ctx.user);
  return audience ? cachedByRelease(ctx, { audience, what, params: JSON.stringify(input) }, compute) : compute();
}

export const metricsRouter = router({
  summary: publicProcedure
    .input(summaryInput)
    .output(checkedBy(metricsSummarySchema))
    .query(({ ctx, input }) => perRelease(ctx, 'metrics.summary', input, () => metrics.summary(ctx.db, ctx.user, input))),
  trend: publicProcedure
    .input(trendInput)
    .output(checkedBy(metricsTrendSchema))
    .query(({ ctx, input }) => perRelease(ctx, 'metrics.trend', input, () => metrics.trend(ctx.db, ctx.user, input))),
  breakdown: publicProcedure
    .input(breakdownInput)
    .output(checkedBy(metricsBreakdownSchema))
    .query(({ ctx, input }) => perRelease(ctx, 'metrics.breakdown', input, () => metrics.breakdown(ctx.db, ctx.user, input))),
  organizations: roleProcedure('donor', 'coordinator')
    .input(metricsOrganizationsInput)
    .output(checkedBy(metricsOrganizationsSchema))
    .query(({ ctx, input }) => perRelease(ctx, 'metrics.organizations', input, () => metrics.organizations(ctx.db, ctx.user, input))),
  ownComparison: authedProcedure
    .input(ownComparisonInput)
    .output(checkedBy(ownComparisonSchema))
    .query(({ ctx, input }) => metrics.ownComparison(ctx.db, ctx.user, input)),
  /** One release's figures as published (public: the reader's own audience's cells). */
  release: publicProcedure
    .input(releaseFiguresInput)
    .output(checkedBy(releaseFiguresSchema))
    .query(({ ctx, input }) => metrics.releaseFigures(ctx.db, ctx.user, input)),
});
