// Releases in a real browser: a coordinator previews what publishing the open year would release and
// withhold, publishes it (after confirming), and the public dashboard and corrections page then read and
// list that release; the page fits a phone and is clean under axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS, DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { completeReportData, createOrganization } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { launchChromium } from '../setup/chromium.ts';
import { describeViolations, normalizeText, runAxe } from './support/browser.ts';
import { apiClient, signIn, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
let coordinatorToken: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  coordinatorToken = await signIn(context, server, 'coordinator');
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });

describe('releases', () => {
  test('a coordinator previews and publishes the open year; the public then reads and lists that release', async () => {
    const publicApi = apiClient(server);
    expect((await publicApi.metrics.summary.query({ year: DEMO_OPEN_YEAR })).suppressedBecause).toBe('not_released');

    await page.goto(`${server.baseUrl}/admin/releases`);
    await page.getByLabel('Year').selectOption(String(DEMO_OPEN_YEAR));
    const publish = page.getByRole('button', { name: 'Publish release 1' });
    await poll(() => publish.isEnabled()).toBe(true);
    // The preview says what the release would withhold, and why.
    expect(normalizeText(await page.locator('main').textContent())).toContain('Withheld from the public');
    // On a phone the page fits the screen: wide tables scroll inside their own region.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Publishing asks first, in the app's own dialog, with what the release changes (as the preview counts it).
    const preview = await apiClient(server, coordinatorToken).releases.preview.query({ year: DEMO_OPEN_YEAR });
    const dialog = page.getByRole('dialog', { name: `Publish release 1 of ${DEMO_OPEN_YEAR}?` });
    await publish.click();
    await poll(() => dialog.isVisible()).toBe(true);
    expect(normalizeText(await dialog.textContent())).toContain(
      `Organisations added: ${preview.changes.organizationsAdded.length}; changed: 0; removed: 0.`,
    );
    expect(normalizeText(await dialog.textContent())).toContain('can never be changed');
    // The focus is in the dialog; Escape cancels and nothing is published.
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => dialog.isVisible()).toBe(false);
    expect((await publicApi.releases.list.query({ year: DEMO_OPEN_YEAR })).releases).toEqual([]);
    // The Cancel button too.
    await publish.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => dialog.isVisible()).toBe(false);
    expect((await publicApi.releases.list.query({ year: DEMO_OPEN_YEAR })).releases).toEqual([]);
    await publish.click();
    expect(await page.evaluate(() => document.querySelector('dialog[open]')!.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    await dialog.getByRole('button', { name: 'Publish release 1' }).click();
    await poll(async () => (await publicApi.releases.list.query({ year: DEMO_OPEN_YEAR })).releases.length).toBe(1);
    const released = await publicApi.metrics.summary.query({ year: DEMO_OPEN_YEAR });
    expect(released.release?.number).toBe(1);
    await poll(async () => normalizeText(await page.locator('main').textContent())).toContain('Published releases of');
    // The page's own list has it without a reload (publishing refreshes the releases' queries), and a
    // coordinator opens what it withholds (releases.withheldCells).
    const published = page.locator('section', { has: page.getByRole('heading', { name: `Published releases of ${DEMO_OPEN_YEAR}` }) });
    await poll(() => published.locator('.release-list__item').count()).toBe(1);
    await published.getByRole('button', { name: 'Show withheld cells of release 1' }).click();
    await poll(async () => normalizeText(await published.textContent())).toContain('Audit (');
    // Release 2 would change nothing: it is not offered, and the page says why.
    const again = page.getByRole('button', { name: 'Publish release 2' });
    await poll(() => again.isVisible()).toBe(true);
    expect(await again.isDisabled()).toBe(true);
    expect(normalizeText(await page.locator('main').textContent())).toContain(
      `Nothing to publish: the approved reports are as release 1 of ${DEMO_OPEN_YEAR} shows them.`,
    );

    // The public corrections page lists it with what it changed.
    const visitor = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await visitor.goto(`${server.baseUrl}/corrections?year=${DEMO_OPEN_YEAR}`);
    const section = visitor.locator('section', { has: visitor.getByRole('heading', { name: 'Corrections by release' }) });
    await poll(async () => normalizeText(await section.textContent())).toContain(String(DEMO_OPEN_YEAR));
    await visitor.context().close();
  });

  test('a report approved after its year was released waits, listed with why, and the released total stays', async () => {
    const year = DEMO_CLOSED_YEARS.at(-1)!;
    const publicApi = apiClient(server);
    const before = await publicApi.metrics.summary.query({ year });
    expect(before.suppressed).toBe(false);
    const { id } = await createOrganization(server.db, { name: 'Late Harbour Trust', type: 'national_ngo', country: 'KE' });
    const coordinator = await server.db.selectFrom('users').select('id').where('role', '=', 'coordinator').executeTakeFirstOrThrow();
    await createApprovedReport(server.db, { organizationId: id, year, data: completeReportData({ currency: 'USD' }), approvedBy: coordinator.id });

    await page.goto(`${server.baseUrl}/admin/releases`);
    await page.getByLabel('Year').selectOption(String(year));
    const waiting = page.locator('.release-waiting');
    await poll(async () => normalizeText(await waiting.textContent())).toContain('Late Harbour Trust: would move');
    expect(normalizeText(await waiting.textContent())).toContain('by this organisation’s figures alone');
    expect(normalizeText(await page.locator('main').textContent())).toContain('Approved reports waiting for a later release');
    // Nothing else to release: the button is off, and the public still reads the released total.
    expect(await page.getByRole('button', { name: /^Publish release/ }).isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(await publicApi.metrics.summary.query({ year })).toEqual(before);
  });
});
