// User accounts. Creating one is a coordinator's job (and `pnpm user:create`'s, for the first coordinator).
import type { Database } from '@lpt/db/connect';
import type { userCreateInput, userLiftSignInLimitsInput, userUpdateInput } from '@lpt/shared/schemas';
import type { z } from 'zod';
import { AppError, fieldError, refusal } from '../../errors.ts';
import { changesBetween, recordAudit } from '../audit/audit.queries.ts';
import { clearFailedLogins, deleteSessionsOfUser } from '../auth/auth.queries.ts';
import { FAILURE_WINDOW_MS } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import { findOrganization } from '../organizations/organizations.queries.ts';
import * as q from './users.queries.ts';

/** A new account's address is free (an invitation pending holds its address too) and its organisation exists. */
export async function checkNewAccount(db: Database, input: { email: string; organizationId?: number | null }) {
  if (await q.emailTaken(db, input.email))
    throw new AppError('CONFLICT', refusal('email_taken'), {
      email: ['An account with this e-mail already exists'],
    });
  if (input.organizationId != null && !(await findOrganization(db, input.organizationId)))
    throw fieldError('No such organisation', 'organizationId', 'no_such_organization');
}

/** An account with an initial password (scripts, `pnpm user:create`); the Users page invites instead. */
export async function createUser(db: Database, actorId: number | null, input: z.infer<typeof userCreateInput>) {
  await checkNewAccount(db, input);
  const passwordHash = await hashPassword(input.password);
  const values = {
    email: input.email,
    name: input.name,
    role: input.role,
    organizationId: input.organizationId ?? null,
  };
  return db.transaction().execute(async (trx) => {
    const id = await q.insertUser(trx, { ...values, passwordHash });
    await recordAudit(trx, { entity: 'user', entityKey: String(id), action: 'create', actorId, changes: changesBetween(null, values) });
    return { id };
  });
}

export async function updateUser(db: Database, actorId: number, input: z.infer<typeof userUpdateInput>) {
  const before = await q.findUser(db, input.id);
  if (!before) throw new AppError('NOT_FOUND', refusal('no_such_user'));
  if (input.id === actorId && input.active === false)
    throw fieldError('You cannot deactivate your own account', 'active', 'cannot_deactivate_self');
  const changes = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active } : {}) };
  await db.transaction().execute(async (trx) => {
    await q.updateUser(trx, input.id, changes);
    // A deactivated account is signed out everywhere at once.
    if (input.active === false) await deleteSessionsOfUser(trx, input.id);
    await recordAudit(trx, {
      entity: 'user',
      entityKey: String(input.id),
      action: 'update',
      actorId,
      changes: changesBetween({ name: before.name, active: before.active }, { name: before.name, active: before.active, ...changes }),
    });
  });
  return { id: input.id };
}

/** Every account, with its failed sign-ins of the last 15 minutes (the coordinator can lift the limit). */
export async function listUsers(db: Database) {
  const users = await q.listUsers(db, new Date(Date.now() - FAILURE_WINDOW_MS));
  return users.map((u) => ({ ...u, recentFailedSignIns: Number(u.recentFailedSignIns ?? 0) }));
}

/** Forgets an account's failed sign-ins from every address: its owner is neither refused nor slowed down. */
export async function liftSignInLimits(db: Database, actorId: number, input: z.infer<typeof userLiftSignInLimitsInput>) {
  const user = await q.findUser(db, input.id);
  if (!user) throw new AppError('NOT_FOUND', refusal('no_such_user'));
  return db.transaction().execute(async (trx) => {
    const cleared = await clearFailedLogins(trx, user.email);
    await recordAudit(trx, { entity: 'user', entityKey: String(user.id), action: 'lift_sign_in_limits', actorId, changes: [] });
    return { cleared };
  });
}
