// Aggregates of the published reports, maintained in the same transaction as every change to them, so
// that the public metrics read a few hundred cells instead of every report, and the next call after an
// approval shows it. Frozen: a migration never imports application code.
//
// metric_cells: per (year, region, organisation type, report currency), the sums and counts of the
// approved_reports rows — in the report currency: exchange rates are applied when reading, so a corrected
// rate needs no rebuild, and Σ(amount × rate) = rate × Σ amount exactly in numeric arithmetic.
// metric_shares: each published report's own counted local share (float8, as percentile_cont orders it),
// and metric_medians: their median (percentile_cont(0.5)) per year for every filter the API offers (all,
// per region, per type, per region and type; '' stands for "all"), recomputed for the years a change
// touches — a median cannot be added up from parts.
// metric_eligible: per (year, region, organisation type), the organisations eligible to report that year
// (signed on or before the cycle's due date — 31 December of the following year without a cycle — and not
// withdrawn on or before it), for every year the API accepts (2015–2100); groups without any are absent.
//
// A cell is never adjusted by a difference: whenever a report, its organisation or the cycle's due date
// changes, its cells are recomputed from approved_reports with the formulas of shared/src/metrics.ts,
// under one advisory lock so that concurrent approvals cannot overwrite each other's counts.
// The share buckets (0.1, 0.25, 0.5) and the 25 % target are written here: changing them in
// shared/src/enums.ts needs a migration that redefines refresh_metric_cells (a test checks they agree).
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

const sections = ['collaboration', 'funding', 'needs', 'credit', 'capacity'];
const statuses = ['not_started', 'planning', 'in_progress', 'fulfilled', 'not_applicable'];
const partners = [
  'partners_migrant_led',
  'partners_host_community_led',
  'partners_women_led',
  'partners_youth_led',
  'partners_disability_led',
  'partners_informal_or_movement',
  'partners_community_or_traditional',
];
const statusColumns = sections.flatMap((s) => statuses.map((st) => `${s}_${st}`));

/** The cell columns after the key, with their types, in order. */
const cellColumns: [string, string][] = [
  ['reports', 'integer'],
  ['reports_eligible', 'integer'],
  ['in_scope', 'numeric'],
  ['counted', 'numeric'],
  ['direct', 'numeric'],
  ['pooled', 'numeric'],
  ['one_intermediary', 'numeric'],
  ['two_plus', 'numeric'],
  ['multi_year', 'numeric'],
  ['share_sum', 'numeric'],
  ['share_count', 'integer'],
  ['at_or_above_25', 'integer'],
  ['under10', 'integer'],
  ['from10to25', 'integer'],
  ['from25to50', 'integer'],
  ['at_least50', 'integer'],
  ['local_partners', 'bigint'],
  ['forums', 'bigint'],
  ['forums_co_led', 'bigint'],
  ...partners.map((p): [string, string] => [p, 'bigint']),
  ['assessments_total', 'bigint'],
  ['assessments_joint', 'bigint'],
  ['credit_applies', 'integer'],
  ['with_policy', 'integer'],
  ['publications_reviewed', 'bigint'],
  ['publications_crediting', 'bigint'],
  ['requests_received', 'bigint'],
  ['requests_supported', 'bigint'],
  ['capacity_spend', 'numeric'],
  ...statusColumns.map((c): [string, string] => [c, 'integer']),
];

const applies = (section: string) => `r.${section}_status is distinct from 'not_applicable'`;
/** Funding figures count where the section applies and has a denominator. */
const fundingCounts = `(${applies('funding')} and r.in_scope_expenditure is not null)`;
const counted = `(coalesce(r.to_local_direct, 0) + coalesce(r.to_local_pooled, 0) + coalesce(r.to_local_one_intermediary, 0))`;
const share = `case when ${fundingCounts} and r.in_scope_expenditure > 0
    and num_nonnulls(r.to_local_direct, r.to_local_pooled, r.to_local_one_intermediary) > 0
    then ${counted} / r.in_scope_expenditure end`;

/** The expression of each cell column over the approved reports `r` of one cell (with `eligible`, `share`). */
const cellExpressions: Record<string, string> = {
  reports: 'count(*)',
  reports_eligible: 'count(*) filter (where x.eligible)',
  in_scope: `sum(r.in_scope_expenditure) filter (where ${fundingCounts})`,
  counted: `sum(${counted}) filter (where ${fundingCounts})`,
  direct: `sum(coalesce(r.to_local_direct, 0)) filter (where ${fundingCounts})`,
  pooled: `sum(coalesce(r.to_local_pooled, 0)) filter (where ${fundingCounts})`,
  one_intermediary: `sum(coalesce(r.to_local_one_intermediary, 0)) filter (where ${fundingCounts})`,
  two_plus: `sum(coalesce(r.to_local_two_plus_intermediaries, 0)) filter (where ${fundingCounts})`,
  multi_year: `sum(coalesce(r.multi_year_to_local, 0)) filter (where ${fundingCounts})`,
  share_sum: 'sum(x.share)',
  share_count: 'count(x.share)',
  at_or_above_25: 'count(*) filter (where x.share >= 0.25)',
  under10: 'count(*) filter (where x.share >= 0 and x.share < 0.1)',
  from10to25: 'count(*) filter (where x.share >= 0.1 and x.share < 0.25)',
  from25to50: 'count(*) filter (where x.share >= 0.25 and x.share < 0.5)',
  at_least50: 'count(*) filter (where x.share >= 0.5)',
  local_partners: `sum(r.local_partners) filter (where ${applies('collaboration')})`,
  forums: `sum(r.forums) filter (where ${applies('collaboration')})`,
  forums_co_led: `sum(r.forums_co_led) filter (where ${applies('collaboration')})`,
  ...Object.fromEntries(partners.map((p) => [p, `sum(r.${p}) filter (where ${applies('collaboration')})`])),
  assessments_total: `sum(r.assessments_total) filter (where ${applies('needs')})`,
  assessments_joint: `sum(r.assessments_joint) filter (where ${applies('needs')})`,
  credit_applies: `count(*) filter (where ${applies('credit')} and r.credit_status is not null)`,
  with_policy: `count(*) filter (where ${applies('credit')} and r.credit_status is not null and r.has_credit_policy)`,
  publications_reviewed: `sum(r.publications_reviewed) filter (where ${applies('credit')})`,
  publications_crediting: `sum(r.publications_crediting) filter (where ${applies('credit')})`,
  requests_received: `sum(r.requests_received) filter (where ${applies('capacity')})`,
  requests_supported: `sum(r.requests_supported) filter (where ${applies('capacity')})`,
  capacity_spend: `sum(r.capacity_spend) filter (where ${applies('capacity')})`,
  ...Object.fromEntries(
    sections.flatMap((s) => statuses.map((st) => [`${s}_${st}`, `count(*) filter (where r.${s}_status = '${st}')`])),
  ),
};

/** The cells of keys k(year, region, organization_type), recomputed from approved_reports. */
const keys = `(select distinct * from unnest(p_years, p_regions, p_types) as u(year, region, organization_type)) k`;
const reportsOfKeys = `
      from approved_reports r
      join organizations o on o.id = r.organization_id
      join ${keys} on k.year = r.year and k.region = o.region and k.organization_type = o.type
      cross join lateral (
        select
          -- Eligible: signed on or before the cycle's due date (31 December of the following year without
          -- a cycle) and not withdrawn on or before it.
          o.signed_on <= d.due_on and (o.withdrawn_on is null or o.withdrawn_on > d.due_on) as eligible,
          ${share} as share
        from (select coalesce((select c.due_on from reporting_cycles c where c.year = r.year),
                              make_date(r.year + 1, 12, 31)) as due_on) d
      ) x`;

/**
 * Eligible organisations of `rows` per (year, region, type), for the years 2015–2100 (those the API
 * accepts) that satisfy `yearCondition`.
 */
const eligibleCounts = (rows: string, yearCondition: string) => `
    select y.year, o.region, o.type as organization_type, count(*)::integer as organizations
    from ${rows} o
    join (select y.year, coalesce(c.due_on, make_date(y.year + 1, 12, 31)) as due_on
          from generate_series(2015, 2100) as y(year)
          left join reporting_cycles c on c.year = y.year) y
      on o.signed_on <= y.due_on and (o.withdrawn_on is null or o.withdrawn_on > y.due_on)
    where ${yearCondition}
    group by 1, 2, 3`;

/** Organisations whose group or dates changed in an UPDATE, with their group before and after. */
const changedOrganizations = `changed as (
      select n.id, n.region, n.type from new_rows n join old_rows o using (id)
        where (n.region, n.type, n.signed_on, n.withdrawn_on) is distinct from (o.region, o.type, o.signed_on, o.withdrawn_on)
      union
      select o.id, o.region, o.type from new_rows n join old_rows o using (id)
        where (n.region, n.type, n.signed_on, n.withdrawn_on) is distinct from (o.region, o.type, o.signed_on, o.withdrawn_on))`;

const script = `
create table metric_cells (
  year integer not null,
  region text not null,
  organization_type text not null,
  -- '' for reports without a currency (none are approved without one, but the key must not be null).
  currency text not null,
  ${cellColumns.map(([name, type]) => `${name} ${type}`).join(',\n  ')},
  primary key (year, region, organization_type, currency)
);

create table metric_shares (
  report_id integer primary key,
  year integer not null,
  region text not null,
  organization_type text not null,
  share float8 not null
);
create index metric_shares_cell_idx on metric_shares (year, region, organization_type);

create table metric_medians (
  year integer not null,
  region text not null,
  organization_type text not null,
  median float8 not null,
  primary key (year, region, organization_type)
);

create table metric_eligible (
  year integer not null,
  region text not null,
  organization_type text not null,
  organizations integer not null,
  primary key (year, region, organization_type)
);

create function refresh_metric_cells(p_years integer[], p_regions text[], p_types text[]) returns void
language plpgsql as $$
begin
  if coalesce(cardinality(p_years), 0) = 0 then
    return;
  end if;
  -- One refresh at a time. Under READ COMMITTED each statement below then sees every approval committed
  -- before this one got the lock, so two concurrent approvals in one cell both count.
  perform pg_advisory_xact_lock(20261127003);
  delete from metric_cells c using ${keys}
    where c.year = k.year and c.region = k.region and c.organization_type = k.organization_type;
  delete from metric_shares s using ${keys}
    where s.year = k.year and s.region = k.region and s.organization_type = k.organization_type;
  insert into metric_cells (year, region, organization_type, currency, ${cellColumns.map(([n]) => n).join(', ')})
    select r.year, o.region, o.type, coalesce(r.currency::text, ''),
      ${cellColumns.map(([n]) => cellExpressions[n]).join(',\n      ')}
    ${reportsOfKeys}
    group by r.year, o.region, o.type, coalesce(r.currency::text, '');
  insert into metric_shares (report_id, year, region, organization_type, share)
    select r.report_id, r.year, o.region, o.type, x.share::float8
    ${reportsOfKeys}
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

-- The eligible counts of the given years, recomputed from every organisation (a cycle's due date changed).
create function refresh_metric_eligible(p_years integer[]) returns void language plpgsql as $$
begin
  if coalesce(cardinality(p_years), 0) = 0 then
    return;
  end if;
  perform pg_advisory_xact_lock(20261127003);
  delete from metric_eligible e where e.year = any(p_years);
  insert into metric_eligible (year, region, organization_type, organizations)
    ${eligibleCounts('organizations', 'y.year = any(p_years)')};
end $$;

-- approved_reports: the cells of the changed rows (before and after the change).
create function metric_cells_after_report_change() returns trigger language plpgsql as $$
declare
  ys integer[]; rs text[]; ts text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.year), array_agg(o.region), array_agg(o.type) into ys, rs, ts
      from (select distinct year, organization_id from new_rows) n join organizations o on o.id = n.organization_id;
  elsif tg_op = 'UPDATE' then
    select array_agg(n.year), array_agg(o.region), array_agg(o.type) into ys, rs, ts
      from (select year, organization_id from new_rows union select year, organization_id from old_rows) n
      join organizations o on o.id = n.organization_id;
  else
    select array_agg(n.year), array_agg(o.region), array_agg(o.type) into ys, rs, ts
      from (select distinct year, organization_id from old_rows) n join organizations o on o.id = n.organization_id;
  end if;
  perform refresh_metric_cells(ys, rs, ts);
  return null;
end $$;
create trigger approved_reports_metric_insert after insert on approved_reports
  referencing new table as new_rows for each statement execute function metric_cells_after_report_change();
create trigger approved_reports_metric_update after update on approved_reports
  referencing old table as old_rows new table as new_rows for each statement execute function metric_cells_after_report_change();
create trigger approved_reports_metric_delete after delete on approved_reports
  referencing old table as old_rows for each statement execute function metric_cells_after_report_change();

-- organizations: a new signatory, or a new region, type, signing or withdrawal date, changes the eligible
-- counts of its groups (whole numbers: added and taken away exactly) and the cells of its published reports.
create function metric_after_organization_change() returns trigger language plpgsql as $$
declare
  ys integer[]; rs text[]; ts text[];
begin
  perform pg_advisory_xact_lock(20261127003);
  if tg_op in ('INSERT', 'UPDATE') then
    insert into metric_eligible (year, region, organization_type, organizations)
      ${eligibleCounts('new_rows', 'true')}
      on conflict (year, region, organization_type)
      do update set organizations = metric_eligible.organizations + excluded.organizations;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    update metric_eligible e set organizations = e.organizations - x.organizations
      from (${eligibleCounts('old_rows', 'true')}) x
      where e.year = x.year and e.region = x.region and e.organization_type = x.organization_type;
    delete from metric_eligible e where e.organizations = 0;
  end if;
  if tg_op = 'UPDATE' then
    with ${changedOrganizations}
    select array_agg(c.year), array_agg(c.region), array_agg(c.type) into ys, rs, ts
      from (select distinct a.year, k.region, k.type from changed k join approved_reports a on a.organization_id = k.id) c;
    perform refresh_metric_cells(ys, rs, ts);
  end if;
  return null;
end $$;
create trigger organizations_metric_insert after insert on organizations
  referencing new table as new_rows for each statement execute function metric_after_organization_change();
create trigger organizations_metric_update after update on organizations
  referencing old table as old_rows new table as new_rows for each statement execute function metric_after_organization_change();
create trigger organizations_metric_delete after delete on organizations
  referencing old table as old_rows for each statement execute function metric_after_organization_change();

-- reporting_cycles: a due date decides which organisations are eligible that year, and so which published
-- reports count as from eligible organisations. (A cycle with reports can be neither inserted nor deleted:
-- the reports reference it.)
create function metric_after_cycle_change() returns trigger language plpgsql as $$
declare
  ys integer[]; cys integer[]; crs text[]; cts text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(year) into ys from new_rows;
  elsif tg_op = 'DELETE' then
    select array_agg(year) into ys from old_rows;
  else
    select array_agg(distinct c.year) into ys from (
      (select year, due_on from new_rows except select year, due_on from old_rows)
      union all
      (select year, due_on from old_rows except select year, due_on from new_rows)) c;
  end if;
  perform refresh_metric_eligible(ys);
  if tg_op = 'UPDATE' then
    select array_agg(c.year), array_agg(c.region), array_agg(c.type) into cys, crs, cts
      from (select distinct r.year, o.region, o.type from approved_reports r join organizations o on o.id = r.organization_id
            where r.year = any(ys)) c;
    perform refresh_metric_cells(cys, crs, cts);
  end if;
  return null;
end $$;
create trigger reporting_cycles_metric_insert after insert on reporting_cycles
  referencing new table as new_rows for each statement execute function metric_after_cycle_change();
create trigger reporting_cycles_metric_update after update on reporting_cycles
  referencing old table as old_rows new table as new_rows for each statement execute function metric_after_cycle_change();
create trigger reporting_cycles_metric_delete after delete on reporting_cycles
  referencing old table as old_rows for each statement execute function metric_after_cycle_change();

-- The figures of what is already there.
select refresh_metric_eligible(array_agg(y)) from generate_series(2015, 2100) as y;
-- The cells of the reports already published.
select refresh_metric_cells(array_agg(k.year), array_agg(k.region), array_agg(k.type))
  from (select distinct r.year, o.region, o.type from approved_reports r join organizations o on o.id = r.organization_id) k;
`;

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, script);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `drop trigger if exists approved_reports_metric_insert on approved_reports;
     drop trigger if exists approved_reports_metric_update on approved_reports;
     drop trigger if exists approved_reports_metric_delete on approved_reports;
     drop trigger if exists organizations_metric_insert on organizations;
     drop trigger if exists organizations_metric_update on organizations;
     drop trigger if exists organizations_metric_delete on organizations;
     drop trigger if exists reporting_cycles_metric_insert on reporting_cycles;
     drop trigger if exists reporting_cycles_metric_update on reporting_cycles;
     drop trigger if exists reporting_cycles_metric_delete on reporting_cycles;
     drop function if exists metric_cells_after_report_change(), metric_after_organization_change(),
       metric_after_cycle_change(), refresh_metric_cells(integer[], text[], text[]),
       refresh_metric_eligible(integer[]);
     drop table if exists metric_cells, metric_shares, metric_medians, metric_eligible;`,
  );
}
