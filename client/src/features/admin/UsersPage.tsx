// User accounts: invite a person by e-mail with their role (and, for a signatory, its organisation): they
// choose their own password from the mailed link; pending invitations are resent or withdrawn here.
// (users.create, with an initial password, stays for scripts and `pnpm user:create`.) Deactivate or
// reactivate an account: a deactivated account can no longer sign in; its history stays.
import { codedResolver } from '../../lib/codedResolver.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { locales, roles } from '@lpt/shared/enums';
import { INVITATION_DAYS, userInviteInput } from '@lpt/shared/schemas';
import { currentLocale, localeNames } from '../../i18n/i18n.ts';
import { formatDate } from '../../lib/format.ts';
import { roleLabel } from '../../lib/labels.ts';
import { useMe } from '../../lib/session.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { AdminForm } from './components/AdminForm.tsx';
import { AdminPage, useAdminEditing } from './components/AdminPage.tsx';
import { AdminTable } from './components/AdminTable.tsx';
import { FormField, submitWithServerErrors } from '../../ui/FormField.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import './admin.css';

type InviteInput = z.input<typeof userInviteInput>;
type InviteValues = z.output<typeof userInviteInput>;

const fields = ['email', 'name', 'role', 'organizationId', 'locale'] as const;

export default function UsersPage() {
  const { t } = useTranslation(['admin', 'validation']);
  usePageTitle(t('admin:users.title'));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user: me } = useMe();
  const users = useQuery(trpc.users.list.queryOptions());
  const update = useMutation(trpc.users.update.mutationOptions());
  const liftLimits = useMutation(trpc.users.liftSignInLimits.mutationOptions());
  const issueReset = useMutation(trpc.users.issuePasswordReset.mutationOptions());
  const resetSecondFactor = useMutation(trpc.users.resetTwoFactor.mutationOptions());
  /** The account whose second factor the coordinator is asked to confirm resetting. */
  const [confirmingReset, setConfirmingReset] = useState<{ id: number; name: string } | null>(null);
  /** The account whose deactivation the coordinator is asked to confirm (reactivating needs no question). */
  const [confirmingDeactivate, setConfirmingDeactivate] = useState<{ id: number; name: string; email: string } | null>(null);
  const [lastDeactivate, setLastDeactivate] = useState(confirmingDeactivate);
  if (confirmingDeactivate && confirmingDeactivate !== lastDeactivate) setLastDeactivate(confirmingDeactivate);
  // Accounts are created here but never edited: the only form is the new one.
  const editing = useAdminEditing<never>();

  const setActive = (id: number, name: string, active: boolean) =>
    editing.runRowAction(async () => {
      await update.mutateAsync({ id, active });
      await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
      return active ? t('admin:users.reactivated', { name }) : t('admin:users.deactivated', { name });
    });

  const liftSignInLimits = (id: number, name: string) =>
    editing.runRowAction(async () => {
      await liftLimits.mutateAsync({ id });
      await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
      return t('admin:users.limitsLifted', { name });
    });

  // The link goes to the account's own address through the outbox; the coordinator never sees it.
  const sendPasswordReset = (id: number, name: string, email: string) =>
    editing.runRowAction(async () => {
      await issueReset.mutateAsync({ id });
      return t('admin:users.resetSent', { name, email });
    });

  // Audited; the account is signed out everywhere and signs in with its password alone until it enrols again.
  const resetTwoFactor = (id: number, name: string) =>
    editing.runRowAction(async () => {
      setConfirmingReset(null);
      await resetSecondFactor.mutateAsync({ id });
      await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
      return t('admin:users.twoFactorResetDone', { name });
    });

  return (
    <AdminPage
      title={t('admin:users.title')}
      intro={t('admin:users.intro')}
      newLabel={t('admin:users.inviteTitle')}
      editing={editing}
      form={editing.editing ? <InviteForm onDone={editing.done} onCancel={editing.cancel} /> : null}
    >
      <PendingInvitations runAction={editing.runRowAction} />
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">
          {t('admin:users.all')} {users.data ? <span className="muted">({users.data.length})</span> : null}
        </h2>
        <AdminTable
          query={users}
          label={t('admin:users.all')}
          rowKey={(u) => u.id}
          rowAttributes={(u) => ({ className: u.active ? undefined : 'row--inactive' })}
          columns={[
            { key: 'name', header: t('admin:users.name'), rowHeader: true, cell: (u) => u.name },
            { key: 'email', header: t('admin:users.email'), cell: (u) => u.email },
            { key: 'role', header: t('admin:users.role'), cell: (u) => roleLabel(t, u.role) },
            { key: 'organization', header: t('admin:users.organization'), cell: (u) => u.organizationName ?? '—' },
            { key: 'since', header: t('admin:users.since'), cell: (u) => formatDate(u.createdAt) },
            {
              key: 'status',
              header: t('admin:users.status'),
              cell: (u) => (
                <>
                  {u.active ? (
                    <span className="badge badge--approved">{t('admin:users.active')}</span>
                  ) : (
                    <span className="badge">{t('admin:users.inactive')}</span>
                  )}
                  {u.twoFactorEnabled ? (
                    <>
                      {' '}
                      <span className="badge">{t('admin:users.twoFactorOn')}</span>
                    </>
                  ) : null}
                  {u.recentFailedSignIns > 0 ? (
                    <>
                      {' '}
                      <span className="small">
                        {t('admin:users.failedSignIns', { count: u.recentFailedSignIns })}
                      </span>{' '}
                      <button
                        type="button"
                        className="button button--small button--ghost"
                        disabled={liftLimits.isPending}
                        aria-label={t('admin:users.liftLimitOf', { name: u.name })}
                        onClick={() => void liftSignInLimits(u.id, u.name)}
                      >
                        {t('admin:users.liftLimit')}
                      </button>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              key: 'reminders',
              header: t('admin:users.reminders'),
              cell: (u) =>
                u.role !== 'signatory' ? (
                  <span className="muted">—</span>
                ) : u.remindersEnabled ? (
                  t('admin:users.remindersOn')
                ) : (
                  <span className="badge">{t('admin:users.remindersOff')}</span>
                ),
            },
          ]}
          actions={(u) => (
            <>
              {u.id === me?.id ? (
                <span className="muted small">{t('admin:users.you')}</span>
              ) : (
                <button
                  type="button"
                  className={`button button--small${u.active ? '' : ' button--ghost'}`}
                  disabled={update.isPending}
                  aria-label={u.active ? t('admin:users.deactivateName', { name: u.name }) : t('admin:users.reactivateName', { name: u.name })}
                  onClick={() => (u.active ? setConfirmingDeactivate({ id: u.id, name: u.name, email: u.email }) : void setActive(u.id, u.name, true))}
                >
                  {u.active ? t('admin:users.deactivate') : t('admin:users.reactivate')}
                </button>
              )}
              {u.active && u.id !== me?.id ? (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    disabled={issueReset.isPending}
                    aria-label={t('admin:users.sendResetTo', { name: u.name })}
                    onClick={() => void sendPasswordReset(u.id, u.name, u.email)}
                  >
                    {t('admin:users.sendReset')}
                  </button>
                </>
              ) : null}
              {u.twoFactorEnabled && u.id !== me?.id ? (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    disabled={resetSecondFactor.isPending}
                    aria-label={t('admin:users.resetTwoFactorOf', { name: u.name })}
                    onClick={() => setConfirmingReset({ id: u.id, name: u.name })}
                  >
                    {t('admin:users.resetTwoFactor')}
                  </button>
                </>
              ) : null}
            </>
          )}
        />
      </section>
      <ConfirmDialog
        open={confirmingReset !== null}
        title={t('admin:users.resetTwoFactorTitle', { name: confirmingReset?.name ?? '' })}
        confirmLabel={t('admin:users.resetTwoFactorConfirm')}
        cancelLabel={t('admin:cancel')}
        onConfirm={() => confirmingReset && void resetTwoFactor(confirmingReset.id, confirmingReset.name)}
        onCancel={() => setConfirmingReset(null)}
      >
        <p>{t('admin:users.resetTwoFactorText')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmingDeactivate !== null}
        title={t('admin:users.deactivateTitle', { name: lastDeactivate?.name ?? '' })}
        confirmLabel={t('admin:users.deactivate')}
        cancelLabel={t('admin:cancel')}
        onConfirm={() => {
          if (!confirmingDeactivate) return;
          setConfirmingDeactivate(null);
          void setActive(confirmingDeactivate.id, confirmingDeactivate.name, false);
        }}
        onCancel={() => setConfirmingDeactivate(null)}
      >
        <p>{t('admin:users.deactivateText', { name: lastDeactivate?.name ?? '', email: lastDeactivate?.email ?? '' })}</p>
      </ConfirmDialog>
    </AdminPage>
  );
}

/** Invitations not yet accepted, each with its link's expiry, to resend (a new link) or withdraw. */
function PendingInvitations({ runAction }: { runAction: (action: () => Promise<string>) => Promise<void> }) {
  const { t } = useTranslation(['admin']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.users.invitations.queryOptions());
  const resend = useMutation(trpc.users.resendInvitation.mutationOptions());
  const withdraw = useMutation(trpc.users.withdrawInvitation.mutationOptions());
  const busy = resend.isPending || withdraw.isPending;
  const pending = invitations.data ?? [];
  if (pending.length === 0) return null;

  const act = (run: () => Promise<unknown>, message: string) =>
    runAction(async () => {
      await run();
      await queryClient.invalidateQueries({ queryKey: trpc.users.invitations.queryKey() });
      return message;
    });

  return (
    <section className="card" aria-labelledby="invitations-title">
      <h2 id="invitations-title">
        {t('admin:users.pending')} <span className="muted">({pending.length})</span>
      </h2>
      <ul className="invitation-list">
        {pending.map((i) => (
          <li key={i.id} className="invitation">
            <div className="invitation__who">
              <strong>{i.name}</strong> <span className="invitation__email">{i.email}</span>
              <br />
              {roleLabel(t, i.role)}
              {i.organizationName ? ` · ${i.organizationName}` : ''}
              {' · '}
              <span className="small">
                {i.invitedBy
                  ? t('admin:users.invitedOn', { date: formatDate(i.sentAt), name: i.invitedBy })
                  : t('admin:users.invitedOnSecretariat', { date: formatDate(i.sentAt) })}
                {' · '}
                {i.expired ? (
                  <span className="badge">{t('admin:users.expired', { date: formatDate(i.expiresAt) })}</span>
                ) : (
                  t('admin:users.expiresOn', { date: formatDate(i.expiresAt) })
                )}
              </span>
            </div>
            <div className="invitation__actions">
              <button
                type="button"
                className="button button--small"
                disabled={busy}
                aria-label={t('admin:users.resendTo', { name: i.name })}
                onClick={() => void act(() => resend.mutateAsync({ id: i.id }), t('admin:users.resent', { name: i.name, email: i.email }))}
              >
                {t('admin:users.resend')}
              </button>{' '}
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={busy}
                aria-label={t('admin:users.withdrawFrom', { name: i.name })}
                onClick={() => void act(() => withdraw.mutateAsync({ id: i.id }), t('admin:users.withdrawn', { name: i.name }))}
              >
                {t('admin:users.withdraw')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The invitation: the person's name, address, role (and organisation) and the language of the mail. */
function InviteForm({ onDone, onCancel }: { onDone: (message: string) => void; onCancel: () => void }) {
  const { t } = useTranslation(['admin', 'validation', 'common']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const organizations = useQuery(trpc.organizations.list.queryOptions({}));
  const invite = useMutation(trpc.users.invite.mutationOptions());
  const form = useForm<InviteInput, unknown, InviteValues>({
    resolver: codedResolver(userInviteInput),
    // The mail goes out in the coordinator's language unless they choose the person's.
    defaultValues: { email: '', name: '', organizationId: null, locale: currentLocale() } as unknown as InviteInput,
  });
  const { register } = form;
  const errors = form.formState.errors;
  const role = useWatch({ control: form.control, name: 'role' });

  const onSubmit = submitWithServerErrors(form, fields, async (values) => {
    await invite.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.users.invitations.queryKey() });
    onDone(t('admin:users.invited', { name: values.name, email: values.email }));
  });

  return (
    <AdminForm
      titleId="user-form-title"
      title={t('admin:users.inviteTitle')}
      form={form}
      onSubmit={onSubmit}
      submitLabel={t('admin:users.sendInvitation')}
      onCancel={onCancel}
    >
      <p className="form--wide">{t('admin:users.inviteIntro', { days: INVITATION_DAYS })}</p>
      <FormField id="user-name" label={t('admin:users.name')} error={errors.name}>
        <input type="text" autoComplete="off" {...register('name')} />
      </FormField>
      <FormField id="user-email" label={t('admin:users.email')} error={errors.email}>
        <input type="email" autoComplete="off" {...register('email')} />
      </FormField>
      <FormField id="user-role" label={t('admin:users.role')} error={errors.role}>
        <select
          {...register('role', {
            onChange: (e: { target: { value: string } }) => {
              if (e.target.value !== 'signatory') form.setValue('organizationId', null);
            },
          })}
        >
          <option value="">{t('admin:users.chooseRole')}</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </select>
      </FormField>
      {role === 'signatory' ? (
        <FormField
          id="user-organization"
          label={t('admin:users.organization')}
          hint={t('admin:users.organizationHint')}
          error={errors.organizationId}
        >
          <select {...register('organizationId', { setValueAs: (v: unknown) => (v === '' || v == null ? null : Number(v)) })}>
            <option value="">{t('admin:users.chooseOrganization')}</option>
            {(organizations.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </FormField>
      ) : null}
      <FormField id="user-locale" label={t('admin:users.inviteLanguage')} hint={t('admin:users.inviteLanguageHint')} error={errors.locale}>
        <select {...register('locale')}>
          {locales.map((l) => (
            <option key={l} value={l} lang={l}>
              {localeNames[l]}
            </option>
          ))}
        </select>
      </FormField>
    </AdminForm>
  );
}
