import type { Kysely, Transaction } from 'kysely';
import type { DB, LoginAttemptKind } from '@lpt/db/schema';
import type { Locale } from '@lpt/shared/enums';

type Db = Kysely<DB> | Transaction<DB>;

/** What signing in and checking a password read of an account, found by its address or its id. */
const accountColumns = ['id', 'email', 'name', 'role', 'organizationId', 'locale', 'passwordHash', 'active'] as const;

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(accountColumns)
    .where('email', '=', email)
    .executeTakeFirst();
}

export function findUserById(db: Db, id: number) {
  return db
    .selectFrom('users')
    .select(accountColumns)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findSessionUser(db: Db, sessionId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.organizationId', 'users.locale', 'sessions.id as sessionId'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expiresAt', '>', now.toISOString())
    .where('users.active', '=', true)
    .executeTakeFirst();
}

export function insertSession(db: Db, session: { id: string; userId: number; expiresAt: Date }) {
  return db
    .insertInto('sessions')
    .values({ id: session.id, userId: session.userId, expiresAt: session.expiresAt.toISOString() })
    .execute();
}

export function deleteSession(db: Db, sessionId: string) {
  return db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export function deleteSessionsOfUser(db: Db, userId: number) {
  return db.deleteFrom('sessions').where('userId', '=', userId).execute();
}

/** Records an attempt before its password is checked, so that parallel guesses count against each other. */
export async function recordLoginAttempt(db: Db, email: string, address: string, kind: LoginAttemptKind = 'sign_in'): Promise<number> {
  const row = await db.insertInto('loginAttempts').values({ email, address, kind }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export function deleteLoginAttempt(db: Db, id: number) {
  return db.deleteFrom('loginAttempts').where('id', '=', id).execute();
}

export async function countRecentFailures(db: Db, email: string, address: string, since: Date, kind: LoginAttemptKind = 'sign_in') {
  const row = await db
    .selectFrom('loginAttempts')
    .select((eb) => [
      eb.fn.count<number>('id').filterWhere('email', '=', email).as('byEmail'),
      eb.fn.count<number>('id').filterWhere('address', '=', address).as('byAddress'),
      eb.fn
        .count<number>('id')
        .filterWhere((f) => f.and([f('email', '=', email), f('address', '=', address)]))
        .as('byPair'),
      eb.fn.min<string>('attemptedAt').filterWhere('address', '=', address).as('oldestByAddress'),
      eb.fn
        .min<string>('attemptedAt')
        .filterWhere((f) => f.and([f('email', '=', email), f('address', '=', address)]))
        .as('oldestByPair'),
    ])
    .where('attemptedAt', '>', since.toISOString())
    .where('kind', '=', kind)
    .where((eb) => eb.or([eb('email', '=', email), eb('address', '=', address)]))
    .executeTakeFirstOrThrow();
  return {
    byEmail: Number(row.byEmail),
    byAddress: Number(row.byAddress),
    byPair: Number(row.byPair),
    oldestByAddress: row.oldestByAddress as string | null,
    oldestByPair: row.oldestByPair as string | null,
  };
}

/** Forgets every failed attempt at `email`; returns how many there were. */
export async function clearFailedLogins(db: Db, email: string): Promise<number> {
  const result = await db.deleteFrom('loginAttempts').where('email', '=', email).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function clearFailedLoginsAt(db: Db, email: string, address: string, kind: LoginAttemptKind = 'sign_in') {
  return db.deleteFrom('loginAttempts').where('email', '=', email).where('address', '=', address).where('kind', '=', kind).execute();
}

/** Failed attempts per e-mail since `since`, for the coordinators' list of users. */
export function recentFailuresByEmail(db: Db, since: Date) {
  return db
    .selectFrom('loginAttempts')
    .select(['email', (eb) => eb.fn.countAll<number>().as('failures')])
    .where('attemptedAt', '>', since.toISOString())
    .where('kind', '=', 'sign_in')
    .groupBy('email')
    .execute();
}

export function updatePasswordHash(db: Db, userId: number, passwordHash: string) {
  return db
    .updateTable('users')
    .set({ passwordHash, passwordChangedAt: new Date().toISOString() })
    .where('id', '=', userId)
    .execute();
}

export function updateLocale(db: Db, userId: number, locale: Locale) {
  return db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
}

/** Expired sessions of one account, removed when it signs in again so the table does not grow forever. */
export function deleteExpiredSessions(db: Db, userId: number, now: Date) {
  return db.deleteFrom('sessions').where('userId', '=', userId).where('expiresAt', '<=', now.toISOString()).execute();
}

export function findReminderSetting(db: Db, userId: number) {
  return db.selectFrom('users').select('remindersEnabled').where('id', '=', userId).executeTakeFirstOrThrow();
}

export function updateReminderSetting(db: Db, userId: number, remindersEnabled: boolean) {
  return db.updateTable('users').set({ remindersEnabled }).where('id', '=', userId).execute();
}

/** A reset request without a token yet: the token is minted when its mail is sent (mintResetToken). */
export function insertResetRequest(db: Db, request: { userId: number; issuedBy: number | null; expiresAt: Date }) {
  return db
    .insertInto('passwordResetTokens')
    .values({ userId: request.userId, tokenHash: null, issuedBy: request.issuedBy, expiresAt: request.expiresAt.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function countRecentResetRequests(db: Db, userId: number, since: Date) {
  const row = await db
    .selectFrom('passwordResetTokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .where('issuedBy', 'is', null)
    .where('createdAt', '>', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Gives a request still open (unused, unexpired, of an active account) its token's hash, replacing any
 * earlier one (a mail tried again carries a new link; the one before never arrived, or stops working).
 */
export function mintResetToken(db: Db, requestId: number, tokenHash: string, now: Date) {
  return db
    .updateTable('passwordResetTokens')
    .set({ tokenHash })
    .where('id', '=', requestId)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now.toISOString())
    .where((eb) => eb.exists(eb.selectFrom('users').select('users.id').whereRef('users.id', '=', 'passwordResetTokens.userId').where('users.active', '=', true)))
    .returning(['userId', 'expiresAt', 'issuedBy'])
    .executeTakeFirst();
}

/** The account of an open link, by its token's hash: the cheap check made before any password is hashed. */
export function findOpenResetToken(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('passwordResetTokens')
    .innerJoin('users', 'users.id', 'passwordResetTokens.userId')
    .select(['passwordResetTokens.id', 'users.email'])
    .where('passwordResetTokens.tokenHash', '=', tokenHash)
    .where('passwordResetTokens.usedAt', 'is', null)
    .where('passwordResetTokens.expiresAt', '>', now.toISOString())
    .where('users.active', '=', true)
    .executeTakeFirst();
}

/** Takes a token that is unused, unexpired and of an active account: marks it used in the same statement. */
export function useResetToken(db: Db, tokenHash: string, now: Date) {
  return db
    .updateTable('passwordResetTokens')
    .set({ usedAt: now.toISOString() })
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now.toISOString())
    .where((eb) => eb.exists(eb.selectFrom('users').select('users.id').whereRef('users.id', '=', 'passwordResetTokens.userId').where('users.active', '=', true)))
    .returning(['id', 'userId'])
    .executeTakeFirst();
}

/** Every other open link of the account stops working once one was used. */
export function retireResetTokens(db: Db, userId: number, now: Date) {
  return db.updateTable('passwordResetTokens').set({ usedAt: now.toISOString() }).where('userId', '=', userId).where('usedAt', 'is', null).execute();
}
