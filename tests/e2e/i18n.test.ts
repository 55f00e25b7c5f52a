// Every signatory in their own language, in a real browser: a French- or Spanish-speaking visitor (their
// browser's languages, sent as Accept-Language) gets the dashboard, the sign-in page and the report form
// in their language with its number formats, and no English left (checked against the English
// catalogue's values) nor any raw key; so does a coordinator on the review desk (the queue and one report
// with its decision form), the admin pages (organisations, users, cycles, rates, releases, import), the
// corrections log and the annual report; a French-speaking signatory enters "1 234 567,89" and the API has
// 1234567.89; an English user typing "1234,56" is told how to write it, and nothing is saved. The choice
// in the language menu is kept in the browser and with the account.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { SESSION_COOKIE, startSession } from '@lpt/server/features/auth/auth.service';
import { queueScheduledReminders } from '@lpt/server/features/outbox/outbox.service';
import { completeReportData, createOrganization, createUser, FACTORY_PASSWORD } from '../factories/index.ts';
import { launchChromium } from '../setup/chromium.ts';
import { settle } from './support/browser.ts';
import { repoRoot } from './support/client-build.ts';
import { apiClient, startTestServer, type TestServer } from './support/server.ts';

const YEAR = DEMO_OPEN_YEAR;
const localesDir = path.join(repoRoot, 'client', 'src', 'locales');
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

function flatten(prefix: string, value: unknown, out: Map<string, string>) {
  if (typeof value === 'string') out.set(prefix, value);
  else for (const [k, v] of Object.entries(value as object)) flatten(prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`, v, out);
}
function catalogue(language: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(path.join(localesDir, language)))
    flatten(file.replace(/\.json$/, ':'), JSON.parse(readFileSync(path.join(localesDir, language, file), 'utf8')), out);
  return out;
}

/**
 * The English the interface could show: each English value that the other language words differently;
 * for a value with parameters, its literal parts long enough to be unmistakable.
 */
function englishTells(language: string): { whole: Set<string>; parts: string[] } {
  const english = catalogue('en');
  const other = catalogue(language);
  const whole = new Set<string>();
  const parts: string[] = [];
  for (const [key, value] of english) {
    const translated = other.get(key) ?? other.get(key.replace(/_(one|other)$/, '_other'));
    if (translated === value) continue;
    const literal = value.split(/\{\{[^}]*\}\}/).map((s) => s.trim());
    if (literal.length === 1) {
      if (value.length >= 4) whole.add(value);
    } else parts.push(...literal.filter((s) => s.length >= 18));
  }
  return { whole, parts };
}

/** Every text a person can read or hear on the page: text nodes and the labels of controls, with their language. */
async function readableTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const pageLang = document.documentElement.lang;
    // Another language on purpose (the language menu names each language in itself).
    const foreign = (el: Element | null) => {
      const lang = el?.closest('[lang]')?.getAttribute('lang');
      return lang != null && lang !== pageLang;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, noscript') || foreign(parent)) continue;
      const text = node.textContent?.replace(/\s+/g, ' ').trim();
      if (text) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
      for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(attribute)?.trim();
        if (value && !foreign(el)) out.push(value);
      }
    out.push(document.title);
    return out;
  });
}

async function expectNoEnglish(page: Page, language: string) {
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
  const { whole, parts } = englishTells(language);
  const texts = await readableTexts(page);
  const english = texts.filter((text) => whole.has(text) || parts.some((part) => text.includes(part)));
  expect(english, `English on ${page.url()}`).toEqual([]);
  const rawKeys = texts.filter((text) => /\b(common|dashboard|auth|report|reportCard|indicators|validation|review|admin|corrections|outbox|account|imports):[a-zA-Z_]+/.test(text));
  expect(rawKeys, `raw keys on ${page.url()}`).toEqual([]);
}

async function newContext(locale: string, token?: string) {
  const context = await browser.newContext({ baseURL: server.baseUrl, locale, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  if (token) await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

async function newSignatory(name: string) {
  const organization = await createOrganization(server.db, { name, country: 'SN', signedOn: '2021-03-01' });
  const user = await createUser(server.db, 'signatory', organization.id);
  const { token } = await startSession(server.db, user.id);
  return { organization, user, token, api: apiClient(server, token) };
}

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

async function coordinatorToken() {
  const user = await createUser(server.db, 'coordinator');
  return (await startSession(server.db, user.id)).token;
}

/** A page of the app opened by a coordinator, once its first data is in (`ready` is on the page). */
async function openAsCoordinator(browserLocale: string, url: string, ready: string) {
  const page = await (await newContext(browserLocale, await coordinatorToken())).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await poll(() => page.locator(ready).count()).toBeGreaterThan(0);
  await settle(page);
  return { page, errors };
}

describe.each([
  ['fr', 'fr-FR'],
  ['es', 'es-ES'],
])('in %s', (language, browserLocale) => {
  test('the dashboard, its charts and numbers follow the browser’s language', async () => {
    const page = await (await newContext(browserLocale)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    await settle(page);
    // Every chart drawn (the region breakdown draws none: the demo's regions are all withheld).
    await poll(() => page.locator('.chart[role="img"]').count()).toBeGreaterThanOrEqual(5);
    // Numbers in the language's own way: a decimal comma in French and Spanish.
    expect(await page.locator('[data-tile="weightedShare"] .tile__value').textContent()).toMatch(/^\d+,\d\s%$/);
    // Every chart's table too, opened.
    for (const summary of await page.locator('details.chart-card__table > summary').all()) await summary.click();
    await expectNoEnglish(page, language);
    expect(errors).toEqual([]);
  });

  test('the sign-in page, with its own error messages', async () => {
    const page = await (await newContext(browserLocale)).newPage();
    await page.goto('/login');
    await settle(page);
    await page.locator('form button[type="submit"]').click();
    await poll(() => page.locator('#login-password-error').count()).toBe(1);
    await expectNoEnglish(page, language);
  });

  test('the report form, every definition in the language', async () => {
    const { token } = await newSignatory(`Réseau ${language} des acteurs locaux`);
    const page = await (await newContext(browserLocale, token)).newPage();
    await page.goto(`/report/${YEAR}`);
    await poll(() => page.locator('#field-funding-inScopeExpenditure').count()).toBe(1);
    await settle(page);
    const definition = catalogue(language).get('indicators:funding.inScopeExpenditure.help');
    expect(await page.locator('#field-funding-inScopeExpenditure-help').textContent()).toBe(definition);
    // A section that does not apply, and the submit check, so their messages are on the page too.
    await page.locator('#field-needs-status').selectOption('not_applicable');
    await page.locator('form.report-form button[type="submit"]').click();
    await poll(() => page.locator('.error-summary').count()).toBe(1);
    await expectNoEnglish(page, language);
  });

  test('the review desk: the queue, the compliance view and one report with its decision form', async () => {
    const { organization, api } = await newSignatory(`Plateforme ${language} des partenaires locaux`);
    const { version } = await api.reports.saveDraft.mutate({ organizationId: organization.id, year: YEAR, expectedVersion: 0, data: completeReportData() });
    await api.reports.submit.mutate({ organizationId: organization.id, year: YEAR, expectedVersion: version });

    const { page, errors } = await openAsCoordinator(browserLocale, '/review', '#queue-title ~ .table-wrap tbody tr');
    await poll(() => page.locator('.compliance-group').count()).toBe(5);
    // Every group unfolded, so its table and reminder list are read too.
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details.compliance-group')) (details as HTMLDetailsElement).open = true;
    });
    await expectNoEnglish(page, language);

    await page.goto(`/review/${organization.id}/${YEAR}`);
    await poll(() => page.locator('#decision-title').count()).toBe(1);
    await settle(page);
    // Returning with an empty comment on a field, so the field comments and their messages show too.
    await page.locator('input[name="decision"][value="return"]').check();
    await page.locator('#field-comment-picker').selectOption('funding.toLocalDirect');
    await page.locator('.field-comments__add button').click();
    await poll(() => page.locator('#field-comment-funding-toLocalDirect').count()).toBe(1);
    await page.locator('form.decision-form button[type="submit"]').click();
    await poll(() => page.locator('.decision-form .field__error').count()).toBeGreaterThan(0);
    await expectNoEnglish(page, language);
    expect(errors).toEqual([]);
  });

  test.each([
    ['/admin/organizations'],
    ['/admin/users'],
    ['/admin/cycles'],
    ['/admin/rates'],
  ])('the admin page %s, with its form open', async (url) => {
    const { page, errors } = await openAsCoordinator(browserLocale, url, '.admin-page .table-wrap tbody tr');
    await page.locator('.page-header button.button--primary').click();
    await poll(() => page.locator('.admin-form').count()).toBe(1);
    // Submitted empty (a new cycle's form comes filled in: a due date before its opening), so nothing is
    // saved and the form's messages are on the page too.
    if (url === '/admin/cycles') await page.locator('#cycle-due').fill('2000-01-01');
    await page.locator('.admin-form button[type="submit"]').click();
    await poll(() => page.locator('.admin-form .field__error').count()).toBeGreaterThan(0);
    await expectNoEnglish(page, language);
    expect(errors).toEqual([]);
  });

  test('the releases page: the next release, its changes and withheld cells, and the published ones', async () => {
    const { page, errors } = await openAsCoordinator(browserLocale, '/admin/releases', '#next-release-title');
    await poll(() => page.locator('.release-changes').count()).toBeGreaterThan(0);
    await poll(() => page.locator('.withheld-cells, #next-release-title ~ p.muted').count()).toBeGreaterThan(0);
    for (const button of await page.locator('.release-list__item button[aria-expanded="false"]').all()) await button.click();
    await settle(page);
    await expectNoEnglish(page, language);
    expect(errors).toEqual([]);
  });

  test('the annual report: its figures, withheld figures, methodology and definitions', async () => {
    const page = await (await newContext(browserLocale)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/report-card/${YEAR - 1}`);
    await settle(page);
    await poll(() => page.locator('.report-card__definitions dt').count()).toBeGreaterThan(20);
    for (const summary of await page.locator('details.chart-card__table > summary').all()) await summary.click();
    await expectNoEnglish(page, language);
    expect(errors).toEqual([]);
  });

  test('the import page, with a preview that refuses rows and the header', async () => {
    const { page, errors } = await openAsCoordinator(browserLocale, '/admin/import', '#import-file-input');
    // A bare file name as an organisation, a year without a cycle, a comma-grouped amount and a column
    // no report has: the preview words each problem.
    const csv = ['organization,year,funding.inScopeExpenditure,funding.unknown', `Nobody At All,1999,"1,000.5",x`].join('\n');
    await page.locator('#import-file-input').setInputFiles({ name: 'rapports.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('.import-page form button[type="submit"]').click();
    await poll(() => page.locator('.import-issues li').count()).toBeGreaterThan(3);
    await settle(page);
    await expectNoEnglish(page, language);
    expect(errors).toEqual([]);
  });

  test('the outbox page, with its messages and the reminder form refused empty', async () => {
    // The open demo cycle's opening reminders (idempotent: the second language queues none).
    await queueScheduledReminders(server.db);
    const { page, errors } = await openAsCoordinator(browserLocale, '/admin/outbox', 'table.outbox-table tbody tr');
    await poll(() => page.locator('.remind-list input').count()).toBeGreaterThan(0);
    await page.locator('#remind-now-title ~ form button[type="submit"]').click();
    await poll(() => page.locator('#remind-organizations-error').count()).toBe(1);
    await expectNoEnglish(page, language);
    expect(errors).toEqual([]);
  });

  test('the forgotten-password pages, with their messages', async () => {
    const page = await (await newContext(browserLocale)).newPage();
    await page.goto('/forgot-password');
    await settle(page);
    await page.locator('form button[type="submit"]').click();
    await poll(() => page.locator('#forgot-email-error').count()).toBe(1);
    await expectNoEnglish(page, language);
    await page.goto('/reset-password?token=made-up');
    await settle(page);
    await page.locator('#reset-password').fill('lantern-harbour-quiet-88');
    await page.locator('form button[type="submit"]').click();
    await poll(() => page.locator('#reset-token-error').count()).toBe(1);
    await expectNoEnglish(page, language);
    // An invitation's link: the same form in a welcome's words, and its refusal.
    await page.goto('/accept-invitation?token=made-up');
    await settle(page);
    await page.locator('#reset-password').fill('lantern-harbour-quiet-88');
    await page.locator('form button[type="submit"]').click();
    await poll(() => page.locator('#reset-token-error').count()).toBe(1);
    await expectNoEnglish(page, language);
  });

  test('the account page', async () => {
    const { token } = await newSignatory(`Collectif ${language} ${Date.now()}`);
    const page = await (await newContext(browserLocale, token)).newPage();
    await page.goto('/account');
    await poll(() => page.locator('.account-page form').count()).toBe(1);
    await settle(page);
    await expectNoEnglish(page, language);
  });

  test('the corrections log and the releases of the figures', async () => {
    const page = await (await newContext(browserLocale)).newPage();
    await page.goto('/corrections');
    await poll(() => page.locator('#releases-title').count()).toBe(1);
    await poll(() => page.locator('.page-loading').count()).toBe(0);
    await settle(page);
    await expectNoEnglish(page, language);
  });
});

describe('numbers that cannot be misread', () => {
  test('a French-speaking signatory enters 1 234 567,89 and the API has 1234567.89', async () => {
    const { organization, api, token } = await newSignatory('Collectif sénégalais des migrantes');
    const page = await (await newContext('fr-FR', token)).newPage();
    await page.goto(`/report/${YEAR}`);
    const field = page.locator('#field-funding-inScopeExpenditure');
    await poll(() => field.count()).toBe(1);
    await page.getByLabel('Devise du rapport', { exact: true }).selectOption('EUR');
    await field.fill('1 234 567,89');
    await field.blur();
    // Shown back the French way once understood (a narrow no-break space between thousands).
    await poll(() => field.inputValue()).toBe('1\u202f234\u202f567,89');
    await poll(async () => (await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.data.funding.inScopeExpenditure).toBe(
      1234567.89,
    );
  });

  test('an English user typing 1234,56 is told how to write it, and nothing is saved', async () => {
    const { organization, api, token } = await newSignatory('Harbour Town Migrant Forum');
    const page = await (await newContext('en-GB', token)).newPage();
    await page.goto(`/report/${YEAR}`);
    const field = page.locator('#field-funding-inScopeExpenditure');
    await poll(() => field.count()).toBe(1);
    await page.getByLabel('Report currency', { exact: true }).selectOption('USD');
    await poll(async () => (await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.version).toBe(1);
    await field.fill('1234,56');
    await poll(() => page.locator('#field-funding-inScopeExpenditure-error').textContent()).toBe(
      'Not a number as written here. Write it like this: 1,234,567.89',
    );
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await poll(() => page.getByTestId('save-status').textContent()).toContain('Not saved');
    const saved = await api.reports.get.query({ organizationId: organization.id, year: YEAR });
    expect(saved.report?.data.funding.inScopeExpenditure).toBeNull();
    // Written the English way, it is understood and saved.
    await field.fill('1,234.56');
    await poll(async () => (await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.data.funding.inScopeExpenditure).toBe(1234.56);
  });
});

describe('choosing a language', () => {
  test('the menu switches at once, is kept in the browser before sign-in and with the account after', async () => {
    const user = await createUser(server.db, 'donor');
    const context = await newContext('en-US');
    const page = await context.newPage();
    await page.goto('/login');
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByLabel('Language').selectOption('es');
    await poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Iniciar sesión');
    await page.reload();
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Iniciar sesión');

    await page.getByLabel('Correo electrónico').fill(user.email);
    await page.getByLabel('Contraseña').fill(FACTORY_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');
    // The account now has the choice made before signing in.
    await poll(async () => (await server.db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()).locale).toBe('es');

    // Chosen again while signed in, it is kept with the account, which a new browser then follows.
    await page.getByLabel('Idioma').selectOption('fr');
    await poll(async () => (await server.db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()).locale).toBe('fr');
    const { token } = await startSession(server.db, user.id);
    const elsewhere = await (await newContext('en-US', token)).newPage();
    await elsewhere.goto('/');
    await poll(() => elsewhere.evaluate(() => document.documentElement.lang)).toBe('fr');
    await poll(() => elsewhere.getByRole('heading', { level: 1 }).textContent()).toBe('Tableau de bord de l’engagement pour la localisation');
  });
});
