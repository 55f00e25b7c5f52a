// The rules around the metrics: who may see what (small-number suppression for everyone but
// coordinators, per-organisation figures only of `public` organisations for donors, submitted data only
// for coordinators), and the filling in of years and groups without data. The figures come from SQL
// (metrics.queries.ts); nothing here adds up rows.
import type { Database } from '@lpt/db/connect';
import { SUPPRESSION_THRESHOLD, type OrganizationType, type Region, type SuppressionReason } from '@lpt/shared/enums';
import { figures, isAdditive, nestFigures, type FigureValues } from '@lpt/shared/figures';
import {
  breakdownKeys,
  type BreakdownDimension,
  type MetricsBasis,
  type MetricsBreakdown,
  type MetricsOrganizations,
  type MetricsSummary,
  type MetricsTrend,
  type OwnComparison,
} from '@lpt/shared/metrics';
import { AppError } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { assertCanReadReport, audienceOf, type Audience } from '../auth/access.ts';
import * as q from './metrics.queries.ts';
import { planSuppression, type CellFilter, type SuppressionPlan } from './suppression.ts';

interface Filters {
  region?: Region | undefined;
  organizationType?: OrganizationType | undefined;
  includeSubmitted?: boolean | undefined;
}

/** Submitted-but-unapproved data is the coordinators' working view, never published. */
function basisFor(user: SessionUser | null, includeSubmitted: boolean | undefined): MetricsBasis {
  if (!includeSubmitted) return 'approved';
  if (user?.role !== 'coordinator')
    throw new AppError('FORBIDDEN', 'Only coordinators may include reports that are not approved yet');
  return 'approved_and_submitted';
}

function emptyAggregate(year: number, key: string | null): q.AggregateRow {
  const values = Object.fromEntries(figures.map((f) => [f.path, isAdditive(f) ? 0 : null])) as FigureValues;
  return { ...values, year, key, currenciesWithoutRate: [] };
}

/**
 * Why an aggregate row may not be shown to this audience: never for coordinators; for donors and the
 * public, when the row itself has fewer than 5 reporting organisations, or when the plan of
 * suppression.ts (from the organisations reporting in each region and type) withholds it beside one.
 * The counts are read beside the figures, not in the same snapshot, so the row's own count decides the
 * first rule: an approval landing in between can only withhold more, never show a small group.
 */
async function suppressionFor(
  db: Database,
  audience: Audience,
  years: { fromYear: number; toYear: number },
): Promise<(row: q.AggregateRow, filter: CellFilter) => SuppressionReason | null> {
  if (audience === 'coordinator') return () => null;
  const counts = await q.reportingCounts(db, years);
  const plans = new Map<number, SuppressionPlan>();
  for (const year of yearsFrom(years.fromYear, years.toYear))
    plans.set(year, planSuppression(counts.filter((c) => c.year === year)));
  return (row, filter) =>
    row.organizationsReporting < SUPPRESSION_THRESHOLD ? 'fewer_than_5' : (plans.get(row.year)?.reasonFor(filter) ?? null);
}

/** The summary as it may be shown: a withheld one keeps only the year and the eligible count. */
function present(row: q.AggregateRow, basis: MetricsBasis, suppressedBecause: SuppressionReason | null): MetricsSummary {
  const suppressed = suppressedBecause !== null;
  return {
    year: row.year,
    basis,
    suppressed,
    suppressedBecause,
    ...nestFigures((f) => (suppressed && f.shown !== 'always' ? null : row[f.path])),
    currenciesWithoutRate: suppressed ? [] : row.currenciesWithoutRate,
  };
}

const yearsFrom = (fromYear: number, toYear: number) =>
  Array.from({ length: toYear - fromYear + 1 }, (_, i) => fromYear + i);

export async function summary(
  db: Database,
  user: SessionUser | null,
  input: { year: number } & Filters,
): Promise<MetricsSummary> {
  const basis = basisFor(user, input.includeSubmitted);
  const years = { fromYear: input.year, toYear: input.year };
  const [rows, withheld] = await Promise.all([
    q.aggregateMetrics(db, {
      ...years,
      region: input.region,
      organizationType: input.organizationType,
      includeSubmitted: basis !== 'approved',
    }),
    suppressionFor(db, audienceOf(user), years),
  ]);
  const row = rows[0] ?? emptyAggregate(input.year, null);
  return present(row, basis, withheld(row, input));
}

export async function trend(
  db: Database,
  user: SessionUser | null,
  input: { fromYear: number; toYear: number } & Filters,
): Promise<MetricsTrend> {
  const basis = basisFor(user, input.includeSubmitted);
  const [rows, withheld] = await Promise.all([
    q.aggregateMetrics(db, {
      fromYear: input.fromYear,
      toYear: input.toYear,
      region: input.region,
      organizationType: input.organizationType,
      includeSubmitted: basis !== 'approved',
    }),
    suppressionFor(db, audienceOf(user), input),
  ]);
  const byYear = new Map(rows.map((r) => [r.year, r]));
  return {
    fromYear: input.fromYear,
    toYear: input.toYear,
    basis,
    points: yearsFrom(input.fromYear, input.toYear).map((year) => {
      const row = byYear.get(year) ?? emptyAggregate(year, null);
      return present(row, basis, withheld(row, input));
    }),
  };
}

export async function breakdown(
  db: Database,
  user: SessionUser | null,
  input: { year: number; by: BreakdownDimension; includeSubmitted?: boolean | undefined },
): Promise<MetricsBreakdown> {
  const basis = basisFor(user, input.includeSubmitted);
  const years = { fromYear: input.year, toYear: input.year };
  const [rows, withheld] = await Promise.all([
    q.aggregateMetrics(db, { ...years, includeSubmitted: basis !== 'approved' }, input.by),
    suppressionFor(db, audienceOf(user), years),
  ]);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return {
    year: input.year,
    by: input.by,
    basis,
    // Every region or type, in the enum's order, with or without data.
    rows: breakdownKeys[input.by].map((key) => {
      const row = byKey.get(key) ?? emptyAggregate(input.year, key);
      return { key, ...present(row, basis, withheld(row, { [input.by]: key })) };
    }),
  };
}

/** Per-organisation figures: donors see `public` organisations only, coordinators all. */
export async function organizations(
  db: Database,
  user: SessionUser,
  input: { year: number; includeSubmitted?: boolean | undefined },
): Promise<MetricsOrganizations> {
  if (user.role !== 'coordinator' && user.role !== 'donor')
    throw new AppError('FORBIDDEN', 'Per-organisation figures are for donors and coordinators');
  const basis = basisFor(user, input.includeSubmitted);
  const rows = await q.organizationFigures(
    db,
    { fromYear: input.year, toYear: input.year, includeSubmitted: basis !== 'approved' },
    { publicOnly: audienceOf(user) !== 'coordinator' },
  );
  return { year: input.year, basis, organizations: rows };
}

/**
 * An organisation's own approved shares beside the aggregate, per year. Its own figures are its own, so
 * never suppressed for it; the aggregate is suppressed as for any caller of its audience.
 */
export async function ownComparison(
  db: Database,
  user: SessionUser,
  input: { organizationId: number; fromYear: number; toYear: number },
): Promise<OwnComparison> {
  assertCanReadReport(user, input.organizationId);
  const organization = await q.findOrganizationName(db, input.organizationId);
  if (!organization) throw new AppError('NOT_FOUND', 'No such organisation');
  const scope = { fromYear: input.fromYear, toYear: input.toYear, includeSubmitted: false };
  const [own, aggregates, withheld] = await Promise.all([
    q.organizationFigures(db, scope, { publicOnly: false, organizationId: input.organizationId }),
    q.aggregateMetrics(db, scope),
    suppressionFor(db, audienceOf(user), scope),
  ]);
  const ownByYear = new Map(own.map((r) => [r.year, r]));
  const aggregateByYear = new Map(aggregates.map((r) => [r.year, r]));
  return {
    organizationId: organization.id,
    name: organization.name,
    fromYear: input.fromYear,
    toYear: input.toYear,
    points: yearsFrom(input.fromYear, input.toYear).map((year) => {
      const mine = ownByYear.get(year);
      const row = aggregateByYear.get(year) ?? emptyAggregate(year, null);
      const aggregate = present(row, 'approved', withheld(row, {}));
      return {
        year,
        own: mine
          ? {
              localShare: mine.localShare,
              directShare: mine.directShare,
              inScopeExpenditureUsd: mine.inScopeExpenditureUsd,
              countedLocalUsd: mine.countedLocalUsd,
            }
          : null,
        aggregate: {
          suppressed: aggregate.suppressed,
          organizationsReporting: aggregate.organizationsReporting,
          weightedShare: aggregate.funding.weightedShare,
          directShare: aggregate.funding.directShare,
          meanShare: aggregate.funding.meanShare,
          medianShare: aggregate.funding.medianShare,
        },
      };
    }),
  };
}
