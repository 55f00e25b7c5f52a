// Personal API tokens over real HTTP, as a donor's script (curl) would use them: `Authorization: Bearer`
// reads /trpc queries and the downloads; a write is refused whatever the route; a revoked, expired or
// malformed token is a 401 that says why; the session cookie never stands in for the token; each token is
// rate-limited (429 with Retry-After); creation, revocation and the first use of a day are in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN_REQUESTS_PER_MINUTE } from '@lpt/server/http/token-rate-limit';
import { createCycle, createUser } from '../factories/index.ts';
import { dumpDatabase } from '../security/dump.ts';
import { ApiClient, clientWithSession, startTestServer, type HttpAnswer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let donorUser: Awaited<ReturnType<typeof createUser>>;
let donor: ApiClient;
let coordinator: ApiClient;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const refusalOf = (answer: HttpAnswer) => (answer.json as { error?: { data?: { refusal?: { code: string } } } }).error?.data?.refusal?.code;
const summaryPath = `/trpc/metrics.summary?input=${encodeURIComponent(JSON.stringify({ year: 2025 }))}`;

async function newToken(client: ApiClient, name = 'Quarterly script') {
  const created = await client.mutation('auth.createApiToken', { name, expiresInDays: 30 });
  expect(created.status, created.text).toBe(200);
  return created.data as { token: string; apiToken: { id: number; name: string } };
}

async function auditActions(userId: number) {
  const rows = await getDb()
    .db.selectFrom('auditLog')
    .select(['action'])
    .where('entity', '=', 'user')
    .where('entityKey', '=', String(userId))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  const { db } = getDb();
  await createCycle(db, 2025, { dueOn: '2026-03-31' });
  donorUser = await createUser(db, 'donor');
  server = await startTestServer(db);
  donor = await clientWithSession(db, server.url, donorUser.id);
  coordinator = await clientWithSession(db, server.url, (await createUser(db, 'coordinator')).id);
});
afterAll(async () => {
  await server?.close();
});

describe('a donor token', () => {
  it('reads metrics.summary and the CSV with no cookie, as curl would', async () => {
    const { token } = await newToken(donor);
    expect(token).toMatch(/^lpt_[A-Za-z0-9_-]{43}$/);
    const script = new ApiClient(server.url);
    const summary = await script.raw(summaryPath, { headers: bearer(token) });
    expect(summary.status, summary.text).toBe(200);
    expect(summary.json.result.data.year).toBe(2025);
    // The same answer as the donor's browser session gets.
    expect(summary.json).toEqual((await donor.raw(summaryPath)).json);

    const csv = await script.raw('/csv/summary.csv?year=2025&format=data', { headers: bearer(token) });
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text).toContain('2025');
    const xlsx = await script.raw('/xlsx/summary.xlsx?year=2025', { headers: bearer(token) });
    expect(xlsx.status).toBe(200);
  });

  it('is its owner for the procedures: a donor token reads what a donor may, and no more', async () => {
    const { token } = await newToken(donor);
    const me = await new ApiClient(server.url).raw('/trpc/auth.me', { headers: bearer(token) });
    expect(me.json.result.data).toMatchObject({ id: donorUser.id, role: 'donor' });
    const users = await new ApiClient(server.url).raw('/trpc/users.list', { headers: bearer(token) });
    expect(users.status).toBe(403);
  });

  it('is refused for any write, with a clear error, and the refused call writes nothing', async () => {
    const { token } = await newToken(donor);
    const before = await dumpDatabase(getDb().db);
    const script = new ApiClient(server.url);
    const setLocale = await script.mutation('auth.setLocale', { locale: 'fr' }, bearer(token));
    expect(setLocale.status).toBe(403);
    expect(setLocale.error?.message).toMatch(/API tokens are read-only/);
    expect(refusalOf(setLocale)).toBe('api_token_read_only');
    // A token cannot make tokens either, nor revoke them.
    const create = await script.mutation('auth.createApiToken', { name: 'Copy', expiresInDays: 30 }, bearer(token));
    expect(refusalOf(create)).toBe('api_token_read_only');
    // The cookie's origin check is not what refuses it: from another site, the answer is the same.
    const crossSite = await script.mutation('auth.setLocale', { locale: 'fr' }, { ...bearer(token), origin: 'https://elsewhere.example' });
    expect(crossSite.status).toBe(403);
    expect(refusalOf(crossSite)).toBe('api_token_read_only');
    // The import route (a write) too, from anywhere.
    const imported = await script.raw('/import/preview?fileName=x.csv', {
      method: 'POST',
      body: 'a,b\n',
      headers: { ...bearer(token), 'content-type': 'text/csv', origin: 'https://elsewhere.example' },
    });
    expect(imported.status).toBe(403);
    expect(refusalOf(imported)).toBe('api_token_read_only');
    expect(await dumpDatabase(getDb().db)).toEqual(before);
  });
});

describe('a coordinator token', () => {
  it("reads what a coordinator may, and is read-only too", async () => {
    const { token } = await newToken(coordinator);
    const script = new ApiClient(server.url);
    const users = await script.raw('/trpc/users.list', { headers: bearer(token) });
    expect(users.status, users.text).toBe(200);
    const before = await dumpDatabase(getDb().db);
    const create = await script.mutation('cycles.upsert', { year: 2031, opensOn: '2031-01-01', dueOn: '2031-03-31', status: 'open' }, bearer(token));
    expect(create.status).toBe(403);
    expect(refusalOf(create)).toBe('api_token_read_only');
    expect(await dumpDatabase(getDb().db)).toEqual(before);
  });
});

describe('a token that is not good', () => {
  it('revoked: 401 that says so, on /trpc and on the downloads', async () => {
    const { token, apiToken } = await newToken(donor);
    expect((await new ApiClient(server.url).raw(summaryPath, { headers: bearer(token) })).status).toBe(200);
    const revoked = await donor.mutation('auth.revokeApiToken', { id: apiToken.id });
    expect(revoked.status, revoked.text).toBe(200);
    const refused = await new ApiClient(server.url).raw(summaryPath, { headers: bearer(token) });
    expect(refused.status).toBe(401);
    expect(refused.json.error.message).toMatch(/revoked/);
    expect(refusalOf(refused)).toBe('api_token_revoked');
    const csv = await new ApiClient(server.url).raw('/csv/summary.csv?year=2025', { headers: bearer(token) });
    expect(csv.status).toBe(401);
    expect(refusalOf(csv)).toBe('api_token_revoked');
  });

  it('expired: 401 with the date it expired', async () => {
    const { token, apiToken } = await newToken(donor);
    await getDb()
      .db.updateTable('apiTokens')
      .set({ createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' })
      .where('id', '=', apiToken.id)
      .execute();
    const refused = await new ApiClient(server.url).raw(summaryPath, { headers: bearer(token) });
    expect(refused.status).toBe(401);
    expect(refused.json.error.message).toBe('This API token expired on 2026-02-01: create a new one on your Account page');
    expect(refusalOf(refused)).toBe('api_token_expired');
  });

  it('unknown or malformed: 401, and a valid session cookie beside it changes nothing', async () => {
    for (const authorization of ['Bearer lpt_not-a-token', 'Basic ZG9ub3I6cGFzcw==', 'Bearer', '']) {
      // The coordinator's client sends its session cookie with the bad token.
      const refused = await coordinator.raw('/trpc/auth.me', { headers: { authorization } });
      expect(refused.status, authorization).toBe(401);
      expect(refusalOf(refused), authorization).toBe('api_token_invalid');
    }
    // A donor's good token with a coordinator's cookie is the donor, not the coordinator.
    const { token } = await newToken(donor);
    const users = await coordinator.raw('/trpc/users.list', { headers: bearer(token) });
    expect(users.status).toBe(403);
  });

  it("of a deactivated account: 401", async () => {
    const { db } = getDb();
    const leaving = await createUser(db, 'donor');
    const { token } = await newToken(await clientWithSession(db, server.url, leaving.id));
    await db.updateTable('users').set({ active: false }).where('id', '=', leaving.id).execute();
    const refused = await new ApiClient(server.url).raw(summaryPath, { headers: bearer(token) });
    expect(refused.status).toBe(401);
  });
});

describe('the audit log', () => {
  it('has the creation, the first use of the day (once) and the revocation of a token', async () => {
    const { db } = getDb();
    const owner = await createUser(db, 'donor');
    const browser = await clientWithSession(db, server.url, owner.id);
    const { token, apiToken } = await newToken(browser, 'Board pack');
    const script = new ApiClient(server.url);
    await script.raw(summaryPath, { headers: bearer(token) });
    await script.raw(summaryPath, { headers: bearer(token) });
    await browser.mutation('auth.revokeApiToken', { id: apiToken.id });
    expect(await auditActions(owner.id)).toEqual(['create_api_token', 'use_api_token', 'revoke_api_token']);
    const listed = await browser.query('auth.apiTokens');
    expect(listed.data[0]).toMatchObject({ id: apiToken.id, name: 'Board pack' });
    expect(listed.data[0].lastUsedAt).not.toBeNull();
    expect(listed.data[0].revokedAt).not.toBeNull();
    expect(JSON.stringify(listed.json)).not.toContain(token.slice(4));
  });
});

describe('the rate limit', () => {
  it(`answers 429 with Retry-After after ${API_TOKEN_REQUESTS_PER_MINUTE} requests a minute with one token, and only for that token`, async () => {
    const { token } = await newToken(donor);
    const script = new ApiClient(server.url);
    for (let i = 0; i < API_TOKEN_REQUESTS_PER_MINUTE; i++) {
      const answer = await script.raw('/trpc/auth.me', { headers: bearer(token) });
      expect(answer.status).toBe(200);
    }
    const limited = await script.raw('/trpc/auth.me', { headers: bearer(token) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.json.error.data.code).toBe('TOO_MANY_REQUESTS');
    expect(limited.json.error.message).toMatch(/Too many requests with this API token/);
    expect((await script.raw('/csv/summary.csv?year=2025', { headers: bearer(token) })).status).toBe(429);
    // Another token, and the browser session, are not slowed down.
    const other = await newToken(donor);
    expect((await script.raw('/trpc/auth.me', { headers: bearer(other.token) })).status).toBe(200);
    expect((await donor.raw('/trpc/auth.me')).status).toBe(200);
  });
});
