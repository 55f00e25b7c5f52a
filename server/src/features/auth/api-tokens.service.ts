// Personal API tokens: a donor's or coordinator's script reads the API with `Authorization: Bearer <token>`
// instead of a browser session. A token is shown once, when it is made; the database keeps its SHA-256.
// A plain, fast hash is right here, unlike for passwords: the token is 32 random bytes (256 bits), so no
// guessing or dictionary can find one from its hash, and a fast hash lets every request find its token by
// an indexed equality. Every token is read-only (the request context refuses any other request than a GET
// made with one, and the tRPC middleware any mutation), whatever its owner's role. Signatories get none:
// their work is their organisation's report, which is written, not read, and stays in the web app.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@lpt/db/connect';
import { MAX_API_TOKEN_DAYS } from '@lpt/shared/schemas';
import { AppError, refusal } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import * as q from './api-tokens.queries.ts';
import * as twoFactor from './two-factor.service.ts';

/** Tells a token apart from other secrets at a glance (and to secret scanners); the rest is random. */
export const API_TOKEN_PREFIX = 'lpt_';
/** Live tokens per person: enough for every script, few enough that a forgotten one is noticed. */
export const MAX_LIVE_API_TOKENS = 25;
const DAY_MS = 24 * 3600 * 1000;

export function apiTokenHashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface ApiTokenInfo {
  id: number;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function listApiTokens(db: Database, user: SessionUser): Promise<ApiTokenInfo[]> {
  return q.listApiTokens(db, user.id, new Date());
}

/** Makes a token for the caller; the answer is the only place its text ever appears. */
export async function createApiToken(db: Database, user: SessionUser, input: { name: string; expiresInDays: number }) {
  const now = new Date();
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + Math.min(input.expiresInDays, MAX_API_TOKEN_DAYS) * DAY_MS);
  return db.transaction().execute(async (trx) => {
    // Serialises one person's creations, so that two at once cannot both pass the cap.
    await trx.selectFrom('users').select('id').where('id', '=', user.id).forUpdate().execute();
    if ((await q.countLiveApiTokens(trx, user.id, now)) >= MAX_LIVE_API_TOKENS)
      throw new AppError('CONFLICT', refusal('api_token_limit_reached', { max: MAX_LIVE_API_TOKENS }));
    const row = await q.insertApiToken(trx, { userId: user.id, name: input.name, tokenHash: apiTokenHashOf(token), expiresAt });
    await recordAudit(trx, {
      entity: 'user',
      entityKey: String(user.id),
      action: 'create_api_token',
      actorId: user.id,
      changes: [{ field: 'apiToken', from: null, to: `${row.name} (#${row.id}, expires ${row.expiresAt.slice(0, 10)})` }],
    });
    return { token, apiToken: row satisfies ApiTokenInfo };
  });
}

/** Revokes one of the caller's own live tokens: another person's token is "no such token", like a missing one. */
export async function revokeApiToken(db: Database, user: SessionUser, id: number) {
  return db.transaction().execute(async (trx) => {
    const row = await q.revokeApiToken(trx, user.id, id, new Date());
    if (!row) throw new AppError('NOT_FOUND', refusal('no_such_api_token'));
    await recordAudit(trx, {
      entity: 'user',
      entityKey: String(user.id),
      action: 'revoke_api_token',
      actorId: user.id,
      changes: [{ field: 'apiToken', from: `${row.name} (#${row.id})`, to: null }],
    });
    return { id: row.id };
  });
}

/**
 * The caller a bearer token stands for, or a refusal saying why not: 401 when the token is unknown, expired
 * or revoked, or its account cannot sign in; 403 when the request is not a read (`reading` false). Only an
 * accepted use is marked on the token (a refused request writes nothing); its first use of the day goes
 * to the audit log.
 */
export async function userForApiToken(db: Database, token: string, reading: boolean): Promise<{ user: SessionUser; apiTokenId: number }> {
  const row = token.length <= 200 ? await q.findApiTokenUser(db, apiTokenHashOf(token)) : undefined;
  if (!row) throw new AppError('UNAUTHENTICATED', refusal('api_token_invalid'));
  if (row.revokedAt) throw new AppError('UNAUTHENTICATED', refusal('api_token_revoked'));
  if (new Date(row.expiresAt).getTime() <= Date.now())
    throw new AppError('UNAUTHENTICATED', refusal('api_token_expired', { date: row.expiresAt.slice(0, 10) }));
  // A deactivated account's tokens stop with it; a coordinator's, like its sessions, while two-factor is
  // required and not on.
  if (!row.active || !(await twoFactor.sessionAllowed(db, row))) throw new AppError('UNAUTHENTICATED', refusal('api_token_invalid'));
  if (!reading) throw new AppError('FORBIDDEN', refusal('api_token_read_only'));
  if (await q.markApiTokenUsed(db, row.tokenId))
    await recordAudit(db, {
      entity: 'user',
      entityKey: String(row.id),
      action: 'use_api_token',
      actorId: row.id,
      changes: [{ field: 'apiToken', from: null, to: `${row.tokenName} (#${row.tokenId})` }],
    });
  const { id, email, name, role, organizationId, locale } = row;
  // Never a session's id (those are SHA-256 digests): nothing that ends a session ends something else.
  return { user: { id, email, name, role, organizationId, locale, sessionId: `api-token:${row.tokenId}` }, apiTokenId: row.tokenId };
}
