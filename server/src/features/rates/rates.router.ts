import { rateListInput, rateUpsertInput } from '@lpt/shared/schemas';
import { authedProcedure, coordinatorProcedure, router } from '../../trpc.ts';
import * as rates from './rates.service.ts';

export const ratesRouter = router({
  list: authedProcedure.input(rateListInput).query(({ ctx, input }) => rates.listRates(ctx.db, input?.year)),
  upsert: coordinatorProcedure
    .input(rateUpsertInput)
    .mutation(({ ctx, input }) => rates.upsertRate(ctx.db, ctx.user.id, input)),
});
