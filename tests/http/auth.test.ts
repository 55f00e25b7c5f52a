// Authentication over real HTTP: the password policy, login rate limits kept in the database (so they
// hold across server instances, and against parallel guesses), per account at one address so that an
// attacker cannot lock the owner out, an account attacked from many addresses slowed down instead, and
// lifted by a coordinator; session expiry and rotation, what ends a session, the session cookie's flags
// behind an HTTPS proxy, and the same answer (in the same time) for an unknown e-mail and a wrong password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import { sql } from 'kysely';
import { connect, type Database } from '@lpt/db/connect';
import {
  MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
  MAX_FAILURES_PER_ADDRESS,
  MAX_SLOW_DOWN_MS,
  SESSION_COOKIE,
  SLOW_DOWN_AFTER_ACCOUNT_FAILURES,
  slowDownMs,
} from '@lpt/server/features/auth/auth.service';
import type { AppRouter } from '@lpt/server/router';
import { createOrganization, createUser } from '../factories/index.ts';
import { ApiClient, clientWithSession, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
/** Two server instances on one database: trusting a proxy's X-Forwarded-* headers, and not. */
let proxied: TestServer;
let direct: TestServer;
/** A second instance with a connection of its own (a pool of its own on PostgreSQL). */
let secondInstance: TestServer;
let secondConnection: { db: Database; close(): Promise<void> } | undefined;
let coordinatorId: number;

let addressCounter = 0;
/** A client at an address of its own (behind the trusted proxy), so that address limits stay apart. */
function clientAt(server: TestServer = proxied, address = `198.51.100.${++addressCounter}`) {
  return new ApiClient(server.url, { 'x-forwarded-for': address });
}

beforeAll(async () => {
  const { db, databaseUrl } = getDb();
  proxied = await startTestServer(db, { trustProxy: true });
  direct = await startTestServer(db, { trustProxy: false });
  if (databaseUrl) secondConnection = await connect({ databaseUrl, maxConnections: 3 });
  secondInstance = await startTestServer(secondConnection?.db ?? db, { trustProxy: true });
  coordinatorId = (await createUser(db, 'coordinator')).id;
});
afterAll(async () => {
  await Promise.all([proxied?.close(), direct?.close(), secondInstance?.close()]);
  await secondConnection?.close();
});

const strong = 'correct-horse-battery-staple';

describe('password policy', () => {
  const weak: [string, string][] = [
    ['shorter than 12 characters', 'Tr0ub4dor&3'],
    ['a common password', 'password1234'],
    ['a common password in capitals', 'PASSWORD1234'],
    ['one character repeated', 'aaaaaaaaaaaaaaaa'],
    ['four characters repeated', 'abcdabcdabcdabcd'],
    ['empty', ''],
    ['longer than 256 characters', `${strong}${'x'.repeat(250)}`],
  ];
  for (const [name, password] of weak) {
    it(`refuses a new account's password that is ${name}`, async () => {
      const coordinator = await clientWithSession(getDb().db, proxied.url, coordinatorId);
      const answer = await coordinator.mutation('users.create', { email: `weak${++addressCounter}@test.example`, name: 'Weak', password, role: 'donor' });
      expect(answer.status).toBe(400);
      expect(answer.error?.fieldErrors?.password?.[0]).toBeTruthy();
    });
    it(`refuses a changed password that is ${name}`, async () => {
      const user = await createUser(getDb().db, 'donor');
      const client = await clientWithSession(getDb().db, proxied.url, user.id);
      const answer = await client.mutation('auth.changePassword', { currentPassword: user.password, newPassword: password });
      expect(answer.status).toBe(400);
      expect(answer.error?.fieldErrors?.newPassword?.[0]).toBeTruthy();
      // The old password still works.
      expect((await clientAt().login(user.email, user.password)).status).toBe(200);
    });
  }

  it('accepts a long, unusual passphrase, and the new account can sign in with it', async () => {
    const coordinator = await clientWithSession(getDb().db, proxied.url, coordinatorId);
    const email = `strong${++addressCounter}@test.example`;
    const created = await coordinator.mutation('users.create', { email, name: 'Strong', password: strong, role: 'donor' });
    expect(created.error).toBeNull();
    expect((await clientAt().login(email, strong)).status).toBe(200);
  });

  it('refuses a password change with the wrong current password', async () => {
    const user = await createUser(getDb().db, 'donor');
    const client = await clientWithSession(getDb().db, proxied.url, user.id);
    const answer = await client.mutation('auth.changePassword', { currentPassword: 'not-my-password', newPassword: strong });
    expect(answer.status).toBe(400);
    expect(answer.error?.fieldErrors?.currentPassword).toEqual(['The current password is wrong']);
  });
});

describe('login rate limits', () => {
  it(`refuses an account at one address after ${MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS} failures there, even the right password, on every instance, and says when to try again`, async () => {
    const user = await createUser(getDb().db, 'signatory', (await createOrganization(getDb().db)).id);
    const attacker = '203.0.113.9';
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      const answer = await clientAt(i % 2 ? proxied : secondInstance, attacker).login(user.email, 'wrong-password-guess');
      expect(answer.status).toBe(401);
    }
    for (const server of [secondInstance, proxied]) {
      const answer = await clientAt(server, attacker).login(user.email, user.password);
      expect(answer.status).toBe(429);
      expect(answer.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/try again in 15 minutes/) });
      expect(answer.json.error.data.retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect(Number(answer.headers.get('retry-after'))).toBe(answer.json.error.data.retryAfterSeconds);
    }
    // The e-mail is matched however it is typed.
    expect((await clientAt(proxied, attacker).login(user.email.toUpperCase(), user.password)).status).toBe(429);
  });

  it("lets the owner sign in from another address while the attacker's address is limited", async () => {
    const user = await createUser(getDb().db, 'donor');
    const attacker = '203.0.113.10';
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) await clientAt(proxied, attacker).login(user.email, 'wrong-password-guess');
    expect((await clientAt(proxied, attacker).login(user.email, user.password)).status).toBe(429);
    const owner = await clientAt(secondInstance, '198.51.100.200').login(user.email, user.password);
    expect(owner.status).toBe(200);
    // Signing in elsewhere does not lift the attacker's limit.
    expect((await clientAt(proxied, attacker).login(user.email, user.password)).status).toBe(429);
  });

  it('slows down, never refuses, an account guessed at from many addresses', async () => {
    const user = await createUser(getDb().db, 'donor');
    const timed = async (password: string) => {
      const started = performance.now();
      const answer = await clientAt().login(user.email, password);
      return { status: answer.status, ms: performance.now() - started };
    };
    const before: number[] = [];
    for (let i = 0; i < SLOW_DOWN_AFTER_ACCOUNT_FAILURES; i++) {
      const guess = await timed('wrong-password-guess');
      expect(guess.status).toBe(401);
      before.push(guess.ms);
    }
    const slowed = await timed('wrong-password-guess');
    expect(slowed.status).toBe(401);
    expect(slowed.ms).toBeGreaterThanOrEqual(slowDownMs(SLOW_DOWN_AFTER_ACCOUNT_FAILURES) - 20);
    const owner = await timed(user.password);
    expect(owner.status).toBe(200);
    expect(owner.ms).toBeGreaterThanOrEqual(slowDownMs(SLOW_DOWN_AFTER_ACCOUNT_FAILURES + 1) - 20);
    expect(slowDownMs(1000)).toBe(MAX_SLOW_DOWN_MS);
  });

  it('lets a coordinator lift the limits of an account, at every address', async () => {
    const user = await createUser(getDb().db, 'donor');
    const coordinator = await clientWithSession(getDb().db, proxied.url, coordinatorId);
    const attacker = '203.0.113.11';
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) await clientAt(proxied, attacker).login(user.email, 'wrong-password-guess');
    expect((await clientAt(proxied, attacker).login(user.email, user.password)).status).toBe(429);
    const listed = (await coordinator.query('users.list')).data.find((u: { id: number }) => u.id === user.id);
    expect(listed.recentFailedSignIns).toBe(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
    const lifted = await coordinator.mutation('users.liftSignInLimits', { id: user.id });
    expect(lifted.data).toEqual({ cleared: MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS });
    expect((await clientAt(proxied, attacker).login(user.email, user.password)).status).toBe(200);
  });

  it('lets the account in again once the failures are older than 15 minutes', async () => {
    const { db } = getDb();
    const user = await createUser(db, 'donor');
    const address = '203.0.113.12';
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) await clientAt(proxied, address).login(user.email, 'wrong-password-guess');
    expect((await clientAt(proxied, address).login(user.email, user.password)).status).toBe(429);
    await sql`update login_attempts set attempted_at = now() - interval '16 minutes' where email = ${user.email}`.execute(db);
    expect((await clientAt(proxied, address).login(user.email, user.password)).status).toBe(200);
  });

  it('forgets the failures at an address when the account signs in there', async () => {
    const user = await createUser(getDb().db, 'donor');
    const address = '203.0.113.13';
    const at = () => clientAt(proxied, address);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS - 1; i++) expect((await at().login(user.email, 'wrong')).status).toBe(401);
    expect((await at().login(user.email, user.password)).status).toBe(200);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS - 1; i++) expect((await at().login(user.email, 'wrong')).status).toBe(401);
    expect((await at().login(user.email, user.password)).status).toBe(200);
  });

  it(`refuses an address after ${MAX_FAILURES_PER_ADDRESS} failures, whatever the account, on every instance`, async () => {
    const user = await createUser(getDb().db, 'donor');
    const address = '203.0.113.77';
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      const answer = await clientAt(i % 2 ? proxied : secondInstance, address).login(`nobody${i}@test.example`, 'guess-guess');
      expect(answer.status).toBe(401);
    }
    expect((await clientAt(secondInstance, address).login(user.email, user.password)).status).toBe(429);
    expect((await clientAt(proxied, address).login(user.email, user.password)).status).toBe(429);
    // The same account from elsewhere is fine.
    expect((await clientAt(proxied, '203.0.113.78').login(user.email, user.password)).status).toBe(200);
  });

  it('checks no more than the allowed number of guesses at one address, however many come at once', async () => {
    const user = await createUser(getDb().db, 'donor');
    const address = '203.0.113.14';
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => clientAt(i % 2 ? proxied : secondInstance, address).login(user.email, `guess-${i}`)),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.every((s) => s === 401 || s === 429), statuses.join(' ')).toBe(true);
    // A guess is only checked while fewer than the allowed number are recorded or under way, so some of a
    // burst may be refused before the others are done: more guesses one by one, until the address locks.
    let checked = statuses.filter((s) => s === 401).length;
    for (;;) {
      const status = (await clientAt(proxied, address).login(user.email, 'one-more-guess')).status;
      if (status === 429) break;
      expect(status).toBe(401);
      checked++;
    }
    expect(checked).toBe(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
    expect((await clientAt(proxied, address).login(user.email, user.password)).status).toBe(429);
  });

  it('does not trust X-Forwarded-For unless told to: behind no proxy every forged address is the same caller', async () => {
    const address = `forged-${++addressCounter}`;
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      const client = new ApiClient(direct.url, { 'x-forwarded-for': `${address}-${i}` });
      // Unknown accounts: only the address limit can trip.
      expect((await client.login(`ghost${addressCounter}x${i}@test.example`, 'guess-guess')).status).toBe(401);
    }
    const user = await createUser(getDb().db, 'donor');
    const answer = await new ApiClient(direct.url, { 'x-forwarded-for': `${address}-fresh` }).login(user.email, user.password);
    expect(answer.status).toBe(429);
    // Clean up: the direct server's callers all share 127.0.0.1.
    await sql`delete from login_attempts where address = '127.0.0.1'`.execute(getDb().db);
  });
});

describe('sessions', () => {
  function cookieOf(answer: { headers: Headers }) {
    const line = answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (!line) throw new Error('no session cookie was set');
    return line;
  }

  it('issues an HttpOnly, SameSite cookie that expires, and ends the session at its expiry', async () => {
    const { db } = getDb();
    const user = await createUser(db, 'donor');
    const client = clientAt();
    const login = await client.login(user.email, user.password);
    const cookie = cookieOf(login);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]!).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000);
    expect(expires).toBeLessThan(Date.now() + 15 * 24 * 3600 * 1000);
    expect((await client.query('auth.me')).data).toMatchObject({ id: user.id });
    // The database decides: a session past its expiry is over even if the browser keeps the cookie.
    await sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${user.id}`.execute(db);
    expect((await client.query('auth.me')).data).toBeNull();
    expect((await client.query('rates.list', {})).status).toBe(401);
  });

  it('rotates the session at login: the session the browser came with is ended, and a planted one is never adopted', async () => {
    const user = await createUser(getDb().db, 'donor');
    const client = clientAt();
    await client.login(user.email, user.password);
    const first = client.cookie!;
    await client.login(user.email, user.password);
    const second = client.cookie!;
    expect(second).not.toBe(first);
    const old = clientAt();
    old.cookie = first;
    expect((await old.query('auth.me')).data).toBeNull();
    expect((await client.query('auth.me')).data).toMatchObject({ id: user.id });

    const planted = clientAt();
    planted.cookie = `${SESSION_COOKIE}=attacker-chosen-value`;
    await planted.login(user.email, user.password);
    expect(planted.cookie).not.toBe(`${SESSION_COOKIE}=attacker-chosen-value`);
    expect((await planted.query('auth.me')).data).toMatchObject({ id: user.id });
  });

  it('ends the session at logout and clears the cookie, leaving the same account signed in elsewhere', async () => {
    const user = await createUser(getDb().db, 'donor');
    const laptop = clientAt();
    const phone = clientAt();
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    const token = laptop.cookie!;
    const logout = await laptop.mutation('auth.logout');
    expect(logout.data).toEqual({ ok: true });
    expect(cookieOf(logout)).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    const replay = clientAt();
    replay.cookie = token;
    expect((await replay.query('auth.me')).data).toBeNull();
    expect((await replay.mutation('auth.logout')).status).toBe(401);
    expect((await phone.query('auth.me')).data).toMatchObject({ id: user.id });
  });

  it('ends every session of the account when its password changes, except the new one of the browser that changed it', async () => {
    const user = await createUser(getDb().db, 'donor');
    const laptop = clientAt();
    const phone = clientAt();
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    const before = laptop.cookie!;
    const changed = await laptop.mutation('auth.changePassword', { currentPassword: user.password, newPassword: strong });
    expect(changed.data).toEqual({ ok: true });
    expect(laptop.cookie).not.toBe(before);
    expect((await laptop.query('auth.me')).data).toMatchObject({ id: user.id });
    expect((await phone.query('auth.me')).data).toBeNull();
    const replay = clientAt();
    replay.cookie = before;
    expect((await replay.query('auth.me')).data).toBeNull();
    expect((await clientAt().login(user.email, user.password)).status).toBe(401);
    expect((await clientAt().login(user.email, strong)).status).toBe(200);
  });

  it('ends every session of an account when a coordinator deactivates it, and refuses its sign-in like a wrong password', async () => {
    const user = await createUser(getDb().db, 'donor');
    const client = clientAt();
    await client.login(user.email, user.password);
    const coordinator = await clientWithSession(getDb().db, proxied.url, coordinatorId);
    expect((await coordinator.mutation('users.update', { id: user.id, active: false })).error).toBeNull();
    expect((await client.query('auth.me')).data).toBeNull();
    const answer = await clientAt().login(user.email, user.password);
    expect(answer.status).toBe(401);
    expect(answer.error?.message).toBe('Wrong e-mail or password');
  });

  it('works from the web app client (tRPC httpLink): sign in, call, sign out', async () => {
    let cookie = '';
    const client = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${proxied.url}/trpc`,
          headers: () => ({ cookie, 'x-forwarded-for': `198.51.100.${++addressCounter}` }),
          fetch: async (url, init) => {
            const response = await fetch(url, init as RequestInit);
            const set = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
            if (set) cookie = set.split(';')[0]!;
            return response;
          },
        }),
      ],
    });
    const user = await createUser(getDb().db, 'donor');
    await client.auth.login.mutate({ email: user.email, password: user.password });
    expect(await client.auth.me.query()).toMatchObject({ id: user.id });
    expect(await client.auth.logout.mutate()).toEqual({ ok: true });
    expect(await client.auth.me.query()).toBeNull();
  });
});

describe('the session cookie behind a proxy', () => {
  async function loginCookie(server: TestServer, proto: string | null) {
    const user = await createUser(getDb().db, 'donor');
    const headers: Record<string, string> = { 'x-forwarded-for': `198.51.100.${++addressCounter}` };
    if (proto) headers['x-forwarded-proto'] = proto;
    const client = new ApiClient(server.url, headers);
    const login = await client.login(user.email, user.password);
    const logout = await client.mutation('auth.logout');
    return [login, logout].map((a) => a.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!);
  }

  it('is Secure when a trusted proxy says the request came over HTTPS, at login and at logout', async () => {
    for (const cookie of await loginCookie(proxied, 'https')) expect(cookie).toMatch(/; Secure/);
  });

  it('is not Secure over plain HTTP behind the proxy', async () => {
    for (const cookie of await loginCookie(proxied, 'http')) expect(cookie).not.toMatch(/Secure/);
  });

  it('ignores X-Forwarded-Proto when no proxy is trusted', async () => {
    for (const cookie of await loginCookie(direct, 'https')) expect(cookie).not.toMatch(/Secure/);
  });
});

describe('an unknown e-mail and a wrong password', () => {
  it('get the same answer', async () => {
    const user = await createUser(getDb().db, 'donor');
    const inactive = await createUser(getDb().db, 'donor', null, { active: false });
    const unknown = await clientAt().login('nobody-at-all@test.example', 'some-password-guess');
    const wrong = await clientAt().login(user.email, 'some-password-guess');
    const deactivated = await clientAt().login(inactive.email, inactive.password);
    for (const answer of [unknown, wrong, deactivated]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.getSetCookie()).toEqual([]);
    }
    expect(wrong.text).toBe(unknown.text);
    expect(deactivated.text).toBe(unknown.text);
  });

  it('take the same time (the password hash is checked either way)', async () => {
    const rounds = 9;
    const users = await Promise.all(Array.from({ length: rounds }, () => createUser(getDb().db, 'donor')));
    const timeOf = async (email: string) => {
      const client = clientAt();
      const started = performance.now();
      const answer = await client.login(email, 'some-password-guess');
      expect(answer.status).toBe(401);
      return performance.now() - started;
    };
    await timeOf('warm-up@test.example');
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Interleaved, so that a busy moment of the machine weighs on both alike.
    for (let i = 0; i < rounds; i++) {
      unknown.push(await timeOf(`nobody${i}-${addressCounter}@test.example`));
      wrong.push(await timeOf(users[i]!.email));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(wrong);
    // Without the dummy hash an unknown e-mail answers in a millisecond or two, 20 to 50 times faster; the
    // wide band keeps a busy machine from failing the test while still catching that difference.
    const detail = `unknown ${median(unknown).toFixed(1)} ms, wrong password ${median(wrong).toFixed(1)} ms`;
    expect(ratio, detail).toBeGreaterThan(1 / 3);
    expect(ratio, detail).toBeLessThan(3);
  });
});
