// The metrics in SQL. Published figures (approved reports: the dashboard, trend, breakdowns) are read from
// the aggregates that migration 2026_11_27_0003 maintains in the same transaction as every approval
// (metric_cells, metric_medians, metric_eligible), so a call costs the same with 1,000 or 100,000 reports
// and the next call after an approval shows it. The coordinators' working view (submitted reports
// standing in for approved ones) is one pass over the reports themselves, aggregated with FILTER and
// percentile_cont per (year, group), beside one count of eligible organisations per (year, group).
// The formulas are documented in shared/src/metrics.ts; both paths implement them and
// tests/integration/metrics-equivalence.test.ts checks them against plain SQL.
//
// Written as raw SQL on snake_case columns and run without the CamelCasePlugin, so that every output
// column is named once, by its quoted alias: the figures by their path in shared/src/figures.ts, their
// SQL on both paths in figures.sql.ts. Statements are compiled once per shape (statements.ts).
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@lpt/db/schema';
import {
  commitments,
  typeGroupMembers,
  typeGroups,
  type Commitment,
  type Disclosure,
  type OrganizationType,
  type Region,
  type SectionStatus,
} from '@lpt/shared/enums';
import { figures, isAdditive, type FigureValues } from '@lpt/shared/figures';
import { organizationMoney, organizationShares, type OrganizationMoneyKey, type OrganizationShareKey } from '@lpt/shared/organizationFigures';
import type { BreakdownDimension } from '@lpt/shared/metrics';
import { columnsOf as fieldColumns, fieldAt, type ReportField } from '@lpt/shared/report/fields';
import {
  aggregateColumns,
  applyingSections,
  columnOf,
  finalColumns,
  perReportOf,
  snake,
  summedFields,
  wholeColumnOf,
  wholeOfSection,
  wholes,
  type MetricsPath,
} from './figures.sql.ts';
import { runShaped, type MetricsScope } from './statements.ts';

export type { MetricsScope };

type Db = Kysely<DB> | Transaction<DB>;

/** The columns of a field metrics read: one, or a breakdown's one per category. */
const columnsOfField = (f: ReportField) => fieldColumns(f).map(snake);
// One derived whole: its own share is each organisation's share (`share`) that the distribution, the mean
// and the median are of.
if (wholes.length !== 1) throw new Error('The metrics have one organisation’s own share: of one derived whole');
const whole = wholes[0]!;
const shareOf = columnOf(fieldAt(whole.shareOf)!);
const parts = whole.parts.map((p) => columnOf(fieldAt(p)!));

/** The figure columns metrics read, identical in approved_reports and progress_reports. */
const reportColumns = [
  ...new Set([
    'organization_id',
    'year',
    'currency',
    ...commitments.map((c) => `${c}_status`),
    ...summedFields.flatMap(columnsOfField),
    shareOf,
    ...parts,
  ]),
];

const columnsOf = (alias: string) => sql.raw(reportColumns.map((c) => `${alias}.${c}`).join(', '));

/** The reports in scope: the published copies, or with submitted reports standing in for them. */
function reportsInScope(scope: MetricsScope): RawBuilder<unknown> {
  const approved = sql`
    select ${columnsOf('a')}, 'approved' as report_status
    from approved_reports a
    where a.year between ${scope.fromYear}::int and ${scope.toYear}::int`;
  if (!scope.includeSubmitted) return approved;
  return sql`
    ${approved}
      and not exists (select 1 from progress_reports p where p.id = a.report_id and p.status = 'submitted')
    union all
    select ${columnsOf('p')}, 'submitted' as report_status
    from progress_reports p
    where p.year between ${scope.fromYear}::int and ${scope.toYear}::int and p.status = 'submitted'`;
}

/**
 * The type group of a type column, as SQL: a CASE over shared/src/enums.ts's typeGroupMembers (the one
 * home of the mapping; its words are enum values, written as literals so that the statement's text is fixed).
 */
export const typeGroupOf = (typeColumn: string): RawBuilder<string> =>
  sql.raw(
    `(case ${typeGroups
      .map((g) => `when ${typeColumn} in (${typeGroupMembers[g].map((t) => `'${t}'`).join(', ')}) then '${g}'`)
      .join(' ')} end)`,
  );

function organizationFilters(scope: MetricsScope, extra: RawBuilder<unknown>[] = []): RawBuilder<unknown> {
  const conditions = [...extra];
  if (scope.region) conditions.push(sql`o.region = ${scope.region}`);
  if (scope.organizationType) conditions.push(sql`o.type = ${scope.organizationType}`);
  if (scope.typeGroup) conditions.push(sql`${typeGroupOf('o.type')} = ${scope.typeGroup}`);
  return conditions.length ? sql`and ${sql.join(conditions, sql` and `)}` : sql``;
}

/** The group of a row: '' without grouping (not null, so that the full join below can hash on it). */
const groupKeyOf = (by: BreakdownDimension | undefined) =>
  by === 'region' ? sql`o.region` : by === 'organizationType' ? sql`o.type` : by === 'typeGroup' ? typeGroupOf('o.type') : sql`''::text`;

const isEligible = sql`(o.signed_on <= d.due_on and (o.withdrawn_on is null or o.withdrawn_on > d.due_on))`;

/**
 * The CTEs every metric starts from: `deadlines` (each year's due date, or 31 December of the following
 * year without a cycle) and `figures` (one row per report in scope, with its organisation, the USD rate,
 * the amounts in USD and the organisation's own shares; a not_applicable section's figures are dropped).
 */
function figuresCte(scope: MetricsScope, groupBy: BreakdownDimension | undefined, extraFilters: RawBuilder<unknown>[] = []) {
  const applies = (c: Commitment) => sql.raw(`r.${c}_status is distinct from 'not_applicable'`);
  const raw = (name: string) => sql.raw(name);
  // In a section with a derived whole (funding), figures count only where the section applies and the
  // whole's denominator is entered, an empty amount as 0; elsewhere where the section applies.
  const countsIn = (c: Commitment) => (wholeOfSection(c) ? sql`(${applies(c)} and r.${raw(shareOf)} is not null)` : applies(c));
  const valueOf = (f: ReportField, name: string) => (wholeOfSection(f.commitment) ? sql`coalesce(r.${raw(name)}, 0)` : sql`r.${raw(name)}`);
  const fieldValues = summedFields.flatMap((f) =>
    columnsOfField(f).map((name) => {
      const value = f.kind === 'money' ? sql`${valueOf(f, name)} * x.usd` : valueOf(f, name);
      return sql`case when ${countsIn(f.commitment)} then ${value} end as ${raw(f.kind === 'breakdown' ? name : perReportOf(f))}`;
    }),
  );
  const wholeSection = whole.shareOf.slice(0, whole.shareOf.indexOf('.')) as Commitment;
  const counted = sql.raw(`(${parts.map((p) => `coalesce(r.${p}, 0)`).join(' + ')})`);
  const hasShare = sql`(${countsIn(wholeSection)} and r.${raw(shareOf)} > 0 and num_nonnulls(${raw(parts.map((p) => `r.${p}`).join(', '))}) > 0)`;
  /** Each organisation's own shares: of the derived whole, and of each money field with a share (of the same whole). */
  const ownShares = organizationShares.map(
    ({ key, field }) => sql`case when ${hasShare} then coalesce(r.${raw(columnOf(field))}, 0) / r.${raw(shareOf)} end as ${raw(snake(key))}`,
  );
  return sql`
    deadlines as (
      select y.year, coalesce(c.due_on, make_date(y.year + 1, 12, 31)) as due_on
      from generate_series(${scope.fromYear}::int, ${scope.toYear}::int) as y(year)
      left join reporting_cycles c on c.year = y.year
    ),
    figures as (
      select
        r.year,
        ${groupKeyOf(groupBy)} as key,
        o.id as organization_id, o.name, o.acronym, o.type, o.region, o.country, o.disclosure,
        r.report_status,
        ${isEligible} as eligible,
        r.currency,
        x.usd,
        ${sql.raw(commitments.map((c) => `r.${c}_status`).join(', '))},
        ${sql.join(fieldValues)},
        case when ${countsIn(wholeSection)} then ${counted} * x.usd end as ${raw(`${wholeColumnOf(whole.path)}_usd`)},
        case when ${hasShare} then ${counted} / r.${raw(shareOf)} end as share,
        ${sql.join(ownShares)},
        ${sql.join(applyingSections.map((c) => sql`(${applies(c)} and r.${raw(`${c}_status`)} is not null) as ${raw(`${c}_applies`)}`))}
      from (${reportsInScope(scope)}) r
      join organizations o on o.id = r.organization_id
      join deadlines d on d.year = r.year
      left join exchange_rates er on er.year = r.year and er.currency = r.currency
      -- US dollars need no rate; a currency without one has no USD value (null), never 0.
      cross join lateral (select case when r.currency = 'USD' then 1::numeric else er.usd_per_unit end as usd) x
      where true ${organizationFilters(scope, extraFilters)}
    )`;
}

/**
 * One aggregate row of the metrics: the raw figures before suppression, by their path in
 * shared/src/figures.ts ('funding.inScopeExpenditureUsd'), with the parts of shares the summary does not show.
 */
export type AggregateRow = FigureValues & {
  year: number;
  key: string | null;
  currenciesWithoutRate: string[];
};

/**
 * How both paths end: every (year, group) that has eligible organisations or reports, with the
 * eligible count and the reporting rate (eligible reporters ÷ eligible organisations) beside the
 * aggregates (and the medians' row `m`, joined by `medians`).
 */
const finalSelect = (on: MetricsPath, medians: RawBuilder<unknown> = sql``) => sql`
    select
      coalesce(a.agg_year, e.year) as year,
      coalesce(a.agg_key, e.key) as key,
      ${finalColumns(on)},
      a."currenciesWithoutRate"
    from aggregates a
    full join eligible e on e.year = a.agg_year and e.key = a.agg_key
    ${medians}
    order by 1, 2`;

/**
 * The aggregate figures per (year, group) over the years of the scope. Years or groups with neither an
 * eligible organisation nor a report are absent (the service fills them in).
 */
export async function aggregateMetrics(db: Db, scope: MetricsScope, groupBy?: BreakdownDimension): Promise<AggregateRow[]> {
  const rows = await runShaped(db, scope, groupBy, (shape) =>
    scope.includeSubmitted ? aggregateWorkingSql(shape, groupBy) : aggregatePublishedSql(shape, groupBy),
  );
  return rows.map(toAggregateRow);
}

/** The coordinators' working view: one pass over the reports, submitted ones standing in for approved. */
function aggregateWorkingSql(scope: MetricsScope, groupBy: BreakdownDimension | undefined, extra: RawBuilder<unknown>[] = []): RawBuilder<unknown> {
  return sql`
    with ${figuresCte(scope, groupBy, extra)},
    eligible as (
      select d.year, ${groupKeyOf(groupBy)} as key, count(*) as organizations_eligible
      from deadlines d
      join organizations o on ${isEligible}
      where true ${organizationFilters(scope)}
      group by 1, 2
    ),
    aggregates as (
      select
        f.year as agg_year, f.key as agg_key,
        ${aggregateColumns('working')},
        coalesce(array_agg(distinct f.currency::text order by f.currency::text)
          filter (where f.usd is null and f.currency is not null), '{}') as "currenciesWithoutRate"
      from figures f
      group by 1, 2
    )
    ${finalSelect('working')}`;
}

// --- published figures, from the maintained aggregates

/**
 * The same figures as aggregateMetrics over approved reports, from the cells: sums are in the report
 * currency per cell, converted with the current rate here (Σ amount × rate = rate × Σ amount, exactly);
 * the mean is Σ shares ÷ their count, as avg() computes it; the median is looked up.
 */
function aggregatePublishedSql(scope: MetricsScope, groupBy: BreakdownDimension | undefined): RawBuilder<unknown> {
  const keyOf = (alias: string) =>
    groupBy === 'typeGroup'
      ? typeGroupOf(`${alias}.organization_type`)
      : sql.raw(groupBy === 'region' ? `${alias}.region` : groupBy === 'organizationType' ? `${alias}.organization_type` : `''::text`);
  const filters = (alias: string) => {
    const conditions: RawBuilder<unknown>[] = [];
    if (scope.region) conditions.push(sql`${sql.raw(alias)}.region = ${scope.region}`);
    if (scope.organizationType) conditions.push(sql`${sql.raw(alias)}.organization_type = ${scope.organizationType}`);
    if (scope.typeGroup) conditions.push(sql`${typeGroupOf(`${alias}.organization_type`)} = ${scope.typeGroup}`);
    return conditions.length ? sql`and ${sql.join(conditions, sql` and `)}` : sql``;
  };
  // The median's row: '' stands for "all regions" or "all types".
  const medianRegion = groupBy === 'region' ? sql`a.agg_key` : sql`${scope.region ?? ''}::text`;
  const medianType = groupBy === 'organizationType' ? sql`a.agg_key` : sql`${scope.organizationType ?? ''}::text`;
  // metric_medians has no type-group rows: a group's median is taken from the maintained shares of its
  // cells (one row per report with a share, of the year and group: still no pass over the reports).
  const groupMedian = sql`
    left join lateral (
      select percentile_cont(0.5) within group (order by s.share) as median
      from metric_shares s
      where s.year = a.agg_year
        and ${groupBy === 'region' ? sql`s.region = a.agg_key` : scope.region ? sql`s.region = ${scope.region}` : sql`true`}
        and ${typeGroupOf('s.organization_type')} = ${groupBy === 'typeGroup' ? sql`a.agg_key` : sql`${scope.typeGroup}`}
    ) m on true`;
  const byGroup = groupBy === 'typeGroup' || Boolean(scope.typeGroup);
  const years = sql`between ${scope.fromYear}::int and ${scope.toYear}::int`;
  return sql`
    with eligible as (
      select e.year, ${keyOf('e')} as key, sum(e.organizations) as organizations_eligible
      from metric_eligible e
      where e.year ${years} ${filters('e')}
      group by 1, 2
    ),
    cells as (
      select c.*, ${keyOf('c')} as key,
        -- US dollars need no rate; a currency without one has no USD value (null), never 0.
        case when c.currency = 'USD' then 1::numeric else er.usd_per_unit end as usd
      from metric_cells c
      left join exchange_rates er on er.year = c.year and er.currency = c.currency
      where c.year ${years} ${filters('c')}
    ),
    aggregates as (
      select
        c.year as agg_year, c.key as agg_key,
        ${aggregateColumns('published')},
        coalesce(array_agg(distinct c.currency order by c.currency) filter (where c.usd is null and c.currency <> ''), '{}')
          as "currenciesWithoutRate"
      from cells c
      group by 1, 2
    )
    ${finalSelect(
      'published',
      byGroup
        ? groupMedian
        : sql`left join metric_medians m on m.year = a.agg_year and m.region = ${medianRegion} and m.organization_type = ${medianType}`,
    )}`;
}

const num = (v: unknown) => Number(v ?? 0);
const numOrNull = (v: unknown) => (v == null ? null : Number(v));

/** Each figure's column (its path), and whether it reads as a number (additive) or a number or null. */
const figureColumns = figures.map((f) => [f.path, isAdditive(f)] as const);

function toAggregateRow(row: Record<string, unknown>): AggregateRow {
  const values: Record<string, number | null> = {};
  for (const [path, additive] of figureColumns) values[path] = additive ? num(row[path]) : numOrNull(row[path]);
  return {
    ...(values as FigureValues),
    year: Number(row.year),
    key: (row.key as string) || null,
    currenciesWithoutRate: (row.currenciesWithoutRate as string[] | null) ?? [],
  };
}

export type OrganizationFiguresRow = {
  year: number;
  organizationId: number;
  name: string;
  acronym: string | null;
  type: OrganizationType;
  region: Region;
  country: string;
  disclosure: Disclosure;
  reportStatus: 'approved' | 'submitted';
  currency: string | null;
  usdPerUnit: number | null;
  localShare: number | null;
} & Record<OrganizationShareKey | OrganizationMoneyKey, number | null> & {
  statuses: Record<Commitment, SectionStatus | null>;
};

/** An organisation's own money figure per report in the `figures` CTE: a field's amount, or the derived whole's. */
const perReportMoney = (m: (typeof organizationMoney)[number]) => (m.field ? perReportOf(m.field) : `${wholeColumnOf(m.whole!)}_usd`);

/** Each organisation's own figures per year, optionally only `public` ones or only one organisation. */
export async function organizationFigures(
  db: Db,
  scope: MetricsScope,
  options: { publicOnly: boolean; organizationId?: number },
): Promise<OrganizationFiguresRow[]> {
  const extra: RawBuilder<unknown>[] = [];
  if (options.publicOnly) extra.push(sql`o.disclosure = 'public'`);
  if (options.organizationId !== undefined) extra.push(sql`o.id = ${options.organizationId}::int`);
  const { rows } = await sql<Record<string, unknown>>`
    with ${figuresCte(scope, undefined, extra)}
    select
      f.year, f.organization_id as "organizationId", f.name, f.acronym, f.type, f.region,
      f.country::text as country, f.disclosure, f.report_status as "reportStatus",
      f.currency::text as currency, f.usd as "usdPerUnit",
      f.share as "localShare",
      ${sql.join(organizationShares.map(({ key }) => sql`f.${sql.raw(snake(key))} as ${sql.id(key)}`))},
      ${sql.join(organizationMoney.map((m) => sql`round(f.${sql.raw(perReportMoney(m))}, 2) as ${sql.id(m.key)}`))},
      ${sql.join(commitments.map((c) => sql`f.${sql.raw(`${c}_status`)} as ${sql.id(c)}`))}
    from figures f
    order by f.year, lower(f.name), f.organization_id`.execute(db.withoutPlugins());
  return rows.map((row) => ({
    year: Number(row.year),
    organizationId: Number(row.organizationId),
    name: row.name as string,
    acronym: (row.acronym as string | null) ?? null,
    type: row.type as OrganizationType,
    region: row.region as Region,
    country: row.country as string,
    disclosure: row.disclosure as Disclosure,
    reportStatus: row.reportStatus as 'approved' | 'submitted',
    currency: (row.currency as string | null) ?? null,
    usdPerUnit: numOrNull(row.usdPerUnit),
    localShare: numOrNull(row.localShare),
    ...(Object.fromEntries([...organizationShares, ...organizationMoney].map(({ key }) => [key, numOrNull(row[key])])) as Record<
      OrganizationShareKey | OrganizationMoneyKey,
      number | null
    >),
    statuses: Object.fromEntries(commitments.map((c) => [c, (row[c] as SectionStatus | null) ?? null])) as Record<
      Commitment,
      SectionStatus | null
    >,
  }));
}

/** The name and type of an organisation, or undefined when there is none with this id. */
export function findOrganizationName(db: Db, organizationId: number) {
  return db.selectFrom('organizations').select(['id', 'name', 'type']).where('id', '=', organizationId).executeTakeFirst();
}

/** Organisations with an approved report, per year, region and type: what suppression is planned from. */
export async function reportingCounts(db: Db, scope: { fromYear: number; toYear: number }) {
  const { rows } = await sql<{ year: number; region: Region; organizationType: OrganizationType; reports: number }>`
    select year, region, organization_type as "organizationType", sum(reports)::int as reports
    from metric_cells
    where year between ${scope.fromYear}::int and ${scope.toYear}::int
    group by 1, 2, 3`.execute(db.withoutPlugins());
  return rows;
}

/**
 * Each organisation's own value of every additive figure for a year (approved reports), by path: the
 * parts a release plans its sums from (releases.service.ts). Computed by the same SQL as the aggregates,
 * grouped by organisation, so that the parts add up to each published cell's figure exactly.
 */
export async function organizationSums(db: Db, year: number): Promise<Map<number, Record<string, number>>> {
  const scope: MetricsScope = { fromYear: year, toYear: year, includeSubmitted: false };
  const { rows } = await sql<Record<string, unknown>>`
    with ${figuresCte(scope, undefined)}
    select f.organization_id as "organizationId", ${aggregateColumns('working')}
    from figures f
    group by f.organization_id`.execute(db.withoutPlugins());
  const additive = figures.filter(isAdditive).map((f) => f.path);
  return new Map(
    rows.map((row) => [Number(row.organizationId), Object.fromEntries(additive.filter((p) => p in row).map((p) => [p, num(row[p])]))]),
  );
}

/**
 * The aggregates of approved reports as aggregateMetrics gives them, without the reports of some
 * organisations (those a release leaves waiting): one pass over the reports, as the working view computes
 * them (tests/integration/metrics-equivalence.test.ts holds both paths equal). They still count as eligible.
 */
export async function aggregateMetricsWithout(
  db: Db,
  scope: MetricsScope,
  groupBy: BreakdownDimension | undefined,
  organizationIds: readonly number[],
): Promise<AggregateRow[]> {
  const without = sql`o.id <> all(${[...organizationIds]}::int[])`;
  const { rows } = await aggregateWorkingSql({ ...scope, includeSubmitted: false }, groupBy, [without]).execute(db.withoutPlugins());
  return (rows as Record<string, unknown>[]).map(toAggregateRow);
}
