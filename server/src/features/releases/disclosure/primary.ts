// Primary suppression: the cells withheld for what they are, before any arithmetic with their neighbours
// (Eurostat's Handbook on Statistical Disclosure Control, ch. 4: the threshold rule and the p % rule).
//
// - Threshold: a cell with 1–4 organisations is withheld (`fewer_than_5`), and so is one where 1–4
//   organisations have a funding share, because the mean, the median, the count at or above 25 % and the
//   distribution of shares are figures about those few alone.
// - What the viewer already knows: donors see `public` organisations one by one, so what a cell tells them
//   is about the others; those must be none or at least 5 (`not_published_individually`), with the same
//   count for the organisations with a share.
// - Dominance, the p % rule on each sum the caller plans (`moneyFigures`: money, or a count organisations
//   report, such as partners or fora), over the organisations the viewer does not see one by one: withheld
//   when total − largest − second largest < p % of the largest (`dominance`). The second largest knows its
//   own figure, so it could estimate the largest within p % otherwise; any other member knows less. A
//   member's subtraction of its own figure from a cell of 5 leaves the sum of the other 4, which this rule
//   keeps from pinning any one of them.
// - Figures about organisations rather than sums of what they report — how many report, are eligible,
//   have each status or a credit policy, are at or above 25 % or in each bucket of the distribution, and
//   the mean and median of their own shares — are planned with no sum (`moneyFigures` 0): the threshold
//   and median rules alone, never dominance, since no one organisation makes up most of a count of
//   organisations. The median of a cell is one organisation's share (or the mean of two): it is shown only
//   with the cell, where at least 5 organisations the viewer does not see one by one have a share (or none,
//   when the viewer knows every one of them), so it names a value but not whose it is; the mean likewise.
//
// Money is compared in integer cents and the percentage in whole percent: no floating point.
import { DOMINANCE_PERCENT, SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import { contributorsIn, type CellKey, type Contributor, type Dimensions } from './table.ts';

export type PrimaryReason = 'fewer_than_5' | 'not_published_individually' | 'dominance';

const few = (n: number) => n > 0 && n < SUPPRESSION_THRESHOLD;

/** The total of a list of amounts and its two largest: what the p % rule and its protection level read. */
export function largestTwo(amounts: readonly bigint[]): { total: bigint; first: bigint; second: bigint } {
  let first = 0n;
  let second = 0n;
  let total = 0n;
  for (const a of amounts) {
    total += a;
    if (a > first) [first, second] = [a, first];
    else if (a > second) second = a;
  }
  return { total, first, second };
}

/** Whether one organisation dominates this list of amounts by the p % rule. */
export function isDominated(amounts: readonly bigint[], percent: number = DOMINANCE_PERCENT): boolean {
  const { total, first, second } = largestTwo(amounts);
  if (first === 0n) return false;
  return 100n * (total - first - second) < BigInt(percent) * first;
}

/**
 * Why this cell is withheld on its own, or null when it may be shown as far as it alone goes: the
 * threshold and median rules, then the p % rule on each of the `moneyFigures` sums (none: counts only).
 */
export function primaryReason(
  key: CellKey,
  contributors: readonly Contributor[],
  moneyFigures: number,
  percent: number = DOMINANCE_PERCENT,
  dims?: Dimensions,
): PrimaryReason | null {
  const inCell = contributorsIn(key, contributors, dims);
  if (few(inCell.length) || few(inCell.filter((c) => c.hasShare).length)) return 'fewer_than_5';
  const hidden = inCell.filter((c) => !c.known);
  if (few(hidden.length) || few(hidden.filter((c) => c.hasShare).length)) return 'not_published_individually';
  for (let f = 0; f < moneyFigures; f++)
    if (isDominated(hidden.map((c) => c.money[f] ?? 0n), percent)) return 'dominance';
  return null;
}

/** The organisations of a cell that changed between two releases, as the threshold and p % rule see them. */
export function changeIsSensitive(
  changed: readonly { before: readonly bigint[] | null; after: readonly bigint[] | null }[],
  moneyFigures: number,
  percent: number = DOMINANCE_PERCENT,
): boolean {
  if (few(changed.length)) return true;
  for (let f = 0; f < moneyFigures; f++) {
    const amounts = changed.map(({ before, after }) => {
      const d = (after?.[f] ?? 0n) - (before?.[f] ?? 0n);
      return d < 0n ? -d : d;
    });
    if (isDominated(amounts, percent)) return true;
  }
  return false;
}
