// The secret of a password-reset link exists only on its way out. Asking for a reset (or a coordinator
// issuing one) stores a request without a token and queues a mail that refers to it; the mail loop mints the
// token just before it sends the mail, keeps only its SHA-256 and never writes the link anywhere. So no
// table, backup or outbox page holds a usable link. (Encrypting the link in the outbox with a key from the
// configuration would also keep it out of a dump, but it would leave a secret at rest waiting for its key
// to leak, and add a key to manage and rotate; minting at sending time leaves nothing to steal.)
// Kept apart from password-reset.service.ts, which queues through the outbox: the mail loop (server/src/mail/sender.ts) calls this module.
import { randomBytes } from 'node:crypto';
import type { Database } from '@lpt/db/connect';
import type { Role } from '@lpt/shared/enums';
import * as q from './auth.queries.ts';
import { sessionIdOf } from './auth.service.ts';

export interface MintedResetLink {
  token: string;
  /** ISO timestamp. */
  expiresAt: string;
  issuedByCoordinator: boolean;
  name: string;
  /** For an invitation's mail: the account's role and who invited (the coordinator who issued the link). */
  role: Role;
  inviter: string | null;
}

/**
 * A fresh token for a reset request still open, replacing any earlier one (a mail sent again carries a new
 * link and the earlier one stops working); null when the request was used, retired, has expired, or its
 * account was deactivated: then there is nothing to send.
 */
export async function mintResetLink(db: Database, requestId: number): Promise<MintedResetLink | null> {
  const token = randomBytes(32).toString('base64url');
  const request = await q.mintResetToken(db, requestId, sessionIdOf(token), new Date());
  if (!request) return null;
  const user = await q.findUserById(db, request.userId);
  if (!user) return null;
  const inviter = request.issuedBy == null ? null : ((await q.findUserById(db, request.issuedBy))?.name ?? null);
  return {
    token,
    expiresAt: new Date(request.expiresAt).toISOString(),
    issuedByCoordinator: request.issuedBy != null,
    name: user.name,
    role: user.role,
    inviter,
  };
}
