// Embeddable charts (issue 20): /embed/<chart>?year=…&region=…&type=…&typeGroup=…&lang=… draws one public
// chart on a page other sites may frame. The server checks an embed's address here before it
// serves the page (a clear error page, never a blank frame); the embed page reads it with the same function;
// the dashboard's "Copy embed code" builds the address with embedPath. One home for the list of charts.
import { locales, organizationTypes, regions, typeGroups, type Locale, type OrganizationType, type Region, type TypeGroup } from './enums.ts';

/** headline: the weighted local share against the 25 % benchmark; trend: over the years; by-…: the year's breakdowns. */
export const embedCharts = ['headline', 'trend', 'by-region', 'by-type-group'] as const;
export type EmbedChart = (typeof embedCharts)[number];

/** The iframe's height the embed code proposes for each chart, in CSS pixels (its width follows the host page). */
export const embedHeights: Record<EmbedChart, number> = { headline: 260, trend: 500, 'by-region': 560, 'by-type-group': 460 };

/** Where a refused address went wrong: the error page says it in the reader's words. */
export const embedProblems = ['chart', 'year', 'region', 'type', 'typeGroup', 'lang', 'typeAndGroup'] as const;
export type EmbedProblem = (typeof embedProblems)[number];

/** The query of an embed's address, each parameter checked (parameters it does not know, a host's tracking tags, are ignored). */
export interface EmbedQuery {
  /** Four digits; whether the pledge has a cycle that year, the embed page says. */
  year?: number;
  region?: Region;
  type?: OrganizationType;
  typeGroup?: TypeGroup;
  lang?: Locale;
}

export function isEmbedChart(value: string): value is EmbedChart {
  return (embedCharts as readonly string[]).includes(value);
}

export type EmbedAddress = { ok: true; chart: EmbedChart; query: EmbedQuery } | { ok: false; problem: EmbedProblem };

const listed = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/**
 * An embed's address checked: its chart and query, or the first thing wrong with it. Plain checks against
 * the enums' lists rather than a zod schema, so the embed's small bundle carries no validation library.
 * A repeated parameter (?year=1&year=2, an array from the server's query parser) is refused.
 */
export function parseEmbedAddress(chart: string, params: URLSearchParams | Record<string, unknown>): EmbedAddress {
  if (!isEmbedChart(chart)) return { ok: false, problem: 'chart' };
  const raw = params instanceof URLSearchParams ? Object.fromEntries([...params.keys()].map((key) => [key, params.getAll(key).length > 1 ? params.getAll(key) : params.get(key)])) : params;
  const query: EmbedQuery = {};
  const checks: [EmbedProblem, (value: string) => boolean, (value: string) => void][] = [
    ['year', (v) => /^\d{4}$/.test(v), (v) => (query.year = Number(v))],
    ['region', (v) => listed(regions, v), (v) => (query.region = v as Region)],
    ['type', (v) => listed(organizationTypes, v), (v) => (query.type = v as OrganizationType)],
    ['typeGroup', (v) => listed(typeGroups, v), (v) => (query.typeGroup = v as TypeGroup)],
    ['lang', (v) => listed(locales, v), (v) => (query.lang = v as Locale)],
  ];
  for (const [name, valid, set] of checks) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !valid(value)) return { ok: false, problem: name };
    set(value);
  }
  if (query.type && query.typeGroup) return { ok: false, problem: 'typeAndGroup' };
  return { ok: true, chart, query };
}

/** The embed's path for a chart with these filters (and language), as the embed code writes it. */
export function embedPath(chart: EmbedChart, query: { [K in keyof EmbedQuery]?: EmbedQuery[K] | undefined }): string {
  const params = new URLSearchParams();
  for (const key of ['year', 'region', 'type', 'typeGroup', 'lang'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return `/embed/${chart}${search ? `?${search}` : ''}`;
}
