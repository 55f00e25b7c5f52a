// Sign-in. react-hook-form checks the fields with the same zod schema the server uses (loginInput),
// shows each message beside its field and takes the keyboard to the first one; the server's answer
// (wrong password, too many attempts) is the form's own alert. With two-factor sign-in, the password leads to
// a second step: a code from the authenticator app (or a recovery code), or, when the secretariat requires
// two-factor and the account has none yet, its enrolment.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { PendingSignInPurpose } from '@lpt/shared/enums';
import { loginInput, verifySecondFactorInput } from '@lpt/shared/schemas';
import { codedResolver } from '../../lib/codedResolver.ts';
import { homeOf, useMe, type CurrentUser } from '../../lib/session.ts';
import { errorCodeOf, errorMessageOf, issuesOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { FormField, FormServerError, submitWithServerErrors } from '../../ui/FormField.tsx';
import { TwoFactorSetup } from '../../ui/TwoFactorSetup.tsx';
import './auth.css';

type LoginValues = z.infer<typeof loginInput>;
const secondFactorInput = verifySecondFactorInput.pick({ code: true });
type SecondFactorValues = z.infer<typeof secondFactorInput>;
interface PendingSignIn {
  status: PendingSignInPurpose;
  pendingToken: string;
}

/** Only same-site paths are followed after sign-in (never "//evil.example"). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation(['auth', 'validation']);
  usePageTitle(t('auth:title'));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { user } = useMe();
  const form = useForm<LoginValues>({ resolver: codedResolver<LoginValues>(loginInput), defaultValues: { email: '', password: '' } });
  const { errors } = form.formState;
  const [pending, setPending] = useState<PendingSignIn | null>(null);

  const signedIn = async (signedInUser: CurrentUser) => {
    // Answers cached before signing in were for the public; fetch them again with the session.
    queryClient.removeQueries();
    queryClient.setQueryData(trpc.auth.me.queryKey(), signedInUser);
    await navigate(next ?? homeOf(signedInUser.role), { replace: true });
  };

  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async (answer) => {
        if (answer.user) await signedIn(answer.user);
        else if (answer.pendingToken) setPending({ status: answer.status, pendingToken: answer.pendingToken });
      },
      onError: (error) => {
        let first = true;
        for (const issue of issuesOf(error))
          if ((issue.field === 'email' || issue.field === 'password') && !form.getFieldState(issue.field).error) {
            form.setError(issue.field, { type: 'server', message: issue.code, types: issue.params as Record<string, string> }, { shouldFocus: first });
            first = false;
          }
      },
    }),
  );

  if (user && !login.isPending && !login.isSuccess) return <Navigate to={next ?? homeOf(user.role)} replace />;

  const onSubmit = form.handleSubmit(
    (values) => login.mutate(values),
    () => login.reset(),
  );

  const failure = login.isError && !errors.email && !errors.password ? errorCodeOf(login.error) : undefined;
  const serverMessage =
    failure === undefined
      ? null
      : failure === 'UNAUTHORIZED'
        ? t('auth:wrongCredentials')
        : failure === 'TOO_MANY_REQUESTS'
          ? t('auth:tooManyAttempts')
          : errorMessageOf(login.error, t);

  if (pending)
    return (
      <section className="page page--narrow auth-page">
        <div className="card auth-card">
          {pending.status === 'second_factor' ? (
            <SecondFactorStep pendingToken={pending.pendingToken} onSignedIn={(u) => void signedIn(u)} onRestart={() => setPending(null)} />
          ) : (
            <>
              <h1>{t('auth:twoFactor.enrolTitle')}</h1>
              <p>{t('auth:twoFactor.enrolLead')}</p>
              <TwoFactorSetup pendingToken={pending.pendingToken} onDone={(result) => result.user && void signedIn(result.user)} />
            </>
          )}
        </div>
      </section>
    );

  return (
    <section className="page page--narrow auth-page">
      <div className="card auth-card">
        <h1>{t('auth:title')}</h1>
        <p className="muted">{t('auth:lead')}</p>
        {serverMessage ? (
          <div className="alert alert--error" role="alert">
            {serverMessage}
          </div>
        ) : null}
        <form noValidate onSubmit={(e) => void onSubmit(e)} className="form">
          <FormField id="login-email" label={t('auth:email')} error={errors.email}>
            <input type="email" autoComplete="username" required {...form.register('email')} />
          </FormField>
          <FormField id="login-password" label={t('auth:password')} error={errors.password}>
            <input type="password" autoComplete="current-password" required {...form.register('password')} />
          </FormField>
          <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
            {login.isPending ? t('auth:signingIn') : t('auth:submit')}
          </button>
        </form>
        <p>
          <Link className="auth-card__link" to="/forgot-password">{t('auth:forgotLink')}</Link>
        </p>
      </div>
    </section>
  );
}

/** The second step: a code from the authenticator app, or one of the recovery codes. */
function SecondFactorStep({
  pendingToken,
  onSignedIn,
  onRestart,
}: {
  pendingToken: string;
  onSignedIn: (user: CurrentUser) => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation(['auth', 'validation']);
  const trpc = useTRPC();
  const verify = useMutation(trpc.auth.verifySecondFactor.mutationOptions());
  const form = useForm<SecondFactorValues>({ resolver: codedResolver(secondFactorInput), defaultValues: { code: '' } });
  const { errors } = form.formState;
  const onSubmit = submitWithServerErrors(form, ['code'], async (values) => {
    const { user } = await verify.mutateAsync({ pendingToken, code: values.code });
    onSignedIn(user);
  });
  return (
    <>
      <h1>{t('auth:twoFactor.title')}</h1>
      <p>{t('auth:twoFactor.lead')}</p>
      <FormServerError errors={errors} />
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="form">
        <FormField id="login-code" label={t('auth:twoFactor.code')} hint={t('auth:twoFactor.hint')} error={errors.code}>
          <input type="text" inputMode="text" autoComplete="one-time-code" autoCapitalize="none" spellCheck={false} maxLength={40} autoFocus {...form.register('code')} />
        </FormField>
        <button type="submit" className="button button--primary button--block" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? t('auth:signingIn') : t('auth:twoFactor.submit')}
        </button>
      </form>
      <p>
        <button type="button" className="button button--ghost" onClick={onRestart}>
          {t('auth:twoFactor.restart')}
        </button>
      </p>
    </>
  );
}
