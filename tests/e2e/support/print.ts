// What a reader of a printed chart sees, measured in Chromium laid out for A4 print: each chart's
// drawing (its size and place on the page), its legend (icon sizes, each label's text and where its
// lines fall) and its marks (line paths, bars). printFaults() names whatever would print broken.
import type { Page } from 'playwright-core';
import englishCommon from '../../../client/src/locales/en/common.json' with { type: 'json' };
import englishDashboard from '../../../client/src/locales/en/dashboard.json' with { type: 'json' };
import spanishCommon from '../../../client/src/locales/es/common.json' with { type: 'json' };
import spanishDashboard from '../../../client/src/locales/es/dashboard.json' with { type: 'json' };
import frenchCommon from '../../../client/src/locales/fr/common.json' with { type: 'json' };
import frenchDashboard from '../../../client/src/locales/fr/dashboard.json' with { type: 'json' };

/** A4 (210 × 297 mm) less print.css's @page margins (12 mm each side, 14 mm top and bottom), in CSS pixels. */
export const A4_PRINTABLE = { width: ((210 - 2 * 12) / 25.4) * 96, height: ((297 - 2 * 14) / 25.4) * 96 };

/** The largest a legend's icon may print (Recharts draws them 14 px square). */
const MAX_ICON_PX = 16;

/** Lays the page out as Chromium prints it: print media, at the width of A4's printable area. */
export async function layOutForA4(page: Page): Promise<void> {
  await page.setViewportSize({ width: Math.floor(A4_PRINTABLE.width), height: Math.round(A4_PRINTABLE.height) });
  await page.emulateMedia({ media: 'print' });
  // Two frames: the print stylesheet applied and laid out.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

export interface PrintedChart {
  title: string;
  card: Box;
  /** The chart's drawing as it prints (null if none shows). */
  drawing: Box | null;
  /** The plot area (the grid behind the marks). */
  plot: Box | null;
  legend: { text: string; icon: Box | null; lines: Box[] }[];
  /** Drawn line paths and bars. */
  lines: Box[];
  bars: Box[];
}

/** Every chart of the page, as laid out now (call layOutForA4 first). */
export function printedCharts(page: Page): Promise<PrintedChart[]> {
  return page.locator('.chart').evaluateAll((charts) =>
    charts.map((chart) => {
      const box = (element: Element | Range): Box => {
        const r = element.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
      };
      const shown = (element: Element) => element.getBoundingClientRect().width > 0;
      const card = chart.closest('.card')!;
      // The copy that prints: ChartFrame keeps one for the screen and one for paper, one of them hidden.
      const wrapper = [...chart.querySelectorAll('.recharts-wrapper')].find(shown);
      const drawing = wrapper?.querySelector(':scope > svg.recharts-surface');
      const plot = wrapper?.querySelector('.recharts-cartesian-grid');
      const legend = [...(wrapper?.querySelectorAll('.recharts-legend-item') ?? [])].map((item) => {
        const icon = item.querySelector('svg');
        const text = item.querySelector('.recharts-legend-item-text')!;
        // Each line the label's text takes (a range's client rects: one per line box of each text node).
        const range = document.createRange();
        range.selectNodeContents(text);
        const lines = [...range.getClientRects()]
          .filter((r) => r.width > 0)
          .map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }));
        return { text: (text.textContent ?? '').trim(), icon: icon ? box(icon) : null, lines };
      });
      return {
        title: (card.querySelector('h2')?.textContent ?? '').trim(),
        card: box(card),
        drawing: drawing ? box(drawing) : null,
        plot: plot ? box(plot) : null,
        legend,
        lines: [...(wrapper?.querySelectorAll('.recharts-line-curve') ?? [])].map(box),
        bars: [...(wrapper?.querySelectorAll('.recharts-bar-rectangle') ?? [])].map(box),
      };
    }),
  );
}

/** The legend labels each chart with a legend must show, whole, in the reader's language. */
export function legendLabels(language: 'en' | 'fr' | 'es'): Record<string, string[]> {
  const { dashboard, common } = {
    en: { dashboard: englishDashboard, common: englishCommon },
    fr: { dashboard: frenchDashboard, common: frenchCommon },
    es: { dashboard: spanishDashboard, common: spanishCommon },
  }[language];
  const s = dashboard.series;
  return {
    [dashboard.trend.fundingTitle]: [s.weightedShare, s.directShare, s.medianShare],
    [dashboard.trend.commitmentsTitle]: [s.reportingRate, s.coLedShare, s.jointShare, s.creditingShare, s.supportedShare],
    [dashboard.status.title]: Object.values(common.sectionStatus),
  };
}

/**
 * What would print broken, one sentence per fault: a drawing missing, off the page, squashed or taller
 * than a page; a legend icon printed large; a label cut, split over lines or away from its icon; a
 * chart without its lines or bars. An empty list: every chart prints whole.
 */
export function printFaults(charts: PrintedChart[], expectedLegends: Record<string, string[]>): string[] {
  const faults: string[] = [];
  const near = (a: number, b: number) => Math.abs(a - b) <= 2;
  for (const chart of charts) {
    const fault = (text: string) => faults.push(`${chart.title}: ${text}`);
    const d = chart.drawing;
    if (!d) {
      fault('no drawing prints');
      continue;
    }
    if (d.left < 0 || d.right > A4_PRINTABLE.width + 1) fault(`drawing spans ${Math.round(d.left)}–${Math.round(d.right)} px, off the page`);
    if (d.left < chart.card.left - 1 || d.right > chart.card.right + 1) fault('drawing sticks out of its card');
    if (d.width < chart.card.width * 0.8) fault(`drawing ${Math.round(d.width)} px wide in a ${Math.round(chart.card.width)} px card`);
    // Drawn for a wide screen and scaled to the page, a 280 px chart came out about 140 px high.
    if (d.height < d.width * 0.3) fault(`drawing squashed to ${Math.round(d.width)} × ${Math.round(d.height)} px`);
    if (chart.card.height > A4_PRINTABLE.height) fault(`card ${Math.round(chart.card.height)} px high, more than a page`);
    for (const item of chart.legend) {
      if (item.icon && (item.icon.width > MAX_ICON_PX || item.icon.height > MAX_ICON_PX))
        fault(`legend icon of “${item.text}” prints ${Math.round(item.icon.width)} × ${Math.round(item.icon.height)} px`);
      if (item.lines.length === 0) {
        fault(`legend label “${item.text}” does not print`);
        continue;
      }
      const top = Math.min(...item.lines.map((l) => l.top));
      const bottom = Math.max(...item.lines.map((l) => l.bottom));
      if (!item.lines.every((l) => near(l.top, item.lines[0]!.top))) fault(`legend label “${item.text}” is split over lines`);
      if (item.lines.some((l) => l.left < chart.card.left - 1 || l.right > chart.card.right + 1)) fault(`legend label “${item.text}” runs out of its card`);
      if (item.icon && (item.icon.right > Math.min(...item.lines.map((l) => l.left)) + 1 || item.icon.bottom < top || item.icon.top > bottom))
        fault(`legend label “${item.text}” is not beside its icon`);
    }
    const expected = expectedLegends[chart.title];
    if (expected) {
      const printed = chart.legend.map((item) => item.text);
      if ([...printed].sort().join('|') !== [...expected].sort().join('|')) fault(`legend reads ${JSON.stringify(printed)}, not ${JSON.stringify(expected)}`);
    }
    if (chart.lines.length === 0 && chart.bars.length === 0) fault('neither lines nor bars print');
    if (chart.lines.length > 0) {
      const plot = chart.plot;
      if (!plot || plot.height < 150) fault(`plot only ${Math.round(plot?.height ?? 0)} px high`);
      for (const line of chart.lines) if (!plot || line.width < plot.width * 0.5) fault(`a line spans ${Math.round(line.width)} px of the plot`);
    }
    // A stacked part worth 0 draws nothing: at least one bar must print with a size.
    if (chart.bars.length > 0 && !chart.bars.some((bar) => bar.width > 0 && bar.height > 0)) fault('no bar prints with a size');
  }
  return faults;
}

/**
 * The printed page that holds each chart (its card never breaks across pages), in the order of the
 * charts: where its legend labels and axis labels must read whole (a label split from its first letter
 * does not). A page's text lists its HTML text before its drawings', so a page, not a stretch after
 * the title, is what holds a chart.
 */
export function chartPages(pages: string[], titles: string[]): Record<string, string> {
  const found: Record<string, string> = {};
  let from = 0;
  for (const title of titles) {
    const at = pages.findIndex((text, i) => i >= from && text.includes(title));
    if (at < 0) continue;
    found[title] = pages[at]!;
    from = at;
  }
  return found;
}
