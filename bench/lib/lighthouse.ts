// Lighthouse's mobile audit of the dashboard (issue 9: the main area must not jump as it renders): its
// default mobile preset (a 412 px phone, simulated slow 4G, 4× CPU slowdown) against the running server,
// in Debian's Chromium. Reports the performance score (target ≥ 95), the accessibility and best-practices
// scores and the Cumulative Layout Shift (target < 0.1), the median of a few runs.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { median } from './stats.ts';

export interface LighthouseResult {
  url: string;
  runs: number;
  cls: number;
  performance: number;
  accessibility: number;
  bestPractices: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
}

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export async function measureLighthouse(url: string, runs = 3): Promise<LighthouseResult> {
  const results: { cls: number; performance: number; accessibility: number; bestPractices: number; lcp: number; tbt: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const answer = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] });
      if (!answer) throw new Error('Lighthouse returned nothing');
      const { audits, categories } = answer.lhr;
      results.push({
        cls: audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
        performance: Math.round((categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
        bestPractices: Math.round((categories['best-practices']?.score ?? 0) * 100),
        lcp: audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
        tbt: audits['total-blocking-time']?.numericValue ?? Number.NaN,
      });
    } finally {
      await chrome.kill();
    }
  }
  return {
    url,
    runs,
    cls: median(results.map((r) => r.cls)),
    performance: median(results.map((r) => r.performance)),
    accessibility: median(results.map((r) => r.accessibility)),
    bestPractices: median(results.map((r) => r.bestPractices)),
    largestContentfulPaintMs: median(results.map((r) => r.lcp)),
    totalBlockingTimeMs: median(results.map((r) => r.tbt)),
  };
}
