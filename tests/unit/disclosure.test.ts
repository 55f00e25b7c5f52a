// The disclosure planner and its audit (server/src/features/releases/disclosure/) against an attacker
// written separately (tests/security/disclosure-attack.ts: one unknown per organisation, BigInt
// elimination, its own linear programs). Random hypercubes of 2–3 rows × 2–4 columns with margins,
// random organisations (known to the viewer or not, aggregate_only or not, dominant or not), one or two
// releases: whatever the planner lets a viewer see, the attacker computes no withheld cell, no
// aggregate_only organisation and no small change between releases, and pins none of the protected ones
// within the protection level.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOMINANCE_PERCENT, PROTECTION_PERCENT, SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import { planRelease, type Plan } from '@lpt/server/features/releases/disclosure/planner';
import { isDominated, primaryReason } from '@lpt/server/features/releases/disclosure/primary';
import { ALL, bottomCellsOf, cellKey, contributorsIn, publishedCells, type Contributor, type Dimensions } from '@lpt/server/features/releases/disclosure/table';
import { determined, ranges, type AttackRelease, type Target } from '../security/disclosure-attack.ts';

const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 1_000n }),
  fc.bigInt({ min: 0n, max: 10_000_000n }),
  fc.bigInt({ min: 1_000_000_000n, max: 5_000_000_000n }), // now and then one that dominates its cell
);

// Half the tables also group their columns (as types are grouped into type groups): each column is in one
// of two groups, and every row × group cell and group total is published too (`g:<group>`).
const tableArbitrary = fc
  .record({
    rows: fc.integer({ min: 2, max: 3 }),
    cols: fc.integer({ min: 2, max: 4 }),
    grouping: fc.option(fc.array(fc.constantFrom('a', 'b'), { minLength: 4, maxLength: 4 }), { nil: undefined }),
  })
  .chain(({ rows, cols, grouping }) => {
    const colNames = Array.from({ length: cols }, (_, i) => `c${i}`);
    const colGroups: Record<string, string[]> = {};
    if (grouping) colNames.forEach((c, i) => (colGroups[grouping[i]!] ??= []).push(c));
    const dims: Dimensions = { rows: Array.from({ length: rows }, (_, i) => `r${i}`), cols: colNames, ...(grouping ? { colGroups } : {}) };
    const contributor = fc.record({
      row: fc.constantFrom(...dims.rows),
      col: fc.constantFrom(...dims.cols),
      known: fc.boolean(),
      protectedIndividually: fc.boolean(),
      hasShare: fc.constantFrom(true, true, true, false),
      money: amount,
    });
    return fc.record({ dims: fc.constant(dims), people: fc.array(contributor, { minLength: 0, maxLength: 22 }) });
  });

const asContributors = (people: { row: string; col: string; known: boolean; protectedIndividually: boolean; hasShare: boolean; money: bigint }[], version = 'v1') =>
  people.map((p, id): Contributor => ({ id, ...p, money: [p.money], fingerprint: version }));

/** The group of a column, when the table groups its columns. */
const groupOf = (col: string, dims: Dimensions) => Object.entries(dims.colGroups ?? {}).find(([, members]) => members.includes(col))?.[0];

/** Whether an organisation is in the cell [row, col] of the table (a `g:` column: its group's members). */
const inCellOf = (dims: Dimensions) => (c: { row: string; col: string }, [row, col]: [string, string]) =>
  (row === ALL || c.row === row) && (col === ALL || c.col === col || col === `g:${groupOf(c.col, dims)}`);

const attackRelease = (contributors: readonly Contributor[], plan: Plan, dims: Dimensions): AttackRelease => ({
  organizations: contributors.map((c) => ({ id: c.id, row: c.row, col: c.col, group: groupOf(c.col, dims), known: c.known, version: c.fingerprint, value: c.money[0]! })),
  shown: publishedCells(dims)
    .filter((key) => !plan.withheld.has(key))
    .map((key) => key.split('|') as [string, string]),
});

const cellOf = (key: string) => key.split('|') as [string, string];

/**
 * What the p % rule asks of a dominated cell's range, worked out here on its own: the second largest
 * contributor bounds the largest by (upper bound of the cell − its own figure), which must reach p % above
 * the largest; the rest of the cell (total − the two largest) already gives that much.
 */
function dominanceNeed(hidden: readonly Contributor[]): number {
  const amounts = hidden.map((c) => Number(c.money[0])).sort((a, b) => b - a);
  const [first = 0, second = 0] = amounts;
  const rest = amounts.reduce((sum, a) => sum + a, 0) - first - second;
  return Math.max(0, (first * DOMINANCE_PERCENT) / 100 - rest);
}

describe('the p % rule', () => {
  it('withholds a cell whose largest contributor the second largest could estimate within p %', () => {
    // 1,000 and 100: the second largest knows the rest is 0, so it learns the largest exactly.
    expect(isDominated([1_000n, 100n])).toBe(true);
    // Total − two largest = 50 < 10 % of 1,000.
    expect(isDominated([1_000n, 300n, 30n, 20n])).toBe(true);
    // 150 ≥ 10 % of 1,000.
    expect(isDominated([1_000n, 300n, 100n, 50n])).toBe(false);
    expect(isDominated([0n, 0n, 0n])).toBe(false);
    expect(DOMINANCE_PERCENT).toBe(10);
  });

  it('counts only what the viewer does not know: a donor sees public organisations one by one', () => {
    const cell = cellKey('europe', ALL);
    const contributors: Contributor[] = Array.from({ length: 13 }, (_, id) => ({
      id,
      row: 'europe',
      col: id === 0 ? 'international_ngo' : 'national_ngo',
      known: id !== 0, // 12 public, 1 aggregate_only
      protectedIndividually: id === 0,
      hasShare: true,
      money: [BigInt(1_000 + id)],
      fingerprint: 'v1',
    }));
    expect(primaryReason(cell, contributors, 1)).toBe('not_published_individually');
    expect(primaryReason(cell, contributors.map((c) => ({ ...c, known: false })), 1)).toBeNull();
  });
});

describe('type groups: the hierarchy type ⊂ group in one table', () => {
  const dims: Dimensions = { rows: ['r0', 'r1'], cols: ['c0', 'c1', 'c2'], colGroups: { a: ['c0', 'c1'], other: ['c2'] } };
  const person = (id: number, row: string, col: string, money: bigint): Contributor => ({
    id,
    row,
    col,
    known: false,
    protectedIndividually: false,
    hasShare: true,
    money: [money],
    fingerprint: 'v1',
  });

  it('publishes each group total and each row × group cell beside the types, a group adding up its member types', () => {
    const cells = publishedCells(dims);
    expect(cells).toEqual(expect.arrayContaining(['*|g:a', '*|g:other', 'r0|g:a', 'r1|g:other', 'r0|c0', '*|c2', '*|*']));
    expect(cells).toHaveLength(1 + 2 + 3 + 6 + 2 + 4);
    // `g:other` is the group, never the column called `other`.
    expect(bottomCellsOf('r1|g:a', dims)).toEqual(['r1|c0', 'r1|c1']);
    expect(bottomCellsOf('*|g:other', dims)).toEqual(['r0|c2', 'r1|c2']);
    const people = [person(1, 'r0', 'c0', 5n), person(2, 'r0', 'c2', 5n), person(3, 'r1', 'c1', 5n)];
    expect(contributorsIn('*|g:a', people, dims).map((c) => c.id)).toEqual([1, 3]);
    expect(() => contributorsIn('*|g:a', people)).toThrow();
  });

  it('withholds a small group cell and a companion, so that no row total minus the other groups gives it away', async () => {
    // r0: 3 organisations of group a (too few), 6 of group other; r1: 6 of each group.
    const people: Contributor[] = [];
    let id = 0;
    for (const col of ['c0', 'c1', 'c0']) people.push(person(id++, 'r0', col, 1_000n + BigInt(id)));
    for (let i = 0; i < 6; i++) people.push(person(id++, 'r0', 'c2', 2_000n + BigInt(i)), person(id++, 'r1', i % 2 ? 'c0' : 'c1', 3_000n + BigInt(i)), person(id++, 'r1', 'c2', 4_000n + BigInt(i)));
    const plan = await planRelease({ dims, previous: [], current: people, moneyFigures: 1 });
    expect(plan.audit.failures).toEqual([]);
    expect(plan.withheld.get('r0|g:a')).toBe('fewer_than_5');
    // r0|* − r0|g:other would be r0|g:a: one of them (or more) is withheld as a complement.
    expect(['r0|*', 'r0|g:other', 'r0|c2'].some((key) => plan.withheld.has(key))).toBe(true);
    const release = attackRelease(people, plan, dims);
    const targets: Target[] = [...plan.withheld.keys()].map((key): Target => ({ kind: 'cell', release: 0, cell: cellOf(key) }));
    expect(determined([release], targets)).toEqual([]);
    // The attacker reads the group cells too: what it is shown includes them.
    expect(release.shown.some(([, col]) => col.startsWith('g:'))).toBe(true);
  });

  it('keeps a withheld member type undetermined by its group cell and the other members', async () => {
    // r0|c1 has 2 organisations (withheld); r0|g:a = r0|c0 + r0|c1 would give it away beside r0|c0.
    const people: Contributor[] = [];
    let id = 0;
    for (let i = 0; i < 6; i++) people.push(person(id++, 'r0', 'c0', 1_000n + BigInt(i)), person(id++, 'r1', 'c0', 1_500n + BigInt(i)), person(id++, 'r1', 'c1', 1_700n + BigInt(i)));
    for (let i = 0; i < 2; i++) people.push(person(id++, 'r0', 'c1', 2_000n + BigInt(i)));
    for (let i = 0; i < 5; i++) people.push(person(id++, 'r0', 'c2', 900n + BigInt(i)), person(id++, 'r1', 'c2', 800n + BigInt(i)));
    const plan = await planRelease({ dims, previous: [], current: people, moneyFigures: 1 });
    expect(plan.audit.failures).toEqual([]);
    expect(plan.withheld.get('r0|c1')).toBe('fewer_than_5');
    const release = attackRelease(people, plan, dims);
    expect(determined([release], [{ kind: 'cell', release: 0, cell: ['r0', 'c1'] }])).toEqual([]);
    const [range] = await ranges([release], [{ kind: 'cell', release: 0, cell: ['r0', 'c1'] }]);
    const value = 2_000 + 2_001;
    expect(value - range!.min).toBeGreaterThanOrEqual((value * PROTECTION_PERCENT) / 100 - 1e-6);
    expect(range!.max - value).toBeGreaterThanOrEqual((value * PROTECTION_PERCENT) / 100 - 1e-6);
  });
});

describe('the planner against an independent attack', () => {
  it('leaves no withheld cell and no aggregate_only organisation computable (exact elimination)', async () => {
    await fc.assert(
      fc.asyncProperty(tableArbitrary, async ({ dims, people }) => {
        const contributors = asContributors(people);
        const plan = await planRelease({ dims, previous: [], current: contributors, moneyFigures: 1 });
        expect(plan.audit.failures).toEqual([]);
        // Threshold: every cell with 1–4 organisations, or 1–4 the viewer does not know, is withheld.
        for (const key of publishedCells(dims)) {
          const inside = contributors.filter((c) => inCellOf(dims)(c, cellOf(key)));
          const hidden = inside.filter((c) => !c.known);
          if ((inside.length > 0 && inside.length < SUPPRESSION_THRESHOLD) || (hidden.length > 0 && hidden.length < SUPPRESSION_THRESHOLD))
            expect(plan.withheld.has(key), key).toBe(true);
        }
        const release = attackRelease(contributors, plan, dims);
        const targets: Target[] = [
          ...[...plan.withheld.keys()].map((key): Target => ({ kind: 'cell', release: 0, cell: cellOf(key) })),
          ...contributors.filter((c) => c.protectedIndividually).map((c): Target => ({ kind: 'organization', release: 0, id: c.id })),
        ];
        expect(determined([release], targets)).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  }, 600_000);

  it('leaves every primarily withheld cell the range its rule asks and every aggregate_only organisation ± p % (linear programming)', async () => {
    await fc.assert(
      fc.asyncProperty(tableArbitrary, async ({ dims, people }) => {
        const contributors = asContributors(people);
        const plan = await planRelease({ dims, previous: [], current: contributors, moneyFigures: 1 });
        const release = attackRelease(contributors, plan, dims);
        const hiddenValue = (filter: (c: Contributor) => boolean) =>
          contributors.filter((c) => !c.known && filter(c)).reduce((sum, c) => sum + Number(c.money[0]), 0);
        const items: { target: Target; value: number; need: number }[] = [];
        for (const [key, reason] of plan.withheld) {
          if (reason === 'complement') continue;
          const inCell = (c: Contributor) => inCellOf(dims)(c, cellOf(key));
          const value = hiddenValue(inCell);
          items.push({ target: { kind: 'cell', release: 0, cell: cellOf(key) }, value, need: reason === 'dominance' ? dominanceNeed(contributors.filter((c) => !c.known && inCell(c))) : (value * PROTECTION_PERCENT) / 100 });
        }
        for (const c of contributors)
          if (c.protectedIndividually && !c.known) items.push({ target: { kind: 'organization', release: 0, id: c.id }, value: Number(c.money[0]), need: (Number(c.money[0]) * PROTECTION_PERCENT) / 100 });
        const found = await ranges([release], items.map((i) => i.target));
        items.forEach((item, i) => {
          if (item.value <= 0) return;
          const margin = item.need - item.value * 1e-7;
          expect(item.value - found[i]!.min, JSON.stringify(item.target)).toBeGreaterThanOrEqual(margin);
          expect(found[i]!.max - item.value, JSON.stringify(item.target)).toBeGreaterThanOrEqual(margin);
        });
      }),
      { numRuns: 400 },
    );
  }, 600_000);

  it('leaves no small change between two releases computable, or refuses the second release', async () => {
    const changes = fc.record({
      added: fc.array(fc.record({ i: fc.nat(), money: amount, known: fc.boolean(), protectedIndividually: fc.boolean() }), { maxLength: 4 }),
      changed: fc.array(fc.record({ i: fc.nat(), money: amount }), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(tableArbitrary, changes, async ({ dims, people }, change) => {
        const first = asContributors(people);
        const firstPlan = await planRelease({ dims, previous: [], current: first, moneyFigures: 1 });
        const second: Contributor[] = first.map((c) => ({ ...c }));
        for (const { i, money } of change.changed)
          if (second.length) {
            const c = second[i % second.length]!;
            second[i % second.length] = { ...c, money: [money], fingerprint: 'v2' };
          }
        for (const [n, a] of change.added.entries()) {
          const template = first[a.i % Math.max(1, first.length)];
          second.push({
            id: 1_000 + n,
            row: template?.row ?? dims.rows[0]!,
            col: template?.col ?? dims.cols[0]!,
            known: a.known,
            protectedIndividually: a.protectedIndividually,
            hasShare: true,
            money: [a.money],
            fingerprint: 'v2',
          });
        }
        const plan = await planRelease({ dims, previous: [{ contributors: first, withheld: new Set(firstPlan.withheld.keys()) }], current: second, moneyFigures: 1 });
        // A release the audit cannot make safe is refused (it waits): nothing to attack.
        if (plan.audit.failures.length) return;
        const releases = [attackRelease(first, firstPlan, dims), attackRelease(second, plan, dims)];
        const changedIn = (key: string) => {
          const inside = (c: Contributor) => !c.known && inCellOf(dims)(c, cellOf(key));
          const before = new Map(first.filter(inside).map((c) => [c.id, c.fingerprint]));
          return second.filter(inside).filter((c) => before.get(c.id) !== c.fingerprint).length;
        };
        const targets: Target[] = [
          ...[...firstPlan.withheld.keys()].map((key): Target => ({ kind: 'cell', release: 0, cell: cellOf(key) })),
          ...[...plan.withheld.keys()].map((key): Target => ({ kind: 'cell', release: 1, cell: cellOf(key) })),
          ...publishedCells(dims)
            .filter((key) => changedIn(key) > 0 && changedIn(key) < SUPPRESSION_THRESHOLD)
            .map((key): Target => ({ kind: 'change', from: 0, to: 1, cell: cellOf(key) })),
          ...second.filter((c) => c.protectedIndividually).map((c): Target => ({ kind: 'organization', release: 1, id: c.id })),
        ];
        expect(determined(releases, targets)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  }, 600_000);

  it('plans each figure by its own rule: the cells by the threshold alone, each sum by the p % rule inside them', async () => {
    // Two sums per organisation (money, and a count such as partners), planned as releases.service.ts
    // composes them: the cells with no sum, then each sum with the cells' withheld ones to start from.
    const withCounts = tableArbitrary.chain((t) =>
      fc.record({ table: fc.constant(t), counts: fc.array(amount, { minLength: t.people.length, maxLength: t.people.length }) }),
    );
    await fc.assert(
      fc.asyncProperty(withCounts, async ({ table: { dims, people }, counts }) => {
        const contributors = asContributors(people).map((c, i) => ({ ...c, money: [c.money[0]!, counts[i]!] }));
        const cells = await planRelease({ dims, previous: [], current: contributors.map((c) => ({ ...c, money: [] })), moneyFigures: 0 });
        expect(cells.audit.failures).toEqual([]);
        // Nobody dominates a count of organisations: a cell is withheld whole by the threshold or as a companion.
        for (const reason of cells.withheld.values()) expect(reason).not.toBe('dominance');
        for (const [figure, values] of [0, 1].map((f) => [f, contributors.map((c) => ({ ...c, money: [c.money[f]!] }))] as const)) {
          const plan = await planRelease({ dims, previous: [], current: values, moneyFigures: 1, initial: cells.withheld });
          if (plan.audit.failures.length) continue; // refused: nothing released
          for (const key of publishedCells(dims)) if (primaryReason(key, values, 1, DOMINANCE_PERCENT, dims) === 'dominance') expect(plan.withheld.has(key), `${figure} ${key}`).toBe(true);
          const release = attackRelease(values, plan, dims);
          const targets: Target[] = [
            ...[...plan.withheld.keys()].map((key): Target => ({ kind: 'cell', release: 0, cell: cellOf(key) })),
            ...values.filter((c) => c.protectedIndividually).map((c): Target => ({ kind: 'organization', release: 0, id: c.id })),
          ];
          expect(determined([release], targets), `figure ${figure}`).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  }, 600_000);
});
