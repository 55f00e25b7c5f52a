// The published aggregates (metric_cells, migration 2026_11_27_0003) sum each report field under the
// field's own column name, and which fields they sum is schema, not text of refresh_metric_cells: a new
// indicator's migration adds its column to the reports and to metric_cells, marked by a comment
// ('field <section> <kind>'), and the cells sum it (server/src/features/metrics/figures.sql.ts reads it by
// the catalogue's column, shared/src/report/fields.ts). Frozen: a migration never imports application code.
//
// - The cells' columns of fields are renamed to the fields' columns (in_scope → in_scope_expenditure, …),
//   counted local funding to counted_local_funding (its whole's name in the catalogue).
// - Each summed field is marked by the comment on its cell column, 'field <section> <kind>' (a comment
//   is schema: it stays when the tables are emptied, as the tests and the seed do; rows of a table would not).
//   A field counts where its section applies (not not_applicable); a funding field also only where the
//   in-scope expenditure is entered (the denominator of the local share), an empty amount as 0. A count
//   or an amount is summed; a boolean counts the yes answers of the reports whose section is set and applies.
// - refresh_metric_cells computes the figures that are not of one field as before (reports, counted local
//   funding, the shares and their buckets, the statuses) and builds the field sums from the marked columns.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

const renamed: [string, string][] = [
  ['in_scope', 'in_scope_expenditure'],
  ['counted', 'counted_local_funding'],
  ['direct', 'to_local_direct'],
  ['pooled', 'to_local_pooled'],
  ['one_intermediary', 'to_local_one_intermediary'],
  ['two_plus', 'to_local_two_plus_intermediaries'],
  ['multi_year', 'multi_year_to_local'],
  ['with_policy', 'has_credit_policy'],
];

const partners = [
  'partners_migrant_led',
  'partners_host_community_led',
  'partners_women_led',
  'partners_youth_led',
  'partners_disability_led',
  'partners_informal_or_movement',
  'partners_community_or_traditional',
];

/** [column, section, kind] of each field the cells sum, as migration 0003 summed them. */
const fields: [string, string, string][] = [
  ['in_scope_expenditure', 'funding', 'money'],
  ['to_local_direct', 'funding', 'money'],
  ['to_local_pooled', 'funding', 'money'],
  ['to_local_one_intermediary', 'funding', 'money'],
  ['to_local_two_plus_intermediaries', 'funding', 'money'],
  ['multi_year_to_local', 'funding', 'money'],
  ['local_partners', 'collaboration', 'count'],
  ['forums', 'collaboration', 'count'],
  ['forums_co_led', 'collaboration', 'count'],
  ...partners.map((p): [string, string, string] => [p, 'collaboration', 'count']),
  ['assessments_total', 'needs', 'count'],
  ['assessments_joint', 'needs', 'count'],
  ['has_credit_policy', 'credit', 'boolean'],
  ['publications_reviewed', 'credit', 'count'],
  ['publications_crediting', 'credit', 'count'],
  ['requests_received', 'capacity', 'count'],
  ['requests_supported', 'capacity', 'count'],
  ['capacity_spend', 'capacity', 'money'],
];

const sections = ['collaboration', 'funding', 'needs', 'credit', 'capacity'];
const statuses = ['not_started', 'planning', 'in_progress', 'fulfilled', 'not_applicable'];
const statusColumns = sections.flatMap((s) => statuses.map((st) => `${s}_${st}`));

const applies = (section: string) => `r.${section}_status is distinct from 'not_applicable'`;
/** Funding figures count where the section applies and has a denominator. */
const fundingCounts = `(${applies('funding')} and r.in_scope_expenditure is not null)`;
const counted = `(coalesce(r.to_local_direct, 0) + coalesce(r.to_local_pooled, 0) + coalesce(r.to_local_one_intermediary, 0))`;
const share = `case when ${fundingCounts} and r.in_scope_expenditure > 0
    and num_nonnulls(r.to_local_direct, r.to_local_pooled, r.to_local_one_intermediary) > 0
    then ${counted} / r.in_scope_expenditure end`;

/** The cell columns that are not of one field, with their expressions (as in migration 0003). */
const ownColumns: [string, string][] = [
  ['reports', 'count(*)'],
  ['reports_eligible', 'count(*) filter (where x.eligible)'],
  ['counted_local_funding', `sum(${counted}) filter (where ${fundingCounts})`],
  ['share_sum', 'sum(x.share)'],
  ['share_count', 'count(x.share)'],
  ['at_or_above_25', 'count(*) filter (where x.share >= 0.25)'],
  ['under10', 'count(*) filter (where x.share >= 0 and x.share < 0.1)'],
  ['from10to25', 'count(*) filter (where x.share >= 0.1 and x.share < 0.25)'],
  ['from25to50', 'count(*) filter (where x.share >= 0.25 and x.share < 0.5)'],
  ['at_least50', 'count(*) filter (where x.share >= 0.5)'],
  ['credit_applies', `count(*) filter (where ${applies('credit')} and r.credit_status is not null)`],
  ...sections.flatMap((s) => statuses.map((st): [string, string] => [`${s}_${st}`, `count(*) filter (where r.${s}_status = '${st}')`])),
];

/** The cells of keys k(year, region, organization_type) ($1, $2, $3 in the dynamic statement). */
const keys = (years: string, regions: string, types: string) =>
  `(select distinct * from unnest(${years}, ${regions}, ${types}) as u(year, region, organization_type)) k`;
const reportsOfKeys = (k: string) => `
      from approved_reports r
      join organizations o on o.id = r.organization_id
      join ${k} on k.year = r.year and k.region = o.region and k.organization_type = o.type
      cross join lateral (
        select
          o.signed_on <= d.due_on and (o.withdrawn_on is null or o.withdrawn_on > d.due_on) as eligible,
          ${share} as share
        from (select coalesce((select c.due_on from reporting_cycles c where c.year = r.year),
                              make_date(r.year + 1, 12, 31)) as due_on) d
      ) x`;

// Each field's sum, as SQL text built from its row (format: %I quotes a name, %L a literal).
const fieldSum = `case
      when f.kind = 'boolean' then format('count(*) filter (where r.%I is distinct from %L and r.%I is not null and r.%I)',
        f.section || '_status', 'not_applicable', f.section || '_status', f.column_name)
      when f.section = 'funding' then format('sum(coalesce(r.%I, 0)) filter (where r.%I is distinct from %L and r.in_scope_expenditure is not null)',
        f.column_name, f.section || '_status', 'not_applicable')
      else format('sum(r.%I) filter (where r.%I is distinct from %L)', f.column_name, f.section || '_status', 'not_applicable')
    end`;

const script = `
${renamed.map(([from, to]) => `alter table metric_cells rename column ${from} to ${to};`).join('\n')}

-- Each summed field, by the comment on its column: 'field <section> <kind>'.
${fields.map(([c, sec, k]) => `comment on column metric_cells.${c} is 'field ${sec} ${k}';`).join('\n')}

create or replace function refresh_metric_cells(p_years integer[], p_regions text[], p_types text[]) returns void
language plpgsql as $$
declare
  field_columns text;
  field_sums text;
begin
  if coalesce(cardinality(p_years), 0) = 0 then
    return;
  end if;
  -- One refresh at a time. Under READ COMMITTED each statement below then sees every approval committed
  -- before this one got the lock, so two concurrent approvals in one cell both count.
  perform pg_advisory_xact_lock(20261127003);
  delete from metric_cells c using ${keys('p_years', 'p_regions', 'p_types')}
    where c.year = k.year and c.region = k.region and c.organization_type = k.organization_type;
  delete from metric_shares s using ${keys('p_years', 'p_regions', 'p_types')}
    where s.year = k.year and s.region = k.region and s.organization_type = k.organization_type;
  select coalesce(string_agg(format(', %I', f.column_name), '' order by f.column_name), ''),
         coalesce(string_agg(', ' || ${fieldSum}, '' order by f.column_name), '')
    into field_columns, field_sums
    from (select a.attname::text as column_name, split_part(d.text, ' ', 2) as section, split_part(d.text, ' ', 3) as kind
          from pg_attribute a
          cross join lateral (select col_description(a.attrelid, a.attnum) as text) d
          where a.attrelid = 'metric_cells'::regclass and a.attnum > 0 and not a.attisdropped
            and d.text like 'field %') f;
  execute format($q$
    insert into metric_cells (year, region, organization_type, currency, ${ownColumns.map(([n]) => n).join(', ')}%s)
    select r.year, o.region, o.type, coalesce(r.currency::text, ''),
      ${ownColumns.map(([, e]) => e).join(',\n      ')}%s
    ${reportsOfKeys(keys('$1', '$2', '$3'))}
    group by r.year, o.region, o.type, coalesce(r.currency::text, '')$q$, field_columns, field_sums)
    using p_years, p_regions, p_types;
  insert into metric_shares (report_id, year, region, organization_type, share)
    select r.report_id, r.year, o.region, o.type, x.share::float8
    ${reportsOfKeys(keys('p_years', 'p_regions', 'p_types'))}
    where x.share is not null;
  delete from metric_medians m where m.year = any(p_years);
  insert into metric_medians (year, region, organization_type, median)
    select s.year,
      case when grouping(s.region) = 0 then s.region else '' end,
      case when grouping(s.organization_type) = 0 then s.organization_type else '' end,
      percentile_cont(0.5) within group (order by s.share)
    from metric_shares s
    where s.year = any(p_years)
    group by grouping sets ((s.year), (s.year, s.region), (s.year, s.organization_type), (s.year, s.region, s.organization_type));
end $$;
`;

// The statuses' columns are in ownColumns; this keeps the list in step with migration 0003's.
if (ownColumns.length !== 11 + statusColumns.length) throw new Error('metric_cells: a column is missing');

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, script);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to migration 0003's names; its refresh_metric_cells is restored by running it down and up.
  await runScript(
    db,
    `${fields.map(([c]) => `comment on column metric_cells.${c} is null;`).join('\n')}
     ${renamed.map(([from, to]) => `alter table metric_cells rename column ${to} to ${from};`).join('\n')}`,
  );
}
