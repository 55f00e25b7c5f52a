// Each figure of shared/src/figures.ts in SQL, on both metric paths side by side, and the select lists
// of both built from them, so that the two paths cannot list different figures:
// - working: a group of rows `f` of the `figures` CTE of figures.queries.ts (one per report in scope);
// - published: a group of metric_cells rows `c`, each with the USD rate of its currency as `c.usd`.
// An additive figure is written as its Σ over the group (null over no rows); it is selected as
// coalesce(Σ, 0), money rounded to cents, and a share of two is Σ numerator ÷ Σ denominator (unrounded).
// Everything is computed in the `aggregates` CTE (grouped by year and key) except what needs the
// eligible organisations (`e`, beside it in the final select) or, on the published path, the maintained
// medians (`m`).
// The figures of report fields are built from the catalogue (shared/src/report/fields.ts): each field's
// column, in the reports as in metric_cells (migration 2026_12_07_0015 names the cells' columns after the
// fields and sums every column marked as a field), so a new field with a `figure` needs no SQL here.
import { sql, type RawBuilder } from 'kysely';
import { commitments, LOCAL_SHARE_TARGET, sectionStatuses, shareBuckets, type Commitment } from '@lpt/shared/enums';
import { figureAt, figures, type AdditivePath, type FigureDefinition, type FigurePath } from '@lpt/shared/figures';
import { categoryColumn, derivedWholes, reportFields, type ReportField } from '@lpt/shared/report/fields';

type Sql = RawBuilder<unknown>;
export type MetricsPath = 'working' | 'published';
type OnBothPaths = Record<MetricsPath, Sql>;

// --- the columns of the report fields, as the catalogue names them (snake_case in SQL)

/** A camelCase name in snake_case, as the columns and the CTEs' names are written. */
export const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
/** A field's column in progress_reports, approved_reports and metric_cells. */
export const columnOf = (f: ReportField) => snake(f.column);
/** A breakdown's column of one category: its column and the category, capitalised. */
export const categoryColumnOf = (f: ReportField, category: string) => snake(categoryColumn(f.column, category));
/** A derived whole's column: its name in the catalogue ('funding.countedLocalFunding' → counted_local_funding). */
export const wholeColumnOf = (path: string) => snake(path.slice(path.indexOf('.') + 1));

/** The fields the metrics sum: those with a figure. */
export const summedFields: readonly ReportField[] = (reportFields as readonly ReportField[]).filter((f) => f.figure);
/** The derived wholes: each with its path, parts and `shareOf` (counted local funding of in-scope expenditure). */
export const wholes = Object.entries(derivedWholes).map(([path, w]) => ({ path, ...w }));
/** The sections whose figures count only where a derived whole's `shareOf` is entered (funding). */
export const wholeOfSection = (c: Commitment) => wholes.find((w) => w.shareOf.startsWith(`${c}.`));
/** A boolean counts among the reports whose section applies (`<section>_applies`): the sections with one. */
export const applyingSections = [...new Set(summedFields.filter((f) => f.kind === 'boolean').map((f) => f.commitment))];
/** A field's value per report in the `figures` CTE: money in US dollars as <column>_usd. */
export const perReportOf = (f: ReportField) => (f.kind === 'money' ? `${columnOf(f)}_usd` : columnOf(f));

const column = (name: string) => sql.raw(name);
/** Σ of a column that both paths name alike. */
const summed = (name: string): OnBothPaths => ({ working: sql`sum(f.${column(name)})`, published: sql`sum(c.${column(name)})` });
/** Σ of a USD amount: in USD per report, in the cell's currency × its rate per cell (Σ a × r = r × Σ a). */
const usd = (figure: string, cell: string): OnBothPaths => ({
  working: sql`sum(f.${column(figure)})`,
  published: sql`sum(c.${column(cell)} * c.usd)`,
});
const counted = (where: Sql, cell: string): OnBothPaths => ({
  working: sql`count(*) filter (where ${where})`,
  published: sql`sum(c.${column(cell)})`,
});

/** The eligible organisations come from the `eligible` CTE; every other additive figure is a Σ over the group. */
type SummedPath = Exclude<AdditivePath, 'organizationsEligible'>;

/** The sums that are not of one field. */
const namedSums = {
  organizationsReporting: { working: sql`count(*)`, published: sql`sum(c.reports)` },
  organizationsReportingEligible: counted(sql`f.eligible`, 'reports_eligible'),
  'funding.atOrAbove25': counted(sql`f.share >= ${LOCAL_SHARE_TARGET}::numeric`, 'at_or_above_25'),
  fundingOrganizations: { working: sql`count(f.share)`, published: sql`sum(c.share_count)` },
} satisfies Partial<Record<SummedPath, OnBothPaths>>;

/** Each field's figure: money in USD, a count as it is, a boolean's yes answers, a breakdown per category. */
const fieldSums = summedFields.flatMap((f): [string, OnBothPaths][] => {
  const name = columnOf(f);
  if (f.kind === 'breakdown') return (f.values ?? []).map((v) => [`${f.figure}.${v}`, summed(categoryColumnOf(f, v))]);
  if (f.kind === 'money') return [[f.figure!, usd(perReportOf(f), name)]];
  if (f.kind === 'boolean') return [[f.figure!, counted(sql`f.${column(`${f.commitment}_applies`)} and f.${column(name)}`, name)]];
  return [[f.figure!, summed(name)]];
});
const wholeSums = wholes.map((w) => [w.figure, usd(`${wholeColumnOf(w.path)}_usd`, wholeColumnOf(w.path))]);
const applyingSums = applyingSections.map((c) => [`${c}.organizationsApplying`, counted(sql`f.${column(`${c}_applies`)}`, `${c}_applies`)]);

const statusSums = commitments.flatMap((c) =>
  sectionStatuses.map((s) => [`statusCounts.${c}.${s}`, counted(sql`f.${column(`${c}_status`)} = ${s}`, `${c}_${s}`)]),
);
/** The share buckets' columns in metric_cells (the migration writes the bounds of shareBuckets). */
const bucketColumn = {
  under10: 'under10',
  from10to25: 'from10to25',
  from25to50: 'from25to50',
  atLeast50: 'at_least50',
} as const satisfies Record<(typeof shareBuckets)[number]['key'], string>;
const bucketSums = shareBuckets.map((b) => {
  const upper = b.to === null ? sql`` : sql` and f.share < ${b.to}::numeric`;
  return [`distribution.${b.key}`, counted(sql`f.share >= ${b.from}::numeric${upper}`, bucketColumn[b.key])];
});

const sums = {
  ...namedSums,
  ...Object.fromEntries([...fieldSums, ...wholeSums, ...applyingSums, ...statusSums, ...bucketSums]),
} as Record<SummedPath, OnBothPaths>;

const isSummed = (path: FigurePath): path is SummedPath => Object.hasOwn(sums, path);

const ratio = (numerator: Sql, denominator: Sql) => sql`(${numerator})::numeric / nullif((${denominator})::numeric, 0)`;

/** A figure computed over the group's rows, on each path; undefined for one computed in the final select. */
function overRows(f: FigureDefinition, on: MetricsPath): Sql | undefined {
  if (isSummed(f.path)) {
    const total = sql`coalesce(${sums[f.path][on]}, 0)`;
    return f.kind === 'money' ? sql`round(${total}, 2)` : total;
  }
  if (f.kind === 'ratio' && isSummed(f.numerator) && isSummed(f.denominator))
    return ratio(sums[f.numerator][on], sums[f.denominator][on]);
  if (f.kind === 'mean')
    return on === 'working' ? sql`avg(f.share)` : sql`sum(c.share_sum) / nullif(sum(c.share_count), 0)::numeric`;
  if (f.kind === 'median' && on === 'working') return sql`percentile_cont(0.5) within group (order by f.share::float8)`;
  return undefined;
}

/** A figure in the final select: from the aggregates `a`, the eligible count `e` or the medians `m`. */
function inFinalSelect(f: FigureDefinition, on: MetricsPath): Sql {
  if (overRows(f, on)) return sql`a.${sql.id(f.path)}`;
  if (f.path === 'organizationsEligible') return sql`coalesce(e.organizations_eligible, 0)`;
  if (f.kind === 'median') return sql`m.median`;
  // A share with a part that is not a Σ over the rows (reportingRate: its denominator counts organisations).
  if (f.kind === 'ratio') {
    const part = (path: AdditivePath) => (isSummed(path) ? sql`coalesce(a.${sql.id(path)}, 0)` : inFinalSelect(figureAt[path], on));
    return ratio(part(f.numerator), part(f.denominator));
  }
  throw new Error(`No SQL for the figure ${f.path}`);
}

/** The select list of the `aggregates` CTE (after its grouping columns): each figure computed over rows. */
export function aggregateColumns(on: MetricsPath): Sql {
  return sql.join(
    figures.flatMap((f) => {
      const value = overRows(f, on);
      return value ? [sql`${value} as ${sql.id(f.path)}`] : [];
    }),
  );
}

/** The select list of the final select (after year and key): every figure, in the catalogue's order. */
export function finalColumns(on: MetricsPath): Sql {
  return sql.join(figures.map((f) => sql`${inFinalSelect(f, on)} as ${sql.id(f.path)}`));
}

// Every figure has its SQL on both paths: a figure added to the catalogue without it fails at start.
for (const f of figures) for (const on of ['working', 'published'] as const) inFinalSelect(f, on);
