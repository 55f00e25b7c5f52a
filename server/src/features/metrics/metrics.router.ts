// The dashboard's figures. summary, trend and breakdown are public (anonymous callers get suppressed
// small numbers); every procedure has an output schema, so that only the documented fields leave.
import {
  metricsBreakdownSchema,
  metricsOrganizationsSchema,
  metricsSummarySchema,
  metricsTrendSchema,
  ownComparisonSchema,
} from '@lpt/shared/metrics';
import {
  breakdownInput,
  metricsOrganizationsInput,
  ownComparisonInput,
  summaryInput,
  trendInput,
} from '@lpt/shared/schemas';
import {
  publishReleaseInput,
  releasePreviewSchema,
  releaseRefSchema,
  releasesInput,
  releasesSchema,
  withheldCellsInput,
  withheldCellsSchema,
} from '@lpt/shared/releases';
import type { z } from 'zod';
import { authedProcedure, publicProcedure, roleProcedure, router } from '../../trpc.ts';
import * as releases from '../releases/releases.service.ts';
import * as metrics from './metrics.service.ts';

/**
 * An output schema checked with zod's synchronous parse. Given a zod schema, tRPC calls parseAsync, which
 * skips zod's compiled fast path for objects: on these outputs (a trend is nine summaries of some eighty
 * figures) that made the check several times slower, for nothing, as no schema here is asynchronous.
 */
const checkedBy = <S extends z.ZodType>(schema: S) =>
  // The schema rides along for the API document (server/src/http/openapi.ts).
  Object.assign((value: unknown): z.output<S> => schema.parse(value), { schema });

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
  /** Every release (public: every released figure says which release it is from). */
  releases: publicProcedure
    .input(releasesInput)
    .output(checkedBy(releasesSchema))
    .query(({ ctx, input }) => releases.listReleases(ctx.db, ctx.user, input.year)),
  previewRelease: roleProcedure('coordinator')
    .input(publishReleaseInput)
    .output(checkedBy(releasePreviewSchema))
    .query(({ ctx, input }) => releases.previewRelease(ctx.db, input.year)),
  publishRelease: roleProcedure('coordinator')
    .input(publishReleaseInput)
    .output(checkedBy(releaseRefSchema))
    .mutation(({ ctx, input }) => releases.publishRelease(ctx.db, ctx.user.id, input.year)),
  withheldCells: roleProcedure('coordinator')
    .input(withheldCellsInput)
    .output(checkedBy(withheldCellsSchema))
    .query(({ ctx, input }) => releases.withheldCells(ctx.db, input.releaseId, input.viewer)),
});
