import { z } from 'zod';
import { coordinatorProcedure, router } from '../../trpc.ts';
import { listAudit } from './audit.queries.ts';

export const auditRouter = router({
  /** The change log of organisations, users, cycles, rates and report imports (read-only: there is no way to edit it). */
  list: coordinatorProcedure
    .input(
      z
        .strictObject({
          entity: z.enum(['organization', 'user', 'cycle', 'rate', 'import']).optional(),
          entityKey: z.string().max(50).optional(),
          limit: z.number().int().min(1).max(500).default(100),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listAudit(ctx.db, { limit: 100, ...input })),
});
