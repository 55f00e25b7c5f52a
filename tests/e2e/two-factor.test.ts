// Two-factor sign-in in a real browser, on a phone-width screen: a donor turns it on from the Account page
// (QR code, secret, a code from the secret as an authenticator app computes it, the recovery codes shown
// once), then signs in again: the password leads to the code step, a wrong code is refused, and the right
// one signs in; a coordinator then resets it on the Users page, after a confirmation. Each step fits 390 px and has no serious axe violation (the walks of a11y.test.ts and
// reflow.test.ts open pages by address; these steps have none of their own).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { demoAccounts } from '@lpt/db/seed/demo';
import { describeViolations, normalizeText, openContext, runAxe, settle, useBrowser, type TestPage } from './support/browser.ts';
import { signIn, startTestServer, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;
const contexts: TestPage[] = [];
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const { context } of contexts) await context.close();
  await server?.close();
});

async function phonePage() {
  const testPage = await openContext(browser(), server.baseUrl);
  contexts.push(testPage);
  await testPage.page.setViewportSize(PHONE);
  return testPage;
}

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const codeOf = (secret: string, ahead = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')) }).generate({ timestamp: Date.now() + ahead * 30_000 });

/** The step on screen fits the phone and passes axe's serious and critical rules. */
async function expectFitsAndAccessible(page: Page, step: string) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  expect(await page.evaluate(() => document.documentElement.scrollWidth), step).toBe(PHONE.width);
  const blocking = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${step}:\n${describeViolations(blocking)}`).toEqual([]);
}

test('a donor turns on two-factor sign-in from the Account page, then signs in with a code', async () => {
  const account = demoAccounts.donor;
  const { page, context, errors } = await phonePage();
  await signIn(context, server, 'donor');
  await page.goto('/account');
  await settle(page);

  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  const qr = page.getByRole('img', { name: 'QR code of the two-factor secret for the authenticator app' });
  await qr.waitFor();
  // The QR code is drawn (an SVG picture, allowed by the page's Content-Security-Policy).
  await eventually(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const secret = normalizeText(await page.getByTestId('totp-secret').textContent());
  expect(secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
  await expectFitsAndAccessible(page, 'set-up');

  const code = page.getByLabel('The 6-digit code the app shows');
  await code.fill('12345');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await eventually(async () => normalizeText(await page.locator('#two-factor-confirm-code-error').textContent())).not.toBe('');
  await code.fill(codeOf(secret));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  const codes = page.getByTestId('recovery-codes').getByRole('listitem');
  await eventually(() => codes.count()).toBe(10);
  expect(normalizeText(await codes.first().textContent())).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  await expectFitsAndAccessible(page, 'recovery codes');
  await page.getByRole('button', { name: 'I have kept my recovery codes' }).click();
  const section = page.locator('section[aria-labelledby="two-factor-title"]');
  await eventually(async () => normalizeText(await section.getByRole('status').textContent())).toBe('Two-factor sign-in is on.');
  await eventually(async () => normalizeText(await section.textContent())).toContain('10 unused recovery codes left.');
  expect(errors).toEqual([]);

  // A new browser: the password is not enough.
  const fresh = await phonePage();
  await fresh.page.goto('/login');
  await settle(fresh.page);
  await fresh.page.getByLabel('E-mail address').fill(account.email);
  await fresh.page.getByLabel('Password').fill(demoAccounts.password);
  await fresh.page.getByRole('button', { name: 'Sign in' }).click();
  await fresh.page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  expect(new URL(fresh.page.url()).pathname).toBe('/login');
  expect((await fresh.context.cookies()).map((c) => c.name)).not.toContain('lpt_session');
  await expectFitsAndAccessible(fresh.page, 'code step');

  const right = codeOf(secret, 1);
  const wrong = right.replace(/.$/, (d) => String((Number(d) + 1) % 10));
  await fresh.page.getByLabel('Code', { exact: true }).fill(wrong);
  await fresh.page.getByRole('button', { name: 'Verify and sign in' }).click();
  await eventually(async () => normalizeText(await fresh.page.getByRole('alert').textContent())).toContain('Wrong code');
  await fresh.page.getByLabel('Code', { exact: true }).fill(right);
  await fresh.page.getByRole('button', { name: 'Verify and sign in' }).click();
  await fresh.page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await eventually(async () => normalizeText(await fresh.page.locator('.site-header').textContent())).toContain(account.name);
  expect(fresh.errors).toEqual([]);

  // The donor lost the phone: a coordinator resets the second factor from the Users page, after confirming.
  const desk = await phonePage();
  await signIn(desk.context, server, 'coordinator');
  await desk.page.goto('/admin/users');
  await settle(desk.page);
  await desk.page.getByRole('button', { name: `Reset the two-factor sign-in of ${account.name}` }).click();
  const dialog = desk.page.getByRole('dialog', { name: `Reset the two-factor sign-in of ${account.name}?` });
  await dialog.waitFor();
  await expectFitsAndAccessible(desk.page, 'reset confirmation');
  await dialog.getByRole('button', { name: 'Reset two-factor' }).click();
  await eventually(async () => normalizeText(await desk.page.getByRole('status').first().textContent())).toBe(
    `The two-factor sign-in of ${account.name} was reset.`,
  );
  expect(await desk.page.getByRole('button', { name: `Reset the two-factor sign-in of ${account.name}` }).count()).toBe(0);
  // Signed out everywhere: the browser that had signed in with the code is asked to sign in again.
  await fresh.page.goto('/account');
  await fresh.page.waitForURL('**/login**');
  expect(desk.errors).toEqual([]);
});
