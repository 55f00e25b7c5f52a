// The report form as a signatory uses it on a phone (390×844), issue 9: one round of validation, the
// error where the signatory typed, every valid change saved, justifications kept across a reload,
// warnings at their field and never from invalid figures, a confirmation before submitting, and a word
// about a currency the secretariat has no rate for.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { completeReportData } from '../factories/index.ts';
import { useReportFixtures } from './support/reportFixtures.ts';

const YEAR = DEMO_OPEN_YEAR;
const PHONE = { width: 390, height: 844 };
const fixtures = useReportFixtures();
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const field = (page: Page, path: string) => page.locator(`#field-${path.replaceAll('.', '-')}`);
const sections = ['collaboration', 'funding', 'needs', 'credit', 'capacity'];

async function openForm(name: string) {
  const signatory = await fixtures.newSignatory({ name, country: 'SN', signedOn: '2022-05-01' });
  const context = await fixtures.contextWithSession(signatory.token, PHONE);
  const page = await context.newPage();
  await page.goto(`${fixtures.server.baseUrl}/report/${YEAR}`);
  await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Progress report ${YEAR}`);
  return { ...signatory, context, page };
}

/** The fields the error summary points at, by their element ids. */
const summaryTargets = async (page: Page) =>
  (await page.locator('.error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))).map((h) => h.slice(1));

describe('the report form on a phone', () => {
  test('the first Submit lists every problem in the way; answering them reveals none it had not named', async () => {
    const { page, context } = await openForm('Kanem Migrant Solidarity');
    await page.getByLabel('Report currency', { exact: true }).selectOption('USD');
    await page.getByRole('button', { name: 'Submit report' }).click();
    await poll(() => page.locator('.error-summary li').count()).toBeGreaterThan(20);
    const first = new Set(await summaryTargets(page));
    // The figures a section needs are named before a status is chosen, each leadership category too.
    for (const id of ['field-funding-status', 'field-funding-inScopeExpenditure', 'field-collaboration-partnersByLeadership-youthLed', 'field-capacity-supportAreas'])
      expect(first).toContain(id);

    for (const section of sections) await field(page, `${section}.status`).selectOption('in_progress');
    await field(page, 'collaboration.partnersByLeadership.migrantLed').fill('1');
    await field(page, 'funding.inScopeExpenditure').fill('1000');
    await page.getByRole('button', { name: 'Submit report' }).click();
    await poll(async () => (await summaryTargets(page)).includes('field-funding-status')).toBe(false);
    const second = await summaryTargets(page);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((id) => !first.has(id))).toEqual([]);
    expect(second).not.toContain('field-funding-inScopeExpenditure');
    await context.close();
  });

  test('a direct transfer larger than in-scope expenditure shows the error where it was typed, naming in-scope expenditure', async () => {
    const { page, context } = await openForm('Tambacounda Return Network');
    await field(page, 'funding.inScopeExpenditure').fill('1,000');
    await field(page, 'funding.toLocalDirect').fill('5,000');
    const typed = page.locator('#field-funding-toLocalDirect-error');
    await poll(() => typed.textContent()).toBe(
      'Conflicts with Funding to local actors: In-scope expenditure: Transfers to local actors (all four channels) exceed the in-scope expenditure',
    );
    expect(await field(page, 'funding.toLocalDirect').getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, 'funding.toLocalDirect').getAttribute('aria-describedby')).toContain('field-funding-toLocalDirect-error');
    // The whole keeps its own message, and correcting the transfer clears both.
    expect(await page.locator('#field-funding-inScopeExpenditure-error').textContent()).toContain('exceed the in-scope expenditure');
    await field(page, 'funding.toLocalDirect').fill('500');
    await poll(() => typed.count()).toBe(0);
    expect(await page.locator('#field-funding-inScopeExpenditure-error').count()).toBe(0);
    await context.close();
  });

  test('every valid change is saved while a field is in error, which the page names; another device reads the saved changes', async () => {
    const { page, context, api, organization, token } = await openForm('Louga Diaspora Partners');
    await page.getByLabel('Report currency', { exact: true }).selectOption('USD');
    await field(page, 'collaboration.forums').fill('3');
    await field(page, 'collaboration.forumsCoLed').fill('5');
    await field(page, 'needs.narrative').fill('Joint assessments with the regional council in Louga.');
    const status = page.getByTestId('save-status');
    await poll(() => status.textContent()).toBe(
      'Not saved: Collaboration and inclusion: Fora co-led by a local actor — correct it to save it. Everything else is saved.',
    );
    const saved = (await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.data;
    expect(saved).toMatchObject({ currency: 'USD', needs: { narrative: 'Joint assessments with the regional council in Louga.' } });
    expect(saved?.collaboration).toMatchObject({ forums: 3, forumsCoLed: null });

    // A second device sees what was saved; the field in error stays only on the first.
    const other = await (await fixtures.contextWithSession(token, PHONE)).newPage();
    await other.goto(`${fixtures.server.baseUrl}/report/${YEAR}`);
    await poll(() => field(other, 'needs.narrative').inputValue()).toBe('Joint assessments with the regional council in Louga.');
    expect(await field(other, 'collaboration.forumsCoLed').inputValue()).toBe('');
    await other.context().close();

    // Corrected, it is saved too.
    await field(page, 'collaboration.forumsCoLed').fill('2');
    await poll(() => status.textContent()).toMatch(/^Saved at/);
    expect((await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.data.collaboration.forumsCoLed).toBe(2);
    await context.close();
  });

  test('warnings show at their field; justifications are kept: typed, a submit refused, a reload — the narrative, the reason and the warning’s justification are all there', async () => {
    const { page, context, api, organization } = await openForm('Ziguinchor Women Migrants Union');
    await page.getByLabel('Report currency', { exact: true }).selectOption('USD');
    await field(page, 'collaboration.status').selectOption('in_progress');
    await field(page, 'collaboration.narrative').fill('Monthly meetings with the local network.');
    await field(page, 'needs.status').selectOption('not_applicable');
    await field(page, 'needs.notApplicableReason').fill('No needs assessments in this period.');
    // Funding reaches local actors with zero local partners: a warning to justify.
    await field(page, 'collaboration.localPartners').fill('0');
    await field(page, 'funding.inScopeExpenditure').fill('1,000');
    await field(page, 'funding.toLocalDirect').fill('100');
    const warning = page.locator('[data-warning="funding_without_partners"]');
    // The warning is shown at the field it is about too, tied to it for screen readers.
    const atField = page.locator('#field-collaboration-localPartners-warning');
    await poll(() => atField.textContent()).toContain('Funding to local actors is reported with zero local partners');
    expect(await field(page, 'collaboration.localPartners').getAttribute('aria-describedby')).toContain('field-collaboration-localPartners-warning');
    await atField.getByRole('link', { name: 'Justify it before submitting' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('justification-funding_without_partners');
    await warning.getByLabel('Justification').fill('Our partners are reached through a pooled fund.');
    await page.getByRole('button', { name: 'Submit report' }).click();
    await poll(() => page.locator('.error-summary li').count()).toBeGreaterThan(0);
    await poll(() => page.getByTestId('save-status').textContent()).toMatch(/^Saved at/);
    expect((await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.data.needs.notApplicableReason).toBe(
      'No needs assessments in this period.',
    );

    await page.reload();
    await poll(() => field(page, 'collaboration.narrative').inputValue()).toBe('Monthly meetings with the local network.');
    expect(await field(page, 'needs.notApplicableReason').inputValue()).toBe('No needs assessments in this period.');
    await poll(() => warning.getByLabel('Justification').inputValue()).toBe('Our partners are reached through a pooled fund.');
    await context.close();
  });

  test('Submit asks for a confirmation in a dialog the keyboard can answer: Escape keeps editing, Enter submits', async () => {
    const { page, context, api, organization } = await openForm('Matam Returnees Cooperative');
    await api.reports.saveDraft.mutate({ organizationId: organization.id, year: YEAR, expectedVersion: 0, data: completeReportData() });
    await page.reload();
    await poll(() => field(page, 'funding.toLocalDirect').inputValue()).toBe('120,000');
    const submit = page.getByRole('button', { name: 'Submit report' });
    const dialog = page.getByRole('dialog', { name: `Submit the ${YEAR} report?` });
    await submit.click();
    await poll(() => dialog.isVisible()).toBe(true);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent)).toBe('Submit the report');
    await page.keyboard.press('Escape');
    await poll(() => dialog.isVisible()).toBe(false);
    expect((await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.status).toBe('draft');

    await submit.focus();
    await page.keyboard.press('Enter');
    await poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await poll(async () => (await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.status).toBe('submitted');
    await poll(() => page.locator('.alert--success').first().textContent()).toContain('submitted');
    await context.close();
  });

  test('a currency without an exchange rate for the year: the form says the report cannot be counted until the secretariat adds one', async () => {
    const { page, context, api } = await openForm('Kolda Local Partners Forum');
    const withRate = new Set((await api.rates.list.query({ year: YEAR })).map((r) => r.currency));
    const currency = ['XOF', 'MGA', 'BIF', 'GNF'].find((c) => !withRate.has(c))!;
    const select = page.getByLabel('Report currency', { exact: true });
    await select.selectOption(currency);
    const note = page.locator('#field-currency-norate');
    await poll(() => note.textContent()).toContain(`The secretariat has no ${YEAR} exchange rate for ${currency}`);
    expect(await note.textContent()).toContain('cannot be counted in the figures until the secretariat adds the rate');
    expect(await select.getAttribute('aria-describedby')).toContain('field-currency-norate');
    // A currency with a rate says nothing of the kind.
    await select.selectOption('USD');
    await poll(() => note.count()).toBe(0);
    await context.close();
  });
});
