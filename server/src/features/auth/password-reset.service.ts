// Password resets (issue 9): a single-use link mailed through the outbox, asked for on the sign-in page
// ("forgot your password?") or issued by a coordinator from the Users page. The token is 32 random bytes,
// minted only when the mail is sent (reset-links.ts): the database keeps its SHA-256 and the outbox a note
// in its place, so neither a leaked database nor the Outbox page can replay one. Asking answers the same,
// and no sooner than REQUEST_ANSWER_MS, whether or not the address has an account, and queues at most
// REQUESTS_PER_HOUR mails per account. Asking and trying links are limited per address and per account by
// the sign-in limiter (admitAttempt). Using a link sets the password, retires the account's other links
// and ends every session of the account. An invitation (users/invitations.service.ts) is the same link on
// an account without a password yet: using it sets the first one.
import type { Database } from '@lpt/db/connect';
import type { Locale } from '@lpt/shared/enums';
import { AppError, fieldError, refusal } from '../../errors.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import { queuePasswordReset } from '../outbox/outbox.service.ts';
import * as q from './auth.queries.ts';
import { admitAttempt, sessionIdOf } from './auth.service.ts';
import { hashPassword } from './passwords.ts';
import { mintResetLink } from './reset-links.ts';

/** How long a link works: an hour when asked for, three days when a coordinator sends it. */
export const RESET_LINK_MINUTES = 60;
export const ISSUED_RESET_LINK_HOURS = 72;
export const REQUESTS_PER_HOUR = 3;
/** Every request is answered after at least this long, so a known address is not told by a slower answer. */
export const REQUEST_ANSWER_MS = 300;

/** A reset request and its mail, in one transaction; the mail's link is minted when it is sent. */
async function createResetRequest(
  db: Database,
  user: { id: number; email: string; name: string; locale: Locale | null },
  issuedBy: number | null,
) {
  const expiresAt = new Date(Date.now() + (issuedBy ? ISSUED_RESET_LINK_HOURS * 3_600_000 : RESET_LINK_MINUTES * 60_000));
  return db.transaction().execute(async (trx) => {
    const { id } = await q.insertResetRequest(trx, { userId: user.id, issuedBy, expiresAt });
    await queuePasswordReset(trx, { requestId: id, expiresAt: expiresAt.toISOString(), issuedByCoordinator: issuedBy != null, user });
    if (issuedBy)
      await recordAudit(trx, { entity: 'user', entityKey: String(user.id), action: 'issue_password_reset', actorId: issuedBy, changes: [] });
    return id;
  });
}

/**
 * The same answer for every address; a link is mailed only to an active account, a few times an hour. A
 * request past the limits is refused at once: the limits depend on the address typed, not on its account.
 */
export async function requestPasswordReset(db: Database, email: string, clientAddress: string) {
  await admitAttempt(db, 'password_reset_request', email, clientAddress);
  const floor = new Promise((resolve) => setTimeout(resolve, REQUEST_ANSWER_MS));
  const user = await q.findUserByEmail(db, email);
  // An invitation not yet accepted (no password) is answered the same but mailed nothing: its link is the
  // invitation's, which a coordinator resends; else an expired invitation would open itself.
  if (user?.active && user.passwordHash && (await q.countRecentResetRequests(db, user.id, new Date(Date.now() - 3_600_000))) < REQUESTS_PER_HOUR)
    await createResetRequest(db, user, null);
  await floor;
  return { ok: true as const };
}

/** A coordinator sends an account a reset link (the link goes to the account's address, never to them). */
export async function issuePasswordReset(db: Database, actorId: number, userId: number) {
  const user = await q.findUserById(db, userId);
  if (!user) throw new AppError('NOT_FOUND', refusal('no_such_user'));
  if (!user.active) throw new AppError('CONFLICT', refusal('account_deactivated'));
  if (!user.passwordHash) throw new AppError('CONFLICT', refusal('invitation_pending'));
  await createResetRequest(db, user, actorId);
  return { ok: true as const };
}

/**
 * Cheap refusals first: the link is looked up by its hash, and the attempt counted against the limits,
 * before the new password is hashed (argon2id, 19 MiB), so a made-up link costs an indexed read. Taking
 * the link stays one statement in the transaction, so two uses of one link still set one password.
 */
export async function resetPassword(db: Database, input: { token: string; newPassword: string }, clientAddress: string) {
  const tokenHash = sessionIdOf(input.token);
  const open = await q.findOpenResetToken(db, tokenHash, new Date());
  const { attemptId } = await admitAttempt(db, 'password_reset', open?.email ?? null, clientAddress);
  const invalid = () => fieldError('This link is invalid, has expired or was already used', 'token', 'reset_link_invalid');
  if (!open) throw invalid();
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    const used = await q.useResetToken(trx, tokenHash, now);
    if (!used) throw invalid();
    // An account without a password is an invitation (users/invitations.service.ts): this link accepts it.
    const accepting = (await q.findUserById(trx, used.userId))?.passwordHash === null;
    await q.updatePasswordHash(trx, used.userId, passwordHash);
    await q.retireResetTokens(trx, used.userId, now);
    await q.deleteSessionsOfUser(trx, used.userId);
    const action = accepting ? 'accept_invitation' : 'reset_password';
    await recordAudit(trx, { entity: 'user', entityKey: String(used.userId), action, actorId: used.userId, changes: [] });
  });
  // A link that worked is no failure.
  await q.deleteLoginAttempt(db, attemptId);
  return { ok: true as const };
}

/**
 * For tests and tools: a reset request with its link minted at once, as the mail would carry it, without
 * the mail (should the queued mail be sent later, it carries a new link and this one stops working).
 */
export async function createResetLink(
  db: Database,
  user: { id: number; email: string; name: string; locale: Locale | null },
  issuedBy: number | null,
): Promise<string> {
  const link = await mintResetLink(db, await createResetRequest(db, user, issuedBy));
  if (!link) throw new Error('The reset request was not open');
  return link.token;
}
