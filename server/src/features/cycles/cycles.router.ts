import { cycleUpsertInput } from '@lpt/shared/schemas';
import { coordinatorProcedure, publicProcedure, router } from '../../trpc.ts';
import * as cycles from './cycles.service.ts';

export const cyclesRouter = router({
  /** Reporting years and deadlines are public: the dashboard's year picker uses them. */
  list: publicProcedure.query(({ ctx }) => cycles.listCycles(ctx.db)),
  upsert: coordinatorProcedure
    .input(cycleUpsertInput)
    .mutation(({ ctx, input }) => cycles.upsertCycle(ctx.db, ctx.user.id, input)),
});
