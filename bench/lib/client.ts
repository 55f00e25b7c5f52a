// The web app as a browser sees it: the JavaScript the dashboard downloads (gzip), and in Chromium the
// time to the first chart painted beside the first contentful paint of a blank Vite + React page built
// with the same Vite options and served by the same server.
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
}

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

async function loadOnce(browser: Browser, url: string, waitForChart: boolean): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: watchForChart });
    await page.goto(url, { waitUntil: 'load' });
    if (waitForChart) await page.waitForFunction(() => window.__lptFirstChart != null, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 30_000 });
    return await page.evaluate(() => ({
      fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      firstChartMs: window.__lptFirstChart ?? null,
    }));
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
      apiPaths: [...new Set(apiPaths)],
    };
  } finally {
    await browser.close();
  }
}
