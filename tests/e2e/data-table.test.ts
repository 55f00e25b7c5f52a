// The shared table (client/src/ui/DataTable.tsx) as a reader meets it, on three pages that use its
// parts: a caption naming the table, column and row headers a screen reader announces, figures aligned
// right, one "withheld" cell over a row's figures, a wide table scrolling inside a named region on a
// phone (not the page), and a row's details unfolding in a row of their own.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS, DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import { translatorFor } from '@lpt/server/i18n/translate';
import englishCommon from '../../client/src/locales/en/common.json' with { type: 'json' };
import englishDashboard from '../../client/src/locales/en/dashboard.json' with { type: 'json' };
import { normalizeText, openContext, settle, useBrowser, type TestPage } from './support/browser.ts';
import { apiClient, sessionTokenFor, signIn, startTestServer, type TestServer } from './support/server.ts';

const YEAR = Math.max(...DEMO_CLOSED_YEARS);
const PHONE = { width: 390, height: 844 };
const browser = useBrowser();
let server: TestServer;
const open: TestPage[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const { context } of open) await context.close();
  await server?.close();
});

async function newPage(): Promise<TestPage> {
  const testPage = await openContext(browser(), server.baseUrl);
  open.push(testPage);
  return testPage;
}

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('the shared table', () => {
  test('is named by its caption, has column and row headers, aligns figures right and says "withheld" once per row', async () => {
    const breakdown = await apiClient(server).metrics.breakdown.query({ year: YEAR, by: 'organizationType' });
    const withheldRows = breakdown.rows.filter((r) => r.suppressed);
    expect(withheldRows.length).toBeGreaterThan(0);
    expect(withheldRows.length).toBeLessThan(breakdown.rows.length);

    const { page, errors } = await newPage();
    await page.goto(`/?year=${YEAR}`);
    await settle(page);
    const table = page.getByRole('table', { name: `${englishDashboard.byType.title}, ${YEAR}`, exact: true });
    expect(await table.count()).toBe(1);
    expect(await table.getByRole('columnheader').count()).toBe(7);
    expect(await table.getByRole('rowheader').count()).toBe(breakdown.rows.length);
    expect(await table.locator('th[scope="col"]').count()).toBe(7);
    expect(await table.locator('tbody th[scope="row"]').count()).toBe(breakdown.rows.length);

    // The figures' columns, header and cells, are aligned right; the names are not.
    const alignments = await table.evaluate((t) => ({
      header: [...t.querySelectorAll('thead th')].map((th) => getComputedStyle(th).textAlign),
      firstShown: Array.from([...t.querySelectorAll('tbody tr')].find((tr) => tr.children.length === 7)!.children, (cell) => getComputedStyle(cell).textAlign),
    }));
    expect(alignments.header).toEqual(['left', 'right', 'right', 'right', 'right', 'right', 'right']);
    expect(alignments.firstShown).toEqual(['left', 'right', 'right', 'right', 'right', 'right', 'right']);

    // A withheld group: its name, then one cell over its six figures saying why.
    const row = withheldRows[0]!;
    const name = englishCommon.organizationType[row.key as keyof typeof englishCommon.organizationType];
    const cells = table.getByRole('row', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).locator('td');
    expect(await cells.count()).toBe(1);
    expect(await cells.getAttribute('colspan')).toBe('6');
    expect(normalizeText(await cells.textContent())).toContain(translatorFor('en')(`common:withheld.${row.suppressedBecause!}`, { count: SUPPRESSION_THRESHOLD }));
    expect(errors).toEqual([]);
  });

  test('a table wider than a phone scrolls sideways inside a named region, and the page does not', async () => {
    const { page, context, errors } = await newPage();
    await page.setViewportSize(PHONE);
    await signIn(context, server, 'coordinator');
    await page.goto('/admin/users');
    await settle(page);
    const region = page.getByRole('region', { name: 'All users (scrolls sideways)', exact: true });
    await poll(() => region.count()).toBe(1);
    expect(await region.getByRole('table', { name: 'All users', exact: true }).count()).toBe(1);
    // Reachable with the keyboard, so it can be scrolled without a pointer.
    expect(await region.getAttribute('tabindex')).toBe('0');
    const sizes = await region.evaluate((r) => ({ scroll: r.scrollWidth, client: r.clientWidth, page: document.documentElement.scrollWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    expect(sizes.page).toBe(PHONE.width);
    expect(await page.getByText(englishCommon.scrollHint).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  test('a row’s details unfold in a row of their own, over every column', async () => {
    const coordinator = apiClient(server, await sessionTokenFor(server.db, 'coordinator'));
    const waiting = (await coordinator.reports.compliance.query({ year: DEMO_OPEN_YEAR })).organizations.find((o) => o.state === 'not_started');
    expect(waiting).toBeDefined();
    await coordinator.outbox.remindNow.mutate({ year: DEMO_OPEN_YEAR, organizationIds: [waiting!.organizationId] });
    const queued = await server.db.selectFrom('outboxMessages').select('email').where('stage', '=', 'manual').execute();
    expect(queued.length).toBeGreaterThan(0);

    const { page, context, errors } = await newPage();
    await signIn(context, server, 'coordinator');
    await page.goto('/admin/outbox');
    await settle(page);
    const table = page.getByRole('table', { name: 'Messages', exact: true });
    await poll(() => table.locator('tbody tr').count()).toBe(queued.length);

    const show = table.getByRole('button', { name: `Show the message to ${queued[0]!.email}` });
    await show.click();
    await poll(() => table.locator('tbody tr').count()).toBe(queued.length + 1);
    const details = table.locator('tbody tr.outbox-message-row');
    expect(await details.locator('td').count()).toBe(1);
    expect(await details.locator('td').getAttribute('colspan')).toBe('6');
    await poll(async () => normalizeText(await details.textContent())).toContain(queued[0]!.email);
    expect(await table.getByRole('button', { name: `Hide the message to ${queued[0]!.email}` }).getAttribute('aria-expanded')).toBe('true');
    expect(errors).toEqual([]);
  });
});
