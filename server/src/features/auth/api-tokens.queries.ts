import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@lpt/db/schema';

type Db = Kysely<DB> | Transaction<DB>;

export function insertApiToken(db: Db, token: { userId: number; name: string; tokenHash: string; expiresAt: Date }) {
  return db
    .insertInto('apiTokens')
    .values({ userId: token.userId, name: token.name, tokenHash: token.tokenHash, expiresAt: token.expiresAt.toISOString() })
    .returning(['id', 'name', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'])
    .executeTakeFirstOrThrow();
}

/** One person's tokens still worth showing (not expired), newest first: never their hashes. */
export function listApiTokens(db: Db, userId: number, now: Date) {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'])
    .where('userId', '=', userId)
    .where('expiresAt', '>', now.toISOString())
    .orderBy('id', 'desc')
    .execute();
}

/** How many live tokens (neither revoked nor expired) a person has, for the per-person cap. */
export async function countLiveApiTokens(db: Db, userId: number, now: Date) {
  const row = await db
    .selectFrom('apiTokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes a live token of this person; answers its name, or nothing when there is no such live token. */
export function revokeApiToken(db: Db, userId: number, id: number, now: Date) {
  return db
    .updateTable('apiTokens')
    .set({ revokedAt: now.toISOString() })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now.toISOString())
    .returning(['id', 'name'])
    .executeTakeFirst();
}

/** The token with this hash and its account, whatever its state: the caller says why it is refused. */
export function findApiTokenUser(db: Db, tokenHash: string) {
  return db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select([
      'apiTokens.id as tokenId',
      'apiTokens.name as tokenName',
      'apiTokens.expiresAt',
      'apiTokens.revokedAt',
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.organizationId',
      'users.locale',
      'users.active',
    ])
    .where('apiTokens.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Marks a use of the token. Answers true when it is the token's first use of the (UTC) day, which the
 * audit log records; later uses that day only move last_used_at, in the same single statement.
 */
export async function markApiTokenUsed(db: Db, id: number): Promise<boolean> {
  const row = await db
    .updateTable('apiTokens')
    .set({ lastUsedAt: sql<string>`now()` })
    .where('id', '=', id)
    .returning(
      sql<boolean>`(select coalesce(previous.last_used_at < date_trunc('day', now() at time zone 'UTC') at time zone 'UTC', true) from api_tokens previous where previous.id = ${id})`.as(
        'firstToday',
      ),
    )
    .executeTakeFirst();
  return Boolean(row?.firstToday);
}
