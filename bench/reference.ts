// The straightforward metrics: plain SQL, one year and one filter at a time, written from the formulas in
// SPEC §4 and shared/src/metrics.ts without any of the server's machinery (no shared CTEs, no grouping
// sets, no full join, no maintained aggregates). A trend is this once per year, a breakdown row is this
// with the row's filter. The equivalence test and the benchmark check that metrics.summary, trend and
// breakdown return exactly these figures (as a coordinator sees them: nothing suppressed).
import { sql } from 'kysely';
import type { Database } from '@lpt/db/connect';
import { typeGroupMembers, type TypeGroup } from '@lpt/shared/enums';

export interface ReferenceFilter {
  year: number;
  region?: string | undefined;
  organizationType?: string | undefined;
  /** A type group: its member types (shared/src/enums.ts typeGroupMembers). */
  typeGroup?: string | undefined;
}

const statuses = ['not_started', 'planning', 'in_progress', 'fulfilled', 'not_applicable'] as const;
const sections = ['collaboration', 'funding', 'needs', 'credit', 'capacity'] as const;
const partners = {
  migrantLed: 'partners_migrant_led',
  hostCommunityLed: 'partners_host_community_led',
  womenLed: 'partners_women_led',
  youthLed: 'partners_youth_led',
  disabilityLed: 'partners_disability_led',
  informalOrMovement: 'partners_informal_or_movement',
  communityOrTraditional: 'partners_community_or_traditional',
} as const;

/** The figures of metrics.summary (coordinator view) for one year and filter. */
export async function referenceSummary(db: Database, filter: ReferenceFilter) {
  const raw = db.withoutPlugins();
  const where = sql.join(
    [
      sql`true`,
      ...(filter.region ? [sql`o.region = ${filter.region}`] : []),
      ...(filter.organizationType ? [sql`o.type = ${filter.organizationType}`] : []),
      ...(filter.typeGroup ? [sql`o.type in (${sql.join([...typeGroupMembers[filter.typeGroup as TypeGroup]])})`] : []),
    ],
    sql` and `,
  );
  // The cycle's due date; without a cycle, 31 December of the following year.
  const due = sql`coalesce((select c.due_on from reporting_cycles c where c.year = ${filter.year}::int),
                           make_date(${filter.year}::int + 1, 12, 31))`;
  const eligibleOrg = sql`(o.signed_on <= ${due} and (o.withdrawn_on is null or o.withdrawn_on > ${due}))`;

  const eligible = await sql<{ n: number }>`
    select count(*)::int as n from organizations o where ${eligibleOrg} and ${where}`.execute(raw);
  const eligibleCount = eligible.rows[0]!.n;

  const { rows } = await sql<Record<string, unknown>>`
    with scope as (
      select
        a.*,
        ${eligibleOrg} as eligible,
        case when a.currency = 'USD' then 1::numeric
             else (select x.usd_per_unit from exchange_rates x where x.year = a.year and x.currency = a.currency) end as usd,
        a.funding_status is distinct from 'not_applicable' and a.in_scope_expenditure is not null as funding_counts,
        coalesce(a.to_local_direct, 0) + coalesce(a.to_local_pooled, 0) + coalesce(a.to_local_one_intermediary, 0) as counted
      from approved_reports a
      join organizations o on o.id = a.organization_id
      where a.year = ${filter.year}::int and ${where}
    ),
    shares as (
      select s.*,
        case when s.funding_counts and s.in_scope_expenditure > 0
              and num_nonnulls(s.to_local_direct, s.to_local_pooled, s.to_local_one_intermediary) > 0
             then s.counted / s.in_scope_expenditure end as share
      from scope s
    )
    select
      count(*)::int as reporting,
      count(*) filter (where eligible)::numeric / nullif(${eligibleCount}::int, 0)::numeric as reporting_rate,
      round(coalesce(sum(in_scope_expenditure * usd) filter (where funding_counts), 0), 2) as in_scope_usd,
      round(coalesce(sum(counted * usd) filter (where funding_counts), 0), 2) as counted_usd,
      round(coalesce(sum(coalesce(to_local_direct, 0) * usd) filter (where funding_counts), 0), 2) as direct_usd,
      round(coalesce(sum(coalesce(to_local_pooled, 0) * usd) filter (where funding_counts), 0), 2) as pooled_usd,
      round(coalesce(sum(coalesce(to_local_one_intermediary, 0) * usd) filter (where funding_counts), 0), 2) as one_usd,
      round(coalesce(sum(coalesce(to_local_two_plus_intermediaries, 0) * usd) filter (where funding_counts), 0), 2) as two_plus_usd,
      round(coalesce(sum(coalesce(multi_year_to_local, 0) * usd) filter (where funding_counts), 0), 2) as multi_year_usd,
      sum(counted * usd) filter (where funding_counts)
        / nullif(sum(in_scope_expenditure * usd) filter (where funding_counts), 0) as weighted_share,
      sum(coalesce(to_local_direct, 0) * usd) filter (where funding_counts)
        / nullif(sum(in_scope_expenditure * usd) filter (where funding_counts), 0) as direct_share,
      avg(share) as mean_share,
      percentile_cont(0.5) within group (order by share::float8) as median_share,
      count(*) filter (where share >= 0.25)::int as at_or_above_25,
      count(share)::int as funding_organizations,
      count(*) filter (where share >= 0 and share < 0.1)::int as under10,
      count(*) filter (where share >= 0.1 and share < 0.25)::int as from10to25,
      count(*) filter (where share >= 0.25 and share < 0.5)::int as from25to50,
      count(*) filter (where share >= 0.5)::int as at_least50,
      coalesce(sum(local_partners) filter (where collaboration_status is distinct from 'not_applicable'), 0) as local_partners,
      coalesce(sum(forums) filter (where collaboration_status is distinct from 'not_applicable'), 0) as forums,
      coalesce(sum(forums_co_led) filter (where collaboration_status is distinct from 'not_applicable'), 0) as forums_co_led,
      sum(forums_co_led) filter (where collaboration_status is distinct from 'not_applicable')::numeric
        / nullif(sum(forums) filter (where collaboration_status is distinct from 'not_applicable'), 0)::numeric as co_led_share,
      ${sql.join(
        Object.entries(partners).map(
          ([key, column]) =>
            sql`coalesce(sum(${sql.ref(column)}) filter (where collaboration_status is distinct from 'not_applicable'), 0) as ${sql.id(`partners.${key}`)}`,
        ),
      )},
      coalesce(sum(assessments_total) filter (where needs_status is distinct from 'not_applicable'), 0) as assessments_total,
      coalesce(sum(assessments_joint) filter (where needs_status is distinct from 'not_applicable'), 0) as assessments_joint,
      sum(assessments_joint) filter (where needs_status is distinct from 'not_applicable')::numeric
        / nullif(sum(assessments_total) filter (where needs_status is distinct from 'not_applicable'), 0)::numeric as joint_share,
      count(*) filter (where credit_status <> 'not_applicable' and has_credit_policy)::int as with_policy,
      count(*) filter (where credit_status <> 'not_applicable' and has_credit_policy)::numeric
        / nullif(count(*) filter (where credit_status <> 'not_applicable'), 0)::numeric as policy_share,
      coalesce(sum(publications_reviewed) filter (where credit_status is distinct from 'not_applicable'), 0) as publications_reviewed,
      coalesce(sum(publications_crediting) filter (where credit_status is distinct from 'not_applicable'), 0) as publications_crediting,
      sum(publications_crediting) filter (where credit_status is distinct from 'not_applicable')::numeric
        / nullif(sum(publications_reviewed) filter (where credit_status is distinct from 'not_applicable'), 0)::numeric as crediting_share,
      coalesce(sum(requests_received) filter (where capacity_status is distinct from 'not_applicable'), 0) as requests_received,
      coalesce(sum(requests_supported) filter (where capacity_status is distinct from 'not_applicable'), 0) as requests_supported,
      sum(requests_supported) filter (where capacity_status is distinct from 'not_applicable')::numeric
        / nullif(sum(requests_received) filter (where capacity_status is distinct from 'not_applicable'), 0)::numeric as supported_share,
      round(coalesce(sum(capacity_spend * usd) filter (where capacity_status is distinct from 'not_applicable'), 0), 2) as capacity_usd,
      ${sql.join(
        sections.flatMap((section) =>
          statuses.map(
            (status) =>
              sql`count(*) filter (where ${sql.ref(`${section}_status`)} = ${status})::int as ${sql.id(`status.${section}.${status}`)}`,
          ),
        ),
      )},
      coalesce(array_agg(distinct currency::text order by currency::text) filter (where usd is null and currency is not null), '{}') as missing_rates
    from shares`.execute(raw);
  const r = rows[0]!;
  const n = (v: unknown) => Number(v ?? 0);
  const orNull = (v: unknown) => (v == null ? null : Number(v));
  return {
    year: filter.year,
    organizationsEligible: eligibleCount,
    organizationsReporting: n(r.reporting),
    reportingRate: orNull(r.reporting_rate),
    funding: {
      inScopeExpenditureUsd: n(r.in_scope_usd),
      countedLocalUsd: n(r.counted_usd),
      directUsd: n(r.direct_usd),
      pooledUsd: n(r.pooled_usd),
      oneIntermediaryUsd: n(r.one_usd),
      twoPlusIntermediariesUsd: n(r.two_plus_usd),
      weightedShare: orNull(r.weighted_share),
      directShare: orNull(r.direct_share),
      meanShare: orNull(r.mean_share),
      medianShare: orNull(r.median_share),
      atOrAbove25: n(r.at_or_above_25),
    },
    collaboration: {
      localPartners: n(r.local_partners),
      forums: n(r.forums),
      forumsCoLed: n(r.forums_co_led),
      coLedShare: orNull(r.co_led_share),
    },
    needs: { assessmentsTotal: n(r.assessments_total), assessmentsJoint: n(r.assessments_joint), jointShare: orNull(r.joint_share) },
    credit: {
      withPolicy: n(r.with_policy),
      policyShare: orNull(r.policy_share),
      publicationsReviewed: n(r.publications_reviewed),
      publicationsCrediting: n(r.publications_crediting),
      creditingShare: orNull(r.crediting_share),
    },
    capacity: {
      requestsReceived: n(r.requests_received),
      requestsSupported: n(r.requests_supported),
      supportedShare: orNull(r.supported_share),
      capacitySpendUsd: n(r.capacity_usd),
    },
    statusCounts: Object.fromEntries(
      sections.map((section) => [section, Object.fromEntries(statuses.map((s) => [s, n(r[`status.${section}.${s}`])]))]),
    ),
    distribution: { under10: n(r.under10), from10to25: n(r.from10to25), from25to50: n(r.from25to50), atLeast50: n(r.at_least50) },
    partnersByLeadership: Object.fromEntries(Object.keys(partners).map((k) => [k, n(r[`partners.${k}`])])),
    fundingOrganizations: n(r.funding_organizations),
    multiYearToLocalUsd: n(r.multi_year_usd),
    currenciesWithoutRate: (r.missing_rates as string[] | null) ?? [],
  };
}

export type ReferenceSummary = Awaited<ReturnType<typeof referenceSummary>>;

export async function referenceTrend(
  db: Database,
  input: { fromYear: number; toYear: number; region?: string; organizationType?: string; typeGroup?: string },
) {
  const points: ReferenceSummary[] = [];
  for (let year = input.fromYear; year <= input.toYear; year++)
    points.push(await referenceSummary(db, { year, region: input.region, organizationType: input.organizationType, typeGroup: input.typeGroup }));
  return points;
}

export async function referenceBreakdown(
  db: Database,
  input: { year: number; by: 'region' | 'organizationType' | 'typeGroup' },
  keys: readonly string[],
) {
  const rows: (ReferenceSummary & { key: string })[] = [];
  for (const key of keys) rows.push({ key, ...(await referenceSummary(db, { year: input.year, [input.by]: key })) });
  return rows;
}

/**
 * What a donor or the public sees of a reference summary: fewer than 5 reporting withholds every figure;
 * so does `complement`, a cell withheld beside such a one (which the server chooses: tested on its own).
 */
export function suppressedView(summary: ReferenceSummary, complement = false) {
  const suppressedBecause = summary.organizationsReporting < 5 ? 'fewer_than_5' : complement ? 'complement' : null;
  const suppressed = suppressedBecause !== null;
  const blank = (value: unknown): unknown =>
    value === null || typeof value !== 'object' || Array.isArray(value)
      ? typeof value === 'number'
        ? null
        : value
      : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blank(v)]));
  if (!suppressed) return { suppressed, suppressedBecause, ...summary };
  const { year, organizationsEligible, ...figures } = summary;
  return { suppressed, suppressedBecause, year, organizationsEligible, ...(blank({ ...figures, currenciesWithoutRate: null }) as object), currenciesWithoutRate: [] };
}
