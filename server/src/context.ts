// Builds the tRPC context of one HTTP request: who is asking (from the session cookie) and from where.
import type { IncomingMessage } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Database } from '@lpt/db/connect';
import { SESSION_COOKIE, userForSessionToken } from './features/auth/auth.service.ts';
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

export async function createHttpContext(
  db: Database,
  req: IncomingMessage,
  /** Adds a Set-Cookie header to the answer. */
  appendSetCookie: (value: string) => void,
  options: HttpOptions,
): Promise<Context> {
  const user = await userForSessionToken(db, sessionTokenOf(req));
  const secure = isHttps(req, options);
  return {
    db,
    user,
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
