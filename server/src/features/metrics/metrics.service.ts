// The rules around the metrics: who reads what. Coordinators read live figures (and may include submitted
// reports); donors and the public read each year as of its last release (features/releases), planned
// and stored at publishing time, so that nothing about disclosure control is decided in the request
// path; per-organisation figures of `public` organisations only for donors. The figures come from SQL
// (features/figures); nothing here adds up rows.
import type { Database } from '@lpt/db/connect';
import { typeGroupOf, type OrganizationType, type Region, type TypeGroup, type Viewer } from '@lpt/shared/enums';
import { figureValue, nestFigures, type ShownPath } from '@lpt/shared/figures';
import {
  breakdownKeys,
  type BreakdownDimension,
  type MetricsBasis,
  type MetricsBreakdown,
  type MetricsOrganizations,
  type MetricsSummary,
  type MetricsTrend,
  type OwnComparison,
  type ReleaseFigures,
} from '@lpt/shared/metrics';
import { AppError, refusal } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { assertCanReadReport, viewerOf } from '../auth/access.ts';
import * as q from '../figures/figures.queries.ts';
import { emptyAggregate, present } from '../figures/summary.ts';
import * as released from '../releases/releases.queries.ts';

interface Filters {
  region?: Region | undefined;
  organizationType?: OrganizationType | undefined;
  typeGroup?: TypeGroup | undefined;
  includeSubmitted?: boolean | undefined;
}

/** Submitted-but-unapproved data is the coordinators' working view, never published. */
function basisFor(user: SessionUser | null, includeSubmitted: boolean | undefined): MetricsBasis {
  if (!includeSubmitted) return 'approved';
  if (user?.role !== 'coordinator')
    throw new AppError('FORBIDDEN', refusal('unapproved_for_coordinators'));
  return 'approved_and_submitted';
}

/** A stored summary (jsonb keeps keys in its own order) in the API's order, with its release. */
function inSummaryOrder(stored: MetricsSummary, release: MetricsSummary['release']): MetricsSummary {
  return {
    year: stored.year,
    basis: stored.basis,
    suppressed: stored.suppressed,
    suppressedBecause: stored.suppressedBecause,
    release,
    withheldFigures: stored.withheldFigures,
    ...nestFigures((f) => figureValue(stored, f.path as ShownPath)),
    currenciesWithoutRate: stored.currenciesWithoutRate,
  };
}


/** A cell of the released table: a region or all, and a type, a type group or all types. */
interface CellFilter {
  region?: Region | undefined;
  organizationType?: OrganizationType | undefined;
  typeGroup?: TypeGroup | undefined;
}

/**
 * The released summaries of one cell per year for a viewer; a year without a release says so
 * ('not_released') and shows nothing.
 */
async function releasedSummaries(db: Database, viewer: Viewer, years: { fromYear: number; toYear: number }, cells: CellFilter[]) {
  const keyOf = (c: CellFilter) => `${c.region ?? ''}|${c.organizationType ?? ''}|${c.typeGroup ?? ''}`;
  const rows = await released.releasedCells(
    db,
    viewer,
    years,
    cells.map((c) => ({ region: c.region ?? '', organizationType: c.organizationType ?? '', typeGroup: c.typeGroup ?? '' })),
  );
  const found = new Map(rows.map((r) => [`${r.summary.year}|${r.region}|${r.organizationType}|${r.typeGroup}`, inSummaryOrder(r.summary, r.release)]));
  return (year: number, cell: CellFilter): MetricsSummary =>
    found.get(`${year}|${keyOf(cell)}`) ?? present(emptyAggregate(year, null), 'approved', 'not_released');
}

const yearsFrom = (fromYear: number, toYear: number) =>
  Array.from({ length: toYear - fromYear + 1 }, (_, i) => fromYear + i);

export async function summary(
  db: Database,
  user: SessionUser | null,
  input: { year: number } & Filters,
): Promise<MetricsSummary> {
  const basis = basisFor(user, input.includeSubmitted);
  const viewer = viewerOf(user);
  const years = { fromYear: input.year, toYear: input.year };
  if (viewer) return (await releasedSummaries(db, viewer, years, [input]))(input.year, input);
  const rows = await q.aggregateMetrics(db, {
    ...years,
    region: input.region,
    organizationType: input.organizationType,
    typeGroup: input.typeGroup,
    includeSubmitted: basis !== 'approved',
  });
  return present(rows[0] ?? emptyAggregate(input.year, null), basis, null);
}

export async function trend(
  db: Database,
  user: SessionUser | null,
  input: { fromYear: number; toYear: number } & Filters,
): Promise<MetricsTrend> {
  const basis = basisFor(user, input.includeSubmitted);
  const viewer = viewerOf(user);
  const years = yearsFrom(input.fromYear, input.toYear);
  if (viewer) {
    const summaryOf = await releasedSummaries(db, viewer, input, [input]);
    return { fromYear: input.fromYear, toYear: input.toYear, basis, points: years.map((year) => summaryOf(year, input)) };
  }
  const rows = await q.aggregateMetrics(db, {
    fromYear: input.fromYear,
    toYear: input.toYear,
    region: input.region,
    organizationType: input.organizationType,
    typeGroup: input.typeGroup,
    includeSubmitted: basis !== 'approved',
  });
  const byYear = new Map(rows.map((r) => [r.year, r]));
  return {
    fromYear: input.fromYear,
    toYear: input.toYear,
    basis,
    points: years.map((year) => present(byYear.get(year) ?? emptyAggregate(year, null), basis, null)),
  };
}

export async function breakdown(
  db: Database,
  user: SessionUser | null,
  input: {
    year: number;
    by: BreakdownDimension;
    region?: Region | undefined;
    organizationType?: OrganizationType | undefined;
    typeGroup?: TypeGroup | undefined;
    includeSubmitted?: boolean | undefined;
  },
): Promise<MetricsBreakdown> {
  const basis = basisFor(user, input.includeSubmitted);
  const viewer = viewerOf(user);
  // Every region, type or type group, in the enum's order, with or without data, within the other
  // dimension's filter.
  const keys = breakdownKeys[input.by];
  const within: CellFilter = { region: input.region, organizationType: input.organizationType, typeGroup: input.typeGroup };
  if (viewer) {
    const cells = keys.map((key) => ({ ...within, [input.by]: key }) as CellFilter);
    const summaryOf = await releasedSummaries(db, viewer, { fromYear: input.year, toYear: input.year }, cells);
    return { year: input.year, by: input.by, basis, rows: keys.map((key, i) => ({ key, ...summaryOf(input.year, cells[i]!) })) };
  }
  const rows = await q.aggregateMetrics(
    db,
    { fromYear: input.year, toYear: input.year, ...within, includeSubmitted: basis !== 'approved' },
    input.by,
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return {
    year: input.year,
    by: input.by,
    basis,
    rows: keys.map((key) => ({ key, ...present(byKey.get(key) ?? emptyAggregate(input.year, key), basis, null) })),
  };
}

/** Per-organisation figures: donors see the `public` organisations of the year's last release, coordinators all, live. */
export async function organizations(
  db: Database,
  user: SessionUser,
  input: { year: number; includeSubmitted?: boolean | undefined },
): Promise<MetricsOrganizations> {
  if (user.role !== 'coordinator' && user.role !== 'donor')
    throw new AppError('FORBIDDEN', refusal('organization_figures_not_public'));
  const basis = basisFor(user, input.includeSubmitted);
  if (viewerOf(user)) {
    const release = await released.releasedOrganizations(db, input.year);
    return { year: input.year, basis, release: release?.release ?? null, organizations: release?.organizations ?? [] };
  }
  const rows = await q.organizationFigures(
    db,
    { fromYear: input.year, toYear: input.year, includeSubmitted: basis !== 'approved' },
    { publicOnly: false },
  );
  return { year: input.year, basis, release: null, organizations: rows };
}

/**
 * An organisation's own approved shares beside the aggregate, per year: of all signatories, or of its own
 * type group (`against: 'typeGroup'`: a local NGO beside local and national actors; the report page's default). Its own figures are its own, so
 * never withheld from it; the aggregate is what its viewer reads (the release, or live for coordinators).
 */
export async function ownComparison(
  db: Database,
  user: SessionUser,
  input: { organizationId: number; fromYear: number; toYear: number; against?: 'typeGroup' | 'all' | undefined },
): Promise<OwnComparison> {
  assertCanReadReport(user, input.organizationId);
  const organization = await q.findOrganizationName(db, input.organizationId);
  if (!organization) throw new AppError('NOT_FOUND', refusal('no_such_organization'));
  const typeGroup = input.against === 'typeGroup' ? typeGroupOf[organization.type] : undefined;
  const cell: CellFilter = { typeGroup };
  const scope = { fromYear: input.fromYear, toYear: input.toYear, includeSubmitted: false };
  const viewer = viewerOf(user);
  const [own, aggregateOf] = await Promise.all([
    q.organizationFigures(db, scope, { publicOnly: false, organizationId: input.organizationId }),
    viewer
      ? releasedSummaries(db, viewer, scope, [cell])
      : q.aggregateMetrics(db, { ...scope, typeGroup }).then((rows) => {
          const byYear = new Map(rows.map((r) => [r.year, r]));
          return (year: number) => present(byYear.get(year) ?? emptyAggregate(year, null), 'approved', null);
        }),
  ]);
  const ownByYear = new Map(own.map((r) => [r.year, r]));
  return {
    organizationId: organization.id,
    name: organization.name,
    typeGroup: typeGroup ?? null,
    fromYear: input.fromYear,
    toYear: input.toYear,
    points: yearsFrom(input.fromYear, input.toYear).map((year) => {
      const mine = ownByYear.get(year);
      const aggregate = aggregateOf(year, cell);
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
          suppressedBecause: aggregate.suppressedBecause,
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

/**
 * One release's figures as it published them, for its permanent page and its files: releases are never
 * changed, so an earlier release keeps its figures after a newer one. Donors and the public read their own
 * cells; coordinators read what donors were given (the widest published reading).
 */
export async function releaseFigures(db: Database, user: SessionUser | null, input: { year: number; number: number }): Promise<ReleaseFigures> {
  const found = await released.releaseByNumber(db, input.year, input.number);
  if (!found) throw new AppError('NOT_FOUND', refusal('no_such_release'));
  const { release, latestNumber } = found;
  const viewer = viewerOf(user) ?? 'donor';
  const [cells, organizations] = await Promise.all([
    released.cellsOfRelease(db, release.id, viewer),
    viewer === 'donor' ? released.organizationsOfRelease(db, release.id) : null,
  ]);
  const ref = { id: release.id, year: release.year, number: release.number, publishedAt: release.publishedAt };
  const byCell = new Map(cells.map((c) => [`${c.region}|${c.organizationType}|${c.typeGroup}`, inSummaryOrder(c.summary, ref)]));
  // A release stored before type groups has no type-group cells: they read as not released.
  const cellOf = (cell: CellFilter) =>
    byCell.get(`${cell.region ?? ''}|${cell.organizationType ?? ''}|${cell.typeGroup ?? ''}`) ??
    present(emptyAggregate(release.year, null), 'approved', 'not_released');
  const rowsBy = (by: BreakdownDimension) => breakdownKeys[by].map((key) => ({ key, ...cellOf({ [by]: key } as CellFilter) }));
  return {
    release,
    latestNumber,
    viewer,
    summary: cellOf({}),
    breakdowns: { region: rowsBy('region'), organizationType: rowsBy('organizationType'), typeGroup: rowsBy('typeGroup') },
    organizations,
  };
}
