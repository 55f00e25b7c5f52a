// Embeddable charts in a real browser against the real server and the demo data. A page on another
// origin (a second small HTTP server) frames an embed and sees its chart drawn inside the frame, while the
// dashboard itself refuses to be framed; the embed shows the released figures whatever session the browser
// has, in the language it is asked for, at 300 px. On the dashboard, "Copy embed code" gives an <iframe> of
// /embed with the current filters (or a field to copy from where the clipboard is refused), and "Download
// SVG" and "Download PNG" give a standalone SVG holding the chart's words and a PNG at twice its size.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS } from '@lpt/db/seed/demo';
import { openContext, runAxe, settle, useBrowser } from './support/browser.ts';
import { apiClient, signIn, startTestServer, type TestServer } from './support/server.ts';

const YEAR = Math.max(...DEMO_CLOSED_YEARS);
const TREND_TITLE = 'Local funding share over the years';
const browser = useBrowser();
let server: TestServer;
let host: http.Server;
let hostUrl: string;

/** The host site: another origin (its own port), whose page frames an embed and the dashboard. */
function hostPage(baseUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A partner's article</title></head><body>
<h1>Our article</h1>
<iframe id="embedded-chart" src="${baseUrl}/embed/trend?year=${YEAR}&amp;lang=fr" title="Chart" width="100%" height="520" style="border:0"></iframe>
<iframe id="embedded-app" src="${baseUrl}/" title="App" width="600" height="300"></iframe>
</body></html>`;
}

beforeAll(async () => {
  server = await startTestServer();
  host = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(server.baseUrl));
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/article.html`;
});
afterAll(async () => {
  await new Promise((resolve) => host?.close(resolve));
  await server?.close();
});

async function bodyOf(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

async function dashboard(page: Page, search = '') {
  await page.goto(`/${search}`);
  await settle(page);
  await expect.poll(() => page.locator('.dashboard__figures').getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
}

describe('an embedded chart', () => {
  test('is drawn inside a frame on another site, while the dashboard refuses to be framed', async () => {
    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    await page.goto(hostUrl);
    const frame = page.frameLocator('#embedded-chart');
    // The trend's SVG, drawn in the frame, in French as the address asks, with its 25 % line.
    await expect.poll(() => frame.locator('.chart__screen .recharts-wrapper > svg').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => frame.locator('h2').first().textContent()).toBe('Part du financement local au fil des années');
    expect(await frame.locator('.chart__screen .recharts-wrapper > svg').textContent()).toContain('objectif de 25 %');
    expect(await frame.locator('.chart__screen .recharts-wrapper > svg .recharts-line').count()).toBeGreaterThan(0);
    // The release its figures are from, and the way back to the dashboard.
    expect(await frame.locator('.dashboard__release').textContent()).toMatch(new RegExp(`^Chiffres de la publication \\d+ de ${YEAR}`));
    const back = frame.getByRole('link', { name: 'Voir tous les chiffres sur le tableau de bord' });
    expect(await back.getAttribute('href')).toBe(`/?year=${YEAR}`);
    // No embed actions inside the embed.
    expect(await frame.getByRole('button').count()).toBe(0);

    // The dashboard in a frame: Chromium refuses to draw it (frame-ancestors 'none'), so none of the app is there.
    const appFrameHandle = await page.locator('#embedded-app').elementHandle();
    const framed = await appFrameHandle!.contentFrame();
    expect(framed?.url() ?? '').not.toBe(`${server.baseUrl}/`);
    expect(await framed?.locator('#root').count().catch(() => 0)).toBe(0);
    expect(errors.filter((e) => !/frame-ancestors|Refused to display|Refused to frame/.test(e))).toEqual([]);
    await context.close();
  });

  test('shows the released figures whatever session the browser has, fits 300 px and passes axe', async () => {
    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    // A coordinator reads live figures everywhere else; the embed still shows the public release.
    await signIn(context, server, 'coordinator');
    await page.setViewportSize({ width: 300, height: 700 });
    const released = await apiClient(server).metrics.summary.query({ year: YEAR });
    expect(released.release).not.toBeNull();
    expect(released.funding.weightedShare).not.toBeNull();
    await page.goto(`/embed/headline?year=${YEAR}&lang=en`);
    await settle(page);
    await expect.poll(() => page.locator('.embed-headline__value').textContent()).not.toBe(null);
    expect(await page.locator('.embed-headline__value').textContent()).toBe(`${(released.funding.weightedShare! * 100).toFixed(1)}\u00a0%`);
    expect(await page.locator('.dashboard__release').textContent()).toContain(`Figures as of release ${released.release!.number} of ${YEAR}`);
    expect(await page.getByText('Live figures (coordinator view)').count()).toBe(0);
    expect(await page.locator('.embed-headline svg').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);

    // Each chart at 300 px: drawn, nothing wider than the frame.
    for (const chart of ['trend', 'by-region', 'by-type-group']) {
      await page.goto(`/embed/${chart}?year=${YEAR}&lang=es`);
      await settle(page);
      await expect.poll(() => page.locator('.chart__screen .recharts-wrapper > svg').count(), { timeout: 15_000 }).toBe(1);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
      expect(await page.evaluate(() => document.documentElement.scrollWidth), chart).toBeLessThanOrEqual(300);
      expect(await runAxe(page), chart).toEqual([]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a year without a cycle says so in the frame, and a bad address gets the server’s error page', async () => {
    const { page, context } = await openContext(browser(), server.baseUrl);
    await page.goto('/embed/trend?year=2099');
    await settle(page);
    expect(await page.getByRole('alert').textContent()).toBe('There is no reporting cycle for 2099, so there is no chart to show.');
    const answer = await page.goto('/embed/trend?region=mars');
    expect(answer?.status()).toBe(400);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This chart cannot be shown');
    await context.close();
  });
});

describe('the dashboard’s chart actions', () => {
  test('"Copy embed code" copies an iframe of /embed with the current filters, which draws that chart', async () => {
    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    await dashboard(page, `?year=${YEAR}&region=africa&type=local_ngo`);
    // Keyboard: the button takes focus and Enter.
    await page.getByRole('button', { name: `Copy embed code: ${TREND_TITLE}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Embed code copied: paste it into your web page.').count()).toBe(1);
    const code = await page.evaluate(() => navigator.clipboard.readText());
    const iframe = /^<iframe src="([^"]+)" title="([^"]+)" width="100%" height="(\d+)"[^>]*><\/iframe>$/.exec(code);
    expect(iframe, code).not.toBeNull();
    const src = new URL(iframe![1]!.replace(/&amp;/g, '&'));
    expect(src.origin).toBe(server.baseUrl);
    expect(src.pathname).toBe('/embed/trend');
    expect(Object.fromEntries(src.searchParams)).toEqual({ year: String(YEAR), region: 'africa', type: 'local_ngo', lang: 'en' });
    expect(iframe![2]).toBe(TREND_TITLE);

    // Each embeddable chart's code names its own chart.
    for (const [name, chart] of [
      ['Weighted local funding share', 'headline'],
      ['Weighted local share by region', 'by-region'],
      ['Weighted local share by type group', 'by-type-group'],
    ] as const) {
      await page.getByRole('button', { name: `Copy embed code: ${name}` }).click();
      await expect.poll(async () => new URL(/src="([^"]+)"/.exec(await page.evaluate(() => navigator.clipboard.readText()))![1]!.replace(/&amp;/g, '&')).pathname).toBe(`/embed/${chart}`);
    }

    // The copied address draws the trend with those filters, as the dashboard draws it (a year withheld
    // from the public in this small group is withheld in the embed too).
    const trendCard = (p: Page) => p.locator('section.chart-card', { has: p.getByRole('heading', { name: TREND_TITLE, exact: true }) });
    const drawing = async (p: Page) => ({
      charts: await trendCard(p).locator('.chart__screen .recharts-wrapper > svg').count(),
      empty: (await trendCard(p).locator('.chart-empty').allTextContents()).join(''),
      caption: await trendCard(p).locator('caption').textContent(),
    });
    const onDashboard = await drawing(page);
    expect(onDashboard.caption).toContain('Africa');
    await page.goto(src.toString());
    await settle(page);
    await expect.poll(() => trendCard(page).count()).toBe(1);
    await expect.poll(() => drawing(page)).toEqual(onDashboard);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('where the clipboard is refused, the code is shown in a field to copy by hand', async () => {
    const { page, context } = await openContext(browser(), server.baseUrl);
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')) } });
    });
    await dashboard(page, `?year=${YEAR}`);
    await page.getByRole('button', { name: `Copy embed code: ${TREND_TITLE}` }).click();
    const field = page.getByLabel('Your browser did not allow copying. Select this code and copy it:');
    await expect.poll(() => field.count()).toBe(1);
    expect(await field.inputValue()).toMatch(new RegExp(`^<iframe src="${server.baseUrl}/embed/trend\\?year=${YEAR}&amp;lang=en"`));
    await context.close();
  });

  test('"Download SVG" gives a standalone SVG with the chart’s words, "Download PNG" a PNG at twice its size', async () => {
    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    await dashboard(page, `?year=${YEAR}`);
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download SVG: ${TREND_TITLE}` }).click()]);
    expect(svgDownload.suggestedFilename()).toBe('local-funding-share-over-the-years.svg');
    const svgText = (await bodyOf(svgDownload)).toString('utf8');

    // Parsed as XML on a blank page (no stylesheet of the app there): valid, an <svg> root, with the chart's words.
    const blank = await context.newPage();
    const parsed = await blank.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: root.localName,
        namespace: root.namespaceURI,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
        lines: doc.querySelectorAll('.recharts-line-curve, path.recharts-curve').length,
        styled: doc.querySelectorAll('[style*="font-size"]').length,
      };
    }, svgText);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.namespace).toBe('http://www.w3.org/2000/svg');
    expect(parsed.texts).toContain(TREND_TITLE);
    expect(parsed.texts).toContain('25 % target');
    expect(parsed.texts).toContain(String(YEAR));
    expect(parsed.texts).toContain('Weighted local share'); // the legend, redrawn in SVG
    expect(parsed.lines).toBeGreaterThan(0);
    expect(parsed.styled).toBeGreaterThan(0);
    // It renders on its own, as an image.
    const drawn = await blank.evaluate(async (text) => {
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    }, svgText);
    expect(drawn).toEqual({ width: parsed.width, height: parsed.height });

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download PNG: ${TREND_TITLE}` }).click()]);
    expect(pngDownload.suggestedFilename()).toBe('local-funding-share-over-the-years.png');
    const png = await bodyOf(pngDownload);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({ width: parsed.width * 2, height: parsed.height * 2 });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('fit a 390 px screen', async () => {
    const { page, context } = await openContext(browser(), server.baseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    await dashboard(page, `?year=${YEAR}`);
    for (const name of [`Copy embed code: ${TREND_TITLE}`, `Download SVG: ${TREND_TITLE}`, `Download PNG: ${TREND_TITLE}`]) {
      const box = await page.getByRole('button', { name }).boundingBox();
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
