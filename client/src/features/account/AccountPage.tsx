// The signed-in person's own settings: reminders by e-mail on or off (coordinators see the choice on the
// Users page), two-factor sign-in, and (donors and coordinators) personal API tokens. The interface language
// is chosen in the header's language menu.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useController, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { disableTwoFactorInput, setRemindersInput } from '@lpt/shared/schemas';
import { codedResolver } from '../../lib/codedResolver.ts';
import { useMe } from '../../lib/session.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { ErrorText, FormField, FormStatus, submitWithServerErrors, FormServerError } from '../../ui/FormField.tsx';
import { QueryStatus } from '../../ui/QueryStatus.tsx';
import { TwoFactorSetup } from '../../ui/TwoFactorSetup.tsx';
import { ApiTokensSection } from './ApiTokensSection.tsx';
import './account.css';

type ReminderValues = z.infer<typeof setRemindersInput>;
type DisableValues = z.infer<typeof disableTwoFactorInput>;

export default function AccountPage() {
  const { t } = useTranslation(['account', 'validation']);
  usePageTitle(t('account:title'));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user } = useMe();
  const settings = useQuery(trpc.auth.settings.queryOptions());
  const save = useMutation(trpc.auth.setReminders.mutationOptions());
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<ReminderValues>({ resolver: codedResolver(setRemindersInput), defaultValues: { enabled: true } });
  const errors = form.formState.errors;
  const { field: enabled } = useController({ control: form.control, name: 'enabled' });

  useEffect(() => {
    if (settings.data) form.reset({ enabled: settings.data.remindersEnabled });
  }, [settings.data, form]);

  const onSubmit = submitWithServerErrors(form, ['enabled'], async (values) => {
    await save.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.auth.settings.queryKey() });
    setMessage(values.enabled ? t('account:remindersOn') : t('account:remindersOff'));
  });

  return (
    <div className="account-page">
      <header className="page-header">
        <div>
          <h1>{t('account:title')}</h1>
          {user ? <p>{t('account:signedInAs', { name: user.name, email: user.email })}</p> : null}
        </div>
      </header>
      <section className="card" aria-labelledby="reminders-title">
        <h2 id="reminders-title">{t('account:reminders')}</h2>
        <p>{user?.role === 'signatory' ? t('account:remindersIntro') : t('account:remindersOtherRoles')}</p>
        <QueryStatus query={settings} />
        <FormStatus message={message} />
        {settings.data ? (
          <form noValidate onSubmit={(e) => void onSubmit(e)}>
            <label className="choice">
              <input
                type="checkbox"
                name={enabled.name}
                ref={enabled.ref}
                checked={enabled.value}
                onChange={(e) => enabled.onChange(e.target.checked)}
                onBlur={enabled.onBlur}
                aria-describedby={errors.enabled ? 'reminders-error' : undefined}
              />
              {t('account:remindersLabel')}
            </label>
            {errors.enabled ? (
              <p id="reminders-error" className="field__error">
                <ErrorText error={errors.enabled} />
              </p>
            ) : null}
            <FormServerError errors={errors} />
            <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
              {t('account:save')}
            </button>
          </form>
        ) : null}
      </section>
      <TwoFactorSection />
      {user?.role === 'donor' || user?.role === 'coordinator' ? <ApiTokensSection /> : null}
    </div>
  );
}

/** Two-factor sign-in: turned on with a code from an authenticator app; turned off with the password. */
function TwoFactorSection() {
  const { t } = useTranslation(['account', 'validation']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.auth.settings.queryOptions());
  const disable = useMutation(trpc.auth.disableTwoFactor.mutationOptions());
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<DisableValues>({ resolver: codedResolver(disableTwoFactorInput), defaultValues: { currentPassword: '' } });
  const errors = form.formState.errors;

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.settings.queryKey() });
  const onDisable = submitWithServerErrors(form, ['currentPassword'], async (values) => {
    await disable.mutateAsync(values);
    form.reset({ currentPassword: '' });
    await refresh();
    setMessage(t('account:twoFactor.turnedOff'));
  });

  const data = settings.data;
  return (
    <section className="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t('account:twoFactor.title')}</h2>
      <p>{t('account:twoFactor.intro')}</p>
      {data?.twoFactorRequired ? <p>{t('account:twoFactor.required')}</p> : null}
      <FormStatus message={message} />
      {!data ? null : data.twoFactorEnabled ? (
        <>
          <p>
            <span className="badge badge--approved">{t('account:twoFactor.on')}</span>{' '}
            {t('account:twoFactor.codesLeft', { count: data.recoveryCodesLeft })}
          </p>
          {data.twoFactorRequired ? null : (
            <form noValidate onSubmit={(e) => void onDisable(e)}>
              <FormField id="two-factor-password" label={t('account:twoFactor.passwordToTurnOff')} error={errors.currentPassword}>
                <input type="password" autoComplete="current-password" {...form.register('currentPassword')} />
              </FormField>
              <FormServerError errors={errors} />
              <button type="submit" className="button" disabled={form.formState.isSubmitting}>
                {t('account:twoFactor.turnOff')}
              </button>
            </form>
          )}
        </>
      ) : (
        <TwoFactorSetup
          onDone={() => {
            setMessage(t('account:twoFactor.turnedOn'));
            void refresh();
          }}
        />
      )}
    </section>
  );
}
