// Releases of a year's figures: what donors and the public read. Publishing plans each viewer's
// suppressions against the year's earlier releases (disclosure/planner.ts), refuses a release the audit
// cannot make safe, and stores every cell as it will be shown, so that reading a released figure is a
// lookup and no planning happens in the request path.
import { createHash } from 'node:crypto';
import type { Database } from '@lpt/db/connect';
import type { DB } from '@lpt/db/schema';
import { organizationTypes, regions, typeGroupMembers, typeGroupOf, viewers, type OrganizationType, type Disclosure, type ReleaseTrigger, type SuppressionReason, type Viewer } from '@lpt/shared/enums';
import { figures, moneyFigures, type AdditivePath } from '@lpt/shared/figures';
import type { BreakdownDimension, MetricsSummary, OrganizationFigures } from '@lpt/shared/metrics';
import { derivedWholes, fieldPath, reportFields, type ReportField } from '@lpt/shared/report/fields';
import type { ReleaseCell, ReleaseChanges, ReleasePreview, ReleaseRef, RowWithheld, WithheldCells } from '@lpt/shared/releases';
type Exposure = ReleasePreview['exposures'][number];
import type { Transaction } from 'kysely';
import { AppError, refusal } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import { viewerOf } from '../auth/access.ts';
import * as metricsQueries from '../figures/figures.queries.ts';
import { emptyAggregate, present } from '../figures/summary.ts';
import type { Failure, Plan } from './disclosure/planner.ts';
import { planRelease } from './disclosure/pool.ts';
import { rowsToWithhold } from './disclosure/donor-rows.ts';
import { changeIsSensitive } from './disclosure/primary.ts';
import { ALL, bottomCellsOf, cellKey, GROUP_PREFIX, groupColumn, positionOf, publishedCells, type CellKey, type Contributor, type Dimensions, type State } from './disclosure/table.ts';
import * as q from './releases.queries.ts';
import { changesNothing } from '@lpt/shared/releases';

/** Regions × organisation types, with the type groups as grouped columns (type ⊂ group): one audited table. */
const dims: Dimensions = { rows: regions, cols: organizationTypes, colGroups: typeGroupMembers };

/**
 * Each figure by its own rule (docs/disclosure.md, "Primary rules, each figure by its own"). The cells themselves carry the counts
 * of organisations (reporting, eligible, statuses, with a credit policy, at or above 25 %, the
 * distribution) and the statistics of their own shares (mean, median): nobody dominates a count, so a cell
 * is withheld whole only by the threshold rule and the median rule (`cells`, planned with no sum at all).
 * The sums of what organisations report, and the shares built on them, are planned inside the cells shown,
 * one group at a time: the p % rule on each sum over its own contributors, and interval protection. A group
 * is planned together where its figures add up to a shown one or make one share: in-scope expenditure and
 * counted local funding (the headline, the denominators of every funding share); direct, pooled and
 * one-intermediary funding, which add up to counted local funding (withholding one alone, it would be
 * counted minus the other two; and wherever counted local funding is withheld, they are too); the parts of
 * each collaboration, needs, credit and capacity share; the categories of a breakdown (one chart). The groups
 * come from the report-field catalogue (shared/src/report/fields.ts).
 */
const moneyPaths = moneyFigures.map((f) => f.path);
const organizationKeyOf = (path: string) => path.slice(path.lastIndexOf('.') + 1) as keyof OrganizationFigures;
const fields = reportFields as readonly ReportField[];
const figureOf = (path: string) => fields.find((f) => fieldPath(f) === path)!.figure as AdditivePath;
const whole = Object.values(derivedWholes)[0]!;
/** The headline: the derived whole (counted local funding) and what its share is of (in-scope expenditure). */
const headlinePaths = [figureOf(whole.shareOf), whole.figure] as const;
/** The derived whole's parts, which add up to it. */
const channelPaths = whole.parts.map(figureOf);
const grouped = new Set<string>([...headlinePaths, ...channelPaths]);
/** A field's figure with the parts that have a share of it (their share is of the group's sums). */
const withShareParts = (f: ReportField) => [f.figure!, ...fields.filter((p) => p.share && p.partOf === fieldPath(f)).map((p) => p.figure!)];
const sumGroups: readonly (readonly AdditivePath[])[] = [
  headlinePaths,
  channelPaths,
  // Each other amount alone, then the counts (with the parts of their shares), then each breakdown's categories.
  ...fields.filter((f) => f.kind === 'money' && f.figure && !grouped.has(f.figure)).map((f) => [f.figure!]),
  ...fields.filter((f) => f.kind === 'count' && f.figure && !(f.share && f.partOf)).map(withShareParts),
  ...fields.filter((f) => f.kind === 'breakdown' && f.figure).map((f) => (f.values ?? []).map((v) => `${f.figure}.${v}`)),
] as AdditivePath[][];
/** The sums that are counts (of count fields and of breakdown categories): BasisRow.sums. */
const countSumPaths: readonly string[] = sumGroups.flat().filter((p) => !(moneyPaths as readonly string[]).includes(p));
// Every money figure is a sum of what organisations report, so each belongs to a group.
for (const path of moneyPaths)
  if (!sumGroups.some((g) => g.includes(path))) throw new Error(`The money figure ${path} has no figure group`);

/** One organisation as a release was planned from it (stored in metric_releases.basis). */
export interface BasisRow {
  id: number;
  name: string;
  region: string;
  type: string;
  disclosure: Disclosure;
  hasShare: boolean;
  /** Money figures in integer cents, as decimal strings (JSON has no bigint), in the order of moneyFigures. */
  money: string[];
  /**
   * The count sums (countSumPaths), whole numbers as decimal strings, by path. Absent from releases stored
   * before counts were planned figure by figure: see contributorsFor.
   */
  sums?: Record<string, string>;
  fingerprint: string;
}

interface StoredPlan {
  /** Cells withheld whole (the threshold and median rules, and their companions), per viewer. */
  withheld: Record<Viewer, Record<CellKey, SuppressionReason>>;
  /**
   * Inside cells that are shown: the sums withheld on their own, per viewer and figure path. Releases
   * stored before figures were planned one by one have no entry for the headline and count sums: there,
   * a cell shown showed them all, and a cell withheld (for dominance too) withheld them all.
   */
  figures: Record<Viewer, Record<string, Record<CellKey, SuppressionReason>>>;
  audit: Record<Viewer, Plan['audit']>;
  /**
   * The `public` organisations whose own rows this release withholds from donors (disclosure/donor-rows.ts):
   * unknown to donors in this release's audit. Absent from releases stored before: none.
   */
  rowsWithheldFromDonors?: number[];
}

/** The rows a stored release withheld from donors. */
const rowsWithheldIn = (r: q.StoredRelease) => new Set((r.plan as StoredPlan).rowsWithheldFromDonors ?? []);

/** A viewer's plan: the cells withheld whole and, for each sum (by path), where it is withheld too. */
interface ViewerPlan {
  cells: Plan;
  figures: Map<string, Plan>;
}

const cents = (usd: number | null) => String(Math.round((usd ?? 0) * 100));

async function basisOf(db: Database | Transaction<DB>, year: number) {
  const scope = { fromYear: year, toYear: year, includeSubmitted: false };
  const [figures, versions, sums] = await Promise.all([
    metricsQueries.organizationFigures(db, scope, { publicOnly: false }),
    q.approvedVersions(db, year),
    metricsQueries.organizationSums(db, year),
  ]);
  const basis: BasisRow[] = figures.map((f) => ({
    id: f.organizationId,
    name: f.name,
    region: f.region,
    type: f.type,
    disclosure: f.disclosure,
    hasShare: f.localShare !== null,
    money: moneyPaths.map((path) => cents(f[organizationKeyOf(path)] as number | null)),
    // A section that does not apply adds 0 to its sums, in the cells' SQL as here.
    sums: Object.fromEntries(countSumPaths.map((path) => [path, String(Math.round(sums.get(f.organizationId)?.[path] ?? 0))])),
    // Any change of the report (a new approved version), of the rate or of the organisation's place.
    fingerprint: [versions.get(f.organizationId) ?? 0, f.usdPerUnit ?? '', f.region, f.type, f.disclosure].join('|'),
  }));
  return { figures, basis };
}

const moneyIndex = new Map<string, number>(moneyPaths.map((path, i) => [path, i]));
/** One figure of a basis row, or undefined when the release it comes from did not store it. */
function valueIn(row: BasisRow, path: string): bigint | undefined {
  const i = moneyIndex.get(path);
  const stored = i === undefined ? row.sums?.[path] : row.money[i];
  return stored === undefined ? undefined : BigInt(stored);
}

/**
 * The organisations as one viewer's planner sees them, with the figures `paths` (none for the cells'
 * plan): donors know the `public` ones one by one, but for the rows the release withholds from them
 * (`rowsWithheld`). A row of an earlier release that lacks a figure (stored
 * before that figure was planned) takes it from the same organisation's row in `current` when its
 * fingerprint is the same — the same approved version, so the same figures, exactly. Otherwise its value
 * is not known and the answer is null: never a silent 0.
 */
export function contributorsFor(
  basis: readonly BasisRow[],
  viewer: Viewer,
  paths: readonly string[],
  current?: ReadonlyMap<number, BasisRow>,
  rowsWithheld: ReadonlySet<number> = new Set(),
): Contributor[] | null {
  const contributors: Contributor[] = [];
  for (const b of basis) {
    const same = current?.get(b.id);
    const twin = same && same.fingerprint === b.fingerprint ? same : undefined;
    const money: bigint[] = [];
    for (const path of paths) {
      const value = valueIn(b, path) ?? (twin && valueIn(twin, path));
      if (value === undefined) return null;
      money.push(value);
    }
    contributors.push({
      id: b.id,
      row: b.region,
      col: b.type,
      known: viewer === 'donor' && b.disclosure === 'public' && !rowsWithheld.has(b.id),
      protectedIndividually: b.disclosure === 'aggregate_only',
      hasShare: b.hasShare,
      money,
      fingerprint: b.fingerprint,
    });
  }
  return contributors;
}

const cellOf = (key: CellKey): ReleaseCell => {
  const { row, col } = positionOf(key);
  const group = col.startsWith(GROUP_PREFIX);
  return {
    region: (row === ALL ? '' : row) as ReleaseCell['region'],
    organizationType: (col === ALL || group ? '' : col) as ReleaseCell['organizationType'],
    typeGroup: (group ? col.slice(GROUP_PREFIX.length) : '') as ReleaseCell['typeGroup'],
  };
};

/** The live, unsuppressed aggregate of every published cell of a year. */
async function liveCells(db: Database | Transaction<DB>, year: number, waiting: readonly number[] = []) {
  const scope = { fromYear: year, toYear: year, includeSubmitted: false };
  // Without the reports that wait for a later release (draftRelease), when there are any.
  const aggregate = (s: metricsQueries.MetricsScope, by?: BreakdownDimension) =>
    waiting.length ? metricsQueries.aggregateMetricsWithout(db, s, by, waiting) : metricsQueries.aggregateMetrics(db, s, by);
  const [total, byRegion, byType, byGroup, ...bottom] = await Promise.all([
    aggregate(scope),
    aggregate(scope, 'region'),
    aggregate(scope, 'organizationType'),
    aggregate(scope, 'typeGroup'),
    ...regions.flatMap((region) => [aggregate({ ...scope, region }, 'organizationType'), aggregate({ ...scope, region }, 'typeGroup')]),
  ]);
  const rows = new Map<CellKey, metricsQueries.AggregateRow>();
  for (const r of total) rows.set(cellKey(ALL, ALL), r);
  for (const r of byRegion) rows.set(cellKey(r.key ?? ALL, ALL), r);
  for (const r of byType) rows.set(cellKey(ALL, r.key ?? ALL), r);
  for (const r of byGroup) if (r.key) rows.set(cellKey(ALL, groupColumn(r.key)), r);
  regions.forEach((region, i) => {
    for (const r of bottom[2 * i] ?? []) rows.set(cellKey(region, r.key ?? ALL), r);
    for (const r of bottom[2 * i + 1] ?? []) if (r.key) rows.set(cellKey(region, groupColumn(r.key)), r);
  });
  return (key: CellKey) => rows.get(key) ?? emptyAggregate(year, null);
}

/** An approved report a release leaves out for now (coordinators' preview), and the cell it would move. */
type Waiting = ReleasePreview['waiting'][number];

interface Draft {
  year: number;
  number: number;
  basis: BasisRow[];
  figures: OrganizationFigures[];
  plans: Record<Viewer, ViewerPlan>;
  changes: ReleaseChanges;
  exposures: Exposure[];
  /** Approved reports left out of this release; their organisations' earlier state stays as released. */
  waiting: Waiting[];
  /** The `public` organisations whose own rows this release withholds from donors. */
  rowsWithheld: Set<number>;
  planningMs: number;
}

/**
 * An audit failure as coordinators read it: where, what, how and in which release (and in English).
 * `numbers` are the release numbers of the audited states, oldest first, this release last.
 */
function exposureOf(viewer: Viewer, failure: Failure, numbers: readonly number[], figures: readonly string[] | undefined): Exposure {
  const cell = cellOf(failure.cell);
  const where = [cell.region || 'all regions', cell.organizationType || (cell.typeGroup ? `type group ${cell.typeGroup}` : 'all types')].join(' × ');
  const number = numbers[failure.release] ?? numbers.at(-1)!;
  const release = failure.release === numbers.length - 1 ? 'this release' : `release ${number}`;
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
    release: number,
    figures: figures ? [...figures] : null,
    description: english + (figures ? ` (${figures.join(', ')})` : ''),
  };
}

const planningOrder: readonly Viewer[] = ['donor', 'public'];

/** Cells another viewer withholds, withheld here too: beside this viewer's own rules, as companions. */
const asComplements = (withheld: ReadonlyMap<CellKey, SuppressionReason> | undefined) =>
  new Map([...(withheld?.keys() ?? [])].map((key) => [key, 'complement' as const]));

const storedOf = (r: q.StoredRelease) => r.plan as StoredPlan;

/** The plans of every viewer for this basis, against the year's earlier releases. */
async function planViewers(basis: readonly BasisRow[], earlier: readonly q.StoredRelease[], rowsWithheld: ReadonlySet<number>) {
  const plans = {} as Record<Viewer, ViewerPlan>;
  const exposures: Exposure[] = [];
  const current = new Map(basis.map((b) => [b.id, b]));
  const number = (earlier.at(-1)?.number ?? 0) + 1;
  // Donors first: a donor can also read what the public reads (signed out), so the public may see no cell
  // and no figure that donors do not see. The public's plan starts from the donors' withheld cells.
  for (const viewer of planningOrder) {
    const stricterThan = viewer === 'public' ? plans.donor : undefined;
    const expose = (plan: Plan, numbers: readonly number[], figures?: readonly string[]) => {
      for (const failure of plan.audit.failures) exposures.push(exposureOf(viewer, failure, numbers, figures));
    };
    const cells = await planRelease({
      dims,
      previous: earlier.map((r) => ({
        contributors: contributorsFor(r.basis as BasisRow[], viewer, [], undefined, rowsWithheldIn(r))!,
        withheld: new Set(Object.keys(storedOf(r).withheld[viewer])),
      })),
      current: contributorsFor(basis, viewer, [], undefined, rowsWithheld)!,
      // No sum: the threshold and median rules alone, and the audit of what the shown cells determine.
      moneyFigures: 0,
      initial: asComplements(stricterThan?.cells.withheld),
    });
    expose(cells, [...earlier.map((r) => r.number), number]);
    // Each group of sums: the cells withheld whole stay withheld; the sums' own dominance and their
    // companions come on top, audited against the same sums of the earlier releases.
    const byFigure = new Map<string, Plan>();
    for (const group of sumGroups) {
      const used: q.StoredRelease[] = [];
      const previous: State[] = [];
      for (const r of earlier) {
        const contributors = contributorsFor(r.basis as BasisRow[], viewer, group, current, rowsWithheldIn(r));
        // A release stored before these counts were kept, with an organisation whose report has changed
        // since: its counts then are not known now. That release enters the cells' plan above (whose exact
        // audit of what the shown cells determine holds for every figure) but not this group's: its counts
        // were released under the rule of the time (shown in every cell shown), and no value is invented.
        if (!contributors) continue;
        const stored = storedOf(r);
        used.push(r);
        previous.push({ contributors, withheld: new Set([...Object.keys(stored.withheld[viewer]), ...Object.keys(stored.figures[viewer][group[0]!] ?? {})]) });
      }
      const initial = new Map([
        ...asComplements(stricterThan?.figures.get(group[0]!)?.withheld),
        // Counted local funding is direct + pooled + one intermediary: where it is withheld, they are.
        ...asComplements(group === channelPaths ? byFigure.get(headlinePaths[0])?.withheld : undefined),
        ...cells.withheld,
      ]);
      const plan = await planRelease({ dims, previous, current: contributorsFor(basis, viewer, group, undefined, rowsWithheld)!, moneyFigures: group.length, initial });
      for (const key of cells.withheld.keys()) plan.withheld.delete(key);
      for (const path of group) byFigure.set(path, plan);
      expose(plan, [...used.map((r) => r.number), number], group);
    }
    plans[viewer] = { cells, figures: byFigure };
  }
  return { plans, exposures };
}

/** Whether a sum is withheld in a cell of an earlier release (whole, or on its own). */
const withheldBefore = (stored: StoredPlan, viewer: Viewer, cell: CellKey, path?: string) =>
  cell in stored.withheld[viewer] || (path !== undefined && cell in (stored.figures[viewer][path] ?? {}));

/**
 * The figures the last release showed that these plans withhold as companions (a primary rule's own
 * withholding is what the rules demand; a companion is the price of what else the release shows).
 */
function takenAway(last: q.StoredRelease, plans: Record<Viewer, ViewerPlan>): number {
  const stored = storedOf(last);
  let count = 0;
  for (const viewer of viewers)
    for (const cell of publishedCells(dims)) {
      if (withheldBefore(stored, viewer, cell)) continue;
      if (plans[viewer].cells.withheld.get(cell) === 'complement') count++;
      else if (!plans[viewer].cells.withheld.has(cell))
        for (const group of sumGroups)
          if (!withheldBefore(stored, viewer, cell, group[0]) && plans[viewer].figures.get(group[0]!)?.withheld.get(cell) === 'complement') count++;
    }
  return count;
}

/**
 * The organisations newly approved since the last release whose arrival would move a cell the public saw
 * by too few organisations' figures (1–4, or one that dominates the move: the change the audit protects):
 * they wait. Greedy and simple: every arrival in such a cell waits, then the cells are looked at again
 * without them (one fewer arrival elsewhere can make another cell's move small), until nothing changes.
 * Reports that changed or were withdrawn since are not held back: the basis keeps no earlier version of
 * their statuses and shares to release instead, so they are included (and the audit decides as before).
 */
function arrivalsThatWait(basis: readonly BasisRow[], last: q.StoredRelease): Waiting[] {
  const before = new Map((last.basis as BasisRow[]).map((b) => [b.id, b]));
  const after = new Map(basis.map((b) => [b.id, b]));
  const headlineOf = (b: BasisRow) => headlinePaths.map((p) => valueIn(b, p) ?? 0n);
  const moved = [
    ...basis.filter((b) => before.has(b.id) && before.get(b.id)!.fingerprint !== b.fingerprint).map((b) => ({ row: b, before: headlineOf(before.get(b.id)!), after: headlineOf(b) })),
    ...[...before.values()].filter((b) => !after.has(b.id)).map((b) => ({ row: b, before: headlineOf(b), after: null })),
  ];
  const arrivals = basis.filter((b) => !before.has(b.id));
  // Through the table's own structure (a column may be a group of types).
  const bottomsOf = new Map(publishedCells(dims).map((cell) => [cell, new Set(bottomCellsOf(cell, dims))]));
  const inCell = (cell: CellKey, b: BasisRow) => bottomsOf.get(cell)!.has(cellKey(b.region, b.type));
  const stored = storedOf(last);
  const waiting = new Map<number, Waiting>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const cell of publishedCells(dims)) {
      if (withheldBefore(stored, 'public', cell)) continue;
      const arriving = arrivals.filter((b) => !waiting.has(b.id) && inCell(cell, b));
      if (!arriving.length) continue;
      const moves = [
        ...arriving.map((b) => ({ before: null, after: headlineOf(b) })),
        ...moved.filter((m) => inCell(cell, m.row)).map(({ before, after }) => ({ before, after })),
      ];
      if (!changeIsSensitive(moves, headlinePaths.length)) continue;
      for (const b of arriving) waiting.set(b.id, { organizationId: b.id, name: b.name, ...cellOf(cell), organizationsMoving: moves.length });
      grew = true;
    }
  }
  return [...waiting.values()];
}

/** The release the year's approved reports make now, leaving out the `waiting` ones. */
async function draftWith(
  year: number,
  full: Awaited<ReturnType<typeof basisOf>>,
  earlier: readonly q.StoredRelease[],
  waiting: Waiting[],
): Promise<Omit<Draft, 'planningMs'>> {
  const left = new Set(waiting.map((w) => w.organizationId));
  const basis = full.basis.filter((b) => !left.has(b.id));
  const rowsWithheld = donorRowsOf(basis, earlier);
  const { plans, exposures } = await planViewers(basis, earlier, rowsWithheld);
  const last = earlier.at(-1);
  return {
    year,
    number: (last?.number ?? 0) + 1,
    basis,
    figures: full.figures.filter((f) => !left.has(f.organizationId)),
    plans,
    changes: changesSince(last, basis, plans),
    exposures,
    waiting,
    rowsWithheld,
  };
}

/**
 * The `public` rows to withhold from donors in a release of `basis` (disclosure/donor-rows.ts). A row donors
 * read in an earlier release of the year, unchanged since, is not a candidate: they know it already. One an
 * earlier release withheld, unchanged since, stays withheld: the audit knows an organisation's value only
 * through the releases that show it, so showing it now would give away the earlier cells it was hidden in.
 */
function donorRowsOf(basis: readonly BasisRow[], earlier: readonly q.StoredRelease[]): Set<number> {
  const read = new Set<string>();
  const hidden = new Set<string>();
  for (const r of earlier) {
    const withheld = rowsWithheldIn(r);
    for (const b of r.basis as BasisRow[]) if (b.disclosure === 'public') (withheld.has(b.id) ? hidden : read).add(`${b.id}#${b.fingerprint}`);
  }
  const last = earlier.at(-1);
  const before = last ? rowsWithheldIn(last) : new Set<number>();
  const contributors = contributorsFor(basis, 'donor', [])!;
  const candidates = contributors
    .filter((c) => c.known && !read.has(`${c.id}#${c.fingerprint}`))
    .map((contributor) => ({ contributor, withheldBefore: before.has(contributor.id) }));
  const kept = new Set(candidates.filter((c) => hidden.has(`${c.contributor.id}#${c.contributor.fingerprint}`)).map((c) => c.contributor.id));
  return rowsToWithhold(dims, contributors, candidates, kept);
}

/**
 * What publishing the year now would release. A late approval never takes a figure away: the release
 * first includes every approved report; when the audit then finds an exposure or the plan withholds as a
 * companion a figure the last release showed, the new reports whose arrival would move a shown cell by
 * their own figures wait (arrivalsThatWait), and the release is planned without them. They are tried
 * again with every later release, so they are included as soon as enough reports move those cells together.
 */
async function draftRelease(db: Database | Transaction<DB>, year: number): Promise<Draft> {
  const started = performance.now();
  const [full, earlier] = await Promise.all([basisOf(db, year), q.releasesOfYear(db, year)]);
  const last = earlier.at(-1);
  let draft = await draftWith(year, full, earlier, []);
  if (last) {
    const lost = takenAway(last, draft.plans);
    const waiting = draft.exposures.length || lost ? arrivalsThatWait(full.basis, last) : [];
    if (waiting.length) {
      const without = await draftWith(year, full, earlier, waiting);
      if (!without.exposures.length && (draft.exposures.length > 0 || takenAway(last, without.plans) < lost)) draft = without;
    }
  }
  return { ...draft, planningMs: Math.round(performance.now() - started) };
}

/** The figure paths withheld inside a shown cell: its sums, and the shares built on them. */
function withheldFiguresOf(plan: ViewerPlan, key: CellKey): Set<string> {
  const paths = new Set<string>();
  for (const [path, p] of plan.figures) if (p.withheld.has(key)) paths.add(path);
  // A share is withheld with its numerator or its denominator (which a shown share would give away).
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

/**
 * A viewer's withheld cells, whole, then the sums withheld inside cells that are shown: one entry per cell
 * and reason, naming its figures (a cell may withhold one group for dominance and another as a companion).
 */
function withheldList(whole: Record<CellKey, SuppressionReason>, byFigure: Record<string, Record<CellKey, SuppressionReason>>, count: (key: CellKey) => number) {
  const inside = new Map<string, { key: CellKey; reason: SuppressionReason; figures: string[] }>();
  for (const [path, cells] of Object.entries(byFigure))
    for (const [key, reason] of Object.entries(cells)) {
      const entry = inside.get(`${key}#${reason}`) ?? { key, reason, figures: [] };
      entry.figures.push(path);
      inside.set(`${key}#${reason}`, entry);
    }
  return [
    ...Object.entries(whole).map(([key, reason]) => ({ ...cellOf(key), reason, organizationsReporting: count(key), figures: null })),
    ...[...inside.values()].map(({ key, reason, figures }) => ({ ...cellOf(key), reason, organizationsReporting: count(key), figures: figures.sort(inCatalogueOrder) })),
  ];
}

/** The rows withheld from donors, by name, as coordinators read them. */
const rowsListed = (basis: readonly BasisRow[], rows: ReadonlySet<number>): RowWithheld[] =>
  basis
    .filter((b) => rows.has(b.id))
    .map((b) => ({ organizationId: b.id, name: b.name, reason: 'withheld_to_protect_an_aggregate' as const }))
    .sort((a, b) => a.name.localeCompare(b.name));

const catalogueIndex = new Map<string, number>(figures.map((f, i) => [f.path, i]));
const inCatalogueOrder = (a: string, b: string) => (catalogueIndex.get(a) ?? 0) - (catalogueIndex.get(b) ?? 0);

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
  const rowOf = await liveCells(db, year, draft.waiting.map((w) => w.organizationId));
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
    waiting: draft.waiting,
    rowsWithheldFromDonors: rowsListed(draft.basis, draft.rowsWithheld),
    planningMs: draft.planningMs,
  };
}

/** Whether a draft releases anything new against the year's last release. */
const changesAnything = (changes: ReleaseChanges) =>
  changes.organizationsAdded.length + changes.organizationsChanged.length + changes.organizationsRemoved.length > 0;

/**
 * Publishes a release of the year inside `trx` (a coordinator's, or the cycle's closing). Refused when the
 * audit finds something that no suppression in this release can protect, or when every new report waits
 * (the release would change nothing): the release then waits.
 */
export async function publishReleaseIn(
  trx: Transaction<DB>,
  year: number,
  publishedBy: number | null,
  trigger: ReleaseTrigger,
): Promise<ReleaseRef | null> {
  await q.lockYear(trx, year);
  const draft = await cachedDraft(trx, year).catch((error: unknown) => {
    // A plan over its time budget: closing the cycle still closes it, and its release waits.
    if (trigger === 'cycle_closed' && error instanceof AppError && error.refusal?.code === 'release_planning_too_long') return null;
    throw error;
  });
  if (!draft) return null;
  // A release identical to the last one would only repeat it: refused (closing the cycle publishes none).
  if (draft.number > 1 && changesNothing(draft.changes)) {
    if (trigger === 'cycle_closed') return null;
    throw new AppError('CONFLICT', refusal('release_changes_nothing', { number: draft.number, year }));
  }
  const nothingNew = draft.waiting.length > 0 && !changesAnything(draft.changes);
  if (draft.exposures.length || nothingNew) {
    // Closing a cycle still closes it; its release waits, and the coordinators' preview says why.
    if (trigger === 'cycle_closed') return null;
    const exposed = refusal('release_would_expose');
    const why = draft.exposures[0]?.description ?? `Every new report waits (${draft.waiting.map((w) => w.name).join(', ')}): it would move a cell by too few organisations' figures.`;
    throw new AppError('CONFLICT', { ...exposed, message: `${exposed.message}. ${why}` });
  }
  const rowOf = await liveCells(trx, year, draft.waiting.map((w) => w.organizationId));
  const stored: StoredPlan = {
    withheld: Object.fromEntries(viewers.map((v) => [v, storedPlanOf(draft.plans[v]).whole])) as StoredPlan['withheld'],
    figures: Object.fromEntries(viewers.map((v) => [v, storedPlanOf(draft.plans[v]).figures])) as StoredPlan['figures'],
    audit: Object.fromEntries(viewers.map((v) => [v, draft.plans[v].cells.audit])) as StoredPlan['audit'],
    rowsWithheldFromDonors: [...draft.rowsWithheld].sort((a, b) => a - b),
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
  // Written last in the release's transaction: a refused or failed publication leaves no audit row.
  await recordAudit(trx, {
    entity: 'release',
    entityKey: `${year}-${draft.number}`,
    action: 'publish',
    actorId: publishedBy,
    changes: [
      { field: 'year', from: null, to: year },
      { field: 'number', from: null, to: draft.number },
      { field: 'trigger', from: null, to: trigger },
    ],
  });
  await q.insertOrganizations(
    trx,
    release.id,
    // Donors read the `public` rows, but for those withheld to protect an aggregate.
    draft.figures.filter((f) => f.disclosure === 'public' && !draft.rowsWithheld.has(f.organizationId)).map((f) => ({ ...f, reportStatus: 'approved' as const })),
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
 * whom a cell is about. The others are counted, unless the release withholds the year's total from the
 * reader: then neither how many organisations it counts nor how many unnamed ones came, changed or went
 * (a count of a withheld cell, or of its change: issue 17).
 */
export async function listReleases(db: Database, user: SessionUser | null, year: number | undefined) {
  // Releases stored before `unnamed` existed named everyone (coordinators' reading).
  const releases = (await q.listReleases(db, year)).map((r) => ({ ...r, changes: { ...r.changes, unnamed: r.changes.unnamed ?? { added: 0, changed: 0, removed: 0 } } }));
  const viewer = viewerOf(user);
  if (!viewer) return { releases };
  const [named, withheld] = await Promise.all([
    q.publicOrganizationIds(db),
    q.withheldTotals(db, viewer, releases.map((r) => r.id)),
  ]);
  const split = (list: { id: number; name: string }[]) => [list.filter((o) => named.has(o.id)), list.filter((o) => !named.has(o.id)).length] as const;
  return {
    releases: releases.map((r) => {
      const [added, unnamedAdded] = split(r.changes.organizationsAdded);
      const [changed, unnamedChanged] = split(r.changes.organizationsChanged);
      const [removed, unnamedRemoved] = split(r.changes.organizationsRemoved);
      const totalWithheld = withheld.has(r.id);
      return {
        ...r,
        organizationsReporting: totalWithheld ? null : r.organizationsReporting,
        changes: {
          ...r.changes,
          organizationsAdded: added,
          organizationsChanged: changed,
          organizationsRemoved: removed,
          unnamed: totalWithheld ? null : { added: unnamedAdded, changed: unnamedChanged, removed: unnamedRemoved },
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
    const inColumn = (type: string) => col === ALL || type === col || col === groupColumn(typeGroupOf[type as OrganizationType]);
    return basis.filter((b) => (row === ALL || b.region === row) && inColumn(b.type)).length;
  };
  const audit = stored.audit[viewer];
  return {
    release: { id: release.id, year: release.year, number: release.number, publishedAt: release.publishedAt },
    viewer,
    cells: withheldList(stored.withheld[viewer], stored.figures[viewer], count),
    rows: viewer === 'donor' ? rowsListed(basis, rowsWithheldIn(release)) : [],
    audit: { unknowns: audit.unknowns, rank: audit.rank, linearPrograms: audit.linearPrograms },
  };
}
