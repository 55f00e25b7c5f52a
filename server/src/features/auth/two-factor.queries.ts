import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@lpt/db/schema';
import type { PendingSignInPurpose } from '@lpt/shared/enums';

type Db = Kysely<DB> | Transaction<DB>;

export function findTwoFactor(db: Db, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'active', 'totpSecret', 'totpEnabledAt', 'totpLastStep', 'totpPendingSecret'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function setPendingSecret(db: Db, userId: number, sealed: string) {
  return db.updateTable('users').set({ totpPendingSecret: sealed }).where('id', '=', userId).execute();
}

export function enableTotp(db: Db, userId: number, sealed: string, step: number, now: Date) {
  return db
    .updateTable('users')
    .set({ totpSecret: sealed, totpEnabledAt: now.toISOString(), totpLastStep: step, totpPendingSecret: null })
    .where('id', '=', userId)
    .where('totpEnabledAt', 'is', null)
    .executeTakeFirst();
}

export function clearTotp(db: Db, userId: number) {
  return db
    .updateTable('users')
    .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, totpPendingSecret: null })
    .where('id', '=', userId)
    .execute();
}

/** Takes a time step only if it is later than every one used before: a code works once. */
export async function useTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ totpLastStep: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function replaceRecoveryCodes(db: Db, userId: number, hashes: string[]) {
  await deleteRecoveryCodes(db, userId);
  await db
    .insertInto('recoveryCodes')
    .values(hashes.map((codeHash) => ({ userId, codeHash })))
    .execute();
}

export function deleteRecoveryCodes(db: Db, userId: number) {
  return db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
}

/** Marks an unused recovery code used in the same statement that finds it. */
export async function useRecoveryCode(db: Db, userId: number, codeHash: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('recoveryCodes')
    .set({ usedAt: now.toISOString() })
    .where('userId', '=', userId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recoveryCodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertPendingSignIn(db: Db, row: { id: string; userId: number; purpose: PendingSignInPurpose; expiresAt: Date }) {
  return db
    .insertInto('pendingSignIns')
    .values({ id: row.id, userId: row.userId, purpose: row.purpose, expiresAt: row.expiresAt.toISOString() })
    .execute();
}

export function findPendingSignIn(db: Db, id: string, purpose: PendingSignInPurpose, now: Date) {
  return db
    .selectFrom('pendingSignIns')
    .innerJoin('users', 'users.id', 'pendingSignIns.userId')
    .select(['pendingSignIns.id', 'pendingSignIns.userId', 'users.email'])
    .where('pendingSignIns.id', '=', id)
    .where('pendingSignIns.purpose', '=', purpose)
    .where('pendingSignIns.expiresAt', '>', now.toISOString())
    .where('users.active', '=', true)
    .executeTakeFirst();
}

/** Takes a pending sign-in once: of two calls completing the same one, only one gets a session. */
export async function takePendingSignIn(db: Db, id: string): Promise<boolean> {
  const row = await db.deleteFrom('pendingSignIns').where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** The account's pending sign-ins, with the expired ones of everyone (so the table does not grow). */
export function deletePendingSignIns(db: Db, userId: number, now: Date) {
  return db
    .deleteFrom('pendingSignIns')
    .where((eb) => eb.or([eb('userId', '=', userId), eb('expiresAt', '<=', now.toISOString())]))
    .execute();
}
