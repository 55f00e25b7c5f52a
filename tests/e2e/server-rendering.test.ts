// The server-rendered dashboard in Chromium: with JavaScript off, a reader sees the year's headline figures
// and its charts and moves to another year with the filters' form; with JavaScript on, the page hydrates
// without a hydration error in the console, and its charts are the live ones (drawn again at a new width
// when the window narrows).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS } from '@lpt/db/seed/demo';
import englishDashboard from '../../client/src/locales/en/dashboard.json' with { type: 'json' };
import { normalizeText, openContext, useBrowser } from './support/browser.ts';
import { apiClient, startTestServer, type TestServer } from './support/server.ts';

const LATEST_CLOSED_YEAR = Math.max(...DEMO_CLOSED_YEARS);
const FIRST_YEAR = Math.min(...DEMO_CLOSED_YEARS);
const browser = useBrowser();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 600_000);
afterAll(async () => {
  await server?.close();
});

/** How the dashboard writes a share in English: one decimal and a percent sign. */
const percent = (share: number | null) => `${((share ?? Number.NaN) * 100).toFixed(1)} %`;
const tileValue = async (page: Page, tile: string) => normalizeText(await page.locator(`[data-tile="${tile}"] .tile__value`).textContent());
const trendCard = (page: Page) => page.locator('section.chart-card', { has: page.getByRole('heading', { name: englishDashboard.trend.fundingTitle }) });

describe('without JavaScript', () => {
  test('the year’s headline figures and charts are on the page, and the filters move to another year', async () => {
    const context = await browser().newContext({ baseURL: server.baseUrl, javaScriptEnabled: false, locale: 'en-US', viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto('/');
      const latest = await apiClient(server).metrics.summary.query({ year: LATEST_CLOSED_YEAR });
      expect(await tileValue(page, 'weightedShare')).toBe(percent(latest.funding.weightedShare));
      expect(await tileValue(page, 'reportingRate')).toBe(percent(latest.reportingRate));
      // Every chart card shows its server drawing, and the trend's has its lines and the 25 % line.
      const drawings = page.locator('.chart__print[data-drawn-on-server] > .recharts-wrapper > svg.recharts-surface');
      expect(await drawings.count()).toBeGreaterThanOrEqual(6);
      for (const drawing of await drawings.all()) expect(await drawing.isVisible()).toBe(true);
      const trend = trendCard(page);
      expect(await trend.locator('.recharts-line-curve').count()).toBeGreaterThan(0);
      expect(await trend.locator('.recharts-reference-line').isVisible()).toBe(true);
      const box = await trend.locator('.chart__print > .recharts-wrapper > svg.recharts-surface').boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(150);

      await page.selectOption('#filter-year', String(FIRST_YEAR));
      await page.getByRole('button', { name: englishDashboard.filters.apply }).click();
      await page.waitForURL(new RegExp(`[?&]year=${FIRST_YEAR}\\b`));
      const first = await apiClient(server).metrics.summary.query({ year: FIRST_YEAR });
      expect(await tileValue(page, 'weightedShare')).toBe(percent(first.funding.weightedShare));
      expect(await page.locator('.dashboard__scope strong').textContent()).toBe(String(FIRST_YEAR));
    } finally {
      await context.close();
    }
  });
});

describe('with JavaScript', () => {
  test('the page hydrates without an error and its charts respond', async () => {
    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (/hydrat/i.test(message.text())) warnings.push(message.text());
    });
    try {
      const response = await page.goto('/');
      // The page came drawn: its figures are in the HTML the server sent.
      expect(await response?.text()).toContain('data-tile="weightedShare"');
      await page.waitForLoadState('networkidle');
      // Hydrated: the live chart replaced the server's drawing in the screen's box.
      const live = trendCard(page).locator('.chart__screen .recharts-wrapper > svg.recharts-surface');
      await live.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await trendCard(page).locator('.chart__print[data-drawn-on-server]').isVisible()).toBe(false);
      expect(errors).toEqual([]);
      expect(warnings).toEqual([]);

      const plot = await live.boundingBox();
      expect(plot).not.toBeNull();

      // A narrower window: the live chart is drawn again at its new width.
      const before = plot!.width;
      await page.setViewportSize({ width: 600, height: 900 });
      await expect.poll(async () => (await live.boundingBox())?.width ?? before, { timeout: 10_000 }).toBeLessThan(before - 100);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
