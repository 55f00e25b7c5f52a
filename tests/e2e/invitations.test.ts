// Invitations in a real browser (issue 19): a coordinator invites a person from the Users page; the mail goes
// through the outbox to the test SMTP receiver (its link made when it is sent); the invitee opens the link
// on a phone, chooses a password and signs in with it. A withdrawn invitation's link is refused on the page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverDue, smtpTransport, type MailTransport } from '@lpt/server/mail/sender';
import { launchChromium } from '../setup/chromium.ts';
import { startSmtpServer, type TestSmtpServer } from '../setup/smtp.ts';
import { describeViolations, runAxe } from './support/browser.ts';
import { signIn, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
let smtp: TestSmtpServer;
let transport: MailTransport;

beforeAll(async () => {
  [server, browser, smtp] = await Promise.all([startTestServer(), launchChromium(), startSmtpServer()]);
  transport = smtpTransport(smtp.url);
});
afterAll(async () => {
  transport?.close?.();
  await smtp?.close();
  await browser?.close();
  await server?.close();
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });
const PASSWORD = 'willow-beacon-orbit-27';

/** The invitation links mailed to `email`: the outbox is delivered to the test's SMTP receiver. */
async function invitationLinks(email: string) {
  await deliverDue(server.db, transport, { from: 'secretariat@pledge.test' });
  return smtp.received.filter((m) => m.to === email).flatMap((m) => /(\/accept-invitation\?token=[A-Za-z0-9_%-]+)/.exec(m.text)?.[1] ?? []);
}

async function coordinatorOnUsersPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await signIn(context, server, 'coordinator');
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/admin/users`);
  return { context, page };
}

async function invite(page: Page, person: { name: string; email: string }) {
  await page.getByRole('button', { name: 'Invite a person' }).click();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('Role').selectOption('signatory');
  await page.getByLabel('Organisation').selectOption({ label: 'Pamoja Horizons Trust' });
  await page.getByLabel('Language of the invitation').selectOption('en');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await poll(() => page.getByRole('status').textContent()).toContain(`An invitation is on its way to ${person.name} (${person.email}).`);
}

describe('an invitation', () => {
  test('a coordinator invites on the Users page; the invitee opens the mailed link on a phone, sets a password and signs in', async () => {
    const coordinator = await coordinatorOnUsersPage();
    const page = coordinator.page;
    await invite(page, { name: 'Zawadi Otieno', email: 'zawadi@pamoja.example' });
    // Pending, with its actions, until it is accepted.
    const pending = page.getByRole('region', { name: /Pending invitations/ });
    await poll(() => pending.textContent()).toContain('zawadi@pamoja.example');
    expect(await pending.textContent()).toContain('Pamoja Horizons Trust');
    expect(await page.getByRole('button', { name: 'Resend the invitation to Zawadi Otieno' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Withdraw the invitation of Zawadi Otieno' }).count()).toBe(1);
    const pageViolations = await runAxe(page);
    expect(pageViolations, describeViolations(pageViolations)).toEqual([]);
    // The list and the invite form fit a phone too.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Invite a person' }).click();
    await poll(() => page.getByLabel('Language of the invitation').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.setViewportSize({ width: 1366, height: 900 });

    const [link] = await invitationLinks('zawadi@pamoja.example');
    expect(link).toBeTruthy();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const invitee = await phone.newPage();
    await invitee.goto(`${server.baseUrl}${link}`);
    await poll(() => invitee.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome: choose your password');
    await invitee.getByLabel('Your password').fill('short');
    await invitee.getByRole('button', { name: 'Save my password' }).click();
    await poll(() => invitee.locator('#reset-password-error').textContent()).toBe('At least 12 characters');
    await invitee.getByLabel('Your password').fill(PASSWORD);
    expect(await invitee.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const violations = await runAxe(invitee);
    expect(violations, describeViolations(violations)).toEqual([]);
    await invitee.getByRole('button', { name: 'Save my password' }).click();
    await poll(() => invitee.getByRole('status').filter({ hasText: 'Your password is set.' }).count()).toBe(1);

    // The link works once.
    await invitee.goto(`${server.baseUrl}${link}`);
    await invitee.getByLabel('Your password').fill('another-quiet-phrase-58');
    await invitee.getByRole('button', { name: 'Save my password' }).click();
    await poll(() => invitee.getByRole('alert').textContent()).toContain('ask the pledge secretariat to send the invitation again');

    // Signs in with the password chosen, as the signatory of the organisation.
    await invitee.goto(`${server.baseUrl}/login`);
    await invitee.getByLabel('E-mail address').fill('zawadi@pamoja.example');
    await invitee.getByLabel('Password').fill(PASSWORD);
    await invitee.getByRole('button', { name: 'Sign in' }).click();
    await invitee.waitForURL((url) => url.pathname !== '/login');
    expect(await invitee.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Accepted: the account is listed, and the invitation no longer.
    await page.reload();
    await poll(() => page.getByRole('row', { name: /Zawadi Otieno/ }).count()).toBe(1);
    expect(await page.getByRole('region', { name: /Pending invitations/ }).count()).toBe(0);
    await phone.close();
    await coordinator.context.close();
  });

  test('withdrawn from the Users page, the invitation’s link is refused', async () => {
    const { context, page } = await coordinatorOnUsersPage();
    await invite(page, { name: 'Baraka Njoroge', email: 'baraka@pamoja.example' });
    const [link] = await invitationLinks('baraka@pamoja.example');
    await page.getByRole('button', { name: 'Withdraw the invitation of Baraka Njoroge' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('The invitation of Baraka Njoroge was withdrawn');
    await poll(() => page.getByRole('button', { name: 'Withdraw the invitation of Baraka Njoroge' }).count()).toBe(0);

    const invitee = await context.newPage();
    await context.clearCookies();
    await invitee.goto(`${server.baseUrl}${link}`);
    await invitee.getByLabel('Your password').fill(PASSWORD);
    await invitee.getByRole('button', { name: 'Save my password' }).click();
    await poll(() => invitee.getByRole('alert').textContent()).toContain('was withdrawn');
    await context.close();
  });
});
