import { rateListInput, rateRemoveInput, rateRemoveOutputSchema, rateUpsertInput } from '@lpt/shared/schemas';
import { authedProcedure, checkedBy, coordinatorProcedure, router } from '../../trpc.ts';
import * as rates from './rates.service.ts';

export const ratesRouter = router({
  list: authedProcedure.input(rateListInput).query(({ ctx, input }) => rates.listRates(ctx.db, input?.year)),
  /** Which currencies reports use without a rate for their year: the report cannot be counted until one is added. */
  missing: coordinatorProcedure.query(({ ctx }) => rates.missingRates(ctx.db)),
  upsert: coordinatorProcedure
    .input(rateUpsertInput)
    .mutation(({ ctx, input }) => rates.upsertRate(ctx.db, ctx.user.id, input)),
  /** Removes a rate no approved report converts with; otherwise refuses, naming those reports' organisations. */
  remove: coordinatorProcedure
    .input(rateRemoveInput)
    .output(checkedBy(rateRemoveOutputSchema))
    .mutation(({ ctx, input }) => rates.removeRate(ctx.db, ctx.user.id, input)),
});
