// The donors' annual report (/report-card/<year>) in a real browser against the real server and the demo
// data: Chromium's own PDF of the page (A4) holds the figures the API gives that reader for the year,
// formatted in the reader's language (English for the public, French for a donor), and says which release
// they are from; no page of the PDF is blank; printed in English, French and Spanish, every chart is whole
// on A4 (its drawing, lines or bars, legend icons at their size, each legend label whole in the PDF's
// text) and neither navigation nor buttons show; on a 390 px screen the page does not scroll sideways and axe finds
// nothing serious. A coordinator's copy is labelled live and names the release donors read; an open year
// with no release is marked provisional and shows no figure. The PDF's text is read with unpdf (PDF.js).
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS, DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { figureValue, type ShownPath } from '@lpt/shared/figures';
import type { MetricsSummary } from '@lpt/shared/metrics';
import englishCommon from '../../client/src/locales/en/common.json' with { type: 'json' };
import frenchCommon from '../../client/src/locales/fr/common.json' with { type: 'json' };
import { describeViolations, normalizeText, runAxe, settle, useBrowser } from './support/browser.ts';
import { chartPages, layOutForA4, legendLabels, printedCharts, printFaults } from './support/print.ts';
import { apiClient, signIn, startTestServer, type TestServer } from './support/server.ts';

const YEAR = Math.max(...DEMO_CLOSED_YEARS);

const browser = useBrowser();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function newPage(b: Browser, options: { locale: string; width?: number }) {
  const context = await b.newContext({
    baseURL: server.baseUrl,
    locale: options.locale,
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

async function openReportCard(page: Page, year = YEAR) {
  await page.goto(`/report-card/${year}`);
  await settle(page);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** Each page's text of the page printed by Chromium on A4, as a person reads it. */
async function printedPages(page: Page): Promise<string[]> {
  const pdf = await page.pdf({ format: 'A4' });
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: false });
  return text.map(normalizeText);
}

interface Words {
  noData: string;
  withheldAlone: string;
  release: (number: number, year: number) => string;
}

/**
 * The figures a reader of the year's report must find, each formatted as the reader's language writes it
 * (Intl, as the web app uses it): the headline shares, the money and the five commitments' shares. A
 * figure the release withholds on its own must read as withheld instead.
 */
function expectedTexts(summary: MetricsSummary, locale: string, words: Words): string[] {
  const percent = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const usd = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const shares: ShownPath[] = [
    'funding.weightedShare',
    'funding.directShare',
    'funding.medianShare',
    'reportingRate',
    'collaboration.coLedShare',
    'needs.jointShare',
    'credit.creditingShare',
    'capacity.supportedShare',
  ];
  const money: ShownPath[] = ['funding.countedLocalUsd', 'funding.inScopeExpenditureUsd', 'capacity.capacitySpendUsd'];
  const counts: ShownPath[] = ['collaboration.localPartners', 'needs.assessmentsTotal', 'capacity.requestsReceived'];
  const text = (path: ShownPath, format: (value: number) => string) => {
    if (summary.withheldFigures.includes(path)) return words.withheldAlone;
    const value = figureValue(summary, path);
    return value === null ? words.noData : normalizeText(format(value));
  };
  return [
    ...shares.map((path) => text(path, (v) => `${percent.format(v * 100)} %`)),
    ...money.map((path) => text(path, (v) => usd.format(v))),
    ...counts.map((path) => text(path, (v) => whole.format(v))),
    words.release(summary.release!.number, summary.release!.year),
  ];
}

describe('the annual report', () => {
  test('prints on A4 with the figures the API gives the public, no blank page, and says which release it is', async () => {
    const summary = await apiClient(server).metrics.summary.query({ year: YEAR });
    expect(summary.suppressed).toBe(false);
    expect(summary.release).not.toBeNull();
    const { page, context, errors } = await newPage(browser(), { locale: 'en-US' });
    try {
      await openReportCard(page);
      const pages = await printedPages(page);
      expect(pages.length).toBeGreaterThan(1);
      for (const [i, text] of pages.entries()) expect(text.length, `page ${i + 1} of the PDF is blank`).toBeGreaterThan(40);
      const all = pages.join(' ');
      expect(all).toContain(`Annual report ${YEAR}`);
      for (const expected of expectedTexts(summary, 'en-US', {
        noData: englishCommon.noData,
        withheldAlone: englishCommon.withheldAlone,
        release: (number, year) => `release ${number} of ${year}`,
      }))
        expect(all).toContain(expected);
      // Navigation and buttons are not printed.
      expect(all).not.toContain('Print or save as PDF');
      expect(all).not.toContain('Skip to content');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('reads in French for a French-speaking donor, with the figures the API gives donors', async () => {
    const { page, context, errors } = await newPage(browser(), { locale: 'fr-FR' });
    try {
      const token = await signIn(context, server, 'donor');
      const summary = await apiClient(server, token).metrics.summary.query({ year: YEAR });
      expect(summary.suppressed).toBe(false);
      await openReportCard(page);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
      const pages = await printedPages(page);
      for (const [i, text] of pages.entries()) expect(text.length, `page ${i + 1} of the PDF is blank`).toBeGreaterThan(40);
      const all = pages.join(' ');
      expect(all).toContain(`Rapport annuel ${YEAR}`);
      for (const expected of expectedTexts(summary, 'fr-FR', {
        noData: frenchCommon.noData,
        withheldAlone: frenchCommon.withheldAlone,
        release: (number, year) => `publication ${number} de ${year}`,
      }))
        expect(all).toContain(expected);
      // The withheld figures are named with their reasons, in French.
      const reasons = [summary, ...(await apiClient(server, token).metrics.breakdown.query({ year: YEAR, by: 'region' })).rows]
        .flatMap((s) => (s.suppressedBecause ? [s.suppressedBecause] : []))
        .map((reason) => normalizeText(frenchCommon.withheld[reason].replace('{{count}}', '5')));
      expect(reasons.length).toBeGreaterThan(0);
      for (const reason of reasons) expect(all).toContain(reason);
      expect(all).not.toContain('Annual report');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  // French and Spanish legend labels are the longest: each language is printed.
  test.each([
    ['en-US', 'en'],
    ['fr-FR', 'fr'],
    ['es-ES', 'es'],
  ] as const)('printed in %s, every chart is whole on A4: its lines or bars, its legend at its size, each label whole', async (locale, language) => {
    const { page, context } = await newPage(browser(), { locale });
    try {
      await openReportCard(page);
      await layOutForA4(page);
      const charts = await printedCharts(page);
      // The funding trend, the commitments' trend, status counts, leadership and distribution at least.
      expect(charts.length).toBeGreaterThanOrEqual(5);
      const legends = legendLabels(language);
      expect(charts.map((c) => c.title)).toEqual(expect.arrayContaining(Object.keys(legends)));
      expect(printFaults(charts, legends)).toEqual([]);
      // A page break never cuts a chart's card in two.
      for (const breakInside of await page.locator('.report-card .chart-card').evaluateAll((cards) => cards.map((card) => getComputedStyle(card).breakInside)))
        expect(breakInside).toBe('avoid');
      for (const selector of ['nav[aria-label="Main"]', '.report-card__actions', '.chart-card .button', '.skip-link', '.site-footer'])
        expect(await page.locator(selector).first().isVisible(), selector).toBe(false);

      // Chromium's PDF: each legend label reads whole on its chart's page, and the trends' drawings are
      // there (their axis years), not only their legends.
      const texts = chartPages(await printedPages(page), charts.map((c) => c.title));
      for (const [title, labels] of Object.entries(legends)) {
        expect(texts[title], `“${title}” in the PDF`).toBeDefined();
        for (const label of labels) expect(texts[title], `“${title}” in the PDF`).toContain(normalizeText(label));
      }
      for (const title of Object.keys(legends).slice(0, 2)) for (const year of DEMO_CLOSED_YEARS) expect(texts[title]).toContain(String(year));
    } finally {
      await context.close();
    }
  });

  test('fits a 390 px screen and passes axe', async () => {
    const { page, context, errors } = await newPage(browser(), { locale: 'en-US', width: 390 });
    try {
      await openReportCard(page);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const { scrollWidth, viewport } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      expect(viewport).toBe(390);
      expect(scrollWidth).toBeLessThanOrEqual(viewport);
      const blocking = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(blocking, describeViolations(blocking)).toEqual([]);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a coordinator reads live figures, labelled, and is told which release donors read', async () => {
    const { release } = await apiClient(server).metrics.summary.query({ year: YEAR });
    const { page, context } = await newPage(browser(), { locale: 'en-US' });
    try {
      await signIn(context, server, 'coordinator');
      await openReportCard(page);
      const header = normalizeText(await page.locator('.report-card__header').textContent());
      expect(header).toContain('Live figures (coordinator view)');
      expect(header).toContain(`Donors and the public read ${YEAR} as of release ${release!.number},`);
    } finally {
      await context.close();
    }
  });

  test('an open year without a release is marked provisional and shows no figure', async () => {
    const summary = await apiClient(server).metrics.summary.query({ year: DEMO_OPEN_YEAR });
    expect(summary.suppressedBecause).toBe('not_released');
    const { page, context } = await newPage(browser(), { locale: 'en-US' });
    try {
      await openReportCard(page, DEMO_OPEN_YEAR);
      const header = normalizeText(await page.locator('.report-card__header').textContent());
      expect(header).toContain(`Provisional: reporting for ${DEMO_OPEN_YEAR} is still open`);
      expect(header).toContain(`${DEMO_OPEN_YEAR} has no release yet`);
      expect(await page.locator('[data-tile], .chart').count()).toBe(0);
      // What the figures would mean is there all the same.
      expect(await page.getByRole('heading', { name: 'Methodology and definitions' }).count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  test('the dashboard links to the chosen year’s report; a year without a cycle says so', async () => {
    const { page, context } = await newPage(browser(), { locale: 'en-US' });
    try {
      await page.goto(`/?year=${YEAR - 1}`);
      await settle(page);
      await page.getByRole('link', { name: `Annual report ${YEAR - 1}` }).click();
      await page.waitForURL((url) => url.pathname === `/report-card/${YEAR - 1}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Annual report ${YEAR - 1}`);
      await openReportCard(page, 1999);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('No annual report for this year');
    } finally {
      await context.close();
    }
  });
});
