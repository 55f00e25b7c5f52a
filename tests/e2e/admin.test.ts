// The coordinator's admin pages in a real browser: forms check input with the API's own schemas,
// the server's refusals land on the field they concern, and what is saved is what the API then returns.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KOSOVO_FOOTNOTE } from '@lpt/shared/countries';
import { completeReportData, createCycle, createOrganization, createRate, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { launchChromium } from '../setup/chromium.ts';
import { apiClient, sessionTokenFor, signIn, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  api = apiClient(server, await sessionTokenFor(server.db, 'coordinator'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signIn(context, server, 'coordinator');
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

describe('admin pages', () => {
  test('an organisation is created with its region derived from the country, and a duplicate name is refused at the field', async () => {
    await page.goto(`${server.baseUrl}/admin/organizations`);
    await page.getByRole('button', { name: 'New organisation' }).click();

    // Nothing filled in: the shared schema's messages, tied to their inputs.
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await poll(() => page.locator('#org-name-error').textContent()).toBe('Required');
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-describedby')).toContain('org-name-error');

    await page.getByLabel('Name', { exact: true }).fill('Prishtina Welcome Network');
    await page.getByLabel('Type').selectOption('local_ngo');
    await page.getByLabel('Country').selectOption('XK');
    await poll(() => page.locator('.admin-form').textContent()).toContain('Region: Europe');
    expect(await page.locator('.admin-form').textContent()).toContain(KOSOVO_FOOTNOTE);
    await page.getByLabel('Pledge signed on').fill('2024-05-02');
    await page.getByLabel(/^Public/).check();
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('Added Prishtina Welcome Network.');

    const created = (await api.organizations.list.query({ search: 'Prishtina' }))[0];
    expect(created).toMatchObject({ country: 'XK', region: 'europe', type: 'local_ngo', signedOn: '2024-05-02', disclosure: 'public' });
    const row = page.getByRole('row', { name: /Prishtina Welcome Network/ });
    expect(await row.textContent()).toContain('Kosovo*');

    // The same name again: the server refuses it, and says so at the name field.
    await page.getByRole('button', { name: 'New organisation' }).click();
    await page.getByLabel('Name', { exact: true }).fill('prishtina welcome network');
    await page.getByLabel('Type').selectOption('network');
    await page.getByLabel('Country').selectOption('AL');
    await page.getByLabel('Pledge signed on').fill('2024-06-01');
    await page.getByLabel(/^Aggregate only/).check();
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await poll(() => page.locator('#org-name-error').textContent()).toContain('already exists');
    expect(await api.organizations.list.query({ search: 'Prishtina' })).toHaveLength(1);
  });

  test('a signatory is invited for an organisation, and an account is deactivated', async () => {
    await page.goto(`${server.baseUrl}/admin/users`);
    await page.getByRole('button', { name: 'Invite a person' }).click();
    await page.getByLabel('Name').fill('Arta Krasniqi');
    await page.getByLabel('E-mail').fill('not-an-address');
    await page.getByLabel('Role').selectOption('signatory');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await poll(() => page.locator('#user-email-error').textContent()).toBe('Enter a valid e-mail address');
    await poll(() => page.locator('#user-organization-error').textContent()).toBe('A signatory belongs to an organisation');

    await page.getByLabel('E-mail').fill('arta@prishtina.example');
    await page.getByLabel('Organisation').selectOption({ label: 'Pamoja Horizons Trust' });
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('An invitation is on its way to Arta Krasniqi');
    const invitation = (await api.users.invitations.query()).find((u) => u.email === 'arta@prishtina.example');
    expect(invitation).toMatchObject({ role: 'signatory', organizationName: 'Pamoja Horizons Trust', expired: false });

    // An account made with an initial password (as scripts and the command line do) is deactivated here.
    await api.users.create.mutate({ email: 'teuta.hoxha@prishtina.example', name: 'Teuta Hoxha-Lleshi', password: 'lantern-river-quiet-47', role: 'donor' });
    await page.reload();

    await page.getByRole('button', { name: 'Deactivate Teuta Hoxha-Lleshi' }).click();
    await page.getByRole('dialog', { name: 'Deactivate Teuta Hoxha-Lleshi?' }).getByRole('button', { name: 'Deactivate' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('can no longer sign in');
    expect((await api.users.list.query()).find((u) => u.email === 'teuta.hoxha@prishtina.example')?.active).toBe(false);
  });

  test('a cycle is added and closed, and an exchange rate is recorded', async () => {
    await page.goto(`${server.baseUrl}/admin/cycles`);
    await page.getByRole('button', { name: 'New cycle' }).click();
    await page.getByLabel('Year reported on').fill('2027');
    await page.getByLabel('Opens on').fill('2027-11-01');
    await page.getByLabel('Reports due on').fill('2027-10-01');
    await page.getByRole('button', { name: 'Save cycle' }).click();
    await poll(() => page.locator('#cycle-due-error').textContent()).toBe('Due date must not be before the opening date');
    await page.getByLabel('Reports due on').fill('2028-03-31');
    await page.getByRole('button', { name: 'Save cycle' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('Saved the 2027 cycle.');
    await page.getByRole('button', { name: 'Close 2027' }).click();
    await page.getByRole('dialog', { name: 'Close 2027?' }).getByRole('button', { name: 'Close 2027' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('The 2027 cycle is closed.');
    expect((await api.cycles.list.query()).find((c) => c.year === 2027)).toMatchObject({
      opensOn: '2027-11-01',
      dueOn: '2028-03-31',
      status: 'closed',
    });

    await page.goto(`${server.baseUrl}/admin/rates`);
    await page.getByRole('button', { name: 'New rate' }).click();
    await page.getByLabel('Year', { exact: true }).fill('2027');
    await page.getByLabel('Currency').selectOption('EUR');
    await page.getByLabel('US dollars per unit (annual average)').fill('-1');
    await page.getByRole('button', { name: 'Save rate' }).click();
    await poll(() => page.locator('#rate-value-error').textContent()).toBe('Must be greater than 0');
    // A decimal comma is not how English writes a rate: refused with an example, never read as 10925.
    await page.getByLabel('US dollars per unit (annual average)').fill('1,0925');
    await poll(() => page.locator('#rate-value-error').textContent()).toBe('Not a rate as written here. Write it like this: 0.0077');
    await page.getByLabel('US dollars per unit (annual average)').fill('1.0925');
    await page.getByRole('button', { name: 'Save rate' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('Saved: 1 EUR = 1.0925 USD in 2027.');
    expect(await api.rates.list.query({ year: 2027 })).toEqual([expect.objectContaining({ currency: 'EUR', usdPerUnit: 1.0925 })]);
  });

  test('on a phone, a rate is added by choosing its currency from the ISO 4217 list and removed through the dialog', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await signIn(context, server, 'coordinator');
    const phone = await context.newPage();
    await phone.goto(`${server.baseUrl}/admin/rates`);
    await phone.getByRole('button', { name: 'New rate' }).click();
    await phone.getByLabel('Year', { exact: true }).fill('2029');
    // A list, with each currency's name: nothing outside ISO 4217 can be chosen.
    const currency = phone.getByLabel('Currency');
    expect(await currency.evaluate((select) => select.tagName)).toBe('SELECT');
    expect(await currency.locator('option[value="KES"]').textContent()).toBe('KES – Kenyan Shilling');
    expect(await currency.locator('option[value="XYZ"]').count()).toBe(0);
    await currency.selectOption('KES');
    await phone.getByLabel('US dollars per unit (annual average)').fill('0.0077');
    await phone.getByRole('button', { name: 'Save rate' }).click();
    await poll(() => phone.getByRole('status').textContent()).toBe('Saved: 1 KES = 0.0077 USD in 2029.');

    // Remove asks first; cancelling keeps the rate.
    const remove = phone.getByRole('button', { name: 'Remove the 2029 rate of KES' });
    await remove.click();
    const dialog = phone.getByRole('dialog', { name: 'Remove the 2029 rate of KES?' });
    expect(await dialog.textContent()).toContain('Reports of 2029 in KES will need a rate again');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await api.rates.list.query({ year: 2029 })).toHaveLength(1);
    await remove.click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await poll(() => phone.getByRole('status').textContent()).toBe('Removed the 2029 rate of KES.');
    expect(await api.rates.list.query({ year: 2029 })).toEqual([]);

    // A rate an approved report converts with is not removed: the alert names the organisation.
    await createCycle(server.db, 2030, { opensOn: '2030-01-01', dueOn: '2099-12-31' });
    await createRate(server.db, 2030, 'GHS', 0.083);
    const organization = await createOrganization(server.db, { name: 'Accra Returnees Collective' });
    const approver = await createUser(server.db, 'coordinator');
    await createApprovedReport(server.db, { organizationId: organization.id, year: 2030, data: completeReportData({ currency: 'GHS' }), approvedBy: approver.id });
    await phone.reload();
    await phone.getByRole('button', { name: 'Remove the 2030 rate of GHS' }).click();
    await phone.getByRole('dialog', { name: 'Remove the 2030 rate of GHS?' }).getByRole('button', { name: 'Remove' }).click();
    await poll(() => phone.getByRole('alert').textContent()).toBe(
      'The 2030 rate for GHS converts 1 approved report (Accra Returnees Collective): it cannot be removed',
    );
    expect(await api.rates.list.query({ year: 2030 })).toEqual([expect.objectContaining({ currency: 'GHS' })]);
    // The page fits the phone: nothing scrolls sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  test('a look-alike of an existing name is refused at the field in French, naming the original', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => localStorage.setItem('lpt.locale', 'fr'));
    await signIn(context, server, 'coordinator');
    const french = await context.newPage();
    await french.goto(`${server.baseUrl}/admin/organizations`);
    await french.getByRole('button', { name: 'Nouvelle organisation' }).click();
    // "Pamoja" with a Cyrillic "а": the demo's Pamoja Horizons Trust to a reader.
    await french.locator('#org-name').fill('P\u0430moja Horizons Trust');
    await french.locator('#org-type').selectOption('local_ngo');
    await french.locator('#org-country').selectOption('TZ');
    await french.locator('#org-signed').fill('2024-06-01');
    await french.locator('input[type="radio"][value="public"]').check();
    await french.getByRole('button', { name: 'Ajouter l’organisation' }).click();
    await poll(() => french.locator('#org-name-error').textContent()).toBe(
      'Ce nom ressemble à « Pamoja Horizons Trust », une organisation déjà inscrite : choisissez un nom que les lecteurs distinguent',
    );
    expect((await api.organizations.list.query({ search: 'moja Horizons' })).map((o) => o.name)).toEqual(['Pamoja Horizons Trust']);
    await context.close();
    // The French page kept its language with the account too: back to English for whatever runs next.
    await api.auth.setLocale.mutate({ locale: 'en' });
  });
});
