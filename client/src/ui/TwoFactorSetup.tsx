// Turning on two-factor sign-in: a new secret as a QR code, as text in groups of four and as an otpauth://
// link; a code from the authenticator app confirms it; then the recovery codes, shown this once. Used on the
// Account page, and at sign-in when the secretariat requires two-factor and the account has none yet
// (`pendingToken`: the sign-in that passed its password).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { confirmTwoFactorInput } from '@lpt/shared/schemas';
import { codedResolver } from '../lib/codedResolver.ts';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../lib/trpc.ts';
import { FormField, FormServerError, submitWithServerErrors } from './FormField.tsx';
import './two-factor.css';

type CodeValues = z.infer<typeof confirmTwoFactorInput>;
/** The recovery codes, and at sign-in the account now signed in. */
type Enabled = RouterOutputs['auth']['confirmTwoFactor'] & { user?: RouterOutputs['auth']['confirmEnrolmentAtSignIn']['user'] };

interface Props {
  pendingToken?: string;
  /** After the recovery codes were shown and the person says they kept them. */
  onDone: (result: Enabled) => void;
}

export function TwoFactorSetup({ pendingToken, onDone }: Props) {
  const { t } = useTranslation(['account', 'validation']);
  const trpc = useTRPC();
  const startOwn = useMutation(trpc.auth.startTwoFactor.mutationOptions());
  const startAtSignIn = useMutation(trpc.auth.startEnrolmentAtSignIn.mutationOptions());
  const start = pendingToken ? startAtSignIn : startOwn;
  const confirmOwn = useMutation(trpc.auth.confirmTwoFactor.mutationOptions());
  const confirmAtSignIn = useMutation(trpc.auth.confirmEnrolmentAtSignIn.mutationOptions());
  const [enabled, setEnabled] = useState<Enabled | null>(null);
  const form = useForm<CodeValues>({ resolver: codedResolver(confirmTwoFactorInput), defaultValues: { code: '' } });
  const errors = form.formState.errors;

  const onSubmit = submitWithServerErrors(form, ['code'], async (values) => {
    setEnabled(pendingToken ? await confirmAtSignIn.mutateAsync({ pendingToken, code: values.code }) : await confirmOwn.mutateAsync(values));
  });

  if (enabled)
    return (
      <div className="two-factor">
        <p role="status" className="alert alert--success">
          {t('account:twoFactor.enabled')}
        </p>
        <h3 id="recovery-codes-title">{t('account:twoFactor.recoveryTitle')}</h3>
        <p>{t('account:twoFactor.recoveryIntro')}</p>
        <ul className="two-factor__codes" aria-labelledby="recovery-codes-title" data-testid="recovery-codes">
          {enabled.recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="button button--primary" onClick={() => onDone(enabled)}>
          {t('account:twoFactor.savedCodes')}
        </button>
      </div>
    );

  if (!start.data)
    return (
      <div className="two-factor">
        {start.isError ? (
          <p className="alert alert--error" role="alert">
            {errorMessageOf(start.error, t)}
          </p>
        ) : null}
        <button
          type="button"
          className="button button--primary"
          disabled={start.isPending}
          onClick={() => (pendingToken ? startAtSignIn.mutate({ pendingToken }) : startOwn.mutate())}
        >
          {t('account:twoFactor.setUp')}
        </button>
      </div>
    );

  const { secret, uri, qrSvg } = start.data;
  return (
    <div className="two-factor">
      <ol className="two-factor__steps">
        <li>{t('account:twoFactor.stepApp')}</li>
        <li>
          {t('account:twoFactor.stepScan')}
          <img
            className="two-factor__qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`}
            alt={t('account:twoFactor.qrAlt')}
            width={200}
            height={200}
          />
          <p>{t('account:twoFactor.orType')}</p>
          <p>
            <code className="two-factor__secret" data-testid="totp-secret">
              {secret}
            </code>
          </p>
          <details>
            <summary>{t('account:twoFactor.link')}</summary>
            <p>
              <a className="two-factor__uri" href={uri}>
                {uri}
              </a>
            </p>
          </details>
        </li>
        <li>
          <form noValidate onSubmit={(e) => void onSubmit(e)}>
            <FormField id="two-factor-confirm-code" label={t('account:twoFactor.codeLabel')} hint={t('account:twoFactor.codeHint')} error={errors.code}>
              <input type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={40} {...form.register('code')} />
            </FormField>
            <FormServerError errors={errors} />
            <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
              {t('account:twoFactor.confirm')}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
