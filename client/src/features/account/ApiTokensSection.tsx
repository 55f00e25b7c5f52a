// Personal API tokens on the Account page (donors and coordinators): a script reads the API with one
// instead of a browser session. A new token is shown once, with a copy button; the list shows each token's
// name and dates, never the token; revoking one is asked through the confirmation dialog (it cannot be
// taken back). Every token is read-only.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { apiTokenExpiryChoices, createApiTokenInput } from '@lpt/shared/schemas';
import { codedResolver } from '../../lib/codedResolver.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { errorMessageOf, useTRPC } from '../../lib/trpc.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { FormField, FormServerError, FormStatus, submitWithServerErrors, toNumber } from '../../ui/FormField.tsx';
import { QueryStatus } from '../../ui/QueryStatus.tsx';

type CreateValues = z.input<typeof createApiTokenInput>;
type CreateOutput = z.output<typeof createApiTokenInput>;
interface Listed {
  id: number;
  name: string;
}

export function ApiTokensSection() {
  const { t } = useTranslation(['account', 'validation']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.auth.apiTokens.queryOptions());
  const create = useMutation(trpc.auth.createApiToken.mutationOptions());
  const revoke = useMutation(trpc.auth.revokeApiToken.mutationOptions());
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The token just made: its text is in the browser only until this section is left. */
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState<Listed | null>(null);
  const [lastConfirming, setLastConfirming] = useState(confirming);
  if (confirming && confirming !== lastConfirming) setLastConfirming(confirming);
  const form = useForm<CreateValues, unknown, CreateOutput>({
    resolver: codedResolver(createApiTokenInput),
    defaultValues: { name: '', expiresInDays: 90 },
  });
  const errors = form.formState.errors;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.apiTokens.queryKey() });

  const onCreate = submitWithServerErrors(form, ['name', 'expiresInDays'], async (values) => {
    const answer = await create.mutateAsync(values);
    setCreated({ name: answer.apiToken.name, token: answer.token });
    setCopied(false);
    setMessage(null);
    setError(null);
    form.reset({ name: '', expiresInDays: values.expiresInDays });
    await refresh();
  });

  const onRevoke = async (token: Listed) => {
    setConfirming(null);
    setError(null);
    try {
      await revoke.mutateAsync({ id: token.id });
      setMessage(t('account:apiTokens.revoked', { name: token.name }));
    } catch (cause) {
      setError(errorMessageOf(cause));
    }
    await refresh();
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // No clipboard (an old browser, a refused permission): the token stays selectable on the page.
      setCopied(false);
    }
  };

  return (
    <section className="card api-tokens" aria-labelledby="api-tokens-title">
      <h2 id="api-tokens-title">{t('account:apiTokens.title')}</h2>
      <p>{t('account:apiTokens.intro')}</p>
      <p className="muted">{t('account:apiTokens.howTo')}</p>
      <FormStatus message={message} />
      {error ? (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      ) : null}
      {created ? (
        <div className="api-tokens__created" data-testid="new-api-token">
          <p role="status" className="alert alert--success">
            {t('account:apiTokens.created', { name: created.name })}
          </p>
          <p>
            <strong>{t('account:apiTokens.shownOnce')}</strong>
          </p>
          <code className="api-tokens__token" data-testid="api-token-text">
            {created.token}
          </code>
          <div className="api-tokens__created-actions">
            <button type="button" className="button button--primary" onClick={() => void copy(created.token)}>
              {t('account:apiTokens.copy')}
            </button>
            <button type="button" className="button" onClick={() => setCreated(null)}>
              {t('account:apiTokens.done')}
            </button>
          </div>
          <p role="status" className={copied ? 'muted' : 'visually-hidden'}>
            {copied ? t('account:apiTokens.copied') : ''}
          </p>
        </div>
      ) : null}
      <form noValidate onSubmit={(e) => void onCreate(e)} className="api-tokens__form">
        <FormField id="api-token-name" label={t('account:apiTokens.name')} hint={t('account:apiTokens.nameHint')} error={errors.name}>
          <input type="text" autoComplete="off" maxLength={100} {...form.register('name')} />
        </FormField>
        <FormField id="api-token-expiry" label={t('account:apiTokens.expiry')} error={errors.expiresInDays}>
          <select {...form.register('expiresInDays', { setValueAs: toNumber })}>
            {apiTokenExpiryChoices.map((days) => (
              <option key={days} value={days}>
                {t('account:apiTokens.days', { count: days })}
              </option>
            ))}
          </select>
        </FormField>
        <FormServerError errors={errors} />
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          {t('account:apiTokens.create')}
        </button>
      </form>
      <h3 id="api-tokens-list-title">{t('account:apiTokens.list')}</h3>
      <QueryStatus query={tokens} empty={tokens.data?.length === 0} emptyText={t('account:apiTokens.none')} />
      {tokens.data && tokens.data.length > 0 ? (
        <ul className="api-tokens__list" aria-labelledby="api-tokens-list-title">
          {tokens.data.map((token) => (
            <li key={token.id} className="api-tokens__item" data-testid="api-token">
              <p className="api-tokens__name">
                <strong>{token.name}</strong>{' '}
                {token.revokedAt ? <span className="badge">{t('account:apiTokens.revokedBadge')}</span> : null}
              </p>
              <dl className="api-tokens__dates">
                <dt>{t('account:apiTokens.createdAt')}</dt>
                <dd>{formatDate(token.createdAt)}</dd>
                <dt>{t('account:apiTokens.lastUsed')}</dt>
                <dd>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('account:apiTokens.never')}</dd>
                <dt>{token.revokedAt ? t('account:apiTokens.revokedAt') : t('account:apiTokens.expiresAt')}</dt>
                <dd>{formatDate(token.revokedAt ?? token.expiresAt)}</dd>
              </dl>
              {token.revokedAt ? null : (
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('account:apiTokens.revokeNamed', { name: token.name })}
                  onClick={() => setConfirming(token)}
                >
                  {t('account:apiTokens.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title={t('account:apiTokens.revokeTitle', { name: lastConfirming?.name ?? '' })}
        confirmLabel={t('account:apiTokens.revoke')}
        cancelLabel={t('account:apiTokens.cancel')}
        onConfirm={() => confirming && void onRevoke(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>{t('account:apiTokens.revokeText')}</p>
      </ConfirmDialog>
    </section>
  );
}
