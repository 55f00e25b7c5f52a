// A chart as a file of its own: the SVG Recharts drew, made standalone. Its look comes from the page's
// stylesheets (fonts, the muted axis colour), so each element's computed style is written on it; Recharts
// draws the legend as HTML beside the SVG, so the legend is redrawn in SVG under the chart; the chart's
// title heads the drawing. The PNG is that SVG drawn on a canvas at twice its size (sharp on a slide or a
// high-density screen). A data: URL, not a blob: one, because the Content-Security-Policy allows data:
// images only. And the embed code: an <iframe> of /embed/<chart> (shared/src/embed.ts).
import { embedHeights, embedPath } from '@lpt/shared/embed';
import type { EmbedLink } from './ChartActions.tsx';

/** What a reader of the file sees styled; everything else keeps the SVG's defaults. */
const inlinedProperties = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
const TITLE_HEIGHT = 36;
const LEGEND_ROW = 20;
const PADDING = 12;

export interface LegendEntry {
  label: string;
  color: string;
  dash: string | null;
}

/** The drawing of a chart card: Recharts' surface (its legend's icons are small SVGs of their own). */
export function chartSurfaceOf(card: Element | null): SVGSVGElement | null {
  return card?.querySelector<SVGSVGElement>('.chart__screen .recharts-wrapper > svg') ?? card?.querySelector<SVGSVGElement>('.chart svg') ?? null;
}

/** The legend Recharts drew as HTML, read back: each series' name, colour and dash. */
export function legendOf(card: Element | null): LegendEntry[] {
  return [...(card?.querySelectorAll('.chart__screen .recharts-legend-item') ?? [])].map((item) => {
    const icon = item.querySelector('path, line');
    return {
      label: item.querySelector('.recharts-legend-item-text')?.textContent ?? item.textContent ?? '',
      color: icon?.getAttribute('stroke') ?? icon?.getAttribute('fill') ?? '#17202b',
      dash: icon?.getAttribute('stroke-dasharray') ?? null,
    };
  });
}

function inlineStyles(original: Element, copy: Element) {
  const style = getComputedStyle(original);
  const declarations = inlinedProperties.map((name) => `${name}:${style.getPropertyValue(name)}`).filter((d) => !d.endsWith(':'));
  copy.setAttribute('style', declarations.join(';'));
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface StandaloneSvg {
  markup: string;
  width: number;
  height: number;
}

/** The chart as a standalone SVG document: title, the drawing with its styles inlined, the legend. */
export function standaloneSvg(surface: SVGSVGElement, title: string, legend: LegendEntry[]): StandaloneSvg {
  const box = surface.getBoundingClientRect();
  const width = Math.round(box.width);
  const chartHeight = Math.round(box.height);
  const copy = surface.cloneNode(true) as SVGSVGElement;
  const originals = [surface, ...surface.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, index) => inlineStyles(element, copies[index]!));
  copy.removeAttribute('class');
  copy.setAttribute('x', '0');
  copy.setAttribute('y', String(TITLE_HEIGHT));
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(chartHeight));

  // The legend, one entry after the other, wrapping at the drawing's width (about 7 px a character).
  let x = PADDING;
  let row = 0;
  const items = legend.map((entry) => {
    const itemWidth = 28 + entry.label.length * 7 + 16;
    if (x + itemWidth > width - PADDING && x > PADDING) {
      x = PADDING;
      row += 1;
    }
    const y = TITLE_HEIGHT + chartHeight + PADDING + row * LEGEND_ROW;
    const item = `<g><line x1="${x}" x2="${x + 20}" y1="${y}" y2="${y}" stroke="${escapeXml(entry.color)}" stroke-width="3"${entry.dash ? ` stroke-dasharray="${escapeXml(entry.dash)}"` : ''}/><text x="${x + 26}" y="${y + 4}" font-size="13" fill="#17202b">${escapeXml(entry.label)}</text></g>`;
    x += itemWidth;
    return item;
  });
  const height = TITLE_HEIGHT + chartHeight + (legend.length ? PADDING * 2 + (row + 1) * LEGEND_ROW : 0);
  const fontFamily = getComputedStyle(surface).getPropertyValue('font-family') || 'system-ui, sans-serif';
  const markup =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(fontFamily)}">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="${PADDING}" y="24" font-size="16" font-weight="600" fill="#17202b">${escapeXml(title)}</text>` +
    new XMLSerializer().serializeToString(copy) +
    items.join('') +
    `</svg>\n`;
  return { markup, width, height };
}

/** The standalone SVG as a PNG at `scale` times its size. */
export async function pngOf(svg: StandaloneSvg, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.markup)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = svg.width * scale;
  canvas.height = svg.height * scale;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No canvas');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, svg.width, svg.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No PNG'))), 'image/png'));
}

/** Hands a file to the browser's downloads. */
export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "Part des fonds locaux, 2025" → "part-des-fonds-locaux-2025": a file name from a chart's title. */
export function fileNameOf(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'chart';
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The snippet a host site pastes: the embed's full address, a title for screen readers, the chart's height. */
export function embedCode(embed: EmbedLink, title: string, origin = window.location.origin): string {
  const src = new URL(embedPath(embed.chart, embed.query), origin).toString();
  return `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" width="100%" height="${embedHeights[embed.chart]}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}
