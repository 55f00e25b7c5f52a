// A category axis label that is never cut. Recharts wraps a tick's words to the axis width but draws a
// word wider than the axis past the SVG's left edge, so on a phone "Intergovernmental" read
// "ntergovernmental". Here the axis is given the width its longest word needs (categoryAxis), the words
// wrap over as many lines as they take, and the row gets the height of its lines. A withheld group's
// reason is said under its name, in the axis: it then never runs over a bar or the 25 % line.
// A word wider than the widest axis allowed (none in the catalogues) is shortened with "…"; the whole
// label stays in the tick's <title>, the tooltip and the table.
import { chartColors } from './chartTheme.tsx';

const FONT_SIZE = 12;
const REASON_FONT_SIZE = 11;
const LINE_HEIGHT = 15;
/** Between the label's end and the plot (Recharts' tick margin and a little air). */
const GAP = 10;
const MIN_WIDTH = 56;
/** Wide enough for "intergouvernementales" (about 145 px); a phone's card still keeps about 110 px for the bars. */
const MAX_WIDTH = 170;
/** Below this a label of several words is wrapped rather than widening the axis. */
const PREFERRED_WIDTH = 118;

let context: CanvasRenderingContext2D | null | undefined;

/** A text's width in CSS pixels, in the page's font (the SVG's text inherits it). */
export function textWidth(text: string, fontSize = FONT_SIZE, italic = false): number {
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return text.length * fontSize * 0.6;
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  context.font = `${italic ? 'italic ' : ''}${fontSize}px ${family}`;
  return context.measureText(text).width;
}

/** The words over lines no wider than `width`; a single word wider than it is shortened with "…". */
export function wrapWords(text: string, width: number, fontSize = FONT_SIZE, italic = false): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, fontSize, italic) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(shorten(word, width, fontSize, italic));
  }
  return lines;
}

function shorten(word: string, width: number, fontSize: number, italic: boolean): string {
  if (textWidth(word, fontSize, italic) <= width) return word;
  let cut = word;
  while (cut.length > 1 && textWidth(`${cut}…`, fontSize, italic) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export type CategoryRow = { label: string; withheld?: string | null | undefined };

/**
 * The axis width the rows' labels need (their longest word, or a whole short label) and the height a row
 * needs for its wrapped name and withheld reason.
 */
export function categoryAxis(rows: CategoryRow[], minRowHeight: number): { width: number; rowHeight: number } {
  const words = rows.flatMap((r) => r.label.split(/\s+/));
  const longestWord = Math.max(0, ...words.map((w) => textWidth(w)));
  const longestLabel = Math.max(0, ...rows.map((r) => textWidth(r.label)));
  const text = Math.min(MAX_WIDTH - GAP, Math.max(longestWord, Math.min(longestLabel, PREFERRED_WIDTH)));
  const width = Math.max(MIN_WIDTH, Math.ceil(text + GAP));
  const lines = Math.max(1, ...rows.map((r) => tickLines(r, width).length));
  return { width, rowHeight: Math.max(minRowHeight, lines * LINE_HEIGHT + 14) };
}

type Line = { text: string; reason: boolean };

function tickLines(row: CategoryRow, axisWidth: number): Line[] {
  const width = axisWidth - GAP;
  return [
    ...wrapWords(row.label, width).map((text) => ({ text, reason: false })),
    ...(row.withheld ? wrapWords(row.withheld, width, REASON_FONT_SIZE, true).map((text) => ({ text, reason: true })) : []),
  ];
}

/** Recharts' tick props this tick uses (it passes more). */
type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown } };

/** The tick for a vertical bar chart's category axis; `rows` gives each label its withheld reason. */
export function CategoryTick(props: TickProps & { rows: CategoryRow[]; axisWidth: number }) {
  const label = String(props.payload?.value ?? '');
  const row = props.rows.find((r) => r.label === label) ?? { label };
  const lines = tickLines(row, props.axisWidth);
  const x = Number(props.x ?? 0);
  const y = Number(props.y ?? 0) - ((lines.length - 1) * LINE_HEIGHT) / 2;
  return (
    <text x={x} y={y} textAnchor="end" fill={chartColors.axis} fontSize={FONT_SIZE} className="chart-category-tick" data-label={label}>
      <title>{row.withheld ? `${label}: ${row.withheld}` : label}</title>
      {lines.map((line, i) => (
        <tspan
          key={i}
          x={x}
          dy={i === 0 ? '0.355em' : LINE_HEIGHT}
          className={line.reason ? 'chart-withheld-label' : undefined}
          fontSize={line.reason ? REASON_FONT_SIZE : undefined}
          fontStyle={line.reason ? 'italic' : undefined}
        >
          {line.text}
        </tspan>
      ))}
    </text>
  );
}
