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
import { ALL, cellKey, publishedCells, type Contributor, type Dimensions } from '@lpt/server/features/releases/disclosure/table';
import { determined, ranges, type AttackRelease, type Target } from '../security/disclosure-attack.ts';

const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 1_000n }),
  fc.bigInt({ min: 0n, max: 10_000_000n }),
  fc.bigInt({ min: 1_000_000_000n, max: 5_000_000_000n }), // now and then one that dominates its cell
);

const tableArbitrary = fc
  .record({ rows: fc.integer({ min: 2, max: 3 }), cols: fc.integer({ min: 2, max: 4 }) })
  .chain(({ rows, cols }) => {
    const dims: Dimensions = { rows: Array.from({ length: rows }, (_, i) => `r${i}`), cols: Array.from({ length: cols }, (_, i) => `c${i}`) };
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

const attackRelease = (contributors: readonly Contributor[], plan: Plan, dims: Dimensions): AttackRelease => ({
  organizations: contributors.map((c) => ({ id: c.id, row: c.row, col: c.col, known: c.known, version: c.fingerprint, value: c.money[0]! })),
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

describe('the planner against an independent attack', () => {
  it('leaves no withheld cell and no aggregate_only organisation computable (exact elimination)', async () => {
    await fc.assert(
      fc.asyncProperty(tableArbitrary, async ({ dims, people }) => {
        const contributors = asContributors(people);
        const plan = await planRelease({ dims, previous: [], current: contributors, moneyFigures: 1 });
        expect(plan.audit.failures).toEqual([]);
        // Threshold: every cell with 1–4 organisations, or 1–4 the viewer does not know, is withheld.
        for (const key of publishedCells(dims)) {
          const [row, col] = cellOf(key);
          const inside = contributors.filter((c) => (row === ALL || c.row === row) && (col === ALL || c.col === col));
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
          const [row, col] = cellOf(key);
          const inCell = (c: Contributor) => (row === ALL || c.row === row) && (col === ALL || c.col === col);
          const value = hiddenValue(inCell);
          items.push({ target: { kind: 'cell', release: 0, cell: [row, col] }, value, need: reason === 'dominance' ? dominanceNeed(contributors.filter((c) => !c.known && inCell(c))) : (value * PROTECTION_PERCENT) / 100 });
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
          const [row, col] = cellOf(key);
          const inside = (c: Contributor) => !c.known && (row === ALL || c.row === row) && (col === ALL || c.col === col);
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
});
