// Each figure of shared/src/figures.ts in SQL, on both metric paths side by side, and the select lists
// of both built from them, so that the two paths cannot list different figures:
// - working: a group of rows `f` of the `figures` CTE of figures.queries.ts (one per report in scope);
// - published: a group of metric_cells rows `c`, each with the USD rate of its currency as `c.usd`.
// An additive figure is written as its Σ over the group (null over no rows); it is selected as
// coalesce(Σ, 0), money rounded to cents, and a share of two is Σ numerator ÷ Σ denominator (unrounded).
// Everything is computed in the `aggregates` CTE (grouped by year and key) except what needs the
// eligible organisations (`e`, beside it in the final select) or, on the published path, the maintained
// medians (`m`).
import { sql, type RawBuilder } from 'kysely';
import { partnerColumns } from '@lpt/db/figures';
import {
  commitments,
  leadershipCategories,
  LOCAL_SHARE_TARGET,
  sectionStatuses,
  shareBuckets,
  type LeadershipCategory,
} from '@lpt/shared/enums';
import { figureAt, figures, type AdditivePath, type FigureDefinition, type FigurePath } from '@lpt/shared/figures';

type Sql = RawBuilder<unknown>;
export type MetricsPath = 'working' | 'published';
type OnBothPaths = Record<MetricsPath, Sql>;

/**
 * The column of each leadership category, the same in progress_reports, approved_reports and metric_cells:
 * db/src/figures.ts's name of it in snake_case (partnersMigrantLed → partners_migrant_led).
 */
export const partnerColumn = Object.fromEntries(
  leadershipCategories.map((k) => [k, partnerColumns[k].replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)]),
) as Record<LeadershipCategory, string>;

/** The share buckets' columns in metric_cells (the migration writes the bounds of shareBuckets). */
const bucketColumn = {
  under10: 'under10',
  from10to25: 'from10to25',
  from25to50: 'from25to50',
  atLeast50: 'at_least50',
} as const satisfies Record<(typeof shareBuckets)[number]['key'], string>;

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

const namedSums = {
  organizationsReporting: { working: sql`count(*)`, published: sql`sum(c.reports)` },
  organizationsReportingEligible: counted(sql`f.eligible`, 'reports_eligible'),
  'funding.inScopeExpenditureUsd': usd('in_scope_usd', 'in_scope'),
  'funding.countedLocalUsd': usd('counted_usd', 'counted'),
  'funding.directUsd': usd('direct_usd', 'direct'),
  'funding.pooledUsd': usd('pooled_usd', 'pooled'),
  'funding.oneIntermediaryUsd': usd('one_intermediary_usd', 'one_intermediary'),
  'funding.twoPlusIntermediariesUsd': usd('two_plus_usd', 'two_plus'),
  'funding.atOrAbove25': counted(sql`f.share >= ${LOCAL_SHARE_TARGET}::numeric`, 'at_or_above_25'),
  'collaboration.localPartners': summed('local_partners'),
  'collaboration.forums': summed('forums'),
  'collaboration.forumsCoLed': summed('forums_co_led'),
  'needs.assessmentsTotal': summed('assessments_total'),
  'needs.assessmentsJoint': summed('assessments_joint'),
  'credit.withPolicy': counted(sql`f.credit_applies and f.has_credit_policy`, 'with_policy'),
  'credit.organizationsApplying': counted(sql`f.credit_applies`, 'credit_applies'),
  'credit.publicationsReviewed': summed('publications_reviewed'),
  'credit.publicationsCrediting': summed('publications_crediting'),
  'capacity.requestsReceived': summed('requests_received'),
  'capacity.requestsSupported': summed('requests_supported'),
  'capacity.capacitySpendUsd': usd('capacity_spend_usd', 'capacity_spend'),
  fundingOrganizations: { working: sql`count(f.share)`, published: sql`sum(c.share_count)` },
  multiYearToLocalUsd: usd('multi_year_usd', 'multi_year'),
} satisfies Partial<Record<SummedPath, OnBothPaths>>;

const statusSums = commitments.flatMap((c) =>
  sectionStatuses.map((s) => [`statusCounts.${c}.${s}`, counted(sql`f.${column(`${c}_status`)} = ${s}`, `${c}_${s}`)]),
);
const bucketSums = shareBuckets.map((b) => {
  const upper = b.to === null ? sql`` : sql` and f.share < ${b.to}::numeric`;
  return [`distribution.${b.key}`, counted(sql`f.share >= ${b.from}::numeric${upper}`, bucketColumn[b.key])];
});
const partnerSums = leadershipCategories.map((k) => [`partnersByLeadership.${k}`, summed(partnerColumn[k])]);

const sums = {
  ...namedSums,
  ...Object.fromEntries([...statusSums, ...bucketSums, ...partnerSums]),
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
