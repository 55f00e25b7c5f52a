// The real server for browser tests: createApp (the Fastify edge) over a fresh migrated database holding the demo data
// set, serving the built client, on a free port. Signing in is done by creating a session in the
// database and handing its cookie to the browser context (the login form has its own test).
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { BrowserContext } from 'playwright-core';
import type { Database } from '@lpt/db/connect';
import { demoAccounts, seedDemo } from '@lpt/db/seed/demo';
import { SESSION_COOKIE, startSession } from '@lpt/server/features/auth/auth.service';
import { releaseClosedYears } from '@lpt/server/features/releases/releases.service';
import { createApp } from '@lpt/server/http/app';
import type { AppRouter } from '@lpt/server/router';
import { createTestDatabase } from '../../setup/database.ts';
import { clientDist, ensureClientBuilt } from './client-build.ts';

export interface TestServer {
  baseUrl: string;
  db: Database;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const [database] = await Promise.all([createTestDatabase(), ensureClientBuilt()]);
  try {
    await seedDemo(database.db);
    await releaseClosedYears(database.db);
    const app = createApp({ db: database.db, trustProxy: false, clientDist });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      db: database.db,
      close: async () => {
        app.server.closeAllConnections();
        await app.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

export type DemoAccount = Exclude<keyof typeof demoAccounts, 'password'>;

/** Starts a session for a demo account and returns its cookie value. */
export async function sessionTokenFor(db: Database, account: DemoAccount): Promise<string> {
  const { email } = demoAccounts[account];
  const user = await db.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirstOrThrow();
  const { token } = await startSession(db, user.id);
  return token;
}

/** Signs a browser context in as a demo account, as if it had used the login form; returns the session token. */
export async function signIn(context: BrowserContext, server: TestServer, account: DemoAccount): Promise<string> {
  const token = await sessionTokenFor(server.db, account);
  await context.addCookies([
    { name: SESSION_COOKIE, value: token, url: server.baseUrl, httpOnly: true, sameSite: 'Lax' },
  ]);
  return token;
}

/** The API as any HTTP client sees it, optionally with a session: the expected figures come from here. */
export function apiClient(server: TestServer, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${server.baseUrl}/trpc`,
        headers: () => (token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}),
      }),
    ],
  });
}
