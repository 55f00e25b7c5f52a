// Consequences before commitment (issue 19), in a real browser on a phone: deactivating an account,
// reopening an approved report, importing with replacement, closing and opening a year each ask first in
// the app's own dialog, saying what will happen (with counts the API confirms). Cancel (or Escape)
// changes nothing, as the API then shows; confirming does it. (Publishing a release: releases.test.ts.)
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { completeReportData, createCycle } from '../factories/index.ts';
import { csvFileOf, importRowOf } from '../factories/imports.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { launchChromium } from '../setup/chromium.ts';
import { describeViolations, normalizeText, runAxe } from './support/browser.ts';
import { apiClient, signIn, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  api = apiClient(server, await signIn(context, server, 'coordinator'));
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });
const textOf = async (locator: Locator) => normalizeText(await locator.textContent());

/** The dialog is open, holds the focus and fits the phone's width. */
async function expectAsked(dialog: Locator) {
  await poll(() => dialog.isVisible()).toBe(true);
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  expect((await dialog.boundingBox())!.x + (await dialog.boundingBox())!.width).toBeLessThanOrEqual(390);
}

async function cancel(dialog: Locator, how: 'button' | 'escape') {
  if (how === 'escape') await page.keyboard.press('Escape');
  else await dialog.getByRole('button', { name: /^(Cancel|Go back)$/ }).click();
  await poll(() => dialog.isVisible()).toBe(false);
}

describe('consequences before commitment', () => {
  test('deactivating an account says the person can no longer sign in; Cancel keeps it active', async () => {
    await api.users.create.mutate({ email: 'odile.faye@example.org', name: 'Odile Faye', password: 'harbour-lantern-quiet-58', role: 'donor' });
    await page.goto(`${server.baseUrl}/admin/users`);
    const activeNow = async () => (await api.users.list.query()).find((u) => u.email === 'odile.faye@example.org')?.active;

    const dialog = page.getByRole('dialog', { name: 'Deactivate Odile Faye?' });
    await page.getByRole('button', { name: 'Deactivate Odile Faye' }).click();
    await expectAsked(dialog);
    expect(await textOf(dialog)).toContain('Odile Faye (odile.faye@example.org) can no longer sign in');
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await cancel(dialog, 'escape');
    expect(await activeNow()).toBe(true);

    await page.getByRole('button', { name: 'Deactivate Odile Faye' }).click();
    await cancel(dialog, 'button');
    expect(await activeNow()).toBe(true);

    await page.getByRole('button', { name: 'Deactivate Odile Faye' }).click();
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await poll(activeNow).toBe(false);
  });

  test('reopening an approved report says donors keep the approved figures until re-approval', async () => {
    const approved = await server.db
      .selectFrom('progressReports')
      .select(['organizationId'])
      .where('year', '=', DEMO_OPEN_YEAR)
      .where('status', '=', 'approved')
      .orderBy('organizationId')
      .executeTakeFirstOrThrow();
    const key = { organizationId: approved.organizationId, year: DEMO_OPEN_YEAR };
    const statusNow = async () => (await api.reports.get.query(key)).report?.status;
    await page.goto(`${server.baseUrl}/review/${key.organizationId}/${key.year}`);
    await page.getByLabel('Reason (shown in the public corrections log)').fill('The pooled fund was counted twice.');

    const dialog = page.getByRole('dialog', { name: 'Reopen this report?' });
    await page.getByRole('button', { name: 'Reopen the report' }).click();
    await expectAsked(dialog);
    expect(await textOf(dialog)).toContain('Donors and the public keep seeing the approved figures of this version until the corrected report is approved again');
    await cancel(dialog, 'button');
    expect(await statusNow()).toBe('approved');

    await page.getByRole('button', { name: 'Reopen the report' }).click();
    await dialog.getByRole('button', { name: 'Reopen the report' }).click();
    await poll(statusNow).not.toBe('approved');
  });

  test('importing with replacement says how many existing reports it replaces; Cancel imports nothing', async () => {
    const year = 2021;
    await createCycle(server.db, year, { opensOn: '2022-01-01', dueOn: '2022-03-31' });
    const coordinator = await server.db.selectFrom('users').select('id').where('role', '=', 'coordinator').executeTakeFirstOrThrow();
    const organizations = await server.db.selectFrom('organizations').select(['id', 'name']).where('signedOn', '<=', '2022-03-31').where('withdrawnOn', 'is', null).orderBy('id').limit(3).execute();
    // Two of the three already have an approved report of the year: the file replaces both.
    for (const o of organizations.slice(0, 2))
      await createApprovedReport(server.db, { organizationId: o.id, year, data: completeReportData({ currency: 'USD' }), approvedBy: coordinator.id });
    const rows = organizations.map((o, i) => importRowOf(o.name, year, completeReportData({ currency: 'USD', funding: { inScopeExpenditure: 2_000_000 * (i + 1) } })));
    const versions = async () =>
      (await server.db.selectFrom('approvedReports').select(['organizationId', 'version']).where('year', '=', year).orderBy('organizationId').execute()).map((r) => `${r.organizationId}:${r.version}`);
    const before = await versions();
    expect(before).toHaveLength(2);

    await page.goto(`${server.baseUrl}/admin/import`);
    await page.getByLabel('Report file (.xlsx or .csv)').setInputFiles({ name: 'corrections-2021.csv', mimeType: 'text/csv', buffer: csvFileOf(rows) });
    await page.getByLabel('Replace existing reports').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await poll(async () => textOf(page.locator('main'))).toContain('3 rows: 1 new, 2 replacing a report, 0 unchanged, 0 to correct.');

    const dialog = page.getByRole('dialog', { name: 'Replace 2 existing reports?' });
    await page.getByRole('button', { name: 'Import 3 rows' }).click();
    await expectAsked(dialog);
    expect(await textOf(dialog)).toContain('2 existing reports will be replaced by the file’s figures');
    expect(await textOf(dialog)).toContain('New reports created: 1.');
    await cancel(dialog, 'escape');
    expect(await versions()).toEqual(before);
    expect(await server.db.selectFrom('progressReports').select('id').where('year', '=', year).execute()).toHaveLength(2);

    await page.getByRole('button', { name: 'Import 3 rows' }).click();
    await dialog.getByRole('button', { name: 'Import 3 rows' }).click();
    await page.getByRole('heading', { name: 'Imported' }).waitFor();
    expect(await textOf(page.locator('main'))).toContain('2 replaced, 0 unchanged.');
    expect(await versions()).not.toEqual(before);
  });

  test('closing a year counts its unapproved reports and says a release is published; opening says what it does', async () => {
    const year = DEMO_OPEN_YEAR;
    const counts = await api.cycles.reportCounts.query({ year });
    const cycle = (await api.cycles.list.query()).find((c) => c.year === year)!;
    const releasesNow = async () => (await api.releases.list.query({ year })).releases.length;
    const statusNow = async () => (await api.cycles.list.query()).find((c) => c.year === year)?.status;
    const releasesBefore = await releasesNow();
    await page.goto(`${server.baseUrl}/admin/cycles`);

    const closeDialog = page.getByRole('dialog', { name: `Close ${year}?` });
    await page.getByRole('button', { name: `Close ${year}` }).click();
    await expectAsked(closeDialog);
    await poll(() => textOf(closeDialog)).toContain(
      // Each count with its plural: "1 draft", "9 drafts".
      `Reports of ${year} not yet approved: ${counts.draft} draft${counts.draft === 1 ? '' : 's'}, ${counts.returned} returned, ${counts.submitted} submitted and waiting for review.`,
    );
    const today = new Date().toISOString().slice(0, 10);
    expect(await textOf(closeDialog)).toContain(cycle.dueOn < today ? 'has passed.' : 'has not passed yet');
    expect(await textOf(closeDialog)).toContain(`Closing also publishes a release of ${year}’s figures from its ${counts.approved} approved reports`);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await cancel(closeDialog, 'button');
    expect(await statusNow()).toBe('open');
    expect(await releasesNow()).toBe(releasesBefore);

    await page.getByRole('button', { name: `Close ${year}` }).click();
    await closeDialog.getByRole('button', { name: `Close ${year}` }).click();
    await poll(() => page.getByRole('status').textContent()).toBe(`The ${year} cycle is closed.`);
    expect(await statusNow()).toBe('closed');
    expect(await releasesNow()).toBe(releasesBefore + 1);

    const openDialog = page.getByRole('dialog', { name: `Open ${year}?` });
    await page.getByRole('button', { name: `Open ${year}` }).click();
    await expectAsked(openDialog);
    expect(await textOf(openDialog)).toContain(`Signatories can then start, change and submit their ${year} reports`);
    await cancel(openDialog, 'escape');
    expect(await statusNow()).toBe('closed');

    await page.getByRole('button', { name: `Open ${year}` }).click();
    await openDialog.getByRole('button', { name: `Open ${year}` }).click();
    await poll(statusNow).toBe('open');

    // Closing through the cycle's form asks the same question.
    await page.getByRole('button', { name: `Edit the ${year} cycle` }).click();
    await page.getByLabel('Closed — no more changes').check();
    await page.getByRole('button', { name: 'Save cycle' }).click();
    await expectAsked(closeDialog);
    await cancel(closeDialog, 'button');
    expect(await statusNow()).toBe('open');
  });
});
