// Password resets (issue 9): a single-use link mailed through the outbox, asked for on the sign-in page
// ("forgot your password?") or issued by a coordinator from the Users page. The token is 32 random bytes;
// the database keeps only its SHA-256 (like sessions), so neither a leaked database nor the Outbox page
// (which withholds the body of these mails) can replay one. Asking answers the same, and no sooner than
// REQUEST_ANSWER_MS, whether or not the address has an account, and queues at most REQUESTS_PER_HOUR mails
// per account. Using a link sets the
// password, retires the account's other links and ends every session of the account.
import { randomBytes } from 'node:crypto';
import type { Database } from '@lpt/db/connect';
import { AppError, fieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import { queuePasswordReset } from '../outbox/outbox.service.ts';
import * as q from './auth.queries.ts';
import { sessionIdOf } from './auth.service.ts';
import { hashPassword } from './passwords.ts';

/** How long a link works: an hour when asked for, three days when a coordinator sends it. */
export const RESET_LINK_MINUTES = 60;
export const ISSUED_RESET_LINK_HOURS = 72;
export const REQUESTS_PER_HOUR = 3;
/** Every request is answered after at least this long, so a known address is not told by a slower answer. */
export const REQUEST_ANSWER_MS = 300;

async function createResetLink(
  db: Database,
  user: { id: number; email: string; name: string; locale: 'en' | 'fr' | 'es' | null },
  issuedBy: number | null,
) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (issuedBy ? ISSUED_RESET_LINK_HOURS * 3_600_000 : RESET_LINK_MINUTES * 60_000));
  await db.transaction().execute(async (trx) => {
    const { id } = await q.insertResetToken(trx, { userId: user.id, tokenHash: sessionIdOf(token), issuedBy, expiresAt });
    await queuePasswordReset(trx, { tokenId: id, token, expiresAt: expiresAt.toISOString(), issuedByCoordinator: issuedBy != null, user });
    if (issuedBy)
      await recordAudit(trx, { entity: 'user', entityKey: String(user.id), action: 'issue_password_reset', actorId: issuedBy, changes: [] });
  });
  return token;
}

/** The same answer for every address; a link is mailed only to an active account, a few times an hour. */
export async function requestPasswordReset(db: Database, email: string) {
  const floor = new Promise((resolve) => setTimeout(resolve, REQUEST_ANSWER_MS));
  const user = await q.findUserByEmail(db, email);
  if (user?.active && (await q.countRecentResetRequests(db, user.id, new Date(Date.now() - 3_600_000))) < REQUESTS_PER_HOUR)
    await createResetLink(db, user, null);
  await floor;
  return { ok: true as const };
}

/** A coordinator sends an account a reset link (the link goes to the account's address, never to them). */
export async function issuePasswordReset(db: Database, actorId: number, userId: number) {
  const user = await q.findUserById(db, userId);
  if (!user) throw new AppError('NOT_FOUND', 'No such user');
  if (!user.active) throw new AppError('CONFLICT', 'This account is deactivated: reactivate it first');
  await createResetLink(db, user, actorId);
  return { ok: true as const };
}

export async function resetPassword(db: Database, input: { token: string; newPassword: string }) {
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const used = await q.useResetToken(trx, sessionIdOf(input.token), now);
    if (!used) throw fieldError('This link is invalid, has expired or was already used', 'token', 'reset_link_invalid');
    await q.updatePasswordHash(trx, used.userId, passwordHash);
    await q.retireResetTokens(trx, used.userId, now);
    await q.deleteSessionsOfUser(trx, used.userId);
    await recordAudit(trx, { entity: 'user', entityKey: String(used.userId), action: 'reset_password', actorId: used.userId, changes: [] });
    return { ok: true as const };
  });
}

/** For tests and tools: a link as the mail would carry it, without the mail. */
export { createResetLink };
