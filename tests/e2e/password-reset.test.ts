// A forgotten password in a real browser, on a phone: "Forgot your password?" on the sign-in page answers
// the same for a known and an unknown address; the link mailed through the outbox (to a test SMTP receiver:
// the link is made when the mail is sent) opens a page that sets a new password once, with which the person
// signs in; a coordinator sends one from the Users page, and the Outbox shows a note where the link goes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { translatorFor } from '@lpt/server/i18n/translate';
import { deliverDue, smtpTransport, type MailTransport } from '@lpt/server/mail/sender';
import { launchChromium } from '../setup/chromium.ts';
import { startSmtpServer, type TestSmtpServer } from '../setup/smtp.ts';
import { describeViolations, normalizeText, runAxe } from './support/browser.ts';
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
const phone = () => browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
const NEW_PASSWORD = 'copper-meadow-signal-64';

/** The links mailed to `email`: the outbox is delivered to the test's SMTP receiver (the link is made then). */
async function resetLinks(email: string) {
  await deliverDue(server.db, transport, { from: 'secretariat@pledge.test' });
  const mails = smtp.received.filter((m) => m.to === email && m.text.includes('/reset-password?token='));
  return mails.map((m) => /(\/reset-password\?token=[A-Za-z0-9_%-]+)/.exec(m.text)![1]!);
}

async function askForLink(page: Page, email: string) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  // The sign-in page has an "E-mail address" too: fill the one of the page the link opened.
  await page.waitForURL('**/forgot-password');
  await page.getByRole('heading', { name: /forgot|reset/i }).first().waitFor();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  // The answer, not any other live region (a page still loading is a status too); a refusal instead
  // fails at once with its words.
  const answer = page.getByRole('status').filter({ hasText: 'If an account uses' });
  await poll(async () => {
    const refused = await page.getByRole('alert').allTextContents();
    if (refused.some((text) => text.trim())) throw new Error(`The request was refused: ${refused.join(' | ')}`);
    return answer.count();
  }).toBe(1);
  await poll(() => answer.textContent()).toContain(`If an account uses ${email}`);
  return normalizeText((await answer.textContent()) ?? '');
}

describe('a forgotten password', () => {
  test('the same answer for any address; the mailed link sets a new password once, and it signs in', async () => {
    const context = await phone();
    const page = await context.newPage();
    const unknownAnswer = await askForLink(page, 'nobody@example.org');
    const knownAnswer = await askForLink(page, 'signatory3@example.org');
    expect(knownAnswer.replace('signatory3@example.org', '@')).toBe(unknownAnswer.replace('nobody@example.org', '@'));
    expect(await resetLinks('nobody@example.org')).toEqual([]);
    const [link] = await resetLinks('signatory3@example.org');
    expect(link).toBeTruthy();

    await page.goto(`${server.baseUrl}${link}`);
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await poll(() => page.locator('#reset-password-error').textContent()).toBe('At least 12 characters');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'Your password is changed.' }).count()).toBe(1);

    // The same link again: refused, with the way to ask for a new one.
    await page.goto(`${server.baseUrl}${link}`);
    await page.getByLabel('New password').fill('another-fine-phrase-12');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('was already used');
    expect(await page.getByRole('link', { name: 'Ask for a new link' }).count()).toBe(1);

    // The new password signs in.
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('E-mail address').fill('signatory3@example.org');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    await context.close();
  });

  test('a coordinator sends a reset link from the Users page; the Outbox shows the mail with a note where the link goes, never the link', async () => {
    const context = await phone();
    await signIn(context, server, 'coordinator');
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/admin/users`);
    const button = page.getByRole('button', { name: /^Send a password reset link to / }).first();
    await poll(() => button.count()).toBe(1);
    const label = (await button.getAttribute('aria-label'))!;
    await button.click();
    const name = label.replace('Send a password reset link to ', '');
    await poll(() => page.getByRole('status').filter({ hasText: 'A password reset link is on its way' }).first().textContent()).toContain(
      `A password reset link is on its way to ${name}`,
    );
    const message = await server.db.selectFrom('outboxMessages').innerJoin('users', 'users.id', 'outboxMessages.userId').select(['outboxMessages.id', 'users.name', 'outboxMessages.email', 'outboxMessages.locale']).where('kind', '=', 'password_reset').orderBy('outboxMessages.id', 'desc').executeTakeFirstOrThrow();
    expect(message.name).toBe(name);

    await page.goto(`${server.baseUrl}/admin/outbox`);
    await page.getByLabel('Kind').selectOption('password_reset');
    await page.getByRole('button', { name: `Show the message to ${message.email}` }).click();
    const view = page.locator('section.outbox-message');
    // The mail as stored: a note in the recipient's language where the link goes, made only when it is sent.
    await poll(async () => normalizeText(await view.textContent())).toContain(normalizeText(translatorFor(message.locale)('mail:passwordReset.linkNotStored')));
    expect(await view.textContent()).not.toContain('reset-password?token=');
    const [link] = await resetLinks(message.email);
    expect(link).toBeTruthy();
    await context.close();
  });
});
