// A release's permanent page and the corrections log read per release, in Chromium on a phone (390 × 844),
// on the demo data (2024's first release carries Helios Development Cooperation Agency's correction) and
// a year 2019 the test releases twice:
// the page shows its citation and permanent address and links its files; after a newer release of the
// same year, the earlier release's page still shows its own figures; the corrections page lists each
// release's corrections first and folds what became withheld behind one line; English and French.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { completeReportData, createCycle, createOrganization } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { launchChromium } from '../setup/chromium.ts';
import { describeViolations, normalizeText, runAxe } from './support/browser.ts';
import { apiClient, sessionTokenFor, startTestServer, type TestServer } from './support/server.ts';

/** The demo's year whose first release carries a correction. */
const CORRECTED_YEAR = 2024;
/** A year before the demo's, released twice by the test. */
const YEAR = 2019;
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let reportingInFirst: number;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  // 2019: six reports in release 1, then five late ones together (one alone would wait: it would move
  // the cells by one organisation's figures) in release 2.
  await createCycle(server.db, YEAR, { dueOn: `${YEAR + 1}-03-31` });
  const coordinator = await server.db.selectFrom('users').select('id').where('role', '=', 'coordinator').executeTakeFirstOrThrow();
  const publish = async () => apiClient(server, await sessionTokenFor(server.db, 'coordinator')).releases.publish.mutate({ year: YEAR });
  const approve = async (names: string[]) => {
    for (const [i, name] of names.entries()) {
      const { id } = await createOrganization(server.db, { name, type: 'national_ngo', country: ['KE', 'NG', 'SN'][i % 3]!, disclosure: 'public', signedOn: '2015-01-01' });
      await createApprovedReport(server.db, { organizationId: id, year: YEAR, data: completeReportData({ currency: 'USD' }), approvedBy: coordinator.id });
    }
  };
  await approve(['Kano One', 'Kano Two', 'Kano Three', 'Kano Four', 'Kano Five', 'Kano Six']);
  await publish();
  reportingInFirst = (await apiClient(server).metrics.release.query({ year: YEAR, number: 1 })).summary.organizationsReporting!;
  await approve(['Kisumu Late One', 'Kisumu Late Two', 'Kisumu Late Three', 'Kisumu Late Four', 'Kisumu Late Five']);
  await publish();
  // The demo's seed and a release's planning take minutes on a loaded machine.
}, 420_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });

async function phone(locale = 'en-GB') {
  const context = await browser.newContext({ baseURL: server.baseUrl, locale, viewport: { width: 390, height: 844 }, bypassCSP: true });
  contexts.push(context);
  return context.newPage();
}

describe('a release’s permanent page', () => {
  test('shows its citation, its permanent address and its files on a phone, and keeps its own figures after a newer release', async () => {
    const page = await phone();
    await page.goto(`/releases/${YEAR}/1`);
    const citation = page.locator('.release-page__citation');
    await poll(() => citation.count()).toBe(1);
    const text = normalizeText(await citation.textContent());
    expect(text).toContain(`Localization Pledge secretariat (`);
    expect(text).toContain(`Localization Pledge figures ${YEAR}, release 1.`);
    expect(text).toContain(`${server.baseUrl}/releases/${YEAR}/1`);
    expect(await page.locator('h1').textContent()).toBe(`Release 1 of ${YEAR}`);

    // Its figures as release 1 published them, though release 2 now counts five more organisations.
    const figures = page.locator('.release-page__figures');
    expect(normalizeText(await figures.textContent())).toContain(`Organisations reporting${reportingInFirst}`);
    expect(normalizeText(await page.locator('main').textContent())).toContain(`A later release of ${YEAR} replaces it for the dashboard: release 2.`);
    await page.getByRole('link', { name: 'Go to release 2' }).click();
    await poll(async () => normalizeText(await page.locator('.release-page__figures').textContent())).toContain(
      `Organisations reporting${reportingInFirst + 5}`,
    );
    expect(normalizeText(await page.locator('main').textContent())).toContain(`This is the latest release of ${YEAR}.`);

    // The citation formats are folded; BibTeX names the permanent address.
    await page.getByText('BibTeX, RIS and CSL-JSON').click();
    expect(await page.locator('pre').first().textContent()).toContain(`url = {${server.baseUrl}/releases/${YEAR}/2}`);

    // The files it links are there: the workbook and the data package, in the page's language.
    for (const name of ['Excel workbook: every table, one sheet each, with definitions', 'Data package (zip): datapackage.json and a CSV file per table']) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const answer = await page.request.get(href!);
      expect(answer.status(), href!).toBe(200);
    }
    const pkg = await (await page.request.get((await page.getByRole('link', { name: 'datapackage.json alone (Frictionless Data)' }).getAttribute('href'))!)).json();
    expect(pkg.release).toMatchObject({ year: YEAR, number: 2, audience: 'public', language: 'en' });

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  test('reads in French, citation included', async () => {
    const page = await phone('fr-FR');
    await page.goto(`/releases/${YEAR}/1`);
    const citation = page.locator('.release-page__citation');
    await poll(() => citation.count()).toBe(1);
    expect(normalizeText(await citation.textContent())).toContain(`Chiffres de l’engagement pour la localisation ${YEAR}, publication 1.`);
    expect(await page.locator('h2').first().textContent()).toBe('Citer cette publication');
  });

  test('says so when there is no such release', async () => {
    const page = await phone();
    await page.goto(`/releases/${YEAR}/9`);
    await poll(async () => normalizeText(await page.locator('main').textContent())).toContain(`There is no release 9 of ${YEAR}.`);
  });
});

describe('the corrections page, per release', () => {
  test('lists each release’s corrections first, folds what became withheld, and reads a first release as such', async () => {
    const page = await phone();
    await page.goto(`/corrections?year=${CORRECTED_YEAR}`);
    const first = page.locator(`[data-release="${CORRECTED_YEAR}-1"]`);
    await poll(() => first.count()).toBe(1);

    // Release 1: "First release", the correction made before it with its reason, and no list of withheld cells.
    const firstText = normalizeText(await first.textContent());
    expect(firstText).toContain(`First release of ${CORRECTED_YEAR}: the year’s figures published for the first time.`);
    expect(firstText).toContain('Helios Development Cooperation Agency: Reopened at the organisation\'s request');
    expect(await first.locator('details').count()).toBe(0);
    expect(firstText).not.toContain('newly withheld');

    // Each release links its permanent page.
    await first.getByRole('link', { name: 'Permanent page and downloads' }).click();
    await poll(() => page.url()).toBe(`${server.baseUrl}/releases/${CORRECTED_YEAR}/1`);

    await page.goto(`/corrections?year=${YEAR}`);
    const second = page.locator(`[data-release="${YEAR}-2"]`);
    await poll(() => second.count()).toBe(1);
    // Release 2: no correction, the five reports added, and the withheld changes in one line, folded.
    const secondText = normalizeText(await second.textContent());
    expect(secondText).toContain('No approved report was corrected in this release.');
    expect(secondText).toContain('Reports added: Kisumu Late');
    const summary = second.locator('details > summary');
    if ((await summary.count()) > 0) {
      expect(normalizeText(await summary.textContent())).toMatch(/^\d+ cells? newly withheld, \d+ no longer withheld$/);
      expect(await second.locator('details').getAttribute('open')).toBeNull();
    } else expect(secondText).toContain('No change in what is withheld.');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  test('reads in French', async () => {
    const page = await phone('fr-FR');
    await page.goto(`/corrections?year=${YEAR}`);
    const first = page.locator(`[data-release="${YEAR}-1"]`);
    await poll(() => first.count()).toBe(1);
    expect(normalizeText(await first.textContent())).toContain(`Première publication de ${YEAR} : les chiffres de l’année publiés pour la première fois.`);
    expect(normalizeText(await page.locator(`[data-release="${YEAR}-2"]`).textContent())).toContain('Rapports ajoutés : Kisumu Late');
    expect(normalizeText(await page.locator(`[data-release="${YEAR}-2"]`).textContent())).toContain('Aucun rapport approuvé n’a été corrigé dans cette publication.');
  });
});
