// Which cells of a year's release a viewer may not see, and the audit that proves what is left safe.
//
// The approach of τ-Argus and sdcTable: primary rules first (primary.ts), then secondary suppression
// until an audit of the whole system of what this viewer can obtain (table.ts: every published cell of
// this release and of the year's earlier releases) finds nothing. The audit asks, exactly:
//   1. Is any withheld cell, of this release or an earlier one, determined by the shown cells?
//      (elimination.ts, in integers)
//   2. Is the change between two releases of any cell, where 1–4 hidden organisations changed (or one
//      change dominates), determined? That is the "read before and after" attack.
//   3. For every primarily withheld cell and every `aggregate_only` organisation, and every money figure:
//      does the range that linear programming derives (ranges.ts, all amounts ≥ 0) reach the protection
//      level its rule asks (ranges.ts protectionLevel) below and above the true value? (interval
//      protection; an organisation's range is [0, the largest value its bottom cell's hidden part can
//      take] when it shares that cell with other hidden organisations.)
// Secondary suppressions are chosen by optimal.ts: the least costly set of this release's cells that gives
// every failing item its protection, a mixed-integer program, whose plan is then audited like any other;
// it never withdraws a cell the last release showed.
// Where it finds none in time, the first-failure heuristic (planByHeuristic) chooses them one at a time:
// for the first failure of the audit, among the cells of this release still shown, first those in the same
// row or column of the table as the failing cell (the companions that can hide it, as in the hypercube
// method), then the cheapest, and, for interval protection, a companion large enough to give the
// protection (never merely the smallest). Earlier releases are immutable: only this release's cells can
// be withheld.
import { DOMINANCE_PERCENT, PROTECTION_PERCENT, type SuppressionReason } from '@lpt/shared/enums';
import { RowSpace } from './elimination.ts';
import { changeIsSensitive, primaryReason } from './primary.ts';
import { solveSuppression, withholdingCost, type DeviationItem } from './optimal.ts';
import { loadSolver, protectionLevel, protects, rangeOf, type Equation } from './ranges.ts';
import {
  contributorsIn,
  difference,
  formOf,
  positionOf,
  publishedCells,
  unknownsOf,
  type CellKey,
  type Contributor,
  type Dimensions,
  type Form,
  type State,
  type Unknowns,
} from './table.ts';

export interface PlanInput {
  dims: Dimensions;
  /** The year's earlier releases for this viewer, oldest first. */
  previous: readonly State[];
  /** The organisations of the release being planned. */
  current: readonly Contributor[];
  /** How many money figures each contributor carries (Contributor.money). */
  moneyFigures: number;
  dominancePercent?: number;
  protectionPercent?: number;
  /** Cells already withheld for another reason (a plan of the whole cells, when planning one figure). */
  initial?: ReadonlyMap<CellKey, Exclude<SuppressionReason, 'not_released'>>;
  /** How long the optimal suppression may search, in seconds, before the heuristic takes over. */
  timeLimitSeconds?: number;
}

export type Withheld = Map<CellKey, Exclude<SuppressionReason, 'not_released'>>;

/** What the audit found wrong: a figure a viewer can compute, or pin down too closely. */
export type Failure =
  | { kind: 'determined'; what: 'cell' | 'change'; cell: CellKey; release: number }
  | (Omit<IntervalItem, 'target' | 'upperOnly'> & { kind: 'interval'; range: { min: number; max: number } });

export interface Plan {
  withheld: Withheld;
  /** What the final audit found (nothing, for a release that may be published) and how big the system was. */
  audit: { failures: Failure[]; rank: number; unknowns: number; linearPrograms: number };
}

interface System {
  states: State[];
  unknowns: Unknowns;
  /** Shown equations of every release, as forms (shared by all figures). */
  shown: { form: Form; release: number; cell: CellKey }[];
}

/** The unknowns depend on who is in each release, not on what is withheld: worked out once per plan. */
const unknownsCache = new WeakMap<PlanInput, Unknowns>();

/** A form written out, for telling identical forms apart (their terms in unknown order). */
const signatures = new WeakMap<Form, string>();
function signatureOf(form: Form): string {
  let text = signatures.get(form);
  if (text === undefined) {
    text = [...form]
      .sort((a, b) => a[0] - b[0])
      .map(([v, k]) => `${v}:${k}`)
      .join(',');
    signatures.set(form, text);
  }
  return text;
}

// History compaction: a bottom cell nobody in it changed is the same unknown in every release (table.ts),
// so a cell shown unchanged in release after release is the same equation each time. Each distinct shown
// form enters the system once, and each distinct withheld form, change and interval target is checked once
// (at the newest release that has it, where a fix can be made): the audit grows with what changed during
// the year, not with the number of releases times the table.
function buildSystem(input: PlanInput, withheld: ReadonlySet<CellKey>): System {
  const states: State[] = [...input.previous, { contributors: input.current, withheld }];
  let unknowns = unknownsCache.get(input);
  if (!unknowns) unknownsCache.set(input, (unknowns = unknownsOf(states, input.dims)));
  const cells = publishedCells(input.dims);
  const shown: System['shown'] = [];
  const entered = new Set<string>();
  for (let s = states.length - 1; s >= 0; s--)
    for (const cell of cells) {
      if (states[s]!.withheld.has(cell)) continue;
      const form = formOf(cell, s, unknowns, input.dims);
      if (!form.size || entered.has(signatureOf(form))) continue;
      entered.add(signatureOf(form));
      shown.push({ form, release: s, cell });
    }
  return { states, unknowns, shown };
}

/** The value of a form for one money figure, in cents as a number (for the linear programs). */
function valueOf(form: Form, unknowns: Unknowns, figure: number): number {
  let total = 0n;
  for (const [v, k] of form) {
    let part = 0n;
    for (const c of unknowns.list[v]!.contributors) part += c.money[figure] ?? 0n;
    total += BigInt(k) * part;
  }
  return Number(total);
}

const primaryCache = new WeakMap<readonly Contributor[], Map<CellKey, string | null>>();
function primaryOf(input: PlanInput, contributors: readonly Contributor[], cell: CellKey) {
  let cache = primaryCache.get(contributors);
  if (!cache) primaryCache.set(contributors, (cache = new Map()));
  if (!cache.has(cell)) cache.set(cell, primaryReason(cell, contributors, input.moneyFigures, input.dominancePercent ?? DOMINANCE_PERCENT, input.dims));
  return cache.get(cell) ?? null;
}

const spaces = new WeakMap<System, RowSpace>();
/** The row space of a system's shown equations (eliminated once per system: the audit asks it twice). */
function spaceOf(system: System): RowSpace {
  let space = spaces.get(system);
  if (!space)
    spaces.set(
      system,
      (space = RowSpace.of(
        system.shown.map((e) => e.form),
        system.unknowns.list.length,
      )),
    );
  return space;
}

/** The exact part of the audit: withheld cells and sensitive changes that the shown cells determine. */
function determinedFailures(input: PlanInput, system: System, firstOnly: boolean): Failure[] {
  const space = spaceOf(system);
  const failures: Failure[] = [];
  // Every withheld cell is reported (a companion is judged by whether its own failure goes), but the same
  // form, in another release or another cell with the same hidden parts, is worked out once.
  const determined = new Map<string, boolean>();
  const changes = sensitiveChanges(input, system);
  // Newest release first: that is where a fix can be made.
  for (let s = system.states.length - 1; s >= 0; s--) {
    const state = system.states[s]!;
    for (const cell of state.withheld) {
      const form = formOf(cell, s, system.unknowns, input.dims);
      if (!form.size) continue;
      const signature = signatureOf(form);
      if (!determined.has(signature)) determined.set(signature, space.determines(form));
      if (determined.get(signature)) {
        failures.push({ kind: 'determined', what: 'cell', cell, release: s });
        if (firstOnly) return failures;
      }
    }
    for (const change of changes[s] ?? [])
      if (space.determines(change.form)) {
        failures.push({ kind: 'determined', what: 'change', cell: change.cell, release: s });
        if (firstOnly) return failures;
      }
  }
  return failures;
}

/**
 * The changes between two releases that must not be computable: per published cell and pair of
 * releases, where 1–4 hidden organisations changed (or one change dominates), by the later release of the
 * pair. They depend on who is in each release, not on what is withheld: worked out once per plan.
 *
 * Every pair of releases, not only consecutive ones: a reader keeps every release, and two consecutive
 * changes of 5 organisations each (5 added, then 4 of them removed and 1 more added) are safe one by one
 * while their sum, 2 organisations added, is not. Nor is checking each earlier release against the current
 * one enough: the current release's equations can determine an older pair's change (shown in releases 1
 * and 3, withheld in 2, a cell's change from 1 to 2 is its change from 1 to 3 when nothing moved after 2).
 * What keeps this bounded is that a pair's change is a form over the unknowns, and the pairs of a year
 * mostly repeat the same few forms (a cell nobody changed in has none at all; one change seen from every
 * later release is one form): each distinct form is judged and checked once, at the newest release that
 * has it.
 */
type Change = { cell: CellKey; release: number; form: Form };
const changesCache = new WeakMap<PlanInput, Change[][]>();
function sensitiveChanges(input: PlanInput, system: System): Change[][] {
  let changes = changesCache.get(input);
  if (changes) return changes;
  changes = system.states.map(() => []);
  const cells = publishedCells(input.dims);
  const judged = new Set<string>();
  for (let s = system.states.length - 1; s >= 1; s--)
    for (let earlier = s - 1; earlier >= 0; earlier--)
      for (const cell of cells) {
        const form = difference(formOf(cell, s, system.unknowns, input.dims), formOf(cell, earlier, system.unknowns, input.dims));
        // The same form means the same hidden organisations changed: the same judgement.
        if (!form.size || judged.has(signatureOf(form))) continue;
        judged.add(signatureOf(form));
        if (changeIsSensitive(changesIn(cell, system.states[earlier]!.contributors, system.states[s]!.contributors, input.dims), input.moneyFigures))
          changes[s]!.push({ cell, release: s, form });
      }
  changesCache.set(input, changes);
  return changes;
}

function changesIn(cell: CellKey, before: readonly Contributor[], after: readonly Contributor[], dims: Dimensions) {
  const hidden = (list: readonly Contributor[]) => new Map(contributorsIn(cell, list, dims).filter((c) => !c.known).map((c) => [c.id, c]));
  const a = hidden(before);
  const b = hidden(after);
  const changed: { before: readonly bigint[] | null; after: readonly bigint[] | null }[] = [];
  for (const [id, c] of b) {
    const old = a.get(id);
    if (!old || old.fingerprint !== c.fingerprint) changed.push({ before: old?.money ?? null, after: c.money });
  }
  for (const [id, c] of a) if (!b.has(id)) changed.push({ before: c.money, after: null });
  return changed;
}

interface IntervalItem {
  what: 'cell' | 'organization';
  cell: CellKey;
  release: number;
  organizationId?: number;
  figure: number;
  value: number;
  /** The room the range must leave on each side of the value (ranges.ts protectionLevel). */
  need: number;
  target: Form;
  /** An organisation sharing its bottom cell: only the upper side can be pinned. */
  upperOnly: boolean;
}

/** What interval protection is asked of: primarily withheld cells and `aggregate_only` organisations. */
function intervalItems(input: PlanInput, system: System): IntervalItem[] {
  const items: IntervalItem[] = [];
  const percents = { dominance: input.dominancePercent ?? DOMINANCE_PERCENT, protection: input.protectionPercent ?? PROTECTION_PERCENT };
  for (const [s, state] of system.states.entries()) {
    for (const cell of state.withheld) {
      const reason = primaryOf(input, state.contributors, cell);
      if (!reason) continue;
      const target = formOf(cell, s, system.unknowns, input.dims);
      if (!target.size) continue;
      const hidden = [...target.keys()].flatMap((v) => system.unknowns.list[v]!.contributors);
      for (let f = 0; f < input.moneyFigures; f++) {
        const value = valueOf(target, system.unknowns, f);
        const need = protectionLevel(reason === 'dominance' ? 'dominance' : 'threshold', hidden.map((c) => c.money[f] ?? 0n), percents);
        if (value > 0 && need > 0) items.push({ what: 'cell', cell, release: s, figure: f, value, need, target, upperOnly: false });
      }
    }
    // An `aggregate_only` organisation alone among the hidden organisations of its bottom cell makes that
    // cell a primary suppression (fewer than 5), protected above. One that shares it can be pinned only
    // from above: one linear program per bottom cell and figure, against its largest such organisation.
    for (const [bottom, v] of system.unknowns.variableOf[s]!) {
      const hidden = system.unknowns.list[v]!.contributors;
      if (hidden.length < 2) continue;
      for (let f = 0; f < input.moneyFigures; f++) {
        let largest: Contributor | undefined;
        for (const c of hidden) if (c.protectedIndividually && (c.money[f] ?? 0n) > (largest?.money[f] ?? 0n)) largest = c;
        if (!largest) continue;
        const value = Number(largest.money[f]);
        const need = protectionLevel('organization', [largest.money[f]!], percents);
        items.push({ what: 'organization', cell: bottom, release: s, organizationId: largest.id, figure: f, value, need, target: new Map([[v, 1]]), upperOnly: true });
      }
    }
  }
  return items;
}

/**
 * The interval part of the audit. `passed` remembers the items already protected while planning: withholding
 * more only removes equations, which can only widen a range, so they need no second linear program.
 */
async function intervalFailures(
  input: PlanInput,
  system: System,
  firstOnly: boolean,
  counter: { lps: number },
  passed: Set<string> = new Set(),
): Promise<Failure[]> {
  const highs = await loadSolver();
  const equationsOf = new Map<number, Equation[]>();
  const equations = (figure: number) => {
    let list = equationsOf.get(figure);
    if (!list) equationsOf.set(figure, (list = system.shown.map((e) => ({ form: e.form, value: valueOf(e.form, system.unknowns, figure) }))));
    return list;
  };
  const failures: Failure[] = [];
  // Newest release first, then by size: the failures a new suppression can mend come first.
  const items = intervalItems(input, system).sort((a, b) => b.release - a.release);
  const asked = new Set<string>();
  for (const item of items) {
    // The same target (an unchanged cell or organisation of an earlier release) is one question, asked once.
    const key = `${item.what}|${signatureOf(item.target)}|${item.organizationId ?? ''}|${item.figure}`;
    if (passed.has(key) || asked.has(key)) continue;
    asked.add(key);
    counter.lps += 2;
    const range = rangeOf(highs, equations(item.figure), item.target);
    const effective = item.upperOnly ? { min: 0, max: range.max } : range;
    if (protects(effective, item.value, item.need)) {
      passed.add(key);
      continue;
    }
    failures.push({
      kind: 'interval',
      what: item.what,
      cell: item.cell,
      release: item.release,
      ...(item.organizationId !== undefined ? { organizationId: item.organizationId } : {}),
      figure: item.figure,
      value: item.value,
      need: item.need,
      range: effective,
    });
    if (firstOnly) return failures;
  }
  return failures;
}

/**
 * The whole audit of a set of withheld cells: every failure, or none when the release is safe. `passed`:
 * interval items that passed with a subset of these cells withheld (intervalFailures).
 */
export async function auditRelease(input: PlanInput, withheld: ReadonlySet<CellKey>, passed?: Set<string>): Promise<Plan['audit']> {
  const system = buildSystem(input, withheld);
  const counter = { lps: 0 };
  const failures = [...determinedFailures(input, system, false), ...(await intervalFailures(input, system, false, counter, passed))];
  const rank = spaceOf(system).rank;
  return { failures, rank, unknowns: system.unknowns.list.length, linearPrograms: counter.lps };
}

/** The primary rules of the current release. */
export function primarySuppressions(input: PlanInput): Withheld {
  const withheld: Withheld = new Map();
  for (const cell of publishedCells(input.dims)) {
    const reason = primaryOf(input, input.current, cell) as ReturnType<typeof primaryReason>;
    if (reason) withheld.set(cell, reason);
  }
  return withheld;
}

/**
 * Plans a release: primary suppressions, then the secondary ones that lose least (optimal.ts), audited;
 * the first-failure heuristic below where the program finds no plan that passes the audit in time.
 */
export async function planRelease(input: PlanInput): Promise<Plan> {
  const initial: Withheld = new Map([...(input.initial ?? []), ...primarySuppressions(input)]);
  const counter = { lps: 0 };
  const optimal = await planOptimally(input, initial, counter);
  if (optimal) return { withheld: optimal.withheld, audit: { ...optimal.audit, linearPrograms: optimal.audit.linearPrograms + counter.lps } };
  const withheld = await planByHeuristic(input, initial, counter);
  const audit = await auditRelease(input, new Set(withheld.keys()));
  return { withheld, audit: { ...audit, linearPrograms: audit.linearPrograms + counter.lps } };
}

/** What withholding these cells of the release being planned costs (optimal.ts withholdingCost). */
export function planCost(input: PlanInput, withheld: Iterable<CellKey>): number {
  let cost = 0;
  for (const cell of withheld) cost += withholdingCost(cell, input.dims, contributorsIn(cell, input.current, input.dims).filter((c) => !c.known).length);
  return cost;
}

/** The seconds the program may take per plan, unless PlanInput says otherwise. */
const OPTIMAL_TIME_LIMIT = 5;

/**
 * Optimal secondary suppression with constraint generation: the program protects the items the audit
 * finds failing with only the fixed cells withheld (an item that passes then passes whatever is withheld
 * on top, as withholding only removes equations); its plan is audited, and what still fails (a companion
 * that the shown cells determine, a solver's rounding) joins the program for another round. Returns null
 * when the program finds no plan, or none that passes the audit in time.
 */
async function planOptimally(input: PlanInput, initial: Withheld, counter: { lps: number }): Promise<{ withheld: Withheld; audit: Plan['audit'] } | null> {
  // Every plan withholds the initial cells and more: what passes with those alone passes with any plan.
  const passed = new Set<string>();
  let audit = await auditRelease(input, new Set(initial.keys()), passed);
  if (!audit.failures.length) return { withheld: new Map(initial), audit };
  // The time limit covers the program and the audits of its plans (the first audit is work the heuristic
  // would do as well).
  const started = performance.now();
  const budget = input.timeLimitSeconds ?? OPTIMAL_TIME_LIMIT;
  const highs = await loadSolver();
  const current = input.previous.length;
  const system = buildSystem(input, new Set(initial.keys()));
  const { unknowns } = system;
  const values = Array.from({ length: input.moneyFigures }, (_, f) => unknowns.list.map((_, v) => valueOf(new Map([[v, 1]]), unknowns, f)));
  // A cell the last release showed is not withdrawn as a companion (only a primary rule withdraws a shown
  // figure): it stays shown in the program. Where nothing else protects, the program finds no plan.
  const last = input.previous.at(-1);
  const stays = (cell: CellKey) => last !== undefined && !last.withheld.has(cell) && !initial.has(cell);
  const cells = publishedCells(input.dims)
    .map((cell) => ({ cell, form: formOf(cell, current, unknowns, input.dims) }))
    .filter((c) => c.form.size > 0 && !stays(c.cell))
    .map((c) => ({ ...c, withheld: initial.has(c.cell), cost: planCost(input, [c.cell]) }));
  // Shown whatever: earlier releases' shown cells, and those. Only their span matters, so each independent
  // equation once (a year of many releases repeats most of them: a cell whose organisations did not change
  // is the same form).
  const span = new RowSpace(unknowns.list.length);
  const seen = new Set<string>();
  const fixed = system.shown
    .filter((e) => {
      if (e.release === current && !stays(e.cell)) return false;
      const key = [...e.form].sort(([a], [b]) => a - b).join(';');
      if (seen.has(key)) return false;
      seen.add(key);
      return span.add(e.form);
    })
    .map((e) => e.form);
  const items = new Map<string, DeviationItem>();
  for (let round = 0; round < 4; round++) {
    let added = 0;
    for (const [key, item] of itemsOf(input, system, initial, audit.failures))
      if (!items.has(key)) {
        items.set(key, item);
        added++;
      }
    const remaining = budget - (performance.now() - started) / 1000;
    if (!added || remaining <= 0) return null;
    counter.lps += audit.linearPrograms;
    const solution = solveSuppression(highs, { values, fixed, cells, items: [...items.values()], timeLimitSeconds: remaining });
    if (solution.status === 'none') return null;
    const withheld: Withheld = new Map([...initial, ...solution.withheld.map((cell) => [cell, 'complement'] as const)]);
    audit = await auditRelease(input, new Set(withheld.keys()), passed);
    if (!audit.failures.length) return { withheld, audit };
  }
  return null;
}

/** The program's items for what the audit found failing. */
function itemsOf(input: PlanInput, system: System, initial: Withheld, failures: readonly Failure[]): [string, DeviationItem][] {
  const current = input.previous.length;
  const items: [string, DeviationItem][] = [];
  for (const failure of failures) {
    const key = `${failure.kind}|${failure.release}|${failure.cell}`;
    if (failure.kind === 'determined') {
      // A companion chosen by the program must be undetermined only while the program withholds it (a
      // change between releases must never be determined).
      const onlyIf = failure.what === 'cell' && failure.release === current && !initial.has(failure.cell) ? failure.cell : undefined;
      const targets =
        failure.what === 'cell'
          ? [formOf(failure.cell, failure.release, system.unknowns, input.dims)]
          : (sensitiveChanges(input, system)[failure.release] ?? [])
              .filter((c) => c.cell === failure.cell)
              .map((c) => c.form);
      targets.forEach((target, i) => items.push([`${key}|${failure.what}|${i}`, { target, direction: 'moved', need: 1, figure: 0, ...(onlyIf ? { onlyIf } : {}) }]));
      continue;
    }
    const target = failure.what === 'organization' ? organizationTarget(system, failure) : formOf(failure.cell, failure.release, system.unknowns, input.dims);
    const tolerance = failure.value * 1e-9;
    const item = { target, need: failure.need, figure: failure.figure };
    const at = `${key}|${failure.what}|${failure.organizationId ?? ''}|${failure.figure}`;
    if (failure.range.max < failure.value + failure.need - tolerance) items.push([`${at}|up`, { ...item, direction: 'up' }]);
    if (failure.what === 'cell' && failure.range.min > failure.value - failure.need + tolerance) items.push([`${at}|down`, { ...item, direction: 'down' }]);
  }
  return items;
}

/**
 * The first-failure heuristic, the fallback: secondary suppressions one at a time for the first failure
 * of the audit, among the cells of this release still shown, first those in the same row or column as the
 * failing cell (the companions that can hide it, as in the hypercube method), then the cheapest.
 */
export async function planByHeuristic(input: PlanInput, initial: Withheld, counter: { lps: number } = { lps: 0 }): Promise<Withheld> {
  const withheld: Withheld = new Map(initial);
  const current = input.previous.length;
  const passed = new Set<string>();
  for (;;) {
    const system = buildSystem(input, new Set(withheld.keys()));
    const failure = determinedFailures(input, system, true)[0] ?? (await intervalFailures(input, system, true, counter, passed))[0];
    if (!failure) break;
    const { row, col } = positionOf(failure.cell);
    const candidates = publishedCells(input.dims)
      .filter((cell) => !withheld.has(cell) && formOf(cell, current, system.unknowns, input.dims).size > 0)
      .map((cell) => {
        const at = positionOf(cell);
        return { cell, mate: at.row === row || at.col === col, cost: planCost(input, [cell]) };
      });
    // Nothing left to withhold in this release (earlier ones are fixed): the audit reports what stays
    // exposed, and such a release is not published (it waits for more reports).
    if (!candidates.length) break;
    const pick = await chooseCompanion(input, withheld, failure, candidates, counter);
    withheld.set(pick, 'complement');
  }
  return withheld;
}

type Candidate = { cell: CellKey; mate: boolean; cost: number };

async function chooseCompanion(
  input: PlanInput,
  withheld: Withheld,
  failure: Failure,
  candidates: Candidate[],
  counter: { lps: number },
): Promise<CellKey> {
  const byRelation = (a: Candidate, b: Candidate) => Number(b.mate) - Number(a.mate) || a.cost - b.cost || a.cell.localeCompare(b.cell);
  const trial = (cell: CellKey) => buildSystem(input, new Set([...withheld.keys(), cell]));
  const stillFails = (system: System) =>
    failure.kind === 'determined'
      ? determinedFailures(input, system, false).some((f) => f.cell === failure.cell && f.release === failure.release && f.what === failure.what)
      : false;

  if (failure.kind === 'determined') {
    const ordered = [...candidates].sort(byRelation);
    for (const c of ordered) if (!stillFails(trial(c.cell))) return c.cell;
    return ordered[0]!.cell;
  }

  // Interval protection: a companion must be able to absorb the protection level; among those that can,
  // the cheapest related one that actually gives the protection.
  const need = failure.need;
  const highs = await loadSolver();
  const current = input.previous.length;
  const scored = candidates.map((c) => {
    const system = buildSystem(input, new Set(withheld.keys()));
    const value = valueOf(formOf(c.cell, current, system.unknowns, input.dims), system.unknowns, failure.figure);
    return { ...c, large: value >= need, value };
  });
  const ordered = scored.sort(
    (a, b) => Number(b.mate) - Number(a.mate) || Number(b.large) - Number(a.large) || (a.large ? a.cost - b.cost : b.value - a.value),
  );
  let best: { cell: CellKey; width: number } | null = null;
  for (const c of ordered.slice(0, 8)) {
    const system = trial(c.cell);
    const target = failure.what === 'organization' ? organizationTarget(system, failure) : formOf(failure.cell, failure.release, system.unknowns, input.dims);
    const equations = system.shown.map((e) => ({ form: e.form, value: valueOf(e.form, system.unknowns, failure.figure) }));
    counter.lps += 2;
    const range = rangeOf(highs, equations, target);
    const effective = failure.what === 'organization' ? { min: 0, max: range.max } : range;
    if (protects(effective, failure.value, failure.need)) return c.cell;
    const width = Math.min(failure.value - effective.min, effective.max - failure.value);
    if (!best || width > best.width) best = { cell: c.cell, width };
  }
  return best!.cell;
}

function organizationTarget(system: System, failure: Extract<Failure, { kind: 'interval' }>): Form {
  const v = system.unknowns.variableOf[failure.release]!.get(failure.cell);
  return v === undefined ? new Map() : new Map([[v, 1]]);
}
