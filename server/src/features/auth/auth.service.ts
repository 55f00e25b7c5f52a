// Sign-in, sessions and passwords. A session is a random token in an HttpOnly cookie; the database keeps
// only its SHA-256, so a leaked database does not leak live sessions.
import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '@lpt/db/connect';
import type { DB } from '@lpt/db/schema';
import type { Locale } from '@lpt/shared/enums';
import { AppError, fieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import type { SessionUser } from '../../trpc.ts';
import * as q from './auth.queries.ts';
import { hashPassword, timingDummyHash, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'lpt_session';
/** Failed logins allowed per account and per address in the window below before refusing. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

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
  return row ?? null;
}

export async function startSession(db: Database | Transaction<DB>, userId: number) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionDays * 24 * 3600 * 1000);
  await q.insertSession(db, { id: sessionIdOf(token), userId, expiresAt });
  return { token, expiresAt };
}

const WRONG_CREDENTIALS = 'Wrong e-mail or password';

export async function login(
  db: Database,
  input: { email: string; password: string },
  clientAddress: string,
  previousSessionId: string | null,
) {
  // The attempt is written first and counted with the others: of many parallel guesses, only the first few
  // (in the order the database saw them) get their password checked. A successful sign-in clears them.
  const attemptId = await q.recordLoginAttempt(db, input.email, clientAddress);
  const attempts = await q.countRecentFailures(db, input.email, clientAddress, new Date(Date.now() - FAILURE_WINDOW_MS));
  if (attempts.byEmail > MAX_FAILURES_PER_ACCOUNT || attempts.byAddress > MAX_FAILURES_PER_ADDRESS) {
    await q.deleteLoginAttempt(db, attemptId);
    throw new AppError('RATE_LIMITED', 'Too many failed sign-ins; wait 15 minutes and try again');
  }

  const user = await q.findUserByEmail(db, input.email);
  // Verify against a dummy hash for unknown accounts so the answer takes the same time.
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), input.password);
  if (!user || !valid || !user.active) throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  await q.clearFailedLogins(db, input.email);
  // Rotation: a sign-in never reuses the session the browser came with.
  if (previousSessionId) await q.deleteSession(db, previousSessionId);
  await q.deleteExpiredSessions(db, user.id, new Date());
  const session = await startSession(db, user.id);
  return { user: publicUser(user), ...session };
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
