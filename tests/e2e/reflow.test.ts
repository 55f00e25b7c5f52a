// WCAG 1.4.10 Reflow: at 390 × 844 (a phone) no page is wider than the screen. Every page of the app, as
// each role sees it, with every <details> opened (the tables behind the charts are part of the page): the
// document's scroll width must not exceed the viewport. A table may scroll sideways only inside a
// labelled region that says so (ui/TableScroller), which does not widen the page.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS, DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { openContext, settle, useBrowser } from './support/browser.ts';
import { signIn, startTestServer, type DemoAccount, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;
let submittedReport: { organizationId: number; year: number };
const PHONE = { width: 390, height: 844 };

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

const pages: { as: DemoAccount | 'public'; path: string | (() => string); name: string }[] = [
  { as: 'public', path: '/', name: 'dashboard' },
  { as: 'public', path: `/?year=${closedYear}&region=oceania`, name: 'dashboard, withheld selection' },
  { as: 'public', path: '/login', name: 'sign-in' },
  { as: 'public', path: '/corrections', name: 'corrections log' },
  { as: 'donor', path: '/', name: 'dashboard with organisations' },
  { as: 'coordinator', path: '/', name: 'coordinator dashboard' },
  { as: 'coordinator', path: `/?year=${DEMO_OPEN_YEAR}&submitted=1`, name: 'dashboard with submitted reports' },
  { as: 'coordinator', path: '/review', name: 'review queue' },
  { as: 'coordinator', path: () => `/review/${submittedReport.organizationId}/${submittedReport.year}`, name: 'review of a report' },
  { as: 'coordinator', path: '/admin/organizations', name: 'organisations' },
  { as: 'coordinator', path: '/admin/users', name: 'users' },
  { as: 'coordinator', path: '/admin/cycles', name: 'cycles' },
  { as: 'coordinator', path: '/admin/rates', name: 'rates' },
  { as: 'coordinator', path: '/admin/releases', name: 'releases' },
  { as: 'coordinator', path: '/admin/audit', name: 'audit log' },
  { as: 'coordinator', path: '/admin/outbox', name: 'outbox' },
  { as: 'coordinator', path: '/admin/import', name: 'import' },
  { as: 'signatory', path: '/account', name: 'account' },
  { as: 'public', path: `/report-card/${closedYear}`, name: 'annual report' },
  { as: 'public', path: '/forgot-password', name: 'forgotten password' },
  { as: 'signatory', path: '/report', name: 'report form with history' },
  { as: 'signatory', path: `/report/${closedYear}`, name: 'report of a closed cycle' },
  { as: 'signatory2', path: `/report/${DEMO_OPEN_YEAR}`, name: 'returned report with comments' },
];

/** What widens the page: the outermost elements that stick out of the viewport, outside any scroller. */
function overflowing(viewport: number) {
  const scrolls = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const inScroller = (el: Element) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const sticksOut = (el: Element | null) => !!el && el.getBoundingClientRect().right > viewport + 1;
  // A positioned element escapes its scroller when its containing block lies outside it.
  const positioned = (el: Element) => ['absolute', 'fixed'].includes(getComputedStyle(el).position);
  return Array.from(document.querySelectorAll('body *'))
    .filter(
      (el) =>
        sticksOut(el) &&
        (positioned(el) || !inScroller(el)) &&
        !(el.parentElement && sticksOut(el.parentElement) && el.parentElement !== document.body && !positioned(el)),
    )
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} → ${Math.round(el.getBoundingClientRect().right)} px`);
}

describe('every page at 390 px', () => {
  test.each(pages)('$name ($as) is no wider than the screen', async ({ as, path }) => {
    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    try {
      await page.setViewportSize(PHONE);
      if (as !== 'public') await signIn(context, server, as);
      await page.goto(typeof path === 'function' ? path() : path);
      await settle(page);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await page.waitForTimeout(100);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      const culprits = width > PHONE.width ? await page.evaluate(overflowing, PHONE.width) : [];
      expect({ width, culprits }).toEqual({ width: PHONE.width, culprits: [] });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
