// E-mail in a real browser: a coordinator opens a new reporting cycle and finds its opening reminders on
// the Outbox page, in each signatory's language, with the message's text; sends a reminder now to one
// organisation; a signatory turns reminders off on the Account page and the Users page shows it. The
// Outbox page fits a phone and is clean under axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../setup/chromium.ts';
import { describeViolations, normalizeText, runAxe } from './support/browser.ts';
import { signIn, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  await signIn(context, server, 'coordinator');
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });
const YEAR = 2027;
const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('the outbox', () => {
  test('opening a cycle puts its opening reminders in the Outbox, one per signatory account concerned, in its language', async () => {
    const { db } = server;
    // The Spanish-speaking signatory of the demo gets hers in Spanish.
    await db.updateTable('users').set({ locale: 'es' }).where('email', '=', 'signatory2@example.org').execute();

    await page.goto(`${server.baseUrl}/admin/cycles`);
    await page.getByRole('button', { name: 'New cycle' }).click();
    await page.getByLabel('Year reported on').fill(String(YEAR));
    await page.getByLabel('Opens on').fill(isoDay(-1));
    await page.getByLabel('Reports due on').fill(isoDay(120));
    await page.getByLabel(/^Open — signatories can report/).check();
    await page.getByRole('button', { name: 'Save cycle' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe(`Saved the ${YEAR} cycle.`);

    // Queued with the opening: every demo signatory account (no demo organisation has a 2027 report).
    const queued = await db.selectFrom('outboxMessages').select(['email', 'stage']).where('cycleYear', '=', YEAR).execute();
    expect(queued.length).toBeGreaterThan(30);
    expect(queued.every((m) => m.stage === 'opening')).toBe(true);
    expect(queued.map((m) => m.email)).toEqual(expect.arrayContaining(['signatory@example.org', 'signatory2@example.org', 'signatory3@example.org']));
    expect(queued.map((m) => m.email)).not.toContain('coordinator@example.org');

    await page.getByRole('link', { name: 'Outbox' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Outbox');
    const table = page.locator('table.outbox-table');
    await poll(async () => (await table.locator('tbody tr').count())).toBe(queued.length);
    const text = normalizeText(await page.locator('main').textContent());
    expect(text).toContain(`Reminder: cycle opened · ${YEAR}`);
    expect(text).toContain(`Queued: ${queued.length}`);
    expect(text).toContain('No mail server is configured (SMTP_URL)');
    for (const { email } of queued) expect(text).toContain(email);

    // One message, as it will be sent.
    await page.getByRole('button', { name: 'Show the message to signatory2@example.org' }).click();
    const message = page.locator('section.outbox-message');
    await poll(async () => normalizeText(await message.textContent())).toContain(`El informe de avance ${YEAR} está abierto: Fundación Tejido Andino`);
    expect(normalizeText(await message.textContent())).toContain(`/report/${YEAR}`);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  test('a coordinator sends a reminder now to one organisation', async () => {
    await page.goto(`${server.baseUrl}/admin/outbox`);
    await page.getByLabel('Reporting cycle').selectOption(String(YEAR));
    const lanternfield = page.getByRole('checkbox', { name: /Lanternfield International/ });
    await poll(() => lanternfield.count()).toBe(1);
    await lanternfield.check();
    await page.getByRole('button', { name: 'Send the reminder' }).click();
    await poll(() => page.locator('section[aria-labelledby="remind-now-title"]').getByRole('status').textContent()).toBe('1 reminder queued.');
    await page.getByLabel('Kind').selectOption('reminder');
    await poll(async () => normalizeText(await page.locator('table.outbox-table').textContent())).toContain('Reminder sent by a coordinator');
    const manual = await server.db.selectFrom('outboxMessages').select(['email', 'stage']).where('stage', '=', 'manual').execute();
    expect(manual).toEqual([{ email: 'signatory3@example.org', stage: 'manual' }]);

    // Nothing chosen: the shared schema's message, at the list.
    await page.getByRole('button', { name: 'Send the reminder' }).click();
    await poll(() => page.locator('#remind-organizations-error').textContent()).toBe('Choose at least one organisation');
  });

  test('a repeat reminder the same day says why nothing was queued, beside its button and on screen', async () => {
    await page.goto(`${server.baseUrl}/admin/outbox`);
    await page.getByLabel('Reporting cycle').selectOption(String(YEAR));
    const lanternfield = page.getByRole('checkbox', { name: /Lanternfield International/ });
    await poll(() => lanternfield.count()).toBe(1);
    await lanternfield.check();
    const button = page.getByRole('button', { name: 'Send the reminder' });
    await button.click();
    const status = page.locator('section[aria-labelledby="remind-now-title"]').getByRole('status');
    await poll(async () => normalizeText(await status.textContent())).toMatch(
      /^No reminder queued: the 1 account concerned was already reminded today \(.+\), and gets one reminder a day at most\.$/,
    );
    // Just below the button, and within the phone's screen (the list of organisations above it is long).
    const [buttonBox, statusBox] = [(await button.boundingBox())!, (await status.boundingBox())!];
    expect(statusBox.y).toBeGreaterThanOrEqual(buttonBox.y + buttonBox.height);
    expect(statusBox.y - (buttonBox.y + buttonBox.height)).toBeLessThan(48);
    expect(statusBox.y).toBeGreaterThanOrEqual(0);
    expect(statusBox.y + statusBox.height).toBeLessThanOrEqual(844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await server.db.selectFrom('outboxMessages').select('id').where('stage', '=', 'manual').execute()).toHaveLength(1);
  });

  test('a signatory turns reminders off, and the coordinator sees it on the Users page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    await signIn(context, server, 'signatory3');
    const signatory = await context.newPage();
    await signatory.goto(`${server.baseUrl}/account`);
    const box = signatory.getByLabel('Send me reminders by e-mail');
    await poll(() => box.isChecked()).toBe(true);
    await box.uncheck();
    await signatory.getByRole('button', { name: 'Save' }).click();
    // The reminders' own status (the Account page has other live regions: two-factor sign-in's).
    await poll(() => signatory.getByRole('status').filter({ hasText: 'Reminders' }).textContent()).toBe('Reminders are off: you will get none.');
    expect(await signatory.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();

    const stored = await server.db.selectFrom('users').select('remindersEnabled').where('email', '=', 'signatory3@example.org').executeTakeFirstOrThrow();
    expect(stored.remindersEnabled).toBe(false);
    await page.goto(`${server.baseUrl}/admin/users`);
    const row = page.getByRole('row', { name: /signatory3@example\.org/ });
    await poll(async () => normalizeText(await row.textContent())).toContain('Turned off');
  });
});
