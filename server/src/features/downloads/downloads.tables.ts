// The files people download (GET /csv/<table>.csv and /xlsx/<table>.xlsx): each dashboard chart's or
// table's figures as a sheet of typed columns, headed and labelled in the reader's language
// (server/src/locales/<lng>/files.json). The figures are the metrics procedures' answers, called through
// the request's tRPC caller, so roles, validation and disclosure control are the API's; this module only
// chooses columns and words. A withheld figure is an empty cell, and the row's status column says why in
// words; an empty cell in a row that is shown is a share with nothing to divide by. A year whose reporting
// cycle is still open says so in its row (its figures are provisional). Each column carries its
// definition, for the Excel file's definitions sheet. The CSV and Excel writers (downloads.csv.ts,
// downloads.xlsx.ts) decide how each kind of cell is written: rounded in CSV, typed and formatted in Excel.
import type { TFunction } from 'i18next';
import { commitments, leadershipCategories, shareBuckets, SUPPRESSION_THRESHOLD, suppressionReasons, type Locale } from '@lpt/shared/enums';
import { figureAt, figures, figureValue, type FigureDefinition, type ShownPath } from '@lpt/shared/figures';
import { organizationMoney, organizationShares } from '@lpt/shared/organizationFigures';
import { fieldPath, reportFields, type ReportField } from '@lpt/shared/report/fields';
import type { BreakdownDimension, MetricsOrganizations, MetricsSummary } from '@lpt/shared/metrics';
import type { ReleaseRef } from '@lpt/shared/releases';
import type { breakdownInput, metricsOrganizationsInput, summaryInput, trendInput } from '@lpt/shared/schemas';
import type { DownloadTable } from '@lpt/shared/downloads';
import { filterSuffix, inputOf, type MetricsProcedures } from './downloads.request.ts';

/** How a cell is written: text, a whole number, a share (a fraction, shown in %), US dollars, a rate, a date (ISO). */
export type CellKind = 'text' | 'integer' | 'percent' | 'usd' | 'rate' | 'date';
export type CellValue = string | number | null;

export interface SheetColumn {
  key: string;
  header: string;
  kind: CellKind;
  definition: string;
}

export interface Sheet {
  /** The file's name without its extension, e.g. summary-2025-europe. */
  filename: string;
  columns: SheetColumn[];
  rows: Record<string, CellValue>[];
  /** The definitions sheet's notes after the columns: what each withheld reason means, the releases. */
  notes: { label: string; text: string }[];
}

export type SummaryTable = Exclude<DownloadTable, 'organizations'>;

/** What a people's sheet needs besides the figures: the reader's words, and which years are still open. */
export interface SheetContext {
  t: TFunction;
  locale: Locale;
  openYears: ReadonlySet<number>;
  closedYears: ReadonlySet<number>;
}

/** The reporting cycle of a row's year: open (provisional figures) or closed; empty for a year without a cycle. */
const cycleOf = ({ t, openYears, closedYears }: SheetContext, year: number) =>
  openYears.has(year) ? t('files:cycle.open') : closedYears.has(year) ? t('files:cycle.closed') : null;

const shownPaths = figures.filter((f) => f.shown !== 'never').map((f) => f.path as ShownPath);
const startingWith = (...prefixes: string[]) =>
  shownPaths.filter((path) => prefixes.some((p) => (p.endsWith('.') ? path.startsWith(p) : path === p)));

const fields = reportFields as readonly ReportField[];
/** The funding fields' figures outside the funding section (they belong in the funding trend). */
const fundingOutside = fields.filter((f) => f.commitment === 'funding' && f.figure && !f.figure.startsWith('funding.')).map((f) => f.figure!);
/** The breakdown by leadership category (a group of figures, one per category) and the figure of its whole. */
const leadership = fields.find((f) => f.kind === 'breakdown' && f.values === leadershipCategories && f.figure);
const leadershipWhole = fields.find((f) => leadership && fieldPath(f) === leadership.partOf)?.figure;

/** The figures each summary-shaped file carries, in the summary's order: what its chart draws, and its parts. */
export const tableFigures: Record<SummaryTable, readonly ShownPath[]> = {
  summary: shownPaths,
  breakdown: shownPaths,
  trend: startingWith('organizationsEligible', 'organizationsReporting', 'reportingRate', 'funding.', 'fundingOrganizations', ...fundingOutside),
  'commitment-trend': startingWith('organizationsReporting', 'reportingRate', 'collaboration.', 'needs.', 'credit.', 'capacity.'),
  distribution: startingWith('fundingOrganizations', 'distribution.'),
  statuses: startingWith('organizationsReporting', 'statusCounts.'),
  leadership: leadership ? startingWith(...(leadershipWhole ? [leadershipWhole] : []), `${leadership.figure}.`) : [],
};

const kindOfFigure: Record<FigureDefinition['kind'], CellKind> = {
  money: 'usd',
  count: 'integer',
  ratio: 'percent',
  mean: 'percent',
  median: 'percent',
};

/** A header with its unit: "Weighted local share (%)", "In-scope expenditure (USD)". */
function withUnit(t: TFunction, label: string, kind: CellKind): string {
  if (kind === 'percent') return t('files:unit.percent', { label });
  if (kind === 'usd') return t('files:unit.usd', { label });
  return label;
}

/** A figure's column: its label and definition, the families (status counts, buckets, leadership) worded once. */
function figureColumn(t: TFunction, path: ShownPath): SheetColumn {
  const kind = kindOfFigure[figureAt[path].kind];
  const [group, first, second] = path.split('.') as [string, string, string | undefined];
  let label: string;
  let definition: string;
  if (group === 'statusCounts') {
    const words = { commitment: t(`common:commitment.${first}`), status: t(`common:sectionStatus.${second}`) };
    label = t('files:family.statusCount', words);
    definition = t('files:family.statusCountDefinition', words);
  } else if (group === 'distribution') {
    const bucket = shareBuckets.find((b) => b.key === first)!.label;
    label = t('files:family.distribution', { bucket });
    definition = t('files:family.distributionDefinition', { bucket });
  } else if (group === leadership?.figure) {
    const category = t(`common:leadership.${first}`);
    label = t('files:family.leadership', { category });
    definition = t('files:family.leadershipDefinition', { category });
  } else {
    label = t(`files:figure.${path}`);
    definition = t(`files:definition.${path}`);
  }
  return { key: path, header: withUnit(t, label, kind), kind, definition };
}

const column = (t: TFunction, key: string, kind: CellKind): SheetColumn => ({
  key,
  header: withUnit(t, t(`files:column.${key}`), kind),
  kind,
  definition: t(`files:columnDefinition.${key}`),
});

/** The words of a row's status: shown, shown with some money figures withheld (named), or withheld and why. */
function statusOf(t: TFunction, summary: MetricsSummary, columns: SheetColumn[]): string {
  if (summary.suppressedBecause) return t('common:withheldWhy', { reason: t(`common:withheld.${summary.suppressedBecause}`, { count: SUPPRESSION_THRESHOLD }) });
  const alone = columns.filter((c) => summary.withheldFigures.includes(c.key)).map((c) => c.header);
  return alone.length ? t('files:status.partlyWithheld', { figures: alone.join('; ') }) : t('files:status.shown');
}

const dateOf = (iso: string) => iso.slice(0, 10);

/** The notes every file's definitions sheet ends with: the withheld reasons, empty cells, and the releases. */
function notesOf(t: TFunction, locale: Locale, releases: (ReleaseRef | null)[]): Sheet['notes'] {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const distinct = [...new Map(releases.map((r) => [r ? r.id : 'live', r])).values()];
  return [
    ...suppressionReasons.map((reason) => ({
      label: t(`common:withheld.${reason}`, { count: SUPPRESSION_THRESHOLD }),
      text: t(`files:meaning.${reason}`, { count: SUPPRESSION_THRESHOLD }),
    })),
    { label: t('files:note.emptyLabel'), text: t('files:note.empty') },
    { label: t('files:note.roundingLabel'), text: t('files:note.rounding') },
    ...distinct.map((release) => ({
      label: t('files:note.releaseLabel'),
      text: release
        ? t('files:note.release', { number: release.number, year: release.year, date: dates.format(new Date(release.publishedAt)) })
        : t('files:note.live'),
    })),
  ];
}

/** One row per summary (a year, a year's group), with `group` first in a breakdown. */
export function summarySheet(
  sheetContext: SheetContext,
  table: SummaryTable,
  filename: string,
  summaries: MetricsSummary[],
  group?: { by: BreakdownDimension; keys: string[] },
): Sheet {
  const { t, locale } = sheetContext;
  const figureColumns = tableFigures[table].map((path) => figureColumn(t, path));
  const columns: SheetColumn[] = [
    ...(group ? [column(t, group.by, 'text')] : []),
    column(t, 'year', 'integer'),
    column(t, 'cycle', 'text'),
    column(t, 'status', 'text'),
    column(t, 'basis', 'text'),
    column(t, 'release', 'integer'),
    column(t, 'publishedOn', 'date'),
    ...figureColumns,
  ];
  const rows = summaries.map((summary, index) => {
    const row: Record<string, CellValue> = {
      year: summary.year,
      cycle: cycleOf(sheetContext, summary.year),
      status: statusOf(t, summary, figureColumns),
      basis: t(`files:basis.${summary.basis}`),
      release: summary.release?.number ?? null,
      publishedOn: summary.release ? dateOf(summary.release.publishedAt) : null,
    };
    const key = group?.keys[index];
    if (group?.by === 'region') row.region = t(`common:region.${key}`);
    if (group?.by === 'organizationType') row.organizationType = t(`common:organizationType.${key}`);
    if (group?.by === 'typeGroup') row.typeGroup = t(`common:typeGroup.${key}`);
    // A withheld summary's figures are null already (the procedure's output): empty cells.
    for (const c of figureColumns) row[c.key] = figureValue(summary, c.key as ShownPath);
    return row;
  });
  return { filename, columns, rows, notes: notesOf(t, locale, summaries.map((s) => s.release)) };
}

export function organizationsSheet(
  sheetContext: SheetContext,
  filename: string,
  result: MetricsOrganizations,
): Sheet {
  const { t, locale } = sheetContext;
  const countries = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const columns: SheetColumn[] = [
    column(t, 'year', 'integer'),
    column(t, 'cycle', 'text'),
    column(t, 'name', 'text'),
    column(t, 'acronym', 'text'),
    column(t, 'organizationType', 'text'),
    column(t, 'region', 'text'),
    column(t, 'country', 'text'),
    column(t, 'disclosure', 'text'),
    column(t, 'reportStatus', 'text'),
    column(t, 'currency', 'text'),
    column(t, 'usdPerUnit', 'rate'),
    column(t, 'localShare', 'percent'),
    ...organizationShares.map(({ key }) => column(t, key, 'percent')),
    ...organizationMoney.map(({ key, path }) => ({ ...figureColumn(t, path), key })),
    ...commitments.map((c) => ({
      key: `statuses.${c}`,
      header: t('files:family.sectionStatus', { commitment: t(`common:commitment.${c}`) }),
      kind: 'text' as const,
      definition: t('files:family.sectionStatusDefinition', { commitment: t(`common:commitment.${c}`) }),
    })),
  ];
  const rows = result.organizations.map((o) => {
    const row: Record<string, CellValue> = {
      year: result.year,
      cycle: cycleOf(sheetContext, result.year),
      name: o.name,
      acronym: o.acronym,
      organizationType: t(`common:organizationType.${o.type}`),
      region: t(`common:region.${o.region}`),
      country: countries.of(o.country) ?? o.country,
      disclosure: t(`files:disclosure.${o.disclosure}`),
      reportStatus: t(`common:reportStatus.${o.reportStatus}`),
      currency: o.currency,
      usdPerUnit: o.usdPerUnit,
      localShare: o.localShare,
    };
    for (const { key } of [...organizationShares, ...organizationMoney]) row[key] = o[key];
    for (const c of commitments) row[`statuses.${c}`] = o.statuses[c] ? t(`common:sectionStatus.${o.statuses[c]}`) : null;
    return row;
  });
  return { filename, columns, rows, notes: notesOf(t, locale, [result.release]) };
}

/** The people's sheet of table `name` (the caller checked that it exists). */
export async function peopleSheet(
  name: DownloadTable,
  query: URLSearchParams,
  metrics: MetricsProcedures,
  context: SheetContext,
): Promise<Sheet> {
  switch (name) {
    case 'summary':
    case 'distribution':
    case 'statuses':
    case 'leadership': {
      const input = inputOf<typeof summaryInput>(query);
      const summary = await metrics.summary(input);
      return summarySheet(context, name, `${name}-${input.year}${filterSuffix(input)}`, [summary]);
    }
    case 'trend':
    case 'commitment-trend': {
      const input = inputOf<typeof trendInput>(query);
      const trend = await metrics.trend(input);
      return summarySheet(context, name, `${name}-${input.fromYear}-${input.toYear}`, trend.points);
    }
    case 'breakdown': {
      const input = inputOf<typeof breakdownInput>(query);
      const breakdown = await metrics.breakdown(input);
      return summarySheet(context, 'breakdown', `breakdown-${input.year}-${input.by}`, breakdown.rows, {
        by: input.by,
        keys: breakdown.rows.map((r) => r.key),
      });
    }
    case 'organizations': {
      const input = inputOf<typeof metricsOrganizationsInput>(query);
      const result = await metrics.organizations(input);
      return organizationsSheet(context, `organizations-${input.year}`, result);
    }
  }
}
