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
import { authedProcedure, checkedBy, publicProcedure, roleProcedure, router } from '../../trpc.ts';
import * as metrics from './metrics.service.ts';

export const metricsRouter = router({
  summary: publicProcedure
    .input(summaryInput)
    .output(checkedBy(metricsSummarySchema))
    .query(({ ctx, input }) => metrics.summary(ctx.db, ctx.user, input)),
  trend: publicProcedure
    .input(trendInput)
    .output(checkedBy(metricsTrendSchema))
    .query(({ ctx, input }) => metrics.trend(ctx.db, ctx.user, input)),
  breakdown: publicProcedure
    .input(breakdownInput)
    .output(checkedBy(metricsBreakdownSchema))
    .query(({ ctx, input }) => metrics.breakdown(ctx.db, ctx.user, input)),
  organizations: roleProcedure('donor', 'coordinator')
    .input(metricsOrganizationsInput)
    .output(checkedBy(metricsOrganizationsSchema))
    .query(({ ctx, input }) => metrics.organizations(ctx.db, ctx.user, input)),
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
