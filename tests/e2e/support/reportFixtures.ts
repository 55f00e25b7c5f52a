// What the browser tests of one report's journey share: the app's server and one Chromium for the test
// file, a fresh organisation with its own signatory and session, and a browser context signed in with it.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { SESSION_COOKIE, startSession } from '@lpt/server/features/auth/auth.service';
import { createOrganization, createUser } from '../../factories/index.ts';
import { launchChromium } from '../../setup/chromium.ts';
import { apiClient, startTestServer, type TestServer } from './server.ts';

export function useReportFixtures() {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('useReportFixtures(): the server and browser are only available inside tests and hooks.');
    return value;
  };

  return {
    get server(): TestServer {
      return started(server);
    },
    get browser(): Browser {
      return started(browser);
    },

    /** A fresh organisation with its own signatory, a session for them and the API as they call it. */
    async newSignatory(organization: Parameters<typeof createOrganization>[1]) {
      const db = started(server).db;
      const created = await createOrganization(db, organization);
      const user = await createUser(db, 'signatory', created.id);
      const { token } = await startSession(db, user.id);
      return { organization: created, user, token, api: apiClient(started(server), token) };
    },

    /** A new browser context (its own cookies, a desk-sized screen unless told) signed in through the session cookie. */
    async contextWithSession(token: string, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
      const context = await started(browser).newContext({ viewport });
      await context.addCookies([{ name: SESSION_COOKIE, value: token, url: started(server).baseUrl, httpOnly: true, sameSite: 'Lax' }]);
      return context;
    },
  };
}
