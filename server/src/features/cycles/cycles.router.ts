import { cycleReportCountsInput, cycleReportCountsSchema, cycleUpsertInput } from '@lpt/shared/schemas';
import { checkedBy, coordinatorProcedure, publicProcedure, router } from '../../trpc.ts';
import * as cycles from './cycles.service.ts';

export const cyclesRouter = router({
  /** Reporting years and deadlines are public: the dashboard's year picker uses them. */
  list: publicProcedure.query(({ ctx }) => cycles.listCycles(ctx.db)),
  /** A year's reports by status, for the coordinator's close and open confirmations. */
  reportCounts: coordinatorProcedure
    .input(cycleReportCountsInput)
    .output(checkedBy(cycleReportCountsSchema))
    .query(({ ctx, input }) => cycles.reportCounts(ctx.db, input.year)),
  upsert: coordinatorProcedure
    .input(cycleUpsertInput)
    .mutation(({ ctx, input }) => cycles.upsertCycle(ctx.db, ctx.user.id, input)),
});
