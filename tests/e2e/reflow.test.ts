// WCAG 1.4.10 Reflow: at 390 × 844 (a phone) no page is wider than the screen. Every page of the app, as
// each role sees it, with every <details> opened (the tables behind the charts are part of the page): the
// document's scroll width must not exceed the viewport. A table may scroll sideways only inside a
// labelled region that says so (ui/TableScroller), which does not widen the page.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openContext, settle, useBrowser } from './support/browser.ts';
import { appPages, firstSubmittedReport } from './support/pages.ts';
import { signIn, startTestServer, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;
let submittedReport: { organizationId: number; year: number };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  server = await startTestServer();
  submittedReport = await firstSubmittedReport(server);
});
afterAll(async () => {
  await server?.close();
});

const pages = appPages(() => submittedReport);

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
