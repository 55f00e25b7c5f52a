import { changePasswordInput, loginInput, requestPasswordResetInput, resetPasswordInput, setLocaleInput, setRemindersInput } from '@lpt/shared/schemas';
import { confirmTwoFactorInput, disableTwoFactorInput, startTwoFactorInput, verifySecondFactorInput } from '@lpt/shared/schemas';
import { TRPCError } from '@trpc/server';
import { authedProcedure, publicProcedure, router } from '../../trpc.ts';
import * as auth from './auth.service.ts';
import * as twoFactor from './two-factor.service.ts';
import * as passwordReset from './password-reset.service.ts';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const result = await auth.login(ctx.db, input, ctx.clientAddress, ctx.user?.sessionId ?? null);
    // With two-factor, no session yet: the answer carries the pending sign-in for the second step.
    if (result.status !== 'signed_in') return { status: result.status, pendingToken: result.pendingToken, user: null };
    ctx.setSessionCookie(result.token, result.expiresAt);
    return { status: result.status, pendingToken: null, user: result.user };
  }),
  /** The second step of a sign-in with two-factor on: a TOTP code or a recovery code. */
  verifySecondFactor: publicProcedure.input(verifySecondFactorInput).mutation(async ({ ctx, input }) => {
    const result = await auth.verifySecondFactor(ctx.db, input, ctx.clientAddress, ctx.user?.sessionId ?? null);
    ctx.setSessionCookie(result.token, result.expiresAt);
    return { user: result.user };
  }),
  /** Starts an enrolment: the signed-in account's, or, with `pendingToken`, a sign-in's that must enrol first. */
  startTwoFactor: publicProcedure.input(startTwoFactorInput).mutation(({ ctx, input }) => {
    if (input.pendingToken) return auth.startEnrolmentAtSignIn(ctx.db, input.pendingToken);
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
    return twoFactor.startEnrolment(ctx.db, ctx.user.id);
  }),
  /** Turns two-factor on with a code from the new secret; answers the recovery codes, shown only here. */
  confirmTwoFactor: publicProcedure.input(confirmTwoFactorInput).mutation(async ({ ctx, input }) => {
    const { pendingToken, code } = input;
    if (pendingToken) {
      const result = await auth.confirmEnrolmentAtSignIn(ctx.db, { pendingToken, code }, ctx.clientAddress, ctx.user?.sessionId ?? null);
      ctx.setSessionCookie(result.token, result.expiresAt);
      return { recoveryCodes: result.recoveryCodes, user: result.user };
    }
    const user = ctx.user;
    if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
    const result = await ctx.db.transaction().execute((trx) => twoFactor.confirmEnrolment(trx, user.id, code));
    return { recoveryCodes: result.recoveryCodes, user: auth.publicUser(user) };
  }),
  disableTwoFactor: authedProcedure
    .input(disableTwoFactorInput)
    .mutation(({ ctx, input }) => twoFactor.disableTwoFactor(ctx.db, ctx.user.id, input.currentPassword)),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await auth.logout(ctx.db, ctx.user.sessionId);
    ctx.setSessionCookie(null);
    return { ok: true as const };
  }),
  me: publicProcedure.query(({ ctx }) => (ctx.user ? auth.publicUser(ctx.user) : null)),
  setLocale: authedProcedure.input(setLocaleInput).mutation(async ({ ctx, input }) => {
    await auth.setLocale(ctx.db, ctx.user, input.locale);
    return { locale: input.locale };
  }),
  settings: authedProcedure.query(({ ctx }) => auth.accountSettings(ctx.db, ctx.user)),
  setReminders: authedProcedure
    .input(setRemindersInput)
    .mutation(({ ctx, input }) => auth.setReminders(ctx.db, ctx.user, input.enabled)),
  /** The same answer whether or not the address has an account. */
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .mutation(({ ctx, input }) => passwordReset.requestPasswordReset(ctx.db, input.email)),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ ctx, input }) => passwordReset.resetPassword(ctx.db, input)),
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const session = await auth.changePassword(ctx.db, ctx.user, input);
    ctx.setSessionCookie(session.token, session.expiresAt);
    return { ok: true as const };
  }),
});
