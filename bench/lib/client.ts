// The web app as a browser sees it: the JavaScript the dashboard downloads (gzip), and in Chromium the
// time to the first chart painted beside the first contentful paint of a blank Vite + React page built
// with the same Vite options and served by the same server; both again under Chromium's slow 4G and a
// 4× slower CPU (the DevTools protocol's emulation, Lighthouse's mobile figures), and the bytes that went
// over the wire before the first chart. The dashboard is server-rendered: its first chart is in its HTML.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, loadConfigFromFile, type UserConfig } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../tests/setup/chromium.ts';
import { ROOT } from './server.ts';
import { median } from './stats.ts';

const run = promisify(execFile);

export const CLIENT_DIST = path.join(ROOT, 'client/dist');
export const BLANK_ROOT = path.join(ROOT, 'bench/blank-page');
export const BLANK_DIST = path.join(BLANK_ROOT, 'dist');

/** `pnpm build`: the web app (with its brotli and gzip copies) and the compiled server the bench runs. */
export async function buildClient(): Promise<void> {
  await run('pnpm', ['build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
}

/** Builds bench/blank-page with the options of client/vite.config.ts (plugins, build settings). */
export async function buildBlankPage(): Promise<void> {
  const clientRoot = path.join(ROOT, 'client');
  const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, undefined, clientRoot);
  const config: UserConfig = loaded?.config ?? {};
  await build({
    ...config,
    configFile: false,
    root: BLANK_ROOT,
    base: config.base ?? '/',
    logLevel: 'warn',
    build: { ...config.build, outDir: BLANK_DIST, emptyOutDir: true },
  });
}

export interface PageLoad {
  /** performance.now() at the first contentful paint. */
  fcpMs: number | null;
  /** performance.now() at the frame after the first `.recharts-surface` entered the page (dashboard only). */
  firstChartMs: number | null;
  /** Bytes transferred (headers and encoded bodies) by the page and the files that had arrived by then. */
  bytesBeforeChart: number | null;
}

/** Slow 4G and a 4× slower CPU, as Lighthouse's mobile preset applies them with DevTools throttling. */
export const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9,
  uploadThroughput: ((750 * 1024) / 8) * 0.9,
};
export const CPU_SLOWDOWN = 4;

export interface ClientResult {
  /** JavaScript files the dashboard downloaded until its first chart and the network went idle. */
  scripts: { url: string; bytes: number; gzipBytes: number }[];
  jsGzipBytes: number;
  jsBytes: number;
  /** What went over the wire for the scripts (the server's precompressed brotli copies). */
  jsTransferredBytes: number;
  runs: number;
  dashboardFirstChartMs: number;
  dashboardFcpMs: number;
  blankFcpMs: number;
  /** Median first chart ÷ median blank-page FCP. */
  ratio: number;
  /** The same under slow 4G and a 4× slower CPU. */
  throttled: { runs: number; dashboardFirstChartMs: number; blankFcpMs: number; ratio: number };
  /** Median bytes transferred before the first chart was painted (unthrottled runs). */
  bytesBeforeChart: number;
  /** The API requests (path and query) the dashboard sent on load: the load test replays them. */
  apiPaths: string[];
}

declare global {
  interface Window {
    __lptFirstChart?: number;
  }
}

/**
 * Installed before any page script: notes the frame after the first chart surface appears. A string, not
 * a function: tsx's transform would add helpers to a function's source that the page does not have.
 */
const watchForChart = `(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('.recharts-surface')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__lptFirstChart ??= performance.now(); }, 0));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

async function loadOnce(browser: Browser, url: string, waitForChart: boolean, throttled = false): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    if (throttled) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    }
    await page.addInitScript({ content: watchForChart });
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    if (waitForChart) await page.waitForFunction(() => window.__lptFirstChart != null, undefined, { timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 60_000 });
    return await page.evaluate(() => {
      const chart = window.__lptFirstChart ?? null;
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const files = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => chart !== null && r.responseEnd <= chart);
      return {
        fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        firstChartMs: chart,
        bytesBeforeChart: chart === null ? null : (navigation?.transferSize ?? 0) + files.reduce((sum, r) => sum + r.transferSize, 0),
      };
    });
  } finally {
    await context.close();
  }
}

/** Downloads of one cold load of the dashboard: scripts and API calls. */
async function inspectDashboard(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const scripts: Promise<{ url: string; bytes: number; gzipBytes: number; transferredBytes: number }>[] = [];
    const apiPaths: string[] = [];
    page.on('request', (request) => {
      const u = new URL(request.url());
      if (u.pathname.startsWith('/trpc/') && request.method() === 'GET') apiPaths.push(u.pathname + u.search);
    });
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push(
        Promise.all([response.body(), response.request().sizes()]).then(([body, sizes]) => ({
          url: new URL(response.url()).pathname,
          bytes: body.length,
          gzipBytes: gzipSync(body).length,
          // The body as sent (encoded), not as decoded.
          transferredBytes: sizes.responseBodySize,
        })),
      );
    });
    await page.addInitScript({ content: watchForChart });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__lptFirstChart != null, undefined, { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    return { scripts: await Promise.all(scripts), apiPaths };
  } finally {
    await context.close();
  }
}

export async function measureClient(dashboardUrl: string, blankUrl: string, runs: number): Promise<ClientResult> {
  const browser = await launchChromium();
  try {
    const { scripts, apiPaths } = await inspectDashboard(browser, dashboardUrl);
    // Warm the browser process (and the servers) once each before measuring.
    await loadOnce(browser, dashboardUrl, true);
    await loadOnce(browser, blankUrl, false);
    const dashboard: PageLoad[] = [];
    const blank: PageLoad[] = [];
    for (let i = 0; i < runs; i++) {
      dashboard.push(await loadOnce(browser, dashboardUrl, true));
      blank.push(await loadOnce(browser, blankUrl, false));
    }
    const firstChart = median(dashboard.map((d) => d.firstChartMs ?? Number.NaN));
    const blankFcp = median(blank.map((b) => b.fcpMs ?? Number.NaN));
    // Throttled loads are slow: fewer of them.
    const throttledRuns = Math.max(1, Math.ceil(runs / 2));
    const slowDashboard: PageLoad[] = [];
    const slowBlank: PageLoad[] = [];
    for (let i = 0; i < throttledRuns; i++) {
      slowDashboard.push(await loadOnce(browser, dashboardUrl, true, true));
      slowBlank.push(await loadOnce(browser, blankUrl, false, true));
    }
    const slowChart = median(slowDashboard.map((d) => d.firstChartMs ?? Number.NaN));
    const slowBlankFcp = median(slowBlank.map((b) => b.fcpMs ?? Number.NaN));
    return {
      scripts,
      jsGzipBytes: scripts.reduce((s, x) => s + x.gzipBytes, 0),
      jsBytes: scripts.reduce((s, x) => s + x.bytes, 0),
      jsTransferredBytes: scripts.reduce((s, x) => s + x.transferredBytes, 0),
      runs,
      dashboardFirstChartMs: firstChart,
      dashboardFcpMs: median(dashboard.map((d) => d.fcpMs ?? Number.NaN)),
      blankFcpMs: blankFcp,
      ratio: firstChart / blankFcp,
      throttled: { runs: throttledRuns, dashboardFirstChartMs: slowChart, blankFcpMs: slowBlankFcp, ratio: slowChart / slowBlankFcp },
      bytesBeforeChart: median(dashboard.map((d) => d.bytesBeforeChart ?? Number.NaN)),
      apiPaths: [...new Set(apiPaths)],
    };
  } finally {
    await browser.close();
  }
}
