// The machine-readable CSV of each download (GET /csv/<name>.csv?format=data): the metrics procedures'
// answers as they are, flattened to one row per summary, year, group or organisation with the API's
// dotted column names (funding.weightedShare), raw numbers, codes (government_national) and status codes
// (suppressedBecause). Withheld cells say so in English; empty cells are shares without data. The files
// for people (readable headers in the reader's language, rounded figures) are downloads.tables.ts'.
// Kept as it was before those existed, so that scripts reading it keep working.
import { stringify } from 'csv-stringify/sync';
import { commitments, DEFAULT_LOCALE, SUPPRESSION_THRESHOLD, type SuppressionReason } from '@lpt/shared/enums';
import { organizationFiguresSchema, type MetricsSummary } from '@lpt/shared/metrics';
import type { breakdownInput, metricsOrganizationsInput, summaryInput, trendInput } from '@lpt/shared/schemas';
import { translatorFor } from '../../i18n/translate.ts';
import { filterSuffix, inputOf, type MetricsProcedures } from './downloads.request.ts';
import { tableFigures, type SummaryTable } from './downloads.tables.ts';

type Cell = string | number | null;
type Row = Record<string, Cell>;

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return) as a formula, and names are
 * typed by users. A CSV file is split on commas, or on semicolons (Excel in French, Spanish or German) or
 * tabs, whatever it was written with: `JPDR;=1+1` is one quoted cell for us and two cells, the second a
 * formula, for them. So every piece of a text that some convention would make a cell of gets a leading
 * apostrophe (OWASP's advice) when it starts with a trigger, and such texts are quoted (csvCellOptions).
 */
export function neutralizeFormula(value: string): string {
  return value.replace(/(^|[,;\t\r\n])(?=[=+\-@\t\r])/g, "$1'");
}

/** csv-stringify's options that quote every text a reader could split (on , ; tab or a line) or that was neutralised. */
export const csvQuoting = { quoted_match: /[,;\t\r\n"']/ } as const;

/** Nested objects become dotted columns, lists a space-separated cell, booleans true/false. */
function flatten(value: unknown, prefix = '', out: Row = {}): Row {
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(v)) out[column] = v.join(' ');
    else if (v !== null && typeof v === 'object') flatten(v, column, out);
    else if (typeof v === 'boolean') out[column] = String(v);
    else out[column] = v as Cell;
  }
  return out;
}

/** Columns that stay visible in a suppressed row; every other cell says it is withheld. */
const visibleWhenSuppressed = new Set([
  'year',
  'region',
  'organizationType',
  'basis',
  'suppressed',
  'suppressedBecause',
  'release.id',
  'release.year',
  'release.number',
  'release.publishedAt',
]);

/** Live figures (coordinators) have no release: their columns stay, empty, so every file has one header. */
const noRelease = { id: null, year: null, number: null, publishedAt: null };

/** What a withheld cell says: the English of the web app's words ("Withheld: " and the reason), whatever the reader's language. */
function withheldText(reason: SuppressionReason): string {
  const t = translatorFor(DEFAULT_LOCALE);
  return t('common:withheldWhy', { reason: t(`common:withheld.${reason}`, { count: SUPPRESSION_THRESHOLD }) });
}

function summaryRow(summary: MetricsSummary, first: Row = {}): Row {
  const row = flatten({ ...summary, release: summary.release ?? noRelease }, '', { ...first });
  if (summary.suppressedBecause)
    for (const column of Object.keys(row)) if (!visibleWhenSuppressed.has(column)) row[column] = withheldText(summary.suppressedBecause);
  return row;
}

function toCsv(rows: Row[], columns?: string[]): string {
  const header = columns ?? Object.keys(rows[0] ?? {});
  return stringify(
    rows.map((row) => header.map((c) => (typeof row[c] === 'string' ? neutralizeFormula(row[c]) : row[c]))),
    { header: true, columns: header.map(neutralizeFormula), bom: true, record_delimiter: 'windows', ...csvQuoting },
  );
}

const summaryColumns = (rows: Row[]) => Object.keys(rows[0] ?? {});

/** The columns of a chart's own table: the rows' context, then that chart's figures, in the summary's order. */
function chartColumns(table: SummaryTable, rows: Row[]): string[] {
  const figures = tableFigures[table];
  return Object.keys(rows[0] ?? {}).filter(
    (c) => visibleWhenSuppressed.has(c) || c === 'withheldFigures' || (figures as readonly string[]).includes(c),
  );
}

/** The machine-readable file of table `name`, or null when there is no such table. */
export async function dataDownload(
  name: string,
  query: URLSearchParams,
  metrics: MetricsProcedures,
): Promise<{ filename: string; csv: string } | null> {
  switch (name) {
    case 'summary': {
      const input = inputOf<typeof summaryInput>(query);
      const summary = await metrics.summary(input);
      return { filename: `summary-${input.year}${filterSuffix(input)}.csv`, csv: toCsv([summaryRow(summary)]) };
    }
    case 'trend': {
      const input = inputOf<typeof trendInput>(query);
      const trend = await metrics.trend(input);
      const rows = trend.points.map((point) => summaryRow(point));
      return { filename: `trend-${input.fromYear}-${input.toYear}.csv`, csv: toCsv(rows, summaryColumns(rows)) };
    }
    case 'commitment-trend': {
      const input = inputOf<typeof trendInput>(query);
      const trend = await metrics.trend(input);
      const rows = trend.points.map((point) => summaryRow(point));
      return { filename: `commitment-trend-${input.fromYear}-${input.toYear}.csv`, csv: toCsv(rows, chartColumns('commitment-trend', rows)) };
    }
    case 'distribution':
    case 'statuses':
    case 'leadership': {
      const input = inputOf<typeof summaryInput>(query);
      const rows = [summaryRow(await metrics.summary(input))];
      return { filename: `${name}-${input.year}${filterSuffix(input)}.csv`, csv: toCsv(rows, chartColumns(name, rows)) };
    }
    case 'breakdown': {
      const input = inputOf<typeof breakdownInput>(query);
      const breakdown = await metrics.breakdown(input);
      const rows = breakdown.rows.map(({ key, ...summary }) => summaryRow(summary, { [input.by]: key }));
      return { filename: `breakdown-${input.year}-${input.by}.csv`, csv: toCsv(rows, summaryColumns(rows)) };
    }
    case 'organizations': {
      const input = inputOf<typeof metricsOrganizationsInput>(query);
      // The procedure checks who is asking before the query, and its output schema decides the fields.
      const result = await metrics.organizations(input);
      const rows = result.organizations.map((o) => flatten(o, '', { year: result.year, basis: result.basis }));
      return { filename: `organizations-${input.year}.csv`, csv: toCsv(rows, organizationColumns) };
    }
    default:
      return null;
  }
}

/** The columns of the organisations table, in the order of the API's fields. */
const organizationColumns = [
  'year',
  'basis',
  ...Object.keys(organizationFiguresSchema.shape).flatMap((key) =>
    key === 'statuses' ? commitments.map((c) => `statuses.${c}`) : [key],
  ),
];
