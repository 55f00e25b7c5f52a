// The dashboard's charts on a phone (390 × 844) in English, French and Spanish, in a real browser: every
// axis label is drawn whole (its box inside the chart's SVG and its card, and a category's words are the
// catalogue's label, none cut at its start), and a withheld group's reason is never drawn over a bar or
// the 25 % line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CLOSED_YEARS } from '@lpt/db/seed/demo';
import { SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import { repoRoot } from './support/client-build.ts';
import { settle, useBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const LATEST_CLOSED_YEAR = Math.max(...DEMO_CLOSED_YEARS);
const PHONE = { width: 390, height: 844 };
const browser = useBrowser();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function commonCatalogue(language: string): Record<string, Record<string, string>> {
  const dir = path.join(repoRoot, 'client/src/locales', language);
  expect(readdirSync(dir)).toContain('common.json');
  return JSON.parse(readFileSync(path.join(dir, 'common.json'), 'utf8'));
}

type Box = { left: number; top: number; right: number; bottom: number };
type ChartLayout = {
  title: string;
  svg: Box;
  card: Box;
  ticks: { text: string; label: string | null; words: string; box: Box }[];
  /** The texts that give a withheld reason, wherever the chart draws them. */
  withheld: { text: string; box: Box }[];
  bars: Box[];
  lines: Box[];
};

const overlaps = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
const inside = (a: Box, outer: Box) => a.left >= outer.left - 0.5 && a.right <= outer.right + 0.5 && a.top >= outer.top - 0.5 && a.bottom <= outer.bottom + 0.5;

describe('the dashboard’s charts on a phone', () => {
  test.each(['en', 'fr', 'es'])('in %s, every axis label is whole and no withheld reason is drawn over a bar or the 25 % line', async (language) => {
    const context = await browser().newContext({ baseURL: server.baseUrl, locale: language, viewport: PHONE });
    try {
      const page = await context.newPage();
      await page.goto(`/?year=${LATEST_CLOSED_YEAR}`);
      await settle(page);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      const common = commonCatalogue(language);
      const reasons = Object.values(common.withheldShort!).map((r) => r.replace('{{count}}', String(SUPPRESSION_THRESHOLD)));
      const categories = new Set(['region', 'typeGroup', 'commitment', 'leadership'].flatMap((k) => Object.values(common[k]!)));
      // The charts' drawings (a legend's icons are small SVGs of the same class, outside them).
      const drawings = '.chart-card .chart__screen .recharts-wrapper > svg.recharts-surface';
      await expect.poll(() => page.locator(drawings).count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);

      const charts: ChartLayout[] = await page.evaluate(([selector, reasonTexts]) => {
        const box = (el: Element) => {
          const r = el.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        };
        return [...document.querySelectorAll(selector)].map((svg) => {
          const card = svg.closest('.chart-card')!;
          const ticks = [...svg.querySelectorAll('.recharts-cartesian-axis-tick-label text')].map((text) => ({
            text: text.textContent ?? '',
            label: text.getAttribute('data-label'),
            // The label's own lines, without the withheld reason drawn under it.
            words: [...text.querySelectorAll('tspan')]
              .filter((s) => !s.classList.contains('chart-withheld-label'))
              .map((s) => s.textContent ?? '')
              .join(' '),
            box: box(text),
          }));
          const withheld = [...svg.querySelectorAll('text, tspan')]
            // A reason drawn as one text, or over several lines of a tick (CategoryTick's tspans).
            .filter((el) => el.querySelector('tspan') === null && (el.classList.contains('chart-withheld-label') || reasonTexts.some((r) => (el.textContent ?? '').includes(r))))
            .map((el) => ({ text: el.textContent ?? '', box: box(el) }));
          return {
            title: card.querySelector('h2')?.textContent ?? '',
            svg: box(svg),
            card: box(card),
            ticks,
            withheld,
            bars: [...svg.querySelectorAll('.recharts-bar-rectangle path, .recharts-bar-rectangle rect')].map(box),
            lines: [...svg.querySelectorAll('.recharts-reference-line line')].map(box),
          };
        });
      }, [drawings, reasons] as const);

      let categoryTicks = 0;
      for (const chart of charts) {
        expect(chart.ticks.length, chart.title).toBeGreaterThan(0);
        for (const tick of chart.ticks) {
          expect(inside(tick.box, chart.svg), `${chart.title}: “${tick.text}” inside its SVG`).toBe(true);
          expect(inside(tick.box, chart.card), `${chart.title}: “${tick.text}” inside its card`).toBe(true);
          const words = tick.words.replace(/\s+/g, ' ').trim() || tick.text.replace(/\s+/g, ' ').trim();
          if (tick.label !== null || categories.has(words)) {
            // A category's label: its words, as drawn, are the catalogue's whole label (none cut or shortened).
            categoryTicks += 1;
            expect(categories, `${chart.title}: “${words}”`).toContain(words);
          }
        }
        for (const reason of chart.withheld) {
          for (const bar of chart.bars) expect(overlaps(reason.box, bar), `${chart.title}: “${reason.text}” over a bar`).toBe(false);
          for (const line of chart.lines) expect(overlaps(reason.box, line), `${chart.title}: “${reason.text}” over the 25 % line`).toBe(false);
        }
      }
      // The region and type-group charts, the status and leadership charts name their categories; the demo
      // withholds a region from the public, so at least one reason is drawn and checked.
      expect(categoryTicks).toBeGreaterThan(4);
      expect(charts.flatMap((c) => c.withheld).length).toBeGreaterThan(0);
      // The type-group chart names "intergovernmental" whole in every language (the word once cut to "ntergovernmental").
      expect(charts.flatMap((c) => c.ticks.map((t) => t.words)).join(' ')).toContain(common.typeGroup!.un_intergovernmental!.split(' ').at(-1)!);
    } finally {
      await context.close();
    }
  });
});
