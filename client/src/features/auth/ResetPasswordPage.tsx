// The page a reset link opens (/reset-password?token=…): a new password, checked with the schema the server
// uses; a link that is invalid, expired or already used is said so, with the way to ask for a new one.
// An invitation's link (/accept-invitation?token=…, AcceptInvitationPage.tsx) is the same kind of link on an
// account without a password yet: the same form sets the first password, in the words of a welcome.
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { PASSWORD_MIN, resetPasswordInput } from '@lpt/shared/schemas';
import { codedResolver } from '../../lib/codedResolver.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { ErrorText, FormField, submitWithServerErrors, FormServerError } from '../../ui/FormField.tsx';
import './auth.css';

type Values = z.infer<typeof resetPasswordInput>;

export default function ResetPasswordPage() {
  return <PasswordLinkPage purpose="reset" />;
}

export function PasswordLinkPage({ purpose }: { purpose: 'reset' | 'invitation' }) {
  const { t } = useTranslation(['auth', 'validation']);
  const invitation = purpose === 'invitation';
  const title = invitation ? t('auth:invitation.title') : t('auth:reset.title');
  usePageTitle(title);
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const form = useForm<Values>({
    resolver: codedResolver(resetPasswordInput),
    defaultValues: { token: params.get('token') ?? '', newPassword: '' },
  });
  const errors = form.formState.errors;
  const onSubmit = submitWithServerErrors(form, ['token', 'newPassword'], async (values) => {
    await reset.mutateAsync(values);
  });

  return (
    <section className="page page--narrow auth-page">
      <div className="card auth-card">
        <h1>{title}</h1>
        {reset.isSuccess ? (
          <>
            <p className="alert alert--success" role="status">
              {invitation ? t('auth:invitation.done') : t('auth:reset.done')}
            </p>
            <p>
              <Link className="auth-card__link" to="/login">{invitation ? t('auth:invitation.signIn') : t('auth:reset.signIn')}</Link>
            </p>
          </>
        ) : (
          <form noValidate className="form" onSubmit={(e) => void onSubmit(e)}>
            {invitation ? <p>{t('auth:invitation.lead')}</p> : null}
            <input type="hidden" {...form.register('token')} />
            {errors.token ? (
              <div className="alert alert--error" role="alert" id="reset-token-error">
                {/* An invitation is sent again by the secretariat, not asked for on the sign-in page. */}
                {invitation ? (
                  t('auth:invitation.invalid')
                ) : (
                  <>
                    <ErrorText error={errors.token} /> <Link to="/forgot-password">{t('auth:reset.askAgain')}</Link>
                  </>
                )}
              </div>
            ) : null}
            <FormField
              id="reset-password"
              label={invitation ? t('auth:invitation.password') : t('auth:reset.newPassword')}
              hint={t('auth:reset.hint', { min: PASSWORD_MIN })}
              error={errors.newPassword}
            >
              <input type="password" autoComplete="new-password" {...form.register('newPassword')} />
            </FormField>
            <FormServerError errors={errors} />
            <button type="submit" className="button button--primary button--block" disabled={form.formState.isSubmitting}>
              {invitation ? t('auth:invitation.submit') : t('auth:reset.submit')}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
