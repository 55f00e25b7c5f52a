import { z } from 'zod';
import {
  assignReportInput,
  complianceInput,
  correctionsInput,
  reopenInput,
  reportKeyInput,
  reportListInput,
  replyToCommentInput,
  reviewInput,
  reviewQueueInput,
  saveDraftInput,
  submitInput,
} from '@lpt/shared/schemas';
import { coordinatorProcedure, publicProcedure, roleProcedure, router } from '../../trpc.ts';
import * as reports from './reports.service.ts';

/** Signatories (own organisation only, checked in the service) and coordinators. */
const reportProcedure = roleProcedure('signatory', 'coordinator');

/** What the public corrections log may show, and nothing more. */
const correctionsOutput = z.array(
  z.strictObject({
    year: z.number(),
    organizationName: z.string(),
    reopenedAt: z.string(),
    reason: z.string(),
    reapproved: z.boolean(),
    reapprovedAt: z.string().nullable(),
  }),
);

export const reportsRouter = router({
  get: reportProcedure.input(reportKeyInput).query(({ ctx, input }) => reports.getReport(ctx.db, ctx.user, input)),
  list: reportProcedure
    .input(reportListInput)
    .query(({ ctx, input }) => reports.listReports(ctx.db, ctx.user, input ?? {})),
  saveDraft: reportProcedure.input(saveDraftInput).mutation(({ ctx, input }) => reports.saveDraft(ctx.db, ctx.user, input)),
  submit: reportProcedure.input(submitInput).mutation(({ ctx, input }) => reports.submitReport(ctx.db, ctx.user, input)),
  /** The signatory's answer to one comment of the latest return. */
  replyToComment: reportProcedure.input(replyToCommentInput).mutation(({ ctx, input }) => reports.replyToComment(ctx.db, ctx.user, input)),
  review: coordinatorProcedure.input(reviewInput).mutation(({ ctx, input }) => reports.reviewReport(ctx.db, ctx.user, input)),
  reopen: coordinatorProcedure.input(reopenInput).mutation(({ ctx, input }) => reports.reopenReport(ctx.db, ctx.user, input)),
  history: reportProcedure.input(reportKeyInput).query(({ ctx, input }) => reports.reportHistory(ctx.db, ctx.user, input)),
  changesSinceLastSubmission: reportProcedure
    .input(reportKeyInput)
    .query(({ ctx, input }) => reports.changesSinceLastSubmission(ctx.db, ctx.user, input)),
  compliance: coordinatorProcedure.input(complianceInput).query(({ ctx, input }) => reports.compliance(ctx.db, input.year)),
  corrections: publicProcedure
    .input(correctionsInput)
    .output(correctionsOutput)
    .query(({ ctx, input }) => reports.corrections(ctx.db, ctx.user, input?.year)),
  /** The review desk's queue: filtered and sorted in SQL, with resubmissions, justifications and assignees marked. */
  queue: coordinatorProcedure.input(reviewQueueInput).query(({ ctx, input }) => reports.reviewQueue(ctx.db, ctx.user, input)),
  /** The active coordinators a report can be assigned to. */
  reviewers: coordinatorProcedure.query(({ ctx }) => reports.reviewers(ctx.db)),
  assign: coordinatorProcedure.input(assignReportInput).mutation(({ ctx, input }) => reports.assignReport(ctx.db, ctx.user, input)),
});
