// Which `public` organisations' own rows a release withholds from donors, to protect aggregates.
//
// Donors read a `public` organisation's own row, so what a cell tells them is about the others
// (primary.ts, `not_published_individually`): those must be none or at least 5. In a cell with 1–4
// `aggregate_only` organisations beside `public` ones, withholding a few `public` rows from donors makes
// them "not known one by one" too, so the cell can be shown; otherwise it is withheld from donors and, as
// the public may see nothing donors do not, from everybody. A row is then the cheapest item to withhold
// (the contract's cost order: the grand total far above the margins, those above region × group cells,
// an organisation's own row cheapest), so rows are given up for cells.
//
// A simple greedy, cells in cost order: for each cell that only the donors' view of it withholds (it has
// at least 5 organisations, and 0 or at least 5 with a share), the fewest rows that bring its hidden
// organisations (and those with a share) to 0 or at least 5, preferring rows withheld by the year's
// earlier release, then new ones; kept when the cells it makes pass outweigh those it breaks (a cell
// with no hidden organisation that gets 1–4) and the rows it costs. A row donors read in an earlier
// release of the year, unchanged since, is never a candidate: they know it, withheld or not. And a row an
// earlier release withheld, unchanged since, stays withheld (`kept`): shown now, it would give away what
// the earlier release's cells hid beside it.
import { SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import { ALL, contributorsIn, positionOf, publishedCells, type CellKey, type Contributor, type Dimensions } from './table.ts';

export interface RowCandidate {
  /** The organisation, as the donors' planner sees it with every `public` row known. */
  contributor: Contributor;
  /** Withheld from donors by the year's last release: keeping it withheld costs less than a new one. */
  withheldBefore: boolean;
}

const passes = (n: number) => n === 0 || n >= SUPPRESSION_THRESHOLD;

/**
 * The weight of showing a cell: the grand total, then the margins (regions, types, type groups), worth any
 * number of rows; a region × group cell is worth two rows at most, a region × type cell none. Rows are what
 * donors read one by one: spending half of them on small cells (as a weight of 1,000 did on the demo: 54 of
 * 93 rows) loses more than it shows.
 */
function weightOf(key: CellKey): number {
  const { row, col } = positionOf(key);
  if (row === ALL && col === ALL) return 1e9;
  if (row === ALL || col === ALL) return 1e6;
  if (col.startsWith('g:')) return 5;
  return 1;
}
/** A row costs more than a region × type cell; one withheld before costs less (keeping it loses nothing new). */
const rowCost = (c: RowCandidate) => (c.withheldBefore ? 1 : 2);

/**
 * The ids of the `public` organisations whose rows to withhold from donors. `contributors` are the
 * release's organisations with every `public` one known; `candidates` the rows that may be withheld.
 */
export function rowsToWithhold(
  dims: Dimensions,
  contributors: readonly Contributor[],
  candidates: readonly RowCandidate[],
  kept: ReadonlySet<number> = new Set(),
): Set<number> {
  const chosen = new Set<number>(kept);
  const cells = publishedCells(dims).map((key) => ({ key, members: contributorsIn(key, contributors, dims), weight: weightOf(key) }));
  // Only cells the threshold rule lets through: a cell of 1–4 stays withheld whatever the rows.
  const open = cells.filter((c) => c.members.length >= SUPPRESSION_THRESHOLD && passes(c.members.filter((m) => m.hasShare).length));
  const hiddenIn = (members: readonly Contributor[], rows: ReadonlySet<number>) => members.filter((m) => !m.known || rows.has(m.id));
  const shownFor = (members: readonly Contributor[], rows: ReadonlySet<number>) => {
    const hidden = hiddenIn(members, rows);
    return passes(hidden.length) && passes(hidden.filter((m) => m.hasShare).length);
  };
  const score = (rows: ReadonlySet<number>) => {
    let total = 0;
    for (const c of open) if (shownFor(c.members, rows)) total += c.weight;
    for (const r of candidates) if (rows.has(r.contributor.id)) total -= rowCost(r);
    return total;
  };
  const byPreference = [...candidates].sort((a, b) => rowCost(a) - rowCost(b) || a.contributor.id - b.contributor.id);
  let best = score(chosen);
  for (const cell of [...open].sort((a, b) => b.weight - a.weight)) {
    if (shownFor(cell.members, chosen)) continue;
    const ids = new Set(cell.members.map((m) => m.id));
    const left = byPreference.filter((r) => ids.has(r.contributor.id) && !chosen.has(r.contributor.id));
    const trial = new Set(chosen);
    // Rows with a share first while 1–4 hidden ones have a share; rows without one while none has.
    while (!shownFor(cell.members, trial) && left.length) {
      const hidden = hiddenIn(cell.members, trial);
      const withShare = hidden.filter((m) => m.hasShare).length;
      const wanted = withShare > 0 && withShare < SUPPRESSION_THRESHOLD ? left.findIndex((r) => r.contributor.hasShare) : withShare === 0 && hidden.length < SUPPRESSION_THRESHOLD ? left.findIndex((r) => !r.contributor.hasShare) : -1;
      const [next] = left.splice(wanted < 0 ? 0 : wanted, 1);
      trial.add(next!.contributor.id);
    }
    if (!shownFor(cell.members, trial)) continue;
    const gained = score(trial);
    if (gained > best) {
      best = gained;
      for (const id of trial) chosen.add(id);
    }
  }
  return chosen;
}
