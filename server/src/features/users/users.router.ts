import { invitationInput, userCreateInput, userInviteInput, userIssuePasswordResetInput, userLiftSignInLimitsInput, userResetTwoFactorInput, userUpdateInput } from '@lpt/shared/schemas';
import { coordinatorProcedure, router } from '../../trpc.ts';
import { issuePasswordReset } from '../auth/password-reset.service.ts';
import { resetTwoFactor } from '../auth/two-factor.service.ts';
import * as invitations from './invitations.service.ts';
import * as users from './users.service.ts';

export const usersRouter = router({
  list: coordinatorProcedure.query(({ ctx }) => users.listUsers(ctx.db)),
  create: coordinatorProcedure
    .input(userCreateInput)
    .mutation(({ ctx, input }) => users.createUser(ctx.db, ctx.user.id, input)),
  /** Invites a person by e-mail: they set their own password from the link (auth.resetPassword accepts it). */
  invite: coordinatorProcedure
    .input(userInviteInput)
    .mutation(({ ctx, input }) => invitations.inviteUser(ctx.db, ctx.user.id, input)),
  invitations: coordinatorProcedure.query(({ ctx }) => invitations.listPendingInvitations(ctx.db)),
  /** A fresh link; the earlier ones stop working. */
  resendInvitation: coordinatorProcedure
    .input(invitationInput)
    .mutation(({ ctx, input }) => invitations.resendInvitation(ctx.db, ctx.user.id, input)),
  withdrawInvitation: coordinatorProcedure
    .input(invitationInput)
    .mutation(({ ctx, input }) => invitations.withdrawInvitation(ctx.db, ctx.user.id, input)),
  update: coordinatorProcedure
    .input(userUpdateInput)
    .mutation(({ ctx, input }) => users.updateUser(ctx.db, ctx.user.id, input)),
  liftSignInLimits: coordinatorProcedure
    .input(userLiftSignInLimitsInput)
    .mutation(({ ctx, input }) => users.liftSignInLimits(ctx.db, ctx.user.id, input)),
  /** Mails the account a password reset link (to its own address). */
  issuePasswordReset: coordinatorProcedure
    .input(userIssuePasswordResetInput)
    .mutation(({ ctx, input }) => issuePasswordReset(ctx.db, ctx.user.id, input.id)),
  /** Turns another account's two-factor sign-in off (a lost phone and lost codes); audited. */
  resetTwoFactor: coordinatorProcedure
    .input(userResetTwoFactorInput)
    .mutation(({ ctx, input }) => resetTwoFactor(ctx.db, ctx.user.id, input.id)),
});
