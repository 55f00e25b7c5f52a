// The tables a viewer can obtain for one year, as one system of linear equations.
//
// A year's figures are published as a two-way table with its margins: rows (regions) × columns
// (organisation types), each row and each column total, and the grand total. Columns may also be grouped
// (type groups, a hierarchy type ⊂ group): each row × group cell and each group total is published too,
// written `g:<group>` as its column. Every published cell is a sum over the bottom cells (row × column) it covers, and every figure of a cell is a sum over its
// organisations, or a ratio of two such sums. So what a viewer can compute is what the shown cells'
// equations determine.
//
// The unknowns are the *hidden parts* of the bottom cells: the sum over the organisations of a bottom
// cell that this viewer does not see one by one (donors see `public` organisations' own rows; the public
// sees none). A bottom cell without hidden organisations is a known constant, not an unknown. Earlier
// releases of the same year are part of the system: a bottom cell whose hidden organisations and figures
// did not change between two releases is the same unknown in both, so their difference is known to be 0;
// one that changed is a new unknown.
//
// Everything here is pure: the callers (planner.ts, and the tests' attacks) bring the contributors.

/** Where a published cell sits: a row (or '*' for all rows) and a column (or '*'). */
export interface CellPosition {
  row: string;
  col: string;
}
export type CellKey = string;
export const ALL = '*';
export const cellKey = (row: string, col: string): CellKey => `${row}|${col}`;
export function positionOf(key: CellKey): CellPosition {
  const [row = ALL, col = ALL] = key.split('|');
  return { row, col };
}

export interface Dimensions {
  rows: readonly string[];
  cols: readonly string[];
  /** Groups of columns (group id without the prefix → its member columns), each published as `g:<group>`. */
  colGroups?: Readonly<Record<string, readonly string[]>>;
}

/** The column of a group of columns: `g:other` never clashes with a column called `other`. */
export const GROUP_PREFIX = 'g:';
export const groupColumn = (group: string) => `${GROUP_PREFIX}${group}`;

/** The columns a column stands for: itself, every column, or a group's members. */
function membersOf(col: string, dims: Dimensions): readonly string[] {
  if (col === ALL) return dims.cols;
  if (!col.startsWith(GROUP_PREFIX)) return [col];
  const members = dims.colGroups?.[col.slice(GROUP_PREFIX.length)];
  if (!members) throw new Error(`No column group ${col} in these dimensions`);
  return members;
}

/**
 * Every cell published for a year: the grand total, the row and column totals, the bottom cells, and
 * with column groups each group total and each row × group cell.
 */
export function publishedCells(dims: Dimensions): CellKey[] {
  const groups = Object.keys(dims.colGroups ?? {}).map(groupColumn);
  return [
    cellKey(ALL, ALL),
    ...dims.rows.map((r) => cellKey(r, ALL)),
    ...dims.cols.map((c) => cellKey(ALL, c)),
    ...dims.rows.flatMap((r) => dims.cols.map((c) => cellKey(r, c))),
    ...groups.map((g) => cellKey(ALL, g)),
    ...dims.rows.flatMap((r) => groups.map((g) => cellKey(r, g))),
  ];
}

/** The bottom cells a published cell adds up (a group column: its member columns). */
export function bottomCellsOf(key: CellKey, dims: Dimensions): CellKey[] {
  const { row, col } = positionOf(key);
  const rows = row === ALL ? dims.rows : [row];
  const cols = membersOf(col, dims);
  return rows.flatMap((r) => cols.map((c) => cellKey(r, c)));
}


/** One organisation's figures in one release of the year, as the planner sees them. */
export interface Contributor {
  id: number;
  row: string;
  col: string;
  /** Seen one by one by this viewer (a `public` organisation, for donors): a known value. */
  known: boolean;
  /** Its own figures must never be determined, nor estimated within the protection level (`aggregate_only`). */
  protectedIndividually: boolean;
  /** Whether it has a funding share (counts towards the threshold of the share figures). */
  hasShare: boolean;
  /** Its money figures in integer US cents, in the order of the planner's money figure list. */
  money: readonly bigint[];
  /** Changes whenever any of its figures changes: tells the planner whether it changed between releases. */
  fingerprint: string;
}

/** A release of the year as the system knows it: who was in it and which cells it withheld. */
export interface State {
  contributors: readonly Contributor[];
  withheld: ReadonlySet<CellKey>;
}

/** A linear form over the unknowns: unknown index → coefficient. */
export type Form = Map<number, number>;

/** The hidden part of one bottom cell in one release. */
export interface Unknown {
  bottom: CellKey;
  /** The hidden organisations behind it. */
  contributors: readonly Contributor[];
}

/**
 * The unknowns of a sequence of releases (oldest first): `variableOf[s].get(bottom)` is the unknown of
 * the bottom cell's hidden part in release s, or undefined when it has no hidden organisation there.
 */
export interface Unknowns {
  list: Unknown[];
  variableOf: Map<CellKey, number>[];
}

const hiddenSignature = (contributors: readonly Contributor[]) =>
  contributors
    .map((c) => `${c.id}:${c.fingerprint}`)
    .sort()
    .join(',');

export function unknownsOf(states: readonly { contributors: readonly Contributor[] }[], dims: Dimensions): Unknowns {
  const list: Unknown[] = [];
  const variableOf: Map<CellKey, number>[] = [];
  const bottoms = dims.rows.flatMap((r) => dims.cols.map((c) => cellKey(r, c)));
  // A bottom cell whose hidden organisations and figures are exactly as in an earlier release is that
  // release's unknown again: a viewer who knows nobody there changed knows the two are equal.
  const seen = new Map<CellKey, Map<string, number>>();
  for (const state of states) {
    const hiddenByBottom = new Map<CellKey, Contributor[]>();
    for (const c of state.contributors) {
      if (c.known) continue;
      const key = cellKey(c.row, c.col);
      const hidden = hiddenByBottom.get(key) ?? [];
      hidden.push(c);
      hiddenByBottom.set(key, hidden);
    }
    const variables = new Map<CellKey, number>();
    for (const bottom of bottoms) {
      const hidden = hiddenByBottom.get(bottom);
      if (!hidden?.length) continue;
      const signature = hiddenSignature(hidden);
      const earlier = seen.get(bottom) ?? new Map<string, number>();
      seen.set(bottom, earlier);
      let variable = earlier.get(signature);
      if (variable === undefined) {
        variable = list.length;
        list.push({ bottom, contributors: hidden });
        earlier.set(signature, variable);
      }
      variables.set(bottom, variable);
    }
    variableOf.push(variables);
  }
  return { list, variableOf };
}

const forms = new WeakMap<Unknowns, Map<string, Form>>();

/** The hidden part of a published cell in release s, as a form over the unknowns (never to be modified). */
export function formOf(key: CellKey, s: number, unknowns: Unknowns, dims: Dimensions): Form {
  let cache = forms.get(unknowns);
  if (!cache) forms.set(unknowns, (cache = new Map()));
  const cached = cache.get(`${s}|${key}`);
  if (cached) return cached;
  const form: Form = new Map();
  cache.set(`${s}|${key}`, form);
  for (const bottom of bottomCellsOf(key, dims)) {
    const v = unknowns.variableOf[s]!.get(bottom);
    if (v !== undefined) form.set(v, (form.get(v) ?? 0) + 1);
  }
  return form;
}

/** a − b, dropping zero coefficients. */
export function difference(a: Form, b: Form): Form {
  const out: Form = new Map(a);
  for (const [v, k] of b) {
    const value = (out.get(v) ?? 0) - k;
    if (value === 0) out.delete(v);
    else out.set(v, value);
  }
  return out;
}

/** The organisations of a release inside a published cell (a group column needs the dimensions). */
export function contributorsIn(key: CellKey, contributors: readonly Contributor[], dims?: Dimensions): Contributor[] {
  const { row, col } = positionOf(key);
  if (col.startsWith(GROUP_PREFIX)) {
    if (!dims) throw new Error(`The cell ${key} is of a column group: its dimensions are needed`);
    const cols = new Set(membersOf(col, dims));
    return contributors.filter((c) => (row === ALL || c.row === row) && cols.has(c.col));
  }
  return contributors.filter((c) => (row === ALL || c.row === row) && (col === ALL || c.col === col));
}
