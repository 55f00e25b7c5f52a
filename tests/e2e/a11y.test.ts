// Every page of the app, as each role sees it, scanned with axe-core (WCAG 2.1/2.2 A and AA rules and
// best practices) with every <details> opened so the tables behind the charts are checked too. A
// serious or critical violation fails the test; lesser ones are printed for the record.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeViolations, openContext, runAxe, settle, useBrowser } from './support/browser.ts';
import { appPages, firstSubmittedReport } from './support/pages.ts';
import { signIn, startTestServer, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;
let submittedReport: { organizationId: number; year: number };

beforeAll(async () => {
  server = await startTestServer();
  submittedReport = await firstSubmittedReport(server);
});
afterAll(async () => {
  await server?.close();
});

const pages = appPages(() => submittedReport);

describe('accessibility of every page', () => {
  test.each(pages)('$name ($as): no serious or critical axe violation', async ({ as, path }) => {
    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    try {
      if (as !== 'public') await signIn(context, server, as);
      await page.goto(typeof path === 'function' ? path() : path);
      await settle(page);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const violations = await runAxe(page);
      const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const minor = violations.filter((v) => !blocking.includes(v));
      if (minor.length) console.warn(`axe, minor (${as} ${page.url()}):\n${describeViolations(minor)}`);
      expect(blocking, describeViolations(blocking)).toEqual([]);
      // Every page has one main heading, and the page did not throw on the way.
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
