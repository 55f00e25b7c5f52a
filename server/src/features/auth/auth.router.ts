import { changePasswordInput, loginInput, requestPasswordResetInput, resetPasswordInput, setLocaleInput, setRemindersInput } from '@lpt/shared/schemas';
import { authedProcedure, publicProcedure, router } from '../../trpc.ts';
import * as auth from './auth.service.ts';
import * as passwordReset from './password-reset.service.ts';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const result = await auth.login(ctx.db, input, ctx.clientAddress, ctx.user?.sessionId ?? null);
    ctx.setSessionCookie(result.token, result.expiresAt);
    return { user: result.user };
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
});
