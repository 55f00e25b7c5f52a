// Sign-in, sessions and passwords. A session is a random token in an HttpOnly cookie; the database keeps
// only its SHA-256, so a leaked database does not leak live sessions.
import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '@lpt/db/connect';
import type { DB, LoginAttemptKind } from '@lpt/db/schema';
import type { Locale } from '@lpt/shared/enums';
import { AppError, fieldError, refusal } from '../../errors.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import type { SessionUser } from '../../trpc.ts';
import * as q from './auth.queries.ts';
import { hashPassword, timingDummyHash, verifyPassword } from './passwords.ts';
import * as twoFactor from './two-factor.service.ts';

export const SESSION_COOKIE = 'lpt_session';
/**
 * Sign-in limits, over the window below. The hard limits are per account *at one address* and per address:
 * an attacker who locks an account locks it only where the attack comes from, and its owner signs in from
 * anywhere else. An account guessed at from many addresses is slowed down instead (each further attempt
 * waits longer, up to MAX_SLOW_DOWN_MS), never refused. A coordinator can lift an account's limits.
 */
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const SLOW_DOWN_AFTER_ACCOUNT_FAILURES = 5;
export const SLOW_DOWN_STEP_MS = 400;
export const MAX_SLOW_DOWN_MS = 4000;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** How long an attempt waits when its account has already failed `failures` times in the window. */
export function slowDownMs(failures: number): number {
  const over = failures - SLOW_DOWN_AFTER_ACCOUNT_FAILURES + 1;
  return over > 0 ? Math.min(over * SLOW_DOWN_STEP_MS, MAX_SLOW_DOWN_MS) : 0;
}

let sessionDays = 14;
export function configureSessions(days: number) {
  sessionDays = days;
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function userForSessionToken(db: Database, token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const row = await q.findSessionUser(db, sessionIdOf(token), new Date());
  // A coordinator's session stops working while two-factor is required and not on for the account.
  if (!row || !(await twoFactor.sessionAllowed(db, row))) return null;
  return row;
}

export async function startSession(db: Database | Transaction<DB>, userId: number) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionDays * 24 * 3600 * 1000);
  await q.insertSession(db, { id: sessionIdOf(token), userId, expiresAt });
  return { token, expiresAt };
}

/**
 * Counts one more sign-in attempt (a password, or a second factor) of `email` at `address` through the one
 * limiter (admitAttempt below), refused when over the limits and slowed down when the account is under attack.
 */
async function enforceSignInLimits(db: Database, email: string, clientAddress: string) {
  const attempts = await admitAttempt(db, 'sign_in', email, clientAddress);
  const wait = slowDownMs(attempts.accountFailures);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

export async function login(
  db: Database,
  input: { email: string; password: string },
  clientAddress: string,
  previousSessionId: string | null,
) {
  await enforceSignInLimits(db, input.email, clientAddress);

  const user = await q.findUserByEmail(db, input.email);
  // Verify against a dummy hash for unknown accounts, and invitations not yet accepted (no password), so the
  // answer takes the same time; the dummy's password never opens an account.
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), input.password);
  if (!user || !valid || !user.passwordHash || !user.active) throw new AppError('UNAUTHENTICATED', refusal('wrong_credentials'));
  // With two-factor on (or required and not on yet) the password opens no session, only a short pending
  // sign-in. Its attempt stays counted until the second factor passes, so that the limits above also bound
  // the guessing of codes by someone who knows the password.
  const step = await twoFactor.secondStepAfterPassword(db, user);
  if (step) return { status: step, ...(await twoFactor.startPendingSignIn(db, user.id, step)) };
  return { status: 'signed_in' as const, ...(await completeSignIn(db, user.id, input.email, clientAddress, previousSessionId)) };
}

/** The end of every sign-in: the failures at this address are forgotten, and a fresh session starts. */
async function completeSignIn(
  db: Database | Transaction<DB>,
  userId: number,
  email: string,
  clientAddress: string,
  previousSessionId: string | null,
) {
  // The failures at this address are forgotten; those elsewhere still count (and slow the account down).
  await q.clearFailedLoginsAt(db, email, clientAddress);
  // Rotation: a sign-in never reuses the session the browser came with.
  if (previousSessionId) await q.deleteSession(db, previousSessionId);
  await q.deleteExpiredSessions(db, userId, new Date());
  const user = await q.findUserById(db, userId);
  const session = await startSession(db, userId);
  return { user: publicUser(user!), ...session };
}

/**
 * The second step of a sign-in with two-factor on: a TOTP code or a recovery code completes the pending
 * sign-in. Every try counts against the sign-in limits like a password; a wrong code writes nothing else.
 */
export async function verifySecondFactor(
  db: Database,
  input: { pendingToken: string; code: string },
  clientAddress: string,
  previousSessionId: string | null,
) {
  const pending = await twoFactor.pendingSignInOf(db, input.pendingToken, 'second_factor');
  await enforceSignInLimits(db, pending.email, clientAddress);
  return db.transaction().execute(async (trx) => {
    if (!(await twoFactor.useSecondFactor(trx, pending.userId, input.code)))
      throw new AppError('UNAUTHENTICATED', refusal('second_factor_wrong'));
    if (!(await twoFactor.takePendingSignIn(trx, pending.id))) throw new AppError('UNAUTHENTICATED', refusal('sign_in_expired'));
    return completeSignIn(trx, pending.userId, pending.email, clientAddress, previousSessionId);
  });
}

/** Enrolment at sign-in, when two-factor is required and not on: the pending sign-in is all it reaches. */
export async function startEnrolmentAtSignIn(db: Database, pendingToken: string) {
  const pending = await twoFactor.pendingSignInOf(db, pendingToken, 'enrolment');
  return twoFactor.startEnrolment(db, pending.userId);
}

/** A confirmed enrolment at sign-in turns two-factor on and completes the sign-in; codes count like any. */
export async function confirmEnrolmentAtSignIn(
  db: Database,
  input: { pendingToken: string; code: string },
  clientAddress: string,
  previousSessionId: string | null,
) {
  const pending = await twoFactor.pendingSignInOf(db, input.pendingToken, 'enrolment');
  await enforceSignInLimits(db, pending.email, clientAddress);
  return db.transaction().execute(async (trx) => {
    const { recoveryCodes } = await twoFactor.confirmEnrolment(trx, pending.userId, input.code);
    if (!(await twoFactor.takePendingSignIn(trx, pending.id))) throw new AppError('UNAUTHENTICATED', refusal('sign_in_expired'));
    return { recoveryCodes, ...(await completeSignIn(trx, pending.userId, pending.email, clientAddress, previousSessionId)) };
  });
}

const limitRefusals = { sign_in: 'sign_in_limited', password_reset_request: 'reset_requests_limited', password_reset: 'reset_links_limited' } as const;

/**
 * The limiter of sign-ins, and of password-reset requests and reset links (each kind counted on its own,
 * with the same limits). The attempt is written first and counted with the others: of many parallel
 * guesses, only the first few (in the order the database saw them) get past. Returns the attempt (its
 * caller forgets it on success) and the account's failures before it. `account` null: an attempt that
 * names no account (a reset link matching none) counts against the address only.
 */
export async function admitAttempt(db: Database, kind: LoginAttemptKind, account: string | null, clientAddress: string) {
  const attemptId = await q.recordLoginAttempt(db, account ?? '', clientAddress, kind);
  const attempts = await q.countRecentFailures(db, account ?? '', clientAddress, new Date(Date.now() - FAILURE_WINDOW_MS), kind);
  const addressLimited = attempts.byAddress > MAX_FAILURES_PER_ADDRESS;
  if (addressLimited || (account !== null && attempts.byPair > MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)) {
    await q.deleteLoginAttempt(db, attemptId);
    // The limit lifts when the oldest failure it counts leaves the window.
    const oldest = new Date((addressLimited ? attempts.oldestByAddress : attempts.oldestByPair) ?? Date.now()).getTime();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + FAILURE_WINDOW_MS - Date.now()) / 1000));
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new AppError('RATE_LIMITED', refusal(limitRefusals[kind], { count: minutes }), undefined, retryAfterSeconds);
  }
  return { attemptId, accountFailures: attempts.byEmail - 1 };
}

/** A coordinator lifts an account's sign-in limits: its failed attempts, from every address, are forgotten. */
export async function liftSignInLimits(db: Database, email: string): Promise<number> {
  return q.clearFailedLogins(db, email);
}

export async function logout(db: Database, sessionId: string) {
  await q.deleteSession(db, sessionId);
}

/** Changing a password ends every session of the account, then starts a fresh one for this browser. */
export async function changePassword(
  db: Database,
  user: SessionUser,
  input: { currentPassword: string; newPassword: string },
) {
  const stored = await q.findUserById(db, user.id);
  if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword)))
    throw fieldError('The current password is wrong', 'currentPassword', 'current_password_wrong');
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await q.updatePasswordHash(trx, user.id, passwordHash);
    await q.deleteSessionsOfUser(trx, user.id);
    // A change to the account like any other, minus the secret: the log says that, who and when.
    await recordAudit(trx, { entity: 'user', entityKey: String(user.id), action: 'change_password', actorId: user.id, changes: [] });
    return startSession(trx, user.id);
  });
}

export function publicUser(u: Omit<SessionUser, 'sessionId'>) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, organizationId: u.organizationId, locale: u.locale };
}

/** The interface language kept with the account (the web app also keeps it in the browser before sign-in). */
export async function setLocale(db: Database, user: SessionUser, locale: Locale) {
  if (user.locale === locale) return;
  await db.transaction().execute(async (trx) => {
    await q.updateLocale(trx, user.id, locale);
    await recordAudit(trx, {
      entity: 'user',
      entityKey: String(user.id),
      action: 'set_locale',
      actorId: user.id,
      changes: [{ field: 'locale', from: user.locale, to: locale }],
    });
  });
}

/** The account's own settings beyond its language (read on the account page, not on every call). */
export async function accountSettings(db: Database, user: SessionUser) {
  const row = await q.findReminderSetting(db, user.id);
  return { remindersEnabled: row.remindersEnabled, ...(await twoFactor.twoFactorStatus(db, user)) };
}

/** Reminders by e-mail on or off, by the account's owner; coordinators see the choice on the Users page. */
export async function setReminders(db: Database, user: SessionUser, enabled: boolean) {
  await db.transaction().execute(async (trx) => {
    const before = await q.findReminderSetting(trx, user.id);
    if (before.remindersEnabled === enabled) return;
    await q.updateReminderSetting(trx, user.id, enabled);
    await recordAudit(trx, {
      entity: 'user',
      entityKey: String(user.id),
      action: 'set_reminders',
      actorId: user.id,
      changes: [{ field: 'remindersEnabled', from: before.remindersEnabled, to: enabled }],
    });
  });
  return { remindersEnabled: enabled };
}
