import { outboxGetInput, outboxListInput, remindNowInput } from '@lpt/shared/schemas';
import { coordinatorProcedure, router } from '../../trpc.ts';
import * as outbox from './outbox.service.ts';

/** The coordinators' view of every e-mail, and their "send a reminder now". */
export const outboxRouter = router({
  list: coordinatorProcedure.input(outboxListInput).query(({ ctx, input }) => outbox.listMessages(ctx.db, input)),
  get: coordinatorProcedure.input(outboxGetInput).query(({ ctx, input }) => outbox.getMessage(ctx.db, input.id)),
  remindNow: coordinatorProcedure.input(remindNowInput).mutation(({ ctx, input }) => outbox.remindNow(ctx.db, input)),
});
