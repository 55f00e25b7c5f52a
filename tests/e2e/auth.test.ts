// Signing in and out in a real browser: the form's own checks (the shared zod schema) beside each
// field, the server's refusal, each role's landing page, the way back to a protected page, and the
// pages a role may not open.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoAccounts } from '@lpt/db/seed/demo';
import { normalizeText, openContext, settle, useBrowser, type TestPage } from './support/browser.ts';
import { apiClient, signIn, startTestServer, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;
const contexts: TestPage[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const { context } of contexts) await context.close();
  await server?.close();
});

async function newPage() {
  const testPage = await openContext(browser(), server.baseUrl);
  contexts.push(testPage);
  return testPage;
}

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('signing in', () => {
  test('shows the form’s own errors beside each field, then the server’s answer, then lets the coordinator in', async () => {
    const { page, errors } = await newPage();
    await page.goto('/login');
    await settle(page);

    await page.getByRole('button', { name: 'Sign in' }).click();
    const email = page.getByLabel('E-mail address');
    const password = page.getByLabel('Password');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(normalizeText(await page.locator('#login-password-error').textContent())).toContain('Enter your password');
    // The message is tied to its field for screen readers, and the keyboard is taken to the first one.
    expect(await password.getAttribute('aria-describedby')).toBe('login-password-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-email');

    await email.fill('not-an-address');
    await password.fill('whatever');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(normalizeText(await page.locator('#login-email-error').textContent())).toContain('valid e-mail');
    expect(await password.getAttribute('aria-invalid')).toBeNull();

    await email.fill(demoAccounts.coordinator.email);
    await password.fill('a wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(async () => normalizeText(await page.getByRole('alert').textContent())).toBe('Wrong e-mail or password');
    expect(page.url()).toMatch(/\/login$/);

    await password.fill(demoAccounts.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/review');
    const header = page.locator('.site-header');
    await eventually(async () => normalizeText(await header.textContent())).toContain(demoAccounts.coordinator.name);
    expect(await header.getByRole('link', { name: 'Review' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  test('each role lands on its own start page', async () => {
    for (const [account, landing] of [
      ['signatory', /\/report(\/\d{4})?$/],
      ['donor', /\/$/],
    ] as const) {
      const { page } = await newPage();
      await page.goto('/login');
      await page.getByLabel('E-mail address').fill(demoAccounts[account].email);
      await page.getByLabel('Password').fill(demoAccounts.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await eventually(async () => new URL(page.url()).pathname).toMatch(landing);
    }
  });

  test('a protected page sends a signed-out visitor to sign in and back again', async () => {
    const { page } = await newPage();
    await page.goto('/admin/cycles');
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/admin/cycles');
    await page.getByLabel('E-mail address').fill(demoAccounts.coordinator.email);
    await page.getByLabel('Password').fill(demoAccounts.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/cycles');
  });

  test('a page for another role says so instead of showing it', async () => {
    const { page, context } = await newPage();
    await signIn(context, server, 'donor');
    await page.goto('/admin/users');
    await settle(page);
    expect(normalizeText(await page.getByRole('heading', { level: 1 }).textContent())).toBe('This page is not for your account');
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
  });

  test('signing out ends the session: the header offers sign-in again, also after a reload', async () => {
    const { page, context } = await newPage();
    const token = await signIn(context, server, 'donor');
    await page.goto('/');
    await settle(page);
    expect(await apiClient(server, token).auth.me.query()).toMatchObject({ role: 'donor' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    await page.reload();
    await settle(page);
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Figures by organisation' }).count()).toBe(0);
    // The browser's cookie is cleared, and the session it carried is gone from the server too.
    const cookies = await context.cookies(server.baseUrl);
    expect(cookies.find((c) => c.name === 'lpt_session' && c.value !== '')).toBeUndefined();
    expect(await apiClient(server, token).auth.me.query()).toBeNull();
  });
});
