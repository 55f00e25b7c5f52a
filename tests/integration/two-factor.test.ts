// Two-factor sign-in, driven with codes computed from the secret by the same library an authenticator app
// follows (otpauth): enrolment confirmed by a code, the secret and the recovery codes unreadable from the
// database, a password alone opening no session, wrong codes refused and counted by the sign-in limits, a
// code used once, a recovery code used once, a coordinator's reset audited, and two-factor required for
// coordinators stopping a coordinator without a valid code.
import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import type { Database } from '@lpt/db/connect';
import { AppError } from '@lpt/server/errors';
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, startSession, userForSessionToken } from '@lpt/server/features/auth/auth.service';
import { configureTwoFactor, DEMO_TOTP_ENCRYPTION_KEY, openSecret } from '@lpt/server/features/auth/two-factor';
import type { Role } from '@lpt/shared/enums';
import { callerFor, createOrganization, createUser } from '../factories/index.ts';
import { useReportDatabase } from '../factories/reports.ts';

const getDb = useReportDatabase();
afterEach(() => configureTwoFactor({ encryptionKey: DEMO_TOTP_ENCRYPTION_KEY, requiredForCoordinators: false }));

let addressCounter = 0;
const freshAddress = () => `192.0.2.${++addressCounter}`;

/** What an authenticator app shows for the secret, `ahead` time steps from now. */
function codeOf(groupedSecret: string, ahead = 0) {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(groupedSecret.replace(/ /g, '')) });
  return totp.generate({ timestamp: Date.now() + ahead * 30_000 });
}
/** A wrong code: the right one with its last digit changed. */
function wrongCode(groupedSecret: string) {
  const right = codeOf(groupedSecret, 1);
  return right.slice(0, 5) + String((Number(right[5]) + 1) % 10);
}

async function refusalOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, refusal: error.cause instanceof AppError ? (error.cause.refusal?.code ?? error.cause.issues?.[0]?.code) : undefined };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

async function sessionCount(db: Database, userId: number) {
  const row = await db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('userId', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditActions(db: Database, userId: number) {
  const rows = await db.selectFrom('auditLog').select(['action', 'actorId']).where('entity', '=', 'user').where('entityKey', '=', String(userId)).orderBy('id').execute();
  return rows;
}

/** An account with two-factor turned on from its account page; its secret and recovery codes as shown. */
async function enrolledUser(db: Database, role: Role = 'signatory') {
  const organizationId = role === 'signatory' ? (await createOrganization(db)).id : null;
  const user = await createUser(db, role, organizationId);
  const own = callerFor(db, user);
  const started = await own.auth.startTwoFactor();
  const { recoveryCodes } = await own.auth.confirmTwoFactor({ code: codeOf(started.secret) });
  return { user, secret: started.secret, recoveryCodes };
}

/** The password step of a sign-in from `address`. */
async function passwordStep(db: Database, user: { email: string; password: string }, address: string) {
  return callerFor(db, null, address).auth.login({ email: user.email, password: user.password });
}

describe('enrolment', () => {
  it('shows a secret and an otpauth URI, turns on only with a valid code, and keeps nothing readable in the database', async () => {
    const { db } = getDb();
    const user = await createUser(db, 'donor');
    const own = callerFor(db, user);

    const started = await own.auth.startTwoFactor();
    expect(started.secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    const base32 = started.secret.replace(/ /g, '');
    expect(started.uri).toMatch(new RegExp(`^otpauth://totp/.+secret=${base32}`));
    expect(started.uri).toContain(encodeURIComponent(user.email));
    expect(started.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(started.qrSvg).not.toMatch(/<script|on\w+=/i);

    // A wrong code turns nothing on.
    expect(await refusalOf(own.auth.confirmTwoFactor({ code: wrongCode(started.secret) }))).toEqual({ code: 'BAD_REQUEST', refusal: 'two_factor_code_wrong' });
    expect((await own.auth.settings()).twoFactorEnabled).toBe(false);
    expect(await passwordStep(db, user, freshAddress())).toMatchObject({ status: 'signed_in' });

    const { recoveryCodes } = await own.auth.confirmTwoFactor({ code: codeOf(started.secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    expect(await own.auth.settings()).toMatchObject({ twoFactorEnabled: true, recoveryCodesLeft: 10, twoFactorRequired: false });
    expect(await refusalOf(own.auth.startTwoFactor())).toEqual({ code: 'CONFLICT', refusal: 'two_factor_already_on' });

    // The database holds neither the secret nor a recovery code: the secret is sealed with the configured key.
    const row = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    const codes = await db.selectFrom('recoveryCodes').select('codeHash').where('userId', '=', user.id).execute();
    const stored = JSON.stringify({ row, codes });
    expect(stored).not.toContain(base32);
    expect(stored.toLowerCase()).not.toContain(base32.toLowerCase());
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }
    expect(openSecret(row.totpSecret!, user.id)).toBe(base32);
    // Copied onto another account's row, or opened with another key, it opens to nothing.
    expect(openSecret(row.totpSecret!, user.id + 1)).toBeNull();
    configureTwoFactor({ encryptionKey: 'another-deployment-key-of-at-least-32-characters' });
    expect(openSecret(row.totpSecret!, user.id)).toBeNull();
    expect((await auditActions(db, user.id)).map((a) => a.action)).toEqual(['enable_two_factor']);
  });
});

describe('sign-in with two-factor on', () => {
  it('opens no session on the password alone, and one with a code from the authenticator', async () => {
    const { db } = getDb();
    const { user, secret } = await enrolledUser(db);
    const address = freshAddress();

    const first = await passwordStep(db, user, address);
    expect(first).toMatchObject({ status: 'second_factor', user: null });
    expect(first.pendingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessionCount(db, user.id)).toBe(0);
    // The pending sign-in is stored as a hash only, and is no session.
    const pending = await db.selectFrom('pendingSignIns').selectAll().execute();
    expect(pending).toHaveLength(1);
    expect(JSON.stringify(pending)).not.toContain(first.pendingToken);
    expect(await userForSessionToken(db, first.pendingToken!)).toBeNull();

    const anonymous = callerFor(db, null, address);
    expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: first.pendingToken!, code: wrongCode(secret) }))).toEqual({
      code: 'UNAUTHORIZED',
      refusal: 'second_factor_wrong',
    });
    expect(await sessionCount(db, user.id)).toBe(0);

    const signedIn = await anonymous.auth.verifySecondFactor({ pendingToken: first.pendingToken!, code: codeOf(secret, 1) });
    expect(signedIn.user).toMatchObject({ id: user.id, email: user.email });
    expect(await sessionCount(db, user.id)).toBe(1);
    // The pending sign-in is used up, and its failures at this address forgotten.
    expect(await db.selectFrom('pendingSignIns').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('loginAttempts').selectAll().where('email', '=', user.email).execute()).toEqual([]);
    expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: first.pendingToken!, code: codeOf(secret, 1) }))).toEqual({
      code: 'UNAUTHORIZED',
      refusal: 'sign_in_expired',
    });
  });

  it('refuses a code used once already (replay), in its own window', async () => {
    const { db } = getDb();
    const { user, secret } = await enrolledUser(db);
    const address = freshAddress();
    const anonymous = callerFor(db, null, address);
    const code = codeOf(secret, 1);

    const first = await passwordStep(db, user, address);
    await anonymous.auth.verifySecondFactor({ pendingToken: first.pendingToken!, code });
    const again = await passwordStep(db, user, address);
    expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: again.pendingToken!, code }))).toEqual({
      code: 'UNAUTHORIZED',
      refusal: 'second_factor_wrong',
    });
    // The code of the enrolment, too, is spent (an earlier step than one used).
    expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: again.pendingToken!, code: codeOf(secret, 0) }))).toMatchObject({
      refusal: 'second_factor_wrong',
    });
    expect(await sessionCount(db, user.id)).toBe(1);
  });

  it('counts wrong codes against the sign-in limits: then even the right code is refused at that address', async () => {
    const { db } = getDb();
    const { user, secret } = await enrolledUser(db);
    const address = freshAddress();
    const anonymous = callerFor(db, null, address);

    const { pendingToken } = await passwordStep(db, user, address);
    // The password step counts as one attempt until its second factor passes; each wrong code one more.
    for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++)
      expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: pendingToken!, code: wrongCode(secret) }))).toMatchObject({
        code: 'UNAUTHORIZED',
      });
    expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: pendingToken!, code: codeOf(secret, 1) }))).toEqual({
      code: 'TOO_MANY_REQUESTS',
      refusal: 'sign_in_limited',
    });
    // Starting again with the password does not wipe the count.
    expect(await refusalOf(passwordStep(db, user, address))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(await sessionCount(db, user.id)).toBe(0);
    // A coordinator sees the failures on the Users page.
    const coordinator = await createUser(db, 'coordinator');
    const listed = (await callerFor(db, coordinator).users.list()).find((u) => u.id === user.id);
    expect(listed).toMatchObject({ recentFailedSignIns: MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, twoFactorEnabled: true });

    // Elsewhere, the owner still signs in with a code.
    const elsewhere = freshAddress();
    const owner = await passwordStep(db, user, elsewhere);
    await callerFor(db, null, elsewhere).auth.verifySecondFactor({ pendingToken: owner.pendingToken!, code: codeOf(secret, 1) });
    expect(await sessionCount(db, user.id)).toBe(1);
  });

  it('accepts each recovery code once, however it is typed, and audits its use', async () => {
    const { db } = getDb();
    const { user, recoveryCodes } = await enrolledUser(db);
    const address = freshAddress();
    const anonymous = callerFor(db, null, address);
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace(/-/g, ' ')} `;

    const first = await passwordStep(db, user, address);
    await anonymous.auth.verifySecondFactor({ pendingToken: first.pendingToken!, code: typed });
    expect(await callerFor(db, user).auth.settings()).toMatchObject({ recoveryCodesLeft: 9 });
    expect((await auditActions(db, user.id)).map((a) => a.action)).toEqual(['enable_two_factor', 'use_recovery_code']);

    const again = await passwordStep(db, user, address);
    expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: again.pendingToken!, code: recoveryCodes[3]! }))).toEqual({
      code: 'UNAUTHORIZED',
      refusal: 'second_factor_wrong',
    });
    await anonymous.auth.verifySecondFactor({ pendingToken: again.pendingToken!, code: recoveryCodes[4]! });
    expect(await sessionCount(db, user.id)).toBe(2);
  });

  it('lets the owner turn it off with the password only, and then the password alone signs in', async () => {
    const { db } = getDb();
    const { user } = await enrolledUser(db, 'donor');
    const own = callerFor(db, user);
    expect(await refusalOf(own.auth.disableTwoFactor({ currentPassword: 'not-the-password' }))).toEqual({
      code: 'BAD_REQUEST',
      refusal: 'current_password_wrong',
    });
    expect((await own.auth.settings()).twoFactorEnabled).toBe(true);
    await own.auth.disableTwoFactor({ currentPassword: user.password });
    expect(await own.auth.settings()).toMatchObject({ twoFactorEnabled: false, recoveryCodesLeft: 0 });
    expect(await db.selectFrom('recoveryCodes').selectAll().execute()).toEqual([]);
    expect(await passwordStep(db, user, freshAddress())).toMatchObject({ status: 'signed_in' });
    expect((await auditActions(db, user.id)).map((a) => a.action)).toEqual(['enable_two_factor', 'disable_two_factor']);
  });
});

describe("a coordinator's reset", () => {
  it('turns the second factor off, signs the account out everywhere, and is in the audit log', async () => {
    const { db } = getDb();
    const { user } = await enrolledUser(db);
    const coordinator = await createUser(db, 'coordinator');
    const { token } = await startSession(db, user.id);

    // Only a coordinator, and not on their own account.
    expect(await refusalOf(callerFor(db, user).users.resetTwoFactor({ id: user.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusalOf(callerFor(db, coordinator).users.resetTwoFactor({ id: coordinator.id }))).toEqual({
      code: 'FORBIDDEN',
      refusal: 'two_factor_reset_self',
    });
    expect((await callerFor(db, user).auth.settings()).twoFactorEnabled).toBe(true);

    expect(await callerFor(db, coordinator).users.resetTwoFactor({ id: user.id })).toEqual({ id: user.id });
    expect(await userForSessionToken(db, token)).toBeNull();
    expect(await db.selectFrom('recoveryCodes').selectAll().execute()).toEqual([]);
    expect(await auditActions(db, user.id)).toEqual([
      { action: 'enable_two_factor', actorId: user.id },
      { action: 'reset_two_factor', actorId: coordinator.id },
    ]);
    const audit = await callerFor(db, coordinator).audit.list({ entity: 'user', entityKey: String(user.id) });
    expect(audit.map((e) => e.action)).toContain('reset_two_factor');
    // A second reset has nothing to reset, and writes nothing.
    expect(await refusalOf(callerFor(db, coordinator).users.resetTwoFactor({ id: user.id }))).toEqual({ code: 'CONFLICT', refusal: 'two_factor_not_on' });
    expect(await auditActions(db, user.id)).toHaveLength(2);
    expect(await passwordStep(db, user, freshAddress())).toMatchObject({ status: 'signed_in' });
  });
});

describe('two-factor required for coordinators', () => {
  it('lets a coordinator without it reach only enrolment, and then never sign in without a valid code', async () => {
    const { db } = getDb();
    const coordinator = await createUser(db, 'coordinator');
    const { token: oldSession } = await startSession(db, coordinator.id);
    configureTwoFactor({ requiredForCoordinators: true });
    const address = freshAddress();
    const anonymous = callerFor(db, null, address);

    // A session from before the requirement no longer works; the password leads to enrolment only.
    expect(await userForSessionToken(db, oldSession)).toBeNull();
    const first = await passwordStep(db, coordinator, address);
    expect(first).toMatchObject({ status: 'enrolment', user: null });
    expect(await sessionCount(db, coordinator.id)).toBe(1); // the old one, unusable
    expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: first.pendingToken!, code: '123456' }))).toEqual({
      code: 'UNAUTHORIZED',
      refusal: 'sign_in_expired',
    });

    const started = await anonymous.auth.startEnrolmentAtSignIn({ pendingToken: first.pendingToken! });
    expect(await refusalOf(anonymous.auth.confirmEnrolmentAtSignIn({ pendingToken: first.pendingToken!, code: wrongCode(started.secret) }))).toMatchObject({
      refusal: 'two_factor_code_wrong',
    });
    expect(await sessionCount(db, coordinator.id)).toBe(1);
    const enrolled = await anonymous.auth.confirmEnrolmentAtSignIn({ pendingToken: first.pendingToken!, code: codeOf(started.secret) });
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(enrolled.user).toMatchObject({ id: coordinator.id, role: 'coordinator' });
    expect(await sessionCount(db, coordinator.id)).toBe(2);

    // From now on: the password, then a valid code; a wrong one opens nothing.
    const next = await passwordStep(db, coordinator, address);
    expect(next).toMatchObject({ status: 'second_factor', user: null });
    expect(await refusalOf(anonymous.auth.verifySecondFactor({ pendingToken: next.pendingToken!, code: wrongCode(started.secret) }))).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(await sessionCount(db, coordinator.id)).toBe(2);
    await anonymous.auth.verifySecondFactor({ pendingToken: next.pendingToken!, code: codeOf(started.secret, 1) });
    expect(await sessionCount(db, coordinator.id)).toBe(3);

    // It cannot be turned off while required; other roles are not bound by it.
    const session = (await userForSessionToken(db, (await startSession(db, coordinator.id)).token))!;
    expect(session).not.toBeNull();
    expect(await refusalOf(callerFor(db, session).auth.disableTwoFactor({ currentPassword: coordinator.password }))).toEqual({
      code: 'FORBIDDEN',
      refusal: 'two_factor_required',
    });
    const donor = await createUser(db, 'donor');
    expect(await passwordStep(db, donor, freshAddress())).toMatchObject({ status: 'signed_in' });
  });

  it('refuses enrolment at sign-in to a token that is not a pending sign-in, and a signed-out caller without one', async () => {
    const { db } = getDb();
    configureTwoFactor({ requiredForCoordinators: true });
    const anonymous = callerFor(db, null, freshAddress());
    expect(await refusalOf(anonymous.auth.startEnrolmentAtSignIn({ pendingToken: 'x'.repeat(43) }))).toEqual({ code: 'UNAUTHORIZED', refusal: 'sign_in_expired' });
    expect(await refusalOf(anonymous.auth.startTwoFactor())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await refusalOf(anonymous.auth.confirmTwoFactor({ code: '123456' }))).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
