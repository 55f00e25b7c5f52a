// Which `public` rows a release withholds from donors so that cells with 1–4 organisations donors do not see
// one by one can be shown (server/src/features/releases/disclosure/donor-rows.ts).
import { describe, expect, it } from 'vitest';
import { rowsToWithhold } from '@lpt/server/features/releases/disclosure/donor-rows';
import { primaryReason } from '@lpt/server/features/releases/disclosure/primary';
import { ALL, cellKey, type Contributor, type Dimensions } from '@lpt/server/features/releases/disclosure/table';

const dims: Dimensions = { rows: ['africa', 'europe'], cols: ['ngo', 'agency'] };
let next = 0;
const org = (row: string, col: string, known: boolean, hasShare = true): Contributor => ({
  id: ++next,
  row,
  col,
  known,
  protectedIndividually: !known,
  hasShare,
  money: [],
  fingerprint: 'v1',
});
const candidatesOf = (contributors: Contributor[], before: ReadonlySet<number> = new Set()) =>
  contributors.filter((c) => c.known).map((contributor) => ({ contributor, withheldBefore: before.has(contributor.id) }));
const asDonorsSee = (contributors: Contributor[], rows: ReadonlySet<number>) => contributors.map((c) => ({ ...c, known: c.known && !rows.has(c.id) }));

describe('rows withheld from donors to protect an aggregate', () => {
  it('withholds the fewest rows that let the total be shown, and none where the total needs none', () => {
    // One bottom cell: the total, Europe's, the NGOs' and Europe × NGO are the same organisations.
    const contributors = [...Array.from({ length: 8 }, () => org('europe', 'ngo', true)), org('europe', 'ngo', false), org('europe', 'ngo', false)];
    const total = cellKey(ALL, ALL);
    expect(primaryReason(total, contributors, 0, undefined, dims)).toBe('not_published_individually');
    const rows = rowsToWithhold(dims, contributors, candidatesOf(contributors));
    expect(rows.size).toBe(3);
    expect(primaryReason(total, asDonorsSee(contributors, rows), 0, undefined, dims)).toBeNull();

    const allPublic = Array.from({ length: 8 }, () => org('europe', 'ngo', true));
    expect(rowsToWithhold(dims, allPublic, candidatesOf(allPublic)).size).toBe(0);
  });

  it('keeps the rows the last release withheld rather than choosing new ones', () => {
    const contributors = [...Array.from({ length: 8 }, () => org('europe', 'ngo', true)), org('europe', 'ngo', false), org('europe', 'ngo', false)];
    const before = new Set(contributors.slice(4, 7).map((c) => c.id));
    expect(rowsToWithhold(dims, contributors, candidatesOf(contributors, before))).toEqual(before);
  });

  it('keeps withheld the rows an earlier release withheld, unchanged since, and then withholds enough beside them', () => {
    const contributors = Array.from({ length: 8 }, () => org('europe', 'ngo', true));
    const kept = new Set([contributors[0]!.id]);
    const rows = rowsToWithhold(dims, contributors, candidatesOf(contributors, kept), kept);
    // One row kept alone would leave the total with 1 not seen one by one: 4 more make it 5.
    expect([...kept].every((id) => rows.has(id))).toBe(true);
    expect(rows.size).toBe(5);
    expect(primaryReason(cellKey(ALL, ALL), asDonorsSee(contributors, rows), 0, undefined, dims)).toBeNull();
  });

  it('spends no row on a cell of fewer than 5, which the threshold withholds anyway', () => {
    const contributors = [org('europe', 'ngo', true), org('europe', 'ngo', true), org('europe', 'ngo', true), org('europe', 'ngo', false)];
    expect(rowsToWithhold(dims, contributors, candidatesOf(contributors)).size).toBe(0);
  });

  it('brings the organisations with a share to 0 or at least 5 too', () => {
    const contributors = [
      ...Array.from({ length: 6 }, () => org('europe', 'ngo', true, true)),
      ...Array.from({ length: 6 }, () => org('europe', 'ngo', true, false)),
      org('europe', 'ngo', false, true),
      org('europe', 'ngo', false, false),
    ];
    const rows = rowsToWithhold(dims, contributors, candidatesOf(contributors));
    expect(primaryReason(cellKey(ALL, ALL), asDonorsSee(contributors, rows), 0, undefined, dims)).toBeNull();
    // 4 with a share (1 + 4 = 5 hidden with a share, 6 hidden in all).
    expect(rows.size).toBe(4);
  });

  it("gives up rows for a region's total too, where the total's rows would leave it 1–4 hidden", () => {
    // Africa's 2 aggregate_only organisations: 3 European rows let the total be shown, but then Europe's
    // total would have 3 hidden; 2 more let it be shown as well.
    const contributors = [...Array.from({ length: 8 }, () => org('europe', 'ngo', true)), org('africa', 'ngo', false), org('africa', 'ngo', false)];
    const rows = rowsToWithhold(dims, contributors, candidatesOf(contributors));
    const seen = asDonorsSee(contributors, rows);
    expect(primaryReason(cellKey(ALL, ALL), seen, 0, undefined, dims)).toBeNull();
    expect(primaryReason(cellKey('europe', ALL), seen, 0, undefined, dims)).toBeNull();
    expect(rows.size).toBe(5);
  });
});
