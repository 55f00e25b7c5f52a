// Builds the tRPC context of one HTTP request: who is asking (from the session cookie, or a personal API
// token in `Authorization: Bearer`) and from where. Every route that builds its context here (/trpc, the
// downloads, the import, any new one) gets both schemes and their rules without a line of its own.
import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Database } from '@lpt/db/connect';
import { refusal } from '@lpt/shared/messages';
import { userForApiToken } from './features/auth/api-tokens.service.ts';
import { SESSION_COOKIE, userForSessionToken } from './features/auth/auth.service.ts';
import { AppError, tRPCCodeOf } from './errors.ts';
import type { Context } from './trpc.ts';

export interface HttpOptions {
  trustProxy: boolean;
}

export function clientAddressOf(req: IncomingMessage, options: HttpOptions): string {
  if (options.trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

export function isHttps(req: IncomingMessage, options: HttpOptions): boolean {
  return options.trustProxy && req.headers['x-forwarded-proto'] === 'https';
}

export function sessionTokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header)[SESSION_COOKIE];
}

/**
 * Whether the request names an API token. Any Authorization header counts: it is then the only credential
 * looked at (a malformed one is refused, never passed over for the cookie).
 */
export function hasAuthorization(req: IncomingMessage): boolean {
  return req.headers.authorization !== undefined;
}

/** The caller of a request with an Authorization header: its bearer token's, or a refusal (401, 403). */
async function apiTokenCaller(db: Database, req: IncomingMessage) {
  try {
    const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new AppError('UNAUTHENTICATED', refusal('api_token_invalid'));
    // Tokens are read-only on every route: only a GET (or HEAD) is let through (and the tRPC middleware
    // refuses any mutation as a second line).
    return await userForApiToken(db, match[1]!, req.method === 'GET' || req.method === 'HEAD');
  } catch (error) {
    if (error instanceof AppError) throw new TRPCError({ code: tRPCCodeOf[error.code], message: error.message, cause: error });
    throw error;
  }
}

export async function createHttpContext(
  db: Database,
  req: IncomingMessage,
  /** Adds a Set-Cookie header to the answer. */
  appendSetCookie: (value: string) => void,
  options: HttpOptions,
): Promise<Context> {
  if (hasAuthorization(req)) {
    // The cookie is not read at all: a token request is a token request, with the token's rules only.
    const { user, apiTokenId } = await apiTokenCaller(db, req);
    return { db, user, apiTokenId, clientAddress: clientAddressOf(req, options), setSessionCookie() {} };
  }
  const user = await userForSessionToken(db, sessionTokenOf(req));
  const secure = isHttps(req, options);
  return {
    db,
    user,
    apiTokenId: null,
    clientAddress: clientAddressOf(req, options),
    setSessionCookie(token, expiresAt) {
      appendSetCookie(
        stringifySetCookie({
          name: SESSION_COOKIE,
          value: token ?? '',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/',
          ...(token ? { expires: expiresAt } : { maxAge: 0 }),
        }),
      );
    },
  };
}
