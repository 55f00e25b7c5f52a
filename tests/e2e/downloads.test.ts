// The dashboard's downloads in a real browser against the real server and the demo data: each chart and
// table offers its own file, as CSV and as Excel, and the button downloads exactly that file (its name, and
// headers that are that chart's figures), in the language of the page; the buttons fit a 390 px screen.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS } from '@lpt/db/seed/demo';
import { regions } from '@lpt/shared/enums';
import { settle, useBrowser } from './support/browser.ts';
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

/** Each download on the dashboard: the title its buttons are named after, its file, and a header only it has. */
const charts = [
  { title: 'Local funding share over the years', file: new RegExp(`^trend-\\d{4}-${YEAR}$`), header: 'Weighted local share (%)', not: 'Share of fora co-led by local actors (%)' },
  { title: 'Weighted local share by region', file: new RegExp(`^breakdown-${YEAR}-region$`), header: 'Region', not: 'Organisation type' },
  { title: 'Weighted local share by type group', file: new RegExp(`^breakdown-${YEAR}-typeGroup$`), header: 'Type group', not: 'Region' },
  { title: 'Weighted local share by organisation type', file: new RegExp(`^breakdown-${YEAR}-organizationType$`), header: 'Organisation type', not: 'Region' },
  { title: 'Spread of signatories’ own local shares', file: new RegExp(`^distribution-${YEAR}$`), header: 'Signatories with a local share of 0–10 %', not: 'Weighted local share (%)' },
  { title: 'Progress on each commitment', file: new RegExp(`^statuses-${YEAR}$`), header: 'Funding: In progress', not: 'Weighted local share (%)' },
  { title: 'Figures by commitment', file: new RegExp(`^summary-${YEAR}$`), header: 'Counted local funding (USD)', not: 'Region' },
  { title: 'Other commitments over the years', file: new RegExp(`^commitment-trend-\\d{4}-${YEAR}$`), header: 'Share of fora co-led by local actors (%)', not: 'Weighted local share (%)' },
  { title: 'Local partners by leadership', file: new RegExp(`^leadership-${YEAR}$`), header: 'Local partners: Led by women', not: 'Weighted local share (%)' },
  { title: 'Figures by organisation', file: new RegExp(`^organizations-${YEAR}$`), header: 'Counted local share (%)', not: 'Status' },
];

/**
 * The file a download button offers: it must be a download link (the `download` attribute) of this page's
 * origin; the file is fetched with the page's own session, and named as the server's Content-Disposition
 * says. (Chromium's download event proved unreliable on a loaded CI machine: the file, not the event, is
 * what a reader gets.)
 */
async function downloadFrom(page: Page, name: string) {
  const link = page.getByRole('link', { name, exact: true });
  expect(await link.getAttribute('download'), name).not.toBeNull();
  const href = (await link.getAttribute('href'))!;
  const response = await page.request.get(new URL(href, page.url()).toString());
  expect(response.status(), name).toBe(200);
  const disposition = response.headers()['content-disposition'] ?? '';
  return { name: /filename="([^"]+)"/.exec(disposition)?.[1] ?? '', file: await response.body() };
}

async function headerOfWorkbook(file: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as never);
  return { header: (workbook.worksheets[0]!.getRow(1).values as string[]).slice(1), sheets: workbook.worksheets.map((s) => s.name) };
}

describe('the dashboard’s downloads', () => {
  test('each chart’s buttons download that chart’s own file, as CSV and as Excel', async () => {
    const context = await browser().newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'en-GB' });
    // A donor: the per-organisation table is offered too.
    await signIn(context, server, 'donor');
    const page = await context.newPage();
    await page.goto('/');
    await settle(page);
    // Every chart drawn (the later ones paint after the first): a link replaced while it is clicked starts no download.
    await expect.poll(() => page.locator('.dashboard__figures').getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    const names = new Set<string>();
    for (const chart of charts) {
      const csv = await downloadFrom(page, `CSV download: ${chart.title}`);
      const base = csv.name.replace(/\.csv$/, '');
      expect(base, chart.title).toMatch(chart.file);
      const [header] = parse(csv.file, { bom: true, to_line: 1 }) as string[][];
      expect(header, chart.title).toContain(chart.header);
      expect(header, chart.title).not.toContain(chart.not);
      names.add(base);

      const excel = await downloadFrom(page, `Excel download: ${chart.title}`);
      expect(excel.name, chart.title).toBe(`${base}.xlsx`);
      const workbook = await headerOfWorkbook(excel.file);
      expect(workbook.header, chart.title).toEqual(header);
      expect(workbook.sheets).toEqual(['Figures', 'Definitions']);
    }
    // No two charts share a file any more.
    expect(names.size).toBe(charts.length);
    await context.close();
    // Eighteen downloads, each built by the server: more than the default 30 s on a loaded machine.
  }, 120_000);

  test('a figure the release withholds on its own is an empty cell, named in the status column', async () => {
    // A shown cell of the demo's releases that withholds some of its sums on their own (the world total of
    // every closed year now shows them all: a region, then, signed out).
    const api = apiClient(server);
    let found: { year: number; region: (typeof regions)[number] | undefined; summary: Awaited<ReturnType<typeof api.metrics.summary.query>> } | undefined;
    for (const year of [...DEMO_CLOSED_YEARS].sort((a, b) => b - a))
      for (const region of [undefined, ...regions]) {
        if (found) break;
        const summary = await api.metrics.summary.query({ year, region });
        if (!summary.suppressed && summary.withheldFigures.length > 0) found = { year, region, summary };
      }
    expect(found, 'a shown cell with sums withheld on their own').toBeDefined();
    const { summary } = found!;
    const context = await browser().newContext({ baseURL: server.baseUrl, acceptDownloads: true, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`/?year=${found!.year}${found!.region ? `&region=${found!.region}` : ''}`);
    await settle(page);
    const csv = await downloadFrom(page, 'CSV download: Figures by commitment');
    const [header, row] = parse(csv.file, { bom: true }) as [string[], string[]];
    expect(row[header.indexOf('Reporting cycle')]).toBe('Closed');
    const status = row[header.indexOf('Status')]!;
    const prefix = 'Shown, except these figures, withheld on their own so that no organisation’s figure can be read or worked out: ';
    expect(status.startsWith(prefix), status).toBe(true);
    const named = status.slice(prefix.length).split('; ');
    // Each withheld figure (money figures and the shares built on them, as the API lists them) is named, and its cell is empty.
    expect(named).toHaveLength(summary.withheldFigures.length);
    for (const name of named) expect(row[header.indexOf(name)], name).toBe('');
    // …and every empty figure is one of those (the year's total has data for every share).
    const firstFigure = header.indexOf('Release published on') + 1;
    expect(header.filter((name, i) => i >= firstFigure && row[i] === '').sort()).toEqual([...named].sort());
    // The others are there.
    expect(row[header.indexOf('Signatories reporting')]).toBe(String(summary.organizationsReporting));
    await context.close();
  });

  test('files are in the language of the page, and the buttons fit a phone', async () => {
    const context = await browser().newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, acceptDownloads: true, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto('/');
    await settle(page);
    const csv = await downloadFrom(page, 'CSV téléchargement : Répartition des parts locales propres aux signataires');
    expect(csv.name).toBe(`distribution-${YEAR}.csv`);
    const [header] = parse(csv.file, { bom: true, to_line: 1 }) as string[][];
    expect(header!.slice(0, 3)).toEqual(['Année', 'Cycle de rapport', 'Statut']);
    expect(header).toContain('Signataires dont la part locale est de 0–10 %');
    const excel = await downloadFrom(page, 'Excel téléchargement : Répartition des parts locales propres aux signataires');
    expect((await headerOfWorkbook(excel.file)).sheets).toEqual(['Chiffres', 'Définitions']);
    // The page, download buttons included, is no wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
