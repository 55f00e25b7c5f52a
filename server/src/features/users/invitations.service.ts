// Invitations (issue 19): a coordinator invites a person by e-mail, and the person chooses their own
// password from a single-use link, instead of a coordinator choosing one and passing it on. An invitation is
// an account without a password plus a request of the password-reset machinery (auth/reset-links.ts): the
// mail goes through the outbox and its link is minted when it is sent, so only its SHA-256 is ever stored.
// Using the link (auth.resetPassword, the public, rate-limited endpoint) sets the first password. Resending
// retires the links before and mails a new one; withdrawing deletes the account, which never signed in.
// Until accepted, the account signs in with nothing, is mailed nothing else, and is not listed with the others.
import type { Database } from '@lpt/db/connect';
import { DEFAULT_LOCALE, type Locale } from '@lpt/shared/enums';
import { INVITATION_DAYS, type invitationInput, type userInviteInput } from '@lpt/shared/schemas';
import type { Transaction } from 'kysely';
import type { DB } from '@lpt/db/schema';
import type { z } from 'zod';
import { AppError, refusal } from '../../errors.ts';
import { changesBetween, recordAudit } from '../audit/audit.queries.ts';
import { findUserById, insertResetRequest, retireResetTokens } from '../auth/auth.queries.ts';
import { queueInvitation } from '../outbox/outbox.service.ts';
import { checkNewAccount } from './users.service.ts';
import * as q from './users.queries.ts';

type Invitee = { id: number; email: string; name: string; role: z.infer<typeof userInviteInput>['role']; locale: Locale | null };

/** The coordinator acting: their name signs the mail, their language is the mail's unless one was chosen. */
async function inviterOf(db: Database, actorId: number) {
  const actor = await findUserById(db, actorId);
  if (!actor) throw new AppError('NOT_FOUND', refusal('no_such_user'));
  return actor;
}

/** A fresh link for the invitee (a request without a token yet) and its mail, in the caller's transaction. */
async function sendInvitation(trx: Transaction<DB>, invitee: Invitee, inviter: { id: number; name: string; locale: Locale | null }) {
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const { id: requestId } = await insertResetRequest(trx, { userId: invitee.id, issuedBy: inviter.id, expiresAt });
  await queueInvitation(trx, {
    requestId,
    expiresAt: expiresAt.toISOString(),
    inviter: inviter.name,
    locale: invitee.locale ?? inviter.locale ?? DEFAULT_LOCALE,
    user: invitee,
  });
  return expiresAt.toISOString();
}

export async function inviteUser(db: Database, actorId: number, input: z.infer<typeof userInviteInput>) {
  await checkNewAccount(db, input);
  const inviter = await inviterOf(db, actorId);
  const values = { email: input.email, name: input.name, role: input.role, organizationId: input.organizationId ?? null, locale: input.locale ?? null };
  return db.transaction().execute(async (trx) => {
    const id = await q.insertUser(trx, { ...values, passwordHash: null });
    const expiresAt = await sendInvitation(trx, { id, ...values }, inviter);
    await recordAudit(trx, { entity: 'user', entityKey: String(id), action: 'invite', actorId, changes: changesBetween(null, values) });
    return { id, expiresAt };
  });
}

export async function resendInvitation(db: Database, actorId: number, input: z.infer<typeof invitationInput>) {
  const invitee = await q.findPendingInvitation(db, input.id);
  if (!invitee) throw new AppError('NOT_FOUND', refusal('no_such_invitation'));
  const inviter = await inviterOf(db, actorId);
  return db.transaction().execute(async (trx) => {
    // The earlier links stop working (a queued mail carrying one is not sent: reset-links.ts mints nothing).
    await retireResetTokens(trx, invitee.id, new Date());
    const expiresAt = await sendInvitation(trx, invitee, inviter);
    await recordAudit(trx, { entity: 'user', entityKey: String(invitee.id), action: 'resend_invitation', actorId, changes: [] });
    return { id: invitee.id, expiresAt };
  });
}

export async function withdrawInvitation(db: Database, actorId: number, input: z.infer<typeof invitationInput>) {
  return db.transaction().execute(async (trx) => {
    const invitee = await q.findPendingInvitation(trx, input.id);
    // Accepted meanwhile (it has a password now) or already withdrawn: nothing is deleted.
    if (!invitee || (await q.deletePendingInvitation(trx, invitee.id)) === 0) throw new AppError('NOT_FOUND', refusal('no_such_invitation'));
    await recordAudit(trx, {
      entity: 'user',
      entityKey: String(invitee.id),
      action: 'withdraw_invitation',
      actorId,
      changes: changesBetween({ email: invitee.email, name: invitee.name }, { email: null, name: null }),
    });
    return { id: invitee.id };
  });
}

/** The invitations not yet accepted, newest first; `expired`: the link no longer works (resend it). */
export async function listPendingInvitations(db: Database) {
  const now = Date.now();
  const rows = await q.listPendingInvitations(db);
  return rows.map((r) => ({ ...r, expired: Date.parse(String(r.expiresAt)) <= now }));
}
