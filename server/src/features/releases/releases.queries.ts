// Storing and reading releases (migrations 2026_12_01_0005, and 2026_12_07_0012 for type-group cells). Released figures are read by (viewer, year,
// cell): the newest release of each year wins.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@lpt/db/schema';
import type { ReleaseTrigger, Viewer } from '@lpt/shared/enums';
import type { MetricsSummary, OrganizationFigures } from '@lpt/shared/metrics';
import type { ReleaseChanges, ReleaseRef } from '@lpt/shared/releases';

type Db = Kysely<DB> | Transaction<DB>;

export interface StoredRelease extends ReleaseRef {
  trigger: ReleaseTrigger;
  changes: ReleaseChanges;
  plan: unknown;
  basis: unknown;
}

const releaseColumns = ['id', 'year', 'number', 'publishedAt', 'trigger', 'changes', 'plan', 'basis'] as const;

const asRef = (r: { id: number; year: number; number: number; publishedAt: string | Date }): ReleaseRef => ({
  id: r.id,
  year: r.year,
  number: r.number,
  publishedAt: new Date(r.publishedAt).toISOString(),
});

/** The year's releases, oldest first, with what they were planned from (for auditing the next one). */
export async function releasesOfYear(db: Db, year: number): Promise<StoredRelease[]> {
  const rows = await db.selectFrom('metricReleases').select(releaseColumns).where('year', '=', year).orderBy('number').execute();
  return rows.map((r) => ({ ...asRef(r), trigger: r.trigger, changes: r.changes as ReleaseChanges, plan: r.plan, basis: r.basis }));
}

export async function findRelease(db: Db, id: number): Promise<StoredRelease | undefined> {
  const r = await db.selectFrom('metricReleases').select(releaseColumns).where('id', '=', id).executeTakeFirst();
  return r && { ...asRef(r), trigger: r.trigger, changes: r.changes as ReleaseChanges, plan: r.plan, basis: r.basis };
}

/** Every release (newest first), without the planning data. */
export async function listReleases(db: Db, year: number | undefined) {
  let query = db
    .selectFrom('metricReleases')
    .select(['id', 'year', 'number', 'publishedAt', 'trigger', 'changes'])
    .select(sql<number>`jsonb_array_length(basis)`.as('organizationsReporting'))
    .orderBy('year', 'desc')
    .orderBy('number', 'desc');
  if (year !== undefined) query = query.where('year', '=', year);
  const rows = await query.execute();
  return rows.map((r) => ({
    ...asRef(r),
    trigger: r.trigger,
    organizationsReporting: Number(r.organizationsReporting),
    changes: r.changes as ReleaseChanges,
  }));
}

/** Serialises publishing per year, so that two coordinators cannot both publish release n. */
export async function lockYear(trx: Transaction<DB>, year: number) {
  await sql`select pg_advisory_xact_lock(20261201, ${year}::int)`.execute(trx);
}

/**
 * Stamped with the clock at the insert (clock_timestamp()), not the transaction's start (now()): a release
 * is inserted after the year's lock is held and its plan made, just before it commits, so releases of a
 * year are stamped in the order they were published even when one waited long for the lock.
 */
export async function insertRelease(
  trx: Transaction<DB>,
  release: { year: number; number: number; publishedBy: number | null; trigger: ReleaseTrigger; changes: ReleaseChanges; plan: unknown; basis: unknown },
) {
  const row = await trx
    .insertInto('metricReleases')
    .values({
      year: release.year,
      number: release.number,
      publishedBy: release.publishedBy,
      trigger: release.trigger,
      changes: JSON.stringify(release.changes),
      plan: JSON.stringify(release.plan),
      basis: JSON.stringify(release.basis),
      publishedAt: sql<string>`clock_timestamp()`,
    })
    .returning(['id', 'year', 'number', 'publishedAt'])
    .executeTakeFirstOrThrow();
  return asRef(row);
}

export async function insertCells(
  trx: Transaction<DB>,
  releaseId: number,
  cells: { viewer: Viewer; region: string; organizationType: string; typeGroup: string; summary: MetricsSummary }[],
) {
  if (!cells.length) return;
  await trx
    .insertInto('metricReleaseCells')
    .values(
      cells.map((c) => ({
        releaseId,
        viewer: c.viewer,
        region: c.region,
        organizationType: c.organizationType,
        typeGroup: c.typeGroup,
        summary: JSON.stringify(c.summary),
      })),
    )
    .execute();
}

export async function insertOrganizations(trx: Transaction<DB>, releaseId: number, organizations: OrganizationFigures[]) {
  if (!organizations.length) return;
  await trx
    .insertInto('metricReleaseOrganizations')
    .values(organizations.map((o) => ({ releaseId, organizationId: o.organizationId, figures: JSON.stringify(o) })))
    .execute();
}

/**
 * The released summaries of some cells for a viewer, from the newest release of each year in the range:
 * one row per (year, cell) that has a release.
 */
export async function releasedCells(
  db: Db,
  viewer: Viewer,
  years: { fromYear: number; toYear: number },
  cells: readonly { region: string; organizationType: string; typeGroup: string }[],
) {
  const { rows } = await sql<{
    id: number;
    year: number;
    number: number;
    publishedAt: string | Date;
    region: string;
    organizationType: string;
    typeGroup: string;
    summary: MetricsSummary;
  }>`
    with latest as (
      select distinct on (r.year) r.id, r.year, r.number, r.published_at
      from metric_releases r
      where r.year between ${years.fromYear}::int and ${years.toYear}::int
      order by r.year, r.number desc
    )
    select l.id, l.year, l.number, l.published_at as "publishedAt", c.region, c.organization_type as "organizationType",
      c.type_group as "typeGroup", c.summary
    from latest l
    join metric_release_cells c on c.release_id = l.id and c.viewer = ${viewer}
    where (c.region, c.organization_type, c.type_group) in (${sql.join(cells.map((c) => sql`(${c.region}, ${c.organizationType}, ${c.typeGroup})`))})
    order by l.year`.execute(db.withoutPlugins());
  return rows.map((r) => ({ release: asRef(r), region: r.region, organizationType: r.organizationType, typeGroup: r.typeGroup, summary: r.summary }));
}

/** The per-organisation rows donors see, from the newest release of the year. */
export async function releasedOrganizations(db: Db, year: number) {
  const { rows } = await sql<{ id: number; year: number; number: number; publishedAt: string | Date; figures: OrganizationFigures | null }>`
    with latest as (
      select r.id, r.year, r.number, r.published_at from metric_releases r
      where r.year = ${year}::int order by r.number desc limit 1
    )
    select l.id, l.year, l.number, l.published_at as "publishedAt", o.figures
    from latest l left join metric_release_organizations o on o.release_id = l.id
    order by lower(o.figures->>'name'), (o.figures->>'organizationId')::int`.execute(db.withoutPlugins());
  const first = rows[0];
  if (!first) return null;
  return { release: asRef(first), organizations: rows.flatMap((r) => (r.figures ? [r.figures] : [])) };
}

/** Each organisation's approved report version for the year: part of what tells whether it changed. */
export async function approvedVersions(db: Db, year: number) {
  const rows = await db.selectFrom('approvedReports').select(['organizationId', 'version']).where('year', '=', year).execute();
  return new Map(rows.map((r) => [r.organizationId, r.version]));
}

/** Closed cycles that have no release yet, oldest first. */
export async function closedYearsWithoutRelease(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('reportingCycles as c')
    .select('c.year')
    .where('c.status', '=', 'closed')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('metricReleases as r').select('r.id').whereRef('r.year', '=', 'c.year'))))
    .orderBy('c.year')
    .execute();
  return rows.map((r) => r.year);
}

/** The organisations whose own figures may be shown (and whose names may be listed) to donors and the public. */
export async function publicOrganizationIds(db: Db): Promise<Set<number>> {
  const rows = await db.selectFrom('organizations').select('id').where('disclosure', '=', 'public').execute();
  return new Set(rows.map((r) => r.id));
}

/** Of these releases, those whose total of the year (every region, every type) a viewer may not see. */
export async function withheldTotals(db: Db, viewer: Viewer, releaseIds: readonly number[]): Promise<Set<number>> {
  if (releaseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('metricReleaseCells')
    .select('releaseId')
    .where('viewer', '=', viewer)
    .where('region', '=', '')
    .where('organizationType', '=', '')
    // The year's total, not a type group's (a group's total cell also has no region and no type).
    .where('typeGroup', '=', '')
    .where('releaseId', 'in', releaseIds)
    .where(sql<boolean>`(summary->>'suppressed')::boolean`)
    .execute();
  return new Set(rows.map((r) => r.releaseId));
}

/** The years whose newest release shows a viewer the year's total (every region, every type). */
export async function yearsWithTotalShown(db: Db, viewer: Viewer): Promise<Set<number>> {
  const { rows } = await sql<{ year: number }>`
    select r.year
    from (select distinct on (year) id, year from metric_releases order by year, number desc) r
    join metric_release_cells c on c.release_id = r.id and c.viewer = ${viewer} and c.region = '' and c.organization_type = '' and c.type_group = ''
    where not (c.summary->>'suppressed')::boolean`.execute(db);
  return new Set(rows.map((r) => Number(r.year)));
}

/** A release by its year and number, and the number of the year's newest release. */
export async function releaseByNumber(db: Db, year: number, number: number) {
  const rows = await db.selectFrom('metricReleases').select(['id', 'year', 'number', 'publishedAt', 'trigger']).where('year', '=', year).orderBy('number', 'desc').execute();
  const found = rows.find((r) => r.number === number);
  return found ? { release: { ...asRef(found), trigger: found.trigger }, latestNumber: rows[0]!.number } : null;
}

/** Every cell one release stored for a viewer, as it was published. */
export async function cellsOfRelease(db: Db, releaseId: number, viewer: Viewer) {
  const { rows } = await sql<{ region: string; organizationType: string; typeGroup: string; summary: MetricsSummary }>`
    select c.region, c.organization_type as "organizationType", c.type_group as "typeGroup", c.summary
    from metric_release_cells c
    where c.release_id = ${releaseId}::int and c.viewer = ${viewer}`.execute(db.withoutPlugins());
  return rows;
}

/** The per-organisation rows one release stored for donors, by name. */
export async function organizationsOfRelease(db: Db, releaseId: number): Promise<OrganizationFigures[]> {
  const { rows } = await sql<{ figures: OrganizationFigures }>`
    select o.figures from metric_release_organizations o
    where o.release_id = ${releaseId}::int
    order by lower(o.figures->>'name'), (o.figures->>'organizationId')::int`.execute(db.withoutPlugins());
  return rows.map((r) => r.figures);
}
