import { auditListInput } from '@lpt/shared/schemas';
import { coordinatorProcedure, router } from '../../trpc.ts';
import * as audit from './audit.service.ts';

export const auditRouter = router({
  /** The change log of organisations, users, cycles, rates, report imports, review decisions and releases (read-only: there is no way to edit it), newest first. */
  list: coordinatorProcedure.input(auditListInput).query(({ ctx, input }) => audit.listAudit(ctx.db, input)),
});
