// Releases of a year's figures: anyone lists them (every released figure says which release it is from);
// coordinators preview the next one, publish it and read why each cell of a release is withheld.
import {
  publishReleaseInput,
  releasePreviewSchema,
  releaseRefSchema,
  releasesInput,
  releasesSchema,
  withheldCellsInput,
  withheldCellsSchema,
} from '@lpt/shared/releases';
import { checkedBy, publicProcedure, roleProcedure, router } from '../../trpc.ts';
import * as releases from './releases.service.ts';

export const releasesRouter = router({
  /** Every release, newest first (public). */
  list: publicProcedure
    .input(releasesInput)
    .output(checkedBy(releasesSchema))
    .query(({ ctx, input }) => releases.listReleases(ctx.db, ctx.user, input.year)),
  preview: roleProcedure('coordinator')
    .input(publishReleaseInput)
    .output(checkedBy(releasePreviewSchema))
    .query(({ ctx, input }) => releases.previewRelease(ctx.db, input.year)),
  publish: roleProcedure('coordinator')
    .input(publishReleaseInput)
    .output(checkedBy(releaseRefSchema))
    .mutation(({ ctx, input }) => releases.publishRelease(ctx.db, ctx.user.id, input.year)),
  withheldCells: roleProcedure('coordinator')
    .input(withheldCellsInput)
    .output(checkedBy(withheldCellsSchema))
    .query(({ ctx, input }) => releases.withheldCells(ctx.db, input.releaseId, input.viewer)),
});
