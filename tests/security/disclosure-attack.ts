// An attacker's view of released tables, written independently of the planner (server/src/features/
// releases/disclosure/): the unknowns here are the organisations themselves (one per organisation and
// version of its figures), not the planner's hidden parts of bottom cells, and the algebra is exact in
// BigInt. Used by the planner's property tests and the API property test.
//
// A cell's column may be a group of columns (`g:<group>`: a type group), which holds the organisations of
// that group, each organisation saying which group it is in.
// - determined(): Gaussian elimination over the rationals (fraction-free, BigInt) of every equation a viewer
//   reads (each shown cell of each release: Σ of its organisations = value), asking which targets — a
//   withheld cell, one organisation, a change between releases — are linear combinations of them.
// - ranges(): with HiGHS, the least and greatest value of a target over all non-negative organisation
//   values that satisfy the shown equations.
import highsLoader from 'highs';

export const ALL = '*';

export interface AttackOrganization {
  id: number;
  row: string;
  col: string;
  /** The group of its column (a type group), when the tables also show groups of columns (`g:<group>`). */
  group?: string | undefined;
  /** Seen one by one by this viewer (a donor's `public` organisations): a known value, not an unknown. */
  known: boolean;
  /** Same version in two releases: the same unknown. */
  version: string;
  value: bigint;
}

export interface AttackRelease {
  organizations: AttackOrganization[];
  /** Cells shown, as [row or '*', col, 'g:<group>' or '*']. */
  shown: [string, string][];
}

const inCell = (o: { row: string; col: string; group?: string | undefined }, [row, col]: [string, string]) =>
  (row === ALL || o.row === row) && (col === ALL || o.col === col || (o.group !== undefined && col === `g:${o.group}`));

/** Every (organisation, version) a viewer does not know, across releases. */
function unknownsOf(releases: AttackRelease[]) {
  const index = new Map<string, number>();
  for (const r of releases)
    for (const o of r.organizations) if (!o.known && !index.has(`${o.id}@${o.version}`)) index.set(`${o.id}@${o.version}`, index.size);
  return index;
}

type Vector = bigint[];

function reduceAgainst(basis: { pivot: number; row: Vector }[], v: Vector): Vector {
  let row = [...v];
  for (const b of basis) {
    const a = row[b.pivot]!;
    if (a === 0n) continue;
    const p = b.row[b.pivot]!;
    row = row.map((x, i) => x * p - b.row[i]! * a);
    const g = row.reduce((acc, x) => gcd(acc, x < 0n ? -x : x), 0n);
    if (g > 1n) row = row.map((x) => x / g);
  }
  return row;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

export type Target =
  | { kind: 'cell'; release: number; cell: [string, string] }
  | { kind: 'organization'; release: number; id: number }
  | { kind: 'change'; from: number; to: number; cell: [string, string] };

function targetVector(target: Target, releases: AttackRelease[], index: Map<string, number>): Vector {
  const v: Vector = Array.from({ length: index.size }, () => 0n);
  const add = (r: number, sign: bigint, filter: (o: AttackOrganization) => boolean) => {
    for (const o of releases[r]!.organizations) if (!o.known && filter(o)) v[index.get(`${o.id}@${o.version}`)!]! += sign;
  };
  if (target.kind === 'cell') add(target.release, 1n, (o) => inCell(o, target.cell));
  else if (target.kind === 'organization') add(target.release, 1n, (o) => o.id === target.id);
  else {
    add(target.to, 1n, (o) => inCell(o, target.cell));
    add(target.from, -1n, (o) => inCell(o, target.cell));
  }
  return v;
}

function shownEquations(releases: AttackRelease[], index: Map<string, number>): Vector[] {
  return releases.flatMap((r, i) => r.shown.map((cell) => targetVector({ kind: 'cell', release: i, cell }, releases, index)));
}

/** The targets whose value the viewer can compute exactly from everything shown. */
export function determined(releases: AttackRelease[], targets: Target[]): Target[] {
  const index = unknownsOf(releases);
  const basis: { pivot: number; row: Vector }[] = [];
  for (const e of shownEquations(releases, index)) {
    const row = reduceAgainst(basis, e);
    const pivot = row.findIndex((x) => x !== 0n);
    if (pivot >= 0) basis.push({ pivot, row });
  }
  return targets.filter((t) => {
    const v = targetVector(t, releases, index);
    if (v.every((x) => x === 0n)) return false; // nothing hidden in it: not a secret
    return reduceAgainst(basis, v).every((x) => x === 0n);
  });
}

let highs: Awaited<ReturnType<typeof highsLoader>> | undefined;

/** The range of each target over all non-negative organisation values satisfying the shown cells. */
export async function ranges(releases: AttackRelease[], targets: Target[]): Promise<{ min: number; max: number }[]> {
  highs ??= await highsLoader();
  const index = unknownsOf(releases);
  const valueOf = new Map<string, bigint>();
  for (const r of releases) for (const o of r.organizations) if (!o.known) valueOf.set(`${o.id}@${o.version}`, o.value);
  const values = [...index.keys()].map((k) => Number(valueOf.get(k)!));
  const scale = Math.max(1, ...values) / 1000;
  const text = (v: Vector) =>
    v.map((k, i) => (k === 0n ? '' : ` ${k < 0n ? '-' : '+'} ${k < 0n ? -k : k} y${i}`)).join('') || ' 0 y0';
  const constraints = shownEquations(releases, index)
    .map((v, i) => {
      if (v.every((k) => k === 0n)) return null;
      const rhs = v.reduce((sum, k, j) => sum + Number(k) * values[j]!, 0) / scale;
      return ` c${i}:${text(v)} = ${rhs.toPrecision(15)}`;
    })
    .filter(Boolean);
  const solve = (sense: string, v: Vector) => {
    const s = highs!.solve([sense, ` obj:${text(v)}`, 'Subject To', ...(constraints.length ? constraints : [' c0: 0 y0 >= 0']), 'End'].join('\n'));
    if (s.Status === 'Unbounded') return sense === 'Maximize' ? Infinity : -Infinity;
    if (s.Status !== 'Optimal') throw new Error(`attack LP: ${s.Status}`);
    return s.ObjectiveValue * scale;
  };
  return targets.map((t) => {
    const v = targetVector(t, releases, index);
    return { min: solve('Minimize', v), max: solve('Maximize', v) };
  });
}
