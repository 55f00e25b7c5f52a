// Two-factor sign-in for any account (issue 17): enrolment (a secret shown once, on only after a code from it
// is confirmed), recovery codes shown once, turning it off (with the password), a coordinator's reset of
// another account's second factor, and the check of a second factor at sign-in (auth.service.ts).
import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Transaction } from 'kysely';
import type { Database } from '@lpt/db/connect';
import type { PendingSignInPurpose, Role } from '@lpt/shared/enums';
import type { DB } from '@lpt/db/schema';
import { AppError, fieldError, refusal } from '../../errors.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import { deleteSessionsOfUser, findUserById } from './auth.queries.ts';
import { verifyPassword } from './passwords.ts';
import * as q from './two-factor.queries.ts';
import {
  groupedSecret,
  newRecoveryCodes,
  newTotpSecret,
  normalizeCode,
  openSecret,
  recoveryCodeHash,
  sealSecret,
  totpOf,
  totpStepOf,
  twoFactorRequiredFor,
} from './two-factor.ts';

type Db = Database | Transaction<DB>;

/** How long a sign-in that passed its password waits for its code (or, when required, its enrolment). */
export const PENDING_SIGN_IN_MINUTES = 10;

/** What a sign-in needs after the right password: a code, an enrolment (required and not on), or nothing. */
export async function secondStepAfterPassword(db: Db, user: { id: number; role: Role }) {
  const row = await q.findTwoFactor(db, user.id);
  if (row?.totpEnabledAt) return 'second_factor' as const;
  if (twoFactorRequiredFor(user.role)) return 'enrolment' as const;
  return null;
}

/** Whether a session may be used: a coordinator's not, while two-factor is required and not on for it. */
export async function sessionAllowed(db: Db, user: { id: number; role: Role }) {
  if (!twoFactorRequiredFor(user.role)) return true;
  const row = await q.findTwoFactor(db, user.id);
  return Boolean(row?.totpEnabledAt);
}

function pendingIdOf(token: string) {
  return createHash('sha256').update(token).digest('base64url');
}

/** A sign-in that passed the password: its token goes to the browser, its SHA-256 to the database. */
export async function startPendingSignIn(db: Db, userId: number, purpose: PendingSignInPurpose) {
  const now = new Date();
  await q.deletePendingSignIns(db, userId, now);
  const pendingToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000);
  await q.insertPendingSignIn(db, { id: pendingIdOf(pendingToken), userId, purpose, expiresAt });
  return { pendingToken, expiresAt };
}

/** The pending sign-in of a token, or a refusal: unknown, expired, of another purpose, or of a closed account. */
export async function pendingSignInOf(db: Db, token: string, purpose: PendingSignInPurpose) {
  const pending = await q.findPendingSignIn(db, pendingIdOf(token), purpose, new Date());
  if (!pending) throw new AppError('UNAUTHENTICATED', refusal('sign_in_expired'));
  return pending;
}

/** Completes a pending sign-in once; false when another call already did. */
export function takePendingSignIn(db: Db, pendingId: string) {
  return q.takePendingSignIn(db, pendingId);
}

/**
 * Checks and uses up a second factor: a TOTP code of a time step later than the last one used (a code seen
 * over someone's shoulder does not work again), or an unused recovery code. False when neither.
 */
export async function useSecondFactor(trx: Transaction<DB>, userId: number, code: string): Promise<boolean> {
  const row = await q.findTwoFactor(trx, userId);
  if (!row?.totpSecret) return false;
  const typed = normalizeCode(code);
  if (/^\d{6}$/.test(typed)) {
    const secret = openSecret(row.totpSecret, userId);
    const step = secret ? totpStepOf(secret, typed) : null;
    return step !== null && (await q.useTotpStep(trx, userId, step));
  }
  const used = await q.useRecoveryCode(trx, userId, recoveryCodeHash(typed), new Date());
  if (used) await recordAudit(trx, { entity: 'user', entityKey: String(userId), action: 'use_recovery_code', actorId: userId, changes: [] });
  return used;
}

/** Starts (or starts again) an enrolment: a new secret, kept aside until a code from it is confirmed. */
export async function startEnrolment(db: Database, userId: number) {
  const row = await q.findTwoFactor(db, userId);
  if (!row) throw new AppError('NOT_FOUND', refusal('no_such_user'));
  if (row.totpEnabledAt) throw new AppError('CONFLICT', refusal('two_factor_already_on'));
  const secret = newTotpSecret();
  await q.setPendingSecret(db, userId, sealSecret(secret, userId));
  const uri = totpOf(secret, row.email).toString();
  // An SVG picture, shown as an <img>: nothing for the page's Content-Security-Policy to run.
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { secret: groupedSecret(secret), uri, qrSvg };
}

/** Turns two-factor on with a code from the secret being enrolled; answers the recovery codes, shown once. */
export async function confirmEnrolment(trx: Transaction<DB>, userId: number, code: string) {
  const row = await q.findTwoFactor(trx, userId);
  if (!row) throw new AppError('NOT_FOUND', refusal('no_such_user'));
  if (row.totpEnabledAt) throw new AppError('CONFLICT', refusal('two_factor_already_on'));
  const secret = row.totpPendingSecret ? openSecret(row.totpPendingSecret, userId) : null;
  if (!row.totpPendingSecret || !secret) throw new AppError('CONFLICT', refusal('two_factor_not_started'));
  const step = totpStepOf(secret, normalizeCode(code));
  if (step === null) throw fieldError('This code does not match', 'code', 'two_factor_code_wrong');
  const enabled = await q.enableTotp(trx, userId, row.totpPendingSecret, step, new Date());
  if (Number(enabled.numUpdatedRows) !== 1) throw new AppError('CONFLICT', refusal('two_factor_already_on'));
  const recoveryCodes = newRecoveryCodes();
  await q.replaceRecoveryCodes(trx, userId, recoveryCodes.map(recoveryCodeHash));
  await recordAudit(trx, { entity: 'user', entityKey: String(userId), action: 'enable_two_factor', actorId: userId, changes: [] });
  return { recoveryCodes };
}

/** The account page's view: on or off, recovery codes left, and whether it may be turned off. */
export async function twoFactorStatus(db: Db, user: { id: number; role: Role }) {
  const row = await q.findTwoFactor(db, user.id);
  const enabled = Boolean(row?.totpEnabledAt);
  return {
    twoFactorEnabled: enabled,
    twoFactorRequired: twoFactorRequiredFor(user.role),
    recoveryCodesLeft: enabled ? await q.countUnusedRecoveryCodes(db, user.id) : 0,
  };
}

/** The owner turns two-factor off, with the password (a session left open on a shared computer is not enough). */
export async function disableTwoFactor(db: Database, userId: number, currentPassword: string) {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword)))
    throw fieldError('The current password is wrong', 'currentPassword', 'current_password_wrong');
  if (twoFactorRequiredFor(user.role)) throw new AppError('FORBIDDEN', refusal('two_factor_required'));
  await db.transaction().execute(async (trx) => {
    const row = await q.findTwoFactor(trx, userId);
    if (!row?.totpEnabledAt) throw new AppError('CONFLICT', refusal('two_factor_not_on'));
    await q.clearTotp(trx, userId);
    await q.deleteRecoveryCodes(trx, userId);
    await recordAudit(trx, { entity: 'user', entityKey: String(userId), action: 'disable_two_factor', actorId: userId, changes: [] });
  });
  return { twoFactorEnabled: false };
}

/**
 * A coordinator resets another account's second factor (a lost phone and lost codes): it is off, its recovery
 * codes and pending sign-ins are gone, and it is signed out everywhere. Its own is turned off with the password.
 */
export async function resetTwoFactor(db: Database, actorId: number, userId: number) {
  if (userId === actorId) throw new AppError('FORBIDDEN', refusal('two_factor_reset_self'));
  return db.transaction().execute(async (trx) => {
    const row = await q.findTwoFactor(trx, userId);
    if (!row) throw new AppError('NOT_FOUND', refusal('no_such_user'));
    if (!row.totpEnabledAt) throw new AppError('CONFLICT', refusal('two_factor_not_on'));
    await q.clearTotp(trx, userId);
    await q.deleteRecoveryCodes(trx, userId);
    await q.deletePendingSignIns(trx, userId, new Date());
    await deleteSessionsOfUser(trx, userId);
    await recordAudit(trx, { entity: 'user', entityKey: String(userId), action: 'reset_two_factor', actorId, changes: [] });
    return { id: userId };
  });
}
