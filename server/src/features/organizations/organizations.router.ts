import { idSchema, organizationCreateInput, organizationListInput, organizationUpdateInput } from '@lpt/shared/schemas';
import { z } from 'zod';
import { authedProcedure, coordinatorProcedure, router } from '../../trpc.ts';
import * as organizations from './organizations.service.ts';

export const organizationsRouter = router({
  /** The list of signatories is part of the pledge's public record; any signed-in user may read it. */
  list: authedProcedure
    .input(organizationListInput)
    .query(({ ctx, input }) => organizations.listOrganizations(ctx.db, ctx.user, input ?? {})),
  get: authedProcedure
    .input(z.strictObject({ id: idSchema }))
    .query(({ ctx, input }) => organizations.getOrganization(ctx.db, ctx.user, input.id)),
  create: coordinatorProcedure
    .input(organizationCreateInput)
    .mutation(({ ctx, input }) => organizations.createOrganization(ctx.db, ctx.user, input)),
  update: coordinatorProcedure
    .input(organizationUpdateInput)
    .mutation(({ ctx, input }) => organizations.updateOrganization(ctx.db, ctx.user, input)),
});
