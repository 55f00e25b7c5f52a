// Releases of a year's figures: what donors and the public read. Publishing plans each viewer's
// suppressions against the year's earlier releases (disclosure/planner.ts), refuses a release the audit
// cannot make safe, and stores every cell as it will be shown, so that reading a released figure is a
// lookup and no planning happens in the request path.
import { createHash } from 'node:crypto';
import type { Database } from '@lpt/db/connect';
import type { DB } from '@lpt/db/schema';
import { organizationTypes, regions, viewers, type SuppressionReason, type Viewer } from '@lpt/shared/enums';
import { figures, moneyFigures } from '@lpt/shared/figures';
import type { MetricsSummary, OrganizationFigures } from '@lpt/shared/metrics';
import type { ReleaseCell, ReleaseChanges, ReleasePreview, ReleaseRef, WithheldCells } from '@lpt/shared/releases';
type Exposure = ReleasePreview['exposures'][number];
import type { Transaction } from 'kysely';
import { AppError, refusal } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { viewerOf } from '../auth/access.ts';
import * as metricsQueries from '../metrics/metrics.queries.ts';
import { emptyAggregate, present } from '../metrics/metrics.service.ts';
import type { Failure, Plan } from './disclosure/planner.ts';
import { planRelease } from './disclosure/pool.ts';
import { ALL, cellKey, positionOf, publishedCells, type CellKey, type Contributor, type State } from './disclosure/table.ts';
import * as q from './releases.queries.ts';

const dims = { rows: regions, cols: organizationTypes };

/**
 * The money figures of the catalogue (shared/src/figures.ts), in the order of the basis's amounts, each
 * with the per-organisation figure it adds up. In-scope expenditure and counted local funding — the
 * headline, and the denominators of every funding share — decide whether a cell is shown at all. The
 * other money figures can be withheld inside a shown cell (one organisation may pass all the pooled
 * funding of a region without dominating its expenditure), in groups planned together: direct, pooled and
 * one-intermediary funding add up to counted local funding, which is shown, so they are withheld together
 * (withholding one alone, it would be counted minus the other two).
 */
const moneyPaths = moneyFigures.map((f) => f.path);
const organizationKeyOf = (path: string) => path.slice(path.lastIndexOf('.') + 1) as keyof OrganizationFigures;
const cellPaths = ['funding.inScopeExpenditureUsd', 'funding.countedLocalUsd'];
const channelPaths = ['funding.directUsd', 'funding.pooledUsd', 'funding.oneIntermediaryUsd'];
const indexOf = (paths: readonly string[]) => paths.map((p) => moneyPaths.indexOf(p as (typeof moneyPaths)[number]));
const figureGroups: string[][] = [channelPaths, ...moneyPaths.filter((p) => !cellPaths.includes(p) && !channelPaths.includes(p)).map((p) => [p])];

/** One organisation as a release was planned from it (stored in metric_releases.basis). */
interface BasisRow {
  id: number;
  name: string;
  region: string;
  type: string;
  disclosure: 'public' | 'aggregate_only';
  hasShare: boolean;
  /** Money figures in integer cents, as decimal strings (JSON has no bigint). */
  money: string[];
  fingerprint: string;
}

interface StoredPlan {
  /** Cells withheld whole, per viewer. */
  withheld: Record<Viewer, Record<CellKey, SuppressionReason>>;
  /** Inside cells that are shown: money figures withheld on their own, per viewer and figure path. */
  figures: Record<Viewer, Record<string, Record<CellKey, SuppressionReason>>>;
  audit: Record<Viewer, Plan['audit']>;
}

/** A viewer's plan: the cells withheld whole and, for each minor money figure, where it is withheld too. */
interface ViewerPlan {
  cells: Plan;
  figures: Map<string, Plan>;
}

const cents = (usd: number | null) => String(Math.round((usd ?? 0) * 100));

async function basisOf(db: Database | Transaction<DB>, year: number) {
  const scope = { fromYear: year, toYear: year, includeSubmitted: false };
  const [figures, versions] = await Promise.all([
    metricsQueries.organizationFigures(db, scope, { publicOnly: false }),
    q.approvedVersions(db, year),
  ]);
  const basis: BasisRow[] = figures.map((f) => ({
    id: f.organizationId,
    name: f.name,
    region: f.region,
    type: f.type,
    disclosure: f.disclosure,
    hasShare: f.localShare !== null,
    money: moneyPaths.map((path) => cents(f[organizationKeyOf(path)] as number | null)),
    // Any change of the report (a new approved version), of the rate or of the organisation's place.
    fingerprint: [versions.get(f.organizationId) ?? 0, f.usdPerUnit ?? '', f.region, f.type, f.disclosure].join('|'),
  }));
  return { figures, basis };
}

/** The organisations as one viewer's planner sees them: donors know the `public` ones one by one. */
const contributorsFor = (basis: readonly BasisRow[], viewer: Viewer, amounts: readonly number[]): Contributor[] =>
  basis.map((b) => ({
    id: b.id,
    row: b.region,
    col: b.type,
    known: viewer === 'donor' && b.disclosure === 'public',
    protectedIndividually: b.disclosure === 'aggregate_only',
    hasShare: b.hasShare,
    money: amounts.map((i) => BigInt(b.money[i] ?? '0')),
    fingerprint: b.fingerprint,
  }));

const cellOf = (key: CellKey): ReleaseCell => {
  const { row, col } = positionOf(key);
  return { region: (row === ALL ? '' : row) as ReleaseCell['region'], organizationType: (col === ALL ? '' : col) as ReleaseCell['organizationType'] };
};

/** The live, unsuppressed aggregate of every published cell of a year. */
async function liveCells(db: Database | Transaction<DB>, year: number) {
  const scope = { fromYear: year, toYear: year, includeSubmitted: false };
  const [total, byRegion, byType, ...bottom] = await Promise.all([
    metricsQueries.aggregateMetrics(db, scope),
    metricsQueries.aggregateMetrics(db, scope, 'region'),
    metricsQueries.aggregateMetrics(db, scope, 'organizationType'),
    ...regions.map((region) => metricsQueries.aggregateMetrics(db, { ...scope, region }, 'organizationType')),
  ]);
  const rows = new Map<CellKey, metricsQueries.AggregateRow>();
  for (const r of total) rows.set(cellKey(ALL, ALL), r);
  for (const r of byRegion) rows.set(cellKey(r.key ?? ALL, ALL), r);
  for (const r of byType) rows.set(cellKey(ALL, r.key ?? ALL), r);
  regions.forEach((region, i) => {
    for (const r of bottom[i] ?? []) rows.set(cellKey(region, r.key ?? ALL), r);
  });
  return (key: CellKey) => rows.get(key) ?? emptyAggregate(year, null);
}

interface Draft {
  year: number;
  number: number;
  basis: BasisRow[];
  figures: OrganizationFigures[];
  plans: Record<Viewer, ViewerPlan>;
  changes: ReleaseChanges;
  exposures: Exposure[];
  planningMs: number;
}

/** An audit failure as coordinators read it: where, what, how and in which release (and in English). */
function exposureOf(viewer: Viewer, failure: Failure, previous: number, figures: readonly string[] | undefined): Exposure {
  const cell = cellOf(failure.cell);
  const where = [cell.region || 'all regions', cell.organizationType || 'all types'].join(' × ');
  const release = failure.release === previous ? 'this release' : `release ${failure.release + 1}`;
  const what = failure.kind === 'determined' ? failure.what : failure.what === 'organization' ? 'organization' : 'cell';
  const how = failure.kind === 'determined' ? 'determined' : 'estimated';
  const english = {
    determined_cell: `The withheld cell ${where} could be worked out (${release}).`,
    determined_change: `The change of ${where} since an earlier release could be worked out (${release}).`,
    estimated_cell: `The withheld cell ${where} could be estimated within the protection level (${release}).`,
    estimated_organization: `An aggregate_only organisation in ${where} could be estimated within the protection level (${release}).`,
  }[`${how}_${what}` as 'determined_cell'];
  return {
    viewer,
    ...cell,
    what,
    how,
    release: failure.release + 1,
    figures: figures ? [...figures] : null,
    description: english + (figures ? ` (${figures.join(', ')})` : ''),
  };
}

const headline = indexOf(cellPaths);
const planningOrder: readonly Viewer[] = ['donor', 'public'];

/** Cells another viewer withholds, withheld here too: beside this viewer's own rules, as companions. */
const asComplements = (withheld: ReadonlyMap<CellKey, SuppressionReason> | undefined) =>
  new Map([...(withheld?.keys() ?? [])].map((key) => [key, 'complement' as const]));

async function draftRelease(db: Database | Transaction<DB>, year: number): Promise<Draft> {
  const started = performance.now();
  const [{ figures: rows, basis }, earlier] = await Promise.all([basisOf(db, year), q.releasesOfYear(db, year)]);
  const plans = {} as Record<Viewer, ViewerPlan>;
  const exposures: Draft['exposures'] = [];
  // Donors first: a donor can also read what the public reads (signed out), so the public may see no cell
  // and no figure that donors do not see. The public's plan starts from the donors' withheld cells.
  for (const viewer of planningOrder) {
    const stricterThan = viewer === 'public' ? plans.donor : undefined;
    const storedOf = (r: q.StoredRelease) => r.plan as StoredPlan;
    const expose = (plan: Plan, figures?: readonly string[]) => {
      for (const failure of plan.audit.failures)
        exposures.push(exposureOf(viewer, failure, earlier.length, figures));
    };
    const cells = await planRelease({
      dims,
      previous: earlier.map((r) => ({
        contributors: contributorsFor(r.basis as BasisRow[], viewer, headline),
        withheld: new Set(Object.keys(storedOf(r).withheld[viewer])),
      })),
      current: contributorsFor(basis, viewer, headline),
      moneyFigures: headline.length,
      initial: asComplements(stricterThan?.cells.withheld),
    });
    expose(cells);
    // Each minor money figure: the cells withheld whole stay withheld; the figure's own dominance and
    // its companions come on top, audited against the same figure of the earlier releases.
    const byFigure = new Map<string, Plan>();
    for (const group of figureGroups) {
      const amounts = indexOf(group);
      const previous: State[] = earlier.map((r) => ({
        contributors: contributorsFor(r.basis as BasisRow[], viewer, amounts),
        withheld: new Set([...Object.keys(storedOf(r).withheld[viewer]), ...Object.keys(storedOf(r).figures[viewer][group[0]!] ?? {})]),
      }));
      const initial = new Map([...asComplements(stricterThan?.figures.get(group[0]!)?.withheld), ...cells.withheld]);
      const plan = await planRelease({ dims, previous, current: contributorsFor(basis, viewer, amounts), moneyFigures: amounts.length, initial });
      for (const key of cells.withheld.keys()) plan.withheld.delete(key);
      for (const path of group) byFigure.set(path, plan);
      expose(plan, group);
    }
    plans[viewer] = { cells, figures: byFigure };
  }
  const last = earlier.at(-1);
  return {
    year,
    number: (last?.number ?? 0) + 1,
    basis,
    figures: rows,
    plans,
    changes: changesSince(last, basis, plans),
    exposures,
    planningMs: Math.round(performance.now() - started),
  };
}

/** The figure paths withheld inside a shown cell: its money figures, and the shares built on them. */
function withheldFiguresOf(plan: ViewerPlan, key: CellKey): Set<string> {
  const paths = new Set<string>();
  for (const [path, p] of plan.figures) if (p.withheld.has(key)) paths.add(path);
  for (const f of figures)
    if (f.kind === 'ratio' && (paths.has(f.numerator) || paths.has(f.denominator))) paths.add(f.path);
  return paths;
}

function changesSince(last: q.StoredRelease | undefined, basis: BasisRow[], plans: Record<Viewer, ViewerPlan>): ReleaseChanges {
  const before = new Map(((last?.basis ?? []) as BasisRow[]).map((b) => [b.id, b]));
  const after = new Map(basis.map((b) => [b.id, b]));
  const named = (b: BasisRow) => ({ id: b.id, name: b.name });
  const previousWithheld = (viewer: Viewer) => new Set(Object.keys((last?.plan as StoredPlan | undefined)?.withheld[viewer] ?? {}));
  const cells = publishedCells(dims);
  const newlyShown = {} as ReleaseChanges['newlyShown'];
  const newlyWithheld = {} as ReleaseChanges['newlyWithheld'];
  for (const viewer of viewers) {
    const was = previousWithheld(viewer);
    const is = plans[viewer].cells.withheld;
    newlyShown[viewer] = last ? cells.filter((c) => was.has(c) && !is.has(c)).map(cellOf) : [];
    newlyWithheld[viewer] = cells.filter((c) => !was.has(c) && is.has(c)).map(cellOf);
  }
  return {
    organizationsAdded: basis.filter((b) => !before.has(b.id)).map(named),
    organizationsChanged: basis.filter((b) => before.has(b.id) && before.get(b.id)!.fingerprint !== b.fingerprint).map(named),
    organizationsRemoved: [...before.values()].filter((b) => !after.has(b.id)).map(named),
    unnamed: { added: 0, changed: 0, removed: 0 },
    newlyShown,
    newlyWithheld,
  };
}

/** A viewer's withheld cells, whole, then the money figures withheld inside cells that are shown. */
function withheldList(whole: Record<CellKey, SuppressionReason>, byFigure: Record<string, Record<CellKey, SuppressionReason>>, count: (key: CellKey) => number) {
  const inside = new Map<CellKey, { reason: SuppressionReason; figures: string[] }>();
  for (const [path, cells] of Object.entries(byFigure))
    for (const [key, reason] of Object.entries(cells)) {
      const entry = inside.get(key) ?? { reason, figures: [] };
      entry.figures.push(path);
      if (reason !== 'complement') entry.reason = reason;
      inside.set(key, entry);
    }
  return [
    ...Object.entries(whole).map(([key, reason]) => ({ ...cellOf(key), reason, organizationsReporting: count(key), figures: null })),
    ...[...inside].map(([key, { reason, figures }]) => ({ ...cellOf(key), reason, organizationsReporting: count(key), figures })),
  ];
}

const storedPlanOf = (plan: ViewerPlan) => ({
  whole: Object.fromEntries(plan.cells.withheld) as Record<CellKey, SuppressionReason>,
  figures: Object.fromEntries([...plan.figures].map(([path, p]) => [path, Object.fromEntries(p.withheld)])) as Record<string, Record<CellKey, SuppressionReason>>,
});

/**
 * Drafts by what they were planned from: the year's basis (each organisation's figures, as the planner and
 * the stored release read them) and its earlier releases. A preview is answered from here until the data
 * changes; publishing plans before it opens its transaction and finds the plan here inside it, so the
 * transaction (PGlite's only connection) is held for storing, not for planning.
 */
const drafts = new Map<string, Promise<Draft>>();
const DRAFTS_KEPT = 8;

/** What a draft is planned from. Whatever else draftRelease comes to read must join this key. */
async function draftKey(db: Database | Transaction<DB>, year: number) {
  const [{ figures, basis }, earlier] = await Promise.all([basisOf(db, year), q.releasesOfYear(db, year)]);
  return { key: keyOf(year, figures, basis), releases: earlier.map((r) => r.id).join(','), number: (earlier.at(-1)?.number ?? 0) + 1 };
}
const keyOf = (year: number, figures: unknown, basis: unknown) => createHash('sha256').update(JSON.stringify([year, figures, basis])).digest('base64url');

async function cachedDraft(db: Database | Transaction<DB>, year: number): Promise<Draft> {
  const { key: dataKey, releases, number } = await draftKey(db, year);
  const key = `${year}|${releases}|${dataKey}`;
  const cached = drafts.get(key);
  if (cached) return cached;
  const drafting = draftRelease(db, year).then((draft) => {
    // Drafted from other data than the key names (a change landed between the two reads): not kept.
    if (draft.number !== number || keyOf(year, draft.figures, draft.basis) !== dataKey) drafts.delete(key);
    return draft;
  });
  drafts.set(key, drafting);
  drafting.catch(() => drafts.delete(key));
  while (drafts.size > DRAFTS_KEPT) drafts.delete(drafts.keys().next().value!);
  return drafting;
}

/** Plans the year's next release now (outside any transaction), for publishing to find it ready. */
export async function prepareRelease(db: Database, year: number): Promise<void> {
  await cachedDraft(db, year);
}

/** What publishing the year now would release: coordinators see it before they publish. */
export async function previewRelease(db: Database, year: number): Promise<ReleasePreview> {
  const draft = await cachedDraft(db, year);
  const rowOf = await liveCells(db, year);
  return {
    year,
    number: draft.number,
    organizationsReporting: draft.basis.length,
    changes: draft.changes,
    withheld: Object.fromEntries(
      viewers.map((v) => {
        const { whole, figures: byFigure } = storedPlanOf(draft.plans[v]);
        return [v, withheldList(whole, byFigure, (key) => rowOf(key).organizationsReporting)];
      }),
    ) as ReleasePreview['withheld'],
    exposures: draft.exposures,
    planningMs: draft.planningMs,
  };
}

/**
 * Publishes a release of the year inside `trx` (a coordinator's, or the cycle's closing). Refused when the
 * audit finds something that no suppression in this release can protect: the release then waits.
 */
export async function publishReleaseIn(
  trx: Transaction<DB>,
  year: number,
  publishedBy: number | null,
  trigger: 'manual' | 'cycle_closed',
): Promise<ReleaseRef | null> {
  await q.lockYear(trx, year);
  const draft = await cachedDraft(trx, year).catch((error: unknown) => {
    // A plan over its time budget: closing the cycle still closes it, and its release waits.
    if (trigger === 'cycle_closed' && error instanceof AppError && error.refusal?.code === 'release_planning_too_long') return null;
    throw error;
  });
  if (!draft) return null;
  if (draft.exposures.length) {
    // Closing a cycle still closes it; its release waits, and the coordinators' preview says why.
    if (trigger === 'cycle_closed') return null;
    const exposed = refusal('release_would_expose');
    throw new AppError('CONFLICT', { ...exposed, message: `${exposed.message}. ${draft.exposures[0]!.description}` });
  }
  const rowOf = await liveCells(trx, year);
  const stored: StoredPlan = {
    withheld: Object.fromEntries(viewers.map((v) => [v, storedPlanOf(draft.plans[v]).whole])) as StoredPlan['withheld'],
    figures: Object.fromEntries(viewers.map((v) => [v, storedPlanOf(draft.plans[v]).figures])) as StoredPlan['figures'],
    audit: Object.fromEntries(viewers.map((v) => [v, draft.plans[v].cells.audit])) as StoredPlan['audit'],
  };
  const release = await q.insertRelease(trx, {
    year,
    number: draft.number,
    publishedBy,
    trigger,
    changes: draft.changes,
    plan: stored,
    basis: draft.basis,
  });
  const cells = viewers.flatMap((viewer) =>
    publishedCells(dims).map((key) => {
      const plan = draft.plans[viewer];
      const reason = plan.cells.withheld.get(key) ?? null;
      const summary: MetricsSummary = present(rowOf(key), 'approved', reason, reason ? new Set() : withheldFiguresOf(plan, key));
      return { viewer, ...cellOf(key), summary };
    }),
  );
  await q.insertCells(trx, release.id, cells);
  await q.insertOrganizations(
    trx,
    release.id,
    draft.figures.filter((f) => f.disclosure === 'public').map((f) => ({ ...f, reportStatus: 'approved' as const })),
  );
  return release;
}

export async function publishRelease(db: Database, actorId: number, year: number): Promise<ReleaseRef> {
  await prepareRelease(db, year);
  return db.transaction().execute(async (trx) => (await publishReleaseIn(trx, year, actorId, 'manual'))!);
}

/**
 * Every closed year without a release gets its first one (as its closing would have published): for a
 * database seeded or imported before releases existed. Run at start; does nothing when all have one.
 */
export async function releaseClosedYears(db: Database): Promise<number[]> {
  const years = await q.closedYearsWithoutRelease(db);
  for (const year of years) await db.transaction().execute((trx) => publishReleaseIn(trx, year, null, 'cycle_closed'));
  return years;
}

/**
 * Every release. Donors and the public read which organisations a release added, changed or removed only
 * for `public` ones: naming an `aggregate_only` organisation with the moment its figures changed points at
 * whom a cell is about. The others are counted.
 */
export async function listReleases(db: Database, user: SessionUser | null, year: number | undefined) {
  // Releases stored before `unnamed` existed named everyone (coordinators' reading).
  const releases = (await q.listReleases(db, year)).map((r) => ({ ...r, changes: { ...r.changes, unnamed: r.changes.unnamed ?? { added: 0, changed: 0, removed: 0 } } }));
  if (!viewerOf(user)) return { releases };
  const named = await q.publicOrganizationIds(db);
  const split = (list: { id: number; name: string }[]) => [list.filter((o) => named.has(o.id)), list.filter((o) => !named.has(o.id)).length] as const;
  return {
    releases: releases.map((r) => {
      const [added, unnamedAdded] = split(r.changes.organizationsAdded);
      const [changed, unnamedChanged] = split(r.changes.organizationsChanged);
      const [removed, unnamedRemoved] = split(r.changes.organizationsRemoved);
      return {
        ...r,
        changes: {
          ...r.changes,
          organizationsAdded: added,
          organizationsChanged: changed,
          organizationsRemoved: removed,
          unnamed: { added: unnamedAdded, changed: unnamedChanged, removed: unnamedRemoved },
        },
      };
    }),
  };
}

/** Coordinators: each withheld cell of a release for one viewer, and why. */
export async function withheldCells(db: Database, releaseId: number, viewer: Viewer): Promise<WithheldCells> {
  const release = await q.findRelease(db, releaseId);
  if (!release) throw new AppError('NOT_FOUND', refusal('no_such_release'));
  const stored = release.plan as StoredPlan;
  const basis = release.basis as BasisRow[];
  const count = (key: CellKey) => {
    const { row, col } = positionOf(key);
    return basis.filter((b) => (row === ALL || b.region === row) && (col === ALL || b.type === col)).length;
  };
  const audit = stored.audit[viewer];
  return {
    release: { id: release.id, year: release.year, number: release.number, publishedAt: release.publishedAt },
    viewer,
    cells: withheldList(stored.withheld[viewer], stored.figures[viewer], count),
    audit: { unknowns: audit.unknowns, rank: audit.rank, linearPrograms: audit.linearPrograms },
  };
}
