import { changePasswordInput, loginInput, requestPasswordResetInput, resetPasswordInput, setLocaleInput, setRemindersInput } from '@lpt/shared/schemas';
import { confirmEnrolmentAtSignInInput, confirmTwoFactorInput, disableTwoFactorInput, startEnrolmentAtSignInInput, verifySecondFactorInput } from '@lpt/shared/schemas';
import { createApiTokenInput, revokeApiTokenInput } from '@lpt/shared/schemas';
import { authedProcedure, publicProcedure, roleProcedure, router } from '../../trpc.ts';
import * as apiTokens from './api-tokens.service.ts';
import * as auth from './auth.service.ts';
import * as passwordReset from './password-reset.service.ts';
import * as twoFactor from './two-factor.service.ts';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const result = await auth.login(ctx.db, input, ctx.clientAddress, ctx.user?.sessionId ?? null);
    // With two-factor, no session yet: the answer carries the pending sign-in for the second step.
    if (result.status !== 'signed_in') return { status: result.status, pendingToken: result.pendingToken, user: null };
    ctx.setSessionCookie(result.token, result.expiresAt);
    return { status: result.status, pendingToken: null, user: result.user };
  }),
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
    .mutation(({ ctx, input }) => passwordReset.requestPasswordReset(ctx.db, input.email, ctx.clientAddress)),
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => passwordReset.resetPassword(ctx.db, input, ctx.clientAddress)),
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const session = await auth.changePassword(ctx.db, ctx.user, input);
    ctx.setSessionCookie(session.token, session.expiresAt);
    return { ok: true as const };
  }),
  /** The second step of a sign-in with two-factor on: a TOTP code or a recovery code. */
  verifySecondFactor: publicProcedure.input(verifySecondFactorInput).mutation(async ({ ctx, input }) => {
    const result = await auth.verifySecondFactor(ctx.db, input, ctx.clientAddress, ctx.user?.sessionId ?? null);
    ctx.setSessionCookie(result.token, result.expiresAt);
    return { user: result.user };
  }),
  /** Starts turning two-factor on: a new secret (as text, an otpauth:// URI and a QR code as SVG). */
  startTwoFactor: authedProcedure.mutation(({ ctx }) => twoFactor.startEnrolment(ctx.db, ctx.user.id)),
  /** Turns two-factor on with a code from the new secret; answers the recovery codes, shown only here. */
  confirmTwoFactor: authedProcedure
    .input(confirmTwoFactorInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => twoFactor.confirmEnrolment(trx, ctx.user.id, input.code))),
  /** When two-factor is required and not on: the enrolment that is all a pending sign-in reaches. */
  startEnrolmentAtSignIn: publicProcedure
    .input(startEnrolmentAtSignInInput)
    .mutation(({ ctx, input }) => auth.startEnrolmentAtSignIn(ctx.db, input.pendingToken)),
  /** Its confirmation turns two-factor on and completes the sign-in; answers the recovery codes. */
  confirmEnrolmentAtSignIn: publicProcedure.input(confirmEnrolmentAtSignInInput).mutation(async ({ ctx, input }) => {
    const result = await auth.confirmEnrolmentAtSignIn(ctx.db, input, ctx.clientAddress, ctx.user?.sessionId ?? null);
    ctx.setSessionCookie(result.token, result.expiresAt);
    return { recoveryCodes: result.recoveryCodes, user: result.user };
  }),
  disableTwoFactor: authedProcedure
    .input(disableTwoFactorInput)
    .mutation(({ ctx, input }) => twoFactor.disableTwoFactor(ctx.db, ctx.user.id, input.currentPassword)),
  /** The caller's own API tokens (never another person's): name, dates, revoked or not; never the token. */
  apiTokens: roleProcedure('donor', 'coordinator').query(({ ctx }) => apiTokens.listApiTokens(ctx.db, ctx.user)),
  /** A new read-only API token of the caller's: its text is in this answer and nowhere else, ever. */
  createApiToken: roleProcedure('donor', 'coordinator')
    .input(createApiTokenInput)
    .mutation(({ ctx, input }) => apiTokens.createApiToken(ctx.db, ctx.user, input)),
  /** Revokes one of the caller's own tokens; another person's is "no such token". */
  revokeApiToken: roleProcedure('donor', 'coordinator')
    .input(revokeApiTokenInput)
    .mutation(({ ctx, input }) => apiTokens.revokeApiToken(ctx.db, ctx.user, input.id)),
});
