// Personal API tokens in the database (PGlite and PostgreSQL): made with an expiry of at most a year and
// kept only as a hash; listed to their owner only, without the token; revoked by their owner only (another
// person's token is "no such token", and nothing is written); refused once revoked or expired; at most
// 25 live per person; the first use of each day in the audit log; signatories get none.
import { createHash } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AppError } from '@lpt/server/errors';
import { MAX_LIVE_API_TOKENS, userForApiToken } from '@lpt/server/features/auth/api-tokens.service';
import { callerFor, createOrganization, createUser } from '../factories/index.ts';
import { dumpDatabase } from '../security/dump.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();

async function refusalOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const cause = error instanceof TRPCError ? error.cause : error;
    // A refused input: its schema's coded message.
    if (cause instanceof ZodError) return { code: 'VALIDATION', refusal: cause.issues[0]?.message };
    if (!(cause instanceof AppError)) throw error;
    return { code: cause.code, refusal: cause.refusal?.code ?? cause.issues?.[0]?.code };
  }
  throw new Error('The call was not refused');
}

const auditOf = (userId: number) =>
  getDb()
    .db.selectFrom('auditLog')
    .select(['action', 'actorId', 'changes'])
    .where('entity', '=', 'user')
    .where('entityKey', '=', String(userId))
    .where('action', 'like', '%api_token')
    .orderBy('id')
    .execute();

describe('API tokens', () => {
  it('are made with their expiry, shown once, and kept only as their SHA-256', async () => {
    const { db } = getDb();
    const donor = await createUser(db, 'donor');
    const before = Date.now();
    const { token, apiToken } = await callerFor(db, donor).auth.createApiToken({ name: '  Board   pack ', expiresInDays: 90 });
    expect(token).toMatch(/^lpt_[A-Za-z0-9_-]{43}$/);
    // The name is folded like every name; the expiry is 90 days from now.
    expect(apiToken.name).toBe('Board pack');
    const days = (new Date(apiToken.expiresAt).getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThan(90.01);
    const stored = await db.selectFrom('apiTokens').selectAll().where('id', '=', apiToken.id).executeTakeFirstOrThrow();
    expect(stored.tokenHash).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(JSON.stringify(await dumpDatabase(db))).not.toContain(token.slice(4));
    // The list shows it, without the token.
    const listed = await callerFor(db, donor).auth.apiTokens();
    expect(listed).toEqual([{ id: apiToken.id, name: 'Board pack', createdAt: stored.createdAt, expiresAt: stored.expiresAt, lastUsedAt: null, revokedAt: null }]);
    expect(await auditOf(donor.id)).toEqual([
      { action: 'create_api_token', actorId: donor.id, changes: [{ field: 'apiToken', from: null, to: `Board pack (#${apiToken.id}, expires ${stored.expiresAt.slice(0, 10)})` }] },
    ]);
  });

  it('expire within a year: a longer expiry, no name or a signatory are refused, and nothing is written', async () => {
    const { db } = getDb();
    const coordinator = await createUser(db, 'coordinator');
    const signatory = await createUser(db, 'signatory', (await createOrganization(db, { name: 'Token-less Trust' })).id);
    const before = await dumpDatabase(db);
    expect(await refusalOf(callerFor(db, coordinator).auth.createApiToken({ name: 'Year and a day', expiresInDays: 366 }))).toEqual({
      code: 'VALIDATION',
      refusal: 'choose_token_expiry',
    });
    expect(await refusalOf(callerFor(db, coordinator).auth.createApiToken({ name: ' ', expiresInDays: 30 }))).toMatchObject({ code: 'VALIDATION' });
    await expect(callerFor(db, signatory).auth.createApiToken({ name: 'Mine', expiresInDays: 30 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(db, signatory).auth.apiTokens()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await dumpDatabase(db)).toEqual(before);
    // The database holds the same rule behind the schema.
    await expect(
      db
        .insertInto('apiTokens')
        .values({ userId: coordinator.id, name: 'Forever', tokenHash: 'x', expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() })
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it("are listed and revoked by their owner only: another person's token is no such token", async () => {
    const { db } = getDb();
    const owner = await createUser(db, 'donor');
    const other = await createUser(db, 'coordinator');
    const { apiToken } = await callerFor(db, owner).auth.createApiToken({ name: 'Owner script', expiresInDays: 30 });
    expect(await callerFor(db, other).auth.apiTokens()).toEqual([]);
    const before = await dumpDatabase(db);
    expect(await refusalOf(callerFor(db, other).auth.revokeApiToken({ id: apiToken.id }))).toEqual({ code: 'NOT_FOUND', refusal: 'no_such_api_token' });
    expect(await dumpDatabase(db)).toEqual(before);

    await callerFor(db, owner).auth.revokeApiToken({ id: apiToken.id });
    const [listed] = await callerFor(db, owner).auth.apiTokens();
    expect(listed!.revokedAt).not.toBeNull();
    // Once is enough: a second revocation is refused, and the first one's time stays.
    expect(await refusalOf(callerFor(db, owner).auth.revokeApiToken({ id: apiToken.id }))).toEqual({ code: 'NOT_FOUND', refusal: 'no_such_api_token' });
    expect((await callerFor(db, owner).auth.apiTokens())[0]!.revokedAt).toBe(listed!.revokedAt);
    expect((await auditOf(owner.id)).map((a) => a.action)).toEqual(['create_api_token', 'revoke_api_token']);
  });

  it('stand for their owner until revoked or expired, then are refused with the reason', async () => {
    const { db } = getDb();
    const donor = await createUser(db, 'donor');
    const { token, apiToken } = await callerFor(db, donor).auth.createApiToken({ name: 'Nightly', expiresInDays: 1 });
    const { user } = await userForApiToken(db, token, true);
    expect(user).toMatchObject({ id: donor.id, role: 'donor', email: donor.email });
    // A write with it is refused, and is no use of it.
    expect(await refusalOf(userForApiToken(db, token, false))).toEqual({ code: 'FORBIDDEN', refusal: 'api_token_read_only' });
    expect(await refusalOf(userForApiToken(db, `${token}x`, true))).toEqual({ code: 'UNAUTHENTICATED', refusal: 'api_token_invalid' });

    await db.updateTable('apiTokens').set({ createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-02T00:00:00Z' }).where('id', '=', apiToken.id).execute();
    expect(await refusalOf(userForApiToken(db, token, true))).toEqual({ code: 'UNAUTHENTICATED', refusal: 'api_token_expired' });
    // An expired token leaves the list, and cannot be revoked any more.
    expect(await callerFor(db, donor).auth.apiTokens()).toEqual([]);
    expect(await refusalOf(callerFor(db, donor).auth.revokeApiToken({ id: apiToken.id }))).toMatchObject({ code: 'NOT_FOUND' });

    const second = await callerFor(db, donor).auth.createApiToken({ name: 'Weekly', expiresInDays: 7 });
    await callerFor(db, donor).auth.revokeApiToken({ id: second.apiToken.id });
    expect(await refusalOf(userForApiToken(db, second.token, true))).toEqual({ code: 'UNAUTHENTICATED', refusal: 'api_token_revoked' });
  });

  it('write their first use of each day to the audit log, and every use to last used', async () => {
    const { db } = getDb();
    const donor = await createUser(db, 'donor');
    const { token, apiToken } = await callerFor(db, donor).auth.createApiToken({ name: 'Hourly', expiresInDays: 30 });
    await userForApiToken(db, token, true);
    await userForApiToken(db, token, true);
    const uses = async () => (await auditOf(donor.id)).filter((a) => a.action === 'use_api_token').length;
    expect(await uses()).toBe(1);
    const lastUsed = (await callerFor(db, donor).auth.apiTokens())[0]!.lastUsedAt;
    expect(lastUsed).not.toBeNull();
    // Used yesterday: today's first use is written again.
    await db.updateTable('apiTokens').set({ lastUsedAt: new Date(Date.now() - 86_400_000).toISOString() }).where('id', '=', apiToken.id).execute();
    await userForApiToken(db, token, true);
    expect(await uses()).toBe(2);
  });

  it(`are at most ${MAX_LIVE_API_TOKENS} live per person; a revoked one makes room`, async () => {
    const { db } = getDb();
    const donor = await createUser(db, 'donor');
    const caller = callerFor(db, donor);
    const made = await Promise.all(Array.from({ length: MAX_LIVE_API_TOKENS }, (_, i) => caller.auth.createApiToken({ name: `Script ${i}`, expiresInDays: 30 })));
    expect(await refusalOf(caller.auth.createApiToken({ name: 'One more', expiresInDays: 30 }))).toEqual({ code: 'CONFLICT', refusal: 'api_token_limit_reached' });
    await caller.auth.revokeApiToken({ id: made[0]!.apiToken.id });
    await caller.auth.createApiToken({ name: 'One more', expiresInDays: 30 });
    expect(await caller.auth.apiTokens()).toHaveLength(MAX_LIVE_API_TOKENS + 1);
  });
});
