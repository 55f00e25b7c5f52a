// Two-factor sign-in over real HTTP: the password step sets no session cookie; the second step sets the
// HttpOnly session cookie that then signs the browser in; a wrong code sets none. With two-factor required
// for coordinators, a coordinator's old cookie stops working and enrolment at sign-in ends with a cookie.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { SESSION_COOKIE } from '@lpt/server/features/auth/auth.service';
import { configureTwoFactor } from '@lpt/server/features/auth/two-factor';
import { createUser } from '../factories/index.ts';
import { ApiClient, clientWithSession, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(getDb().db, { trustProxy: true });
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => configureTwoFactor({ requiredForCoordinators: false }));

let addressCounter = 0;
const clientAt = () => new ApiClient(server.url, { 'x-forwarded-for': `203.0.113.${++addressCounter}` });
const codeOf = (secret: string, ahead = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/ /g, '')) }).generate({ timestamp: Date.now() + ahead * 30_000 });
/** The code of the next step with its last digit changed: never the right one. */
const wrongCode = (secret: string) => codeOf(secret, 1).replace(/.$/, (d) => String((Number(d) + 1) % 10));
const sessionCookieOf = (headers: Headers) => headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));

describe('two-factor sign-in over HTTP', () => {
  it('sets the session cookie only when the second factor passes', async () => {
    const { db } = getDb();
    const user = await createUser(db, 'donor');
    const own = await clientWithSession(db, server.url, user.id);
    const started = await own.mutation('auth.startTwoFactor');
    expect(started.status).toBe(200);
    expect((await own.mutation('auth.confirmTwoFactor', { code: codeOf(started.data.secret) })).status).toBe(200);

    const browser = clientAt();
    const password = await browser.login(user.email, user.password);
    expect(password.status).toBe(200);
    expect(password.data).toMatchObject({ status: 'second_factor', user: null });
    expect(sessionCookieOf(password.headers)).toBeUndefined();
    expect((await browser.query('auth.me')).data).toBeNull();

    const wrong = await browser.mutation('auth.verifySecondFactor', { pendingToken: password.data.pendingToken, code: wrongCode(started.data.secret) });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.data.refusal.code).toBe('second_factor_wrong');
    expect(sessionCookieOf(wrong.headers)).toBeUndefined();

    const second = await browser.mutation('auth.verifySecondFactor', { pendingToken: password.data.pendingToken, code: codeOf(started.data.secret, 1) });
    expect(second.status).toBe(200);
    const cookie = sessionCookieOf(second.headers)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await browser.query('auth.me')).data).toMatchObject({ id: user.id, email: user.email });
  });

  it('with two-factor required, stops an old coordinator cookie and signs in only through enrolment', async () => {
    const { db } = getDb();
    const coordinator = await createUser(db, 'coordinator');
    const old = await clientWithSession(db, server.url, coordinator.id);
    expect((await old.query('users.list')).status).toBe(200);
    configureTwoFactor({ requiredForCoordinators: true });
    expect((await old.query('users.list')).status).toBe(401);

    const browser = clientAt();
    const password = await browser.login(coordinator.email, coordinator.password);
    expect(password.data).toMatchObject({ status: 'enrolment', user: null });
    expect(sessionCookieOf(password.headers)).toBeUndefined();
    // The pending sign-in reaches the enrolment and nothing else.
    expect((await browser.query('users.list')).status).toBe(401);
    const started = await browser.mutation('auth.startEnrolmentAtSignIn', { pendingToken: password.data.pendingToken });
    expect(started.status).toBe(200);
    const enrolled = await browser.mutation('auth.confirmEnrolmentAtSignIn', { pendingToken: password.data.pendingToken, code: codeOf(started.data.secret) });
    expect(enrolled.status).toBe(200);
    expect(enrolled.data.recoveryCodes).toHaveLength(10);
    expect(sessionCookieOf(enrolled.headers)).toMatch(/HttpOnly/i);
    expect((await browser.query('users.list')).status).toBe(200);
  });
});
