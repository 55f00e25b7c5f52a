// User accounts: create one with its role (and, for a signatory, its organisation), deactivate or
// reactivate one. A deactivated account can no longer sign in; its history stays.
import { codedResolver } from '../../lib/codedResolver.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { roles } from '@lpt/shared/enums';
import { PASSWORD_MIN, userCreateInput } from '@lpt/shared/schemas';
import { formatDate } from '../../lib/format.ts';
import { roleLabels } from '../../lib/labels.ts';
import { useMe } from '../../lib/session.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { AdminForm } from './components/AdminForm.tsx';
import { AdminPage, useAdminEditing } from './components/AdminPage.tsx';
import { AdminTable } from './components/AdminTable.tsx';
import { FormField, submitWithServerErrors } from './components/FormField.tsx';
import './admin.css';

type UserInput = z.input<typeof userCreateInput>;
type UserValues = z.output<typeof userCreateInput>;

const fields = ['email', 'name', 'password', 'role', 'organizationId'] as const;

export default function UsersPage() {
  usePageTitle('Users');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user: me } = useMe();
  const users = useQuery(trpc.users.list.queryOptions());
  const update = useMutation(trpc.users.update.mutationOptions());
  const liftLimits = useMutation(trpc.users.liftSignInLimits.mutationOptions());
  // Accounts are created here but never edited: the only form is the new one.
  const editing = useAdminEditing<never>();

  const setActive = (id: number, name: string, active: boolean) =>
    editing.runRowAction(async () => {
      await update.mutateAsync({ id, active });
      await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
      return active ? `${name} can sign in again.` : `${name} was deactivated and can no longer sign in.`;
    });

  const liftSignInLimits = (id: number, name: string) =>
    editing.runRowAction(async () => {
      await liftLimits.mutateAsync({ id });
      await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
      return `${name} can sign in again from every address, without waiting.`;
    });

  return (
    <AdminPage
      title="Users"
      intro="Coordinators, signatories (one organisation each) and donors."
      newLabel="New user"
      editing={editing}
      form={editing.editing ? <UserForm onDone={editing.done} onCancel={editing.cancel} /> : null}
    >
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">All users {users.data ? <span className="muted">({users.data.length})</span> : null}</h2>
        <AdminTable
          query={users}
          columns={
            <>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Organisation</th>
              <th scope="col">Since</th>
              <th scope="col">Status</th>
            </>
          }
          row={(u) => (
            <tr key={u.id} className={u.active ? undefined : 'row--inactive'}>
              <th scope="row">{u.name}</th>
              <td>{u.email}</td>
              <td>{roleLabels[u.role]}</td>
              <td>{u.organizationName ?? '—'}</td>
              <td>{formatDate(u.createdAt)}</td>
              <td>
                {u.active ? <span className="badge badge--approved">Active</span> : <span className="badge">Deactivated</span>}
                {u.recentFailedSignIns > 0 ? (
                  <>
                    {' '}
                    <span className="small">
                      {u.recentFailedSignIns} failed sign-in{u.recentFailedSignIns === 1 ? '' : 's'} in 15 min
                    </span>{' '}
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      disabled={liftLimits.isPending}
                      aria-label={`Lift the sign-in limit of ${u.name}`}
                      onClick={() => void liftSignInLimits(u.id, u.name)}
                    >
                      Lift sign-in limit
                    </button>
                  </>
                ) : null}
              </td>
              <td>
                {u.id === me?.id ? (
                  <span className="muted small">You</span>
                ) : (
                  <button
                    type="button"
                    className={`button button--small${u.active ? '' : ' button--ghost'}`}
                    disabled={update.isPending}
                    aria-label={`${u.active ? 'Deactivate' : 'Reactivate'} ${u.name}`}
                    onClick={() => void setActive(u.id, u.name, !u.active)}
                  >
                    {u.active ? 'Deactivate' : 'Reactivate'}
                  </button>
                )}
              </td>
            </tr>
          )}
        />
      </section>
    </AdminPage>
  );
}

function UserForm({ onDone, onCancel }: { onDone: (message: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const organizations = useQuery(trpc.organizations.list.queryOptions({}));
  const create = useMutation(trpc.users.create.mutationOptions());
  const form = useForm<UserInput, unknown, UserValues>({
    resolver: codedResolver(userCreateInput),
    defaultValues: { email: '', name: '', password: '', organizationId: null } as unknown as UserInput,
  });
  const { register } = form;
  const errors = form.formState.errors;
  const role = useWatch({ control: form.control, name: 'role' });

  const onSubmit = submitWithServerErrors(form, fields, async (values) => {
    await create.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
    onDone(`Created the account of ${values.name} (${values.email}). Give them the password in a safe way.`);
  });

  return (
    <AdminForm titleId="user-form-title" title="New user" form={form} onSubmit={onSubmit} submitLabel="Create account" onCancel={onCancel}>
      <FormField id="user-name" label="Name" error={errors.name}>
        <input type="text" autoComplete="off" {...register('name')} />
      </FormField>
      <FormField id="user-email" label="E-mail" error={errors.email}>
        <input type="email" autoComplete="off" {...register('email')} />
      </FormField>
      <FormField
        id="user-password"
        label="Initial password"
        hint={`At least ${PASSWORD_MIN} characters; not a common password. The user can change it after signing in.`}
        error={errors.password}
      >
        <input type="password" autoComplete="new-password" {...register('password')} />
      </FormField>
      <FormField id="user-role" label="Role" error={errors.role}>
        <select
          {...register('role', {
            onChange: (e: { target: { value: string } }) => {
              if (e.target.value !== 'signatory') form.setValue('organizationId', null);
            },
          })}
        >
          <option value="">Choose a role…</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleLabels[r]}
            </option>
          ))}
        </select>
      </FormField>
      {role === 'signatory' ? (
        <FormField
          id="user-organization"
          label="Organisation"
          hint="A signatory reports for this organisation only."
          error={errors.organizationId}
        >
          <select {...register('organizationId', { setValueAs: (v: unknown) => (v === '' || v == null ? null : Number(v)) })}>
            <option value="">Choose an organisation…</option>
            {(organizations.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </FormField>
      ) : null}
    </AdminForm>
  );
}
