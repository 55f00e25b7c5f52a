import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewUser } from '@lpt/db/schema';

type Db = Kysely<DB> | Transaction<DB>;

const userColumns = ['users.id', 'users.email', 'users.name', 'users.role', 'users.organizationId', 'users.active', 'users.createdAt'] as const;

export function listUsers(db: Db, failuresSince: Date) {
  return db
    .selectFrom('users')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .select((eb) => [
      ...userColumns,
      'users.remindersEnabled',
      'organizations.name as organizationName',
      (eb) => eb('users.totpEnabledAt', 'is not', null).as('twoFactorEnabled'),
      eb
        .selectFrom('loginAttempts')
        .select((a) => a.fn.countAll<number>().as('n'))
        .whereRef('loginAttempts.email', '=', 'users.email')
        .where('loginAttempts.kind', '=', 'sign_in')
        .where('loginAttempts.attemptedAt', '>', failuresSince.toISOString())
        .as('recentFailedSignIns'),
    ])
    // Invitations not yet accepted are listed apart (listPendingInvitations).
    .where('users.passwordHash', 'is not', null)
    .orderBy('users.email')
    .execute();
}

export function findUser(db: Db, id: number) {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
}

export function emailTaken(db: Db, email: string) {
  return db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
}

export async function insertUser(db: Db, user: NewUser) {
  const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function updateUser(db: Db, id: number, changes: { name?: string; active?: boolean }) {
  return db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/**
 * Accounts invited and not yet accepted (no password), with their latest link's expiry and who sent it:
 * each resend retires the links before, so the latest request is the one that works.
 */
export function listPendingInvitations(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .innerJoin('passwordResetTokens as link', (join) =>
      join.onRef('link.userId', '=', 'users.id').on('link.id', '=', sql<number>`(select max(id) from password_reset_tokens where user_id = users.id)`),
    )
    .leftJoin('users as inviter', 'inviter.id', 'link.issuedBy')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.locale',
      'organizations.name as organizationName',
      'link.createdAt as sentAt',
      'link.expiresAt',
      'inviter.name as invitedBy',
    ])
    .where('users.passwordHash', 'is', null)
    .orderBy('link.createdAt', 'desc')
    .execute();
}

export function findPendingInvitation(db: Db, id: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'locale'])
    .where('id', '=', id)
    .where('passwordHash', 'is', null)
    .executeTakeFirst();
}

/**
 * Withdrawing: the invitation's mails stay in the outbox's history, without their request (a mail still
 * queued is given up), and the account without a password is deleted with its links. 0 rows: it was
 * accepted (or withdrawn) meanwhile.
 */
export async function deletePendingInvitation(db: Db, id: number) {
  const links = db.selectFrom('passwordResetTokens').select('id').where('userId', '=', id);
  await db
    .updateTable('outboxMessages')
    .set({
      status: sql`case when status = 'queued' then 'failed' else status end`,
      lastError: sql`case when status = 'queued' then 'Not sent: the invitation was withdrawn' else last_error end`,
      passwordResetId: null,
    })
    .where('passwordResetId', 'in', links)
    .execute();
  const deleted = await db.deleteFrom('users').where('id', '=', id).where('passwordHash', 'is', null).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
