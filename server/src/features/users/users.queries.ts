import type { Kysely, Transaction } from 'kysely';
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
