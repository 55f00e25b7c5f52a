// "Forgot your password?": the address, checked with the schema the server uses; the answer is the same
// whether or not it has an account (the server says nothing more), so this page says so too.
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { requestPasswordResetInput } from '@lpt/shared/schemas';
import { codedResolver } from '../../lib/codedResolver.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { FormField, submitWithServerErrors, FormServerError } from '../../ui/FormField.tsx';
import './auth.css';

type Values = z.infer<typeof requestPasswordResetInput>;

export default function ForgotPasswordPage() {
  const { t } = useTranslation(['auth', 'validation']);
  usePageTitle(t('auth:forgot.title'));
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const form = useForm<Values>({ resolver: codedResolver(requestPasswordResetInput), defaultValues: { email: '' } });
  const errors = form.formState.errors;
  const onSubmit = submitWithServerErrors(form, ['email'], async (values) => {
    await request.mutateAsync(values);
  });

  return (
    <section className="page page--narrow auth-page">
      <div className="card auth-card">
        <h1>{t('auth:forgot.title')}</h1>
        {request.isSuccess ? (
          <p className="alert alert--success" role="status">
            {t('auth:forgot.sent', { email: form.getValues('email') })}
          </p>
        ) : (
          <>
            <p className="muted">{t('auth:forgot.lead')}</p>
            <form noValidate className="form" onSubmit={(e) => void onSubmit(e)}>
              <FormField id="forgot-email" label={t('auth:email')} error={errors.email}>
                <input type="email" autoComplete="username" {...form.register('email')} />
              </FormField>
              <FormServerError errors={errors} />
              <button type="submit" className="button button--primary button--block" disabled={form.formState.isSubmitting}>
                {t('auth:forgot.submit')}
              </button>
            </form>
          </>
        )}
        <p>
          <Link className="auth-card__link" to="/login">{t('auth:backToSignIn')}</Link>
        </p>
      </div>
    </section>
  );
}
