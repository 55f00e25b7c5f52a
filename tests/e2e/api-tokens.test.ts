// Personal API tokens in a real browser, on a phone-width screen (390 × 844): a donor creates one on the
// Account page, sees it once (and copies it), a script reads the summary with it; after leaving the page
// the token is nowhere to be seen again; the donor revokes it through the confirmation dialog and the
// script is refused. Each step fits 390 px and has no serious axe violation.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { describeViolations, normalizeText, openContext, runAxe, settle, useBrowser, type TestPage } from './support/browser.ts';
import { signIn, startTestServer, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;
const contexts: TestPage[] = [];
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  server = await startTestServer();
  // The demo data set and its releases take minutes on a loaded machine.
}, 600_000);
afterAll(async () => {
  for (const { context } of contexts) await context.close();
  await server?.close();
});

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

async function expectFitsAndAccessible(page: Page, step: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), step).toBe(PHONE.width);
  const blocking = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${step}:\n${describeViolations(blocking)}`).toEqual([]);
}

/** What a script (curl) gets for the summary with this token. */
async function readSummary(token: string) {
  const input = encodeURIComponent(JSON.stringify({ year: 2024 }));
  const response = await fetch(`${server.baseUrl}/trpc/metrics.summary?input=${input}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { result?: { data: { year: number } }; error?: { message: string } } };
}

test('a donor creates an API token, sees it once, and revokes it through the dialog', { timeout: 300_000 }, async () => {
  const testPage = await openContext(browser(), server.baseUrl);
  contexts.push(testPage);
  const { page, context, errors } = testPage;
  await page.setViewportSize(PHONE);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  await signIn(context, server, 'donor');
  await page.goto('/account');
  await settle(page);

  const section = page.locator('section[aria-labelledby="api-tokens-title"]');
  await eventually(async () => normalizeText(await section.textContent())).toContain('You have no API tokens.');
  await section.getByLabel('Name').fill('Quarterly board pack');
  await section.getByLabel('Expires after').selectOption({ label: '30 days' });
  await section.getByRole('button', { name: 'Create token' }).click();

  const shown = section.getByTestId('api-token-text');
  await shown.waitFor();
  const token = normalizeText(await shown.textContent());
  expect(token).toMatch(/^lpt_[A-Za-z0-9_-]{43}$/);
  expect(normalizeText(await section.getByTestId('new-api-token').textContent())).toContain('it is shown only this once');
  await section.getByRole('button', { name: 'Copy token' }).click();
  await eventually(async () => normalizeText(await section.textContent())).toContain('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  const listed = section.getByTestId('api-token');
  await eventually(() => listed.count()).toBe(1);
  expect(normalizeText(await listed.textContent())).toMatch(/Quarterly board pack.*Last used\s*never/);
  await expectFitsAndAccessible(page, 'token shown once');

  // The script reads the summary with it.
  const read = await readSummary(token);
  expect(read.status).toBe(200);
  expect(read.body.result?.data.year).toBe(2024);

  // Shown once: after "I have copied it", and after a reload, the page never shows it again.
  await section.getByRole('button', { name: 'I have copied it' }).click();
  await eventually(() => section.getByTestId('api-token-text').count()).toBe(0);
  await page.reload();
  await settle(page);
  await eventually(() => listed.count()).toBe(1);
  expect(await page.content()).not.toContain(token);
  await eventually(async () => normalizeText(await listed.textContent())).not.toContain('never');

  // Revoked through the confirmation dialog: cancelling first changes nothing.
  await listed.getByRole('button', { name: 'Revoke the token "Quarterly board pack"' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke the token "Quarterly board pack"?' });
  await dialog.waitFor();
  await expectFitsAndAccessible(page, 'revocation dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await eventually(() => dialog.isVisible()).toBe(false);
  expect((await readSummary(token)).status).toBe(200);

  await listed.getByRole('button', { name: 'Revoke the token "Quarterly board pack"' }).click();
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await eventually(async () => normalizeText(await section.getByRole('status').first().textContent())).toBe(
    'Token "Quarterly board pack" revoked: it no longer works.',
  );
  await eventually(async () => normalizeText(await listed.textContent())).toContain('Revoked');
  expect(await listed.getByRole('button').count()).toBe(0);
  await expectFitsAndAccessible(page, 'after revocation');

  const refused = await readSummary(token);
  expect(refused.status).toBe(401);
  expect(refused.body.error?.message).toMatch(/revoked/);
  expect(errors).toEqual([]);
});
