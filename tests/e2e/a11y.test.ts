// Every page of the app, as each role sees it, scanned with axe-core (WCAG 2.1/2.2 A and AA rules and
// best practices) with every <details> opened so the tables behind the charts are checked too. A
// serious or critical violation fails the test; lesser ones are printed for the record.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS, DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { describeViolations, openContext, runAxe, settle, useBrowser } from './support/browser.ts';
import { signIn, startTestServer, type DemoAccount, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;
let submittedReport: { organizationId: number; year: number };

beforeAll(async () => {
  server = await startTestServer();
  submittedReport = await server.db
    .selectFrom('progressReports')
    .select(['organizationId', 'year'])
    .where('status', '=', 'submitted')
    .orderBy('id')
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await server?.close();
});

const closedYear = Math.max(...DEMO_CLOSED_YEARS);

/** Each page of the app and who looks at it; functions for paths that need the seeded data. */
const pages: { as: DemoAccount | 'public'; path: string | (() => string); name: string }[] = [
  { as: 'public', path: '/', name: 'dashboard' },
  { as: 'public', path: `/?year=${closedYear}&region=oceania`, name: 'dashboard, withheld selection' },
  { as: 'public', path: '/login', name: 'sign-in' },
  { as: 'public', path: '/corrections', name: 'corrections log' },
  { as: 'public', path: `/report-card/${closedYear}`, name: 'annual report' },
  { as: 'public', path: '/forgot-password', name: 'forgotten password' },
  { as: 'public', path: '/reset-password?token=made-up', name: 'new password from a link' },
  // An unknown address is the server's own 404 page (not the app: tests/http/edge.test.ts).
  { as: 'public', path: '/no-such-page', name: 'not found' },
  { as: 'donor', path: '/', name: 'dashboard with organisations' },
  { as: 'donor', path: '/admin/users', name: 'page of another role' },
  { as: 'coordinator', path: `/?year=${DEMO_OPEN_YEAR}&submitted=1`, name: 'dashboard with submitted reports' },
  { as: 'coordinator', path: '/review', name: 'review queue' },
  { as: 'coordinator', path: () => `/review/${submittedReport.organizationId}/${submittedReport.year}`, name: 'review of a report' },
  { as: 'coordinator', path: '/admin/organizations', name: 'organisations' },
  { as: 'coordinator', path: '/admin/users', name: 'users' },
  { as: 'coordinator', path: '/admin/cycles', name: 'cycles' },
  { as: 'coordinator', path: '/admin/rates', name: 'rates' },
  { as: 'coordinator', path: '/admin/audit', name: 'audit log' },
  { as: 'coordinator', path: '/admin/outbox', name: 'outbox' },
  { as: 'signatory', path: '/account', name: 'account' },
  { as: 'signatory', path: '/report', name: 'report form, open cycle' },
  { as: 'signatory', path: `/report/${closedYear}`, name: 'report of a closed cycle' },
  { as: 'signatory2', path: `/report/${DEMO_OPEN_YEAR}`, name: 'returned report with comments' },
];

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
