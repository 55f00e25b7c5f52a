// Optimal secondary suppression: the fewest, least valuable cells to withhold so that every sensitive
// figure keeps its protection, as one mixed-integer program (the model of Fischetti and Salazar-González,
// "Models and algorithms for optimizing cell suppression in tabular data with linear constraints", 2000;
// τ-Argus's "Optimal" and sdcTable's `OPT` solve it too), solved by HiGHS.
//
// In this codebase's terms (table.ts): the unknowns z are the hidden parts of the bottom cells, shared by
// the releases in which they did not change, with true values z⁰ ≥ 0; every published cell of every
// release is a form over them. A viewer who reads the shown cells knows their forms' values. For one
// sensitive item — a withheld figure that must not be pinned within `need` above (or below) its value —
// the viewer cannot exclude a value `need` higher exactly when there is a deviation y with
//   form · y = 0 for every shown cell, z⁰ + y ≥ 0, and target · y ≥ need
// (y = z′ − z⁰ for another table z′ the viewer cannot tell from the true one). The program chooses which
// cells of the release being planned to withhold, x_c ∈ {0, 1}, and one deviation per item:
//   minimise Σ cost_c · x_c
//   subject to, for each item t:  form_e · y_t = 0                      (shown cells of earlier releases)
//                                 −K · x_c ≤ form_c · y_t ≤ K · x_c     (cells of this release)
//                                 y_t ≥ −z⁰ ;  target_t · y_t ≥ 1 (up) or ≤ −1 (down)
// with every item scaled to its own need (need = 1), so that the bound K (how far a withheld cell may move,
// in needs) is small and the big-M constraints stay numerically honest. Cells withheld by a primary rule
// (or already withheld for another reason) are x = 1 and left out. An exact item ("this withheld cell, or
// this change between releases, must not be determined") is the same with no bound from z⁰: a withheld
// form is undetermined exactly when some deviation keeping every shown form moves it.
//
// The program is the planner's proposal, not its proof: planner.ts audits its plan with the exact
// elimination and the linear-programming ranges, as it audits every plan.
import { ALL, bottomCellsOf, positionOf, type CellKey, type Dimensions, type Form } from './table.ts';
import type { loadSolver } from './ranges.ts';

type Highs = Awaited<ReturnType<typeof loadSolver>>;

/**
 * What withholding a cell costs, in information lost: the product exists to show the year's totals, so
 * - the grand total costs far more than everything else together (it is withheld only if nothing else
 *   protects the figures),
 * - a margin (a region's total, a type's or a type group's total over all regions) costs more than any
 *   cell inside the table,
 * - a region × type-group cell more than a region × type cell (a group adds up several types, so it tells
 *   more, and it is what the charts show by default).
 * Within a level, a cell that adds up more organisations (that this viewer does not see one by one) says
 * more and costs a little more, never enough to cross into the next level.
 */
export function withholdingCost(cell: CellKey, dims: Dimensions, organizations: number): number {
  const { row, col } = positionOf(cell);
  const level = row === ALL && col === ALL ? 100_000 : row === ALL || col === ALL ? 10 : bottomCellsOf(cell, dims).length > 1 ? 3 : 1;
  return level * (1 + organizations / (organizations + 10));
}

export interface DeviationItem {
  /** The withheld figure, as a form over the unknowns: a cell's or an organisation's hidden part, or a change. */
  target: Form;
  /** `up`/`down`: interval protection of one money figure; `moved`: not determined (either way, any amount). */
  direction: 'up' | 'down' | 'moved';
  /** The protection level in the figure's unit (ignored for `moved`). */
  need: number;
  /** The money figure whose values bound the deviation (ignored for `moved`). */
  figure: number;
  /** A cell of this release the item protects only if the program withholds it (a companion found determined). */
  onlyIf?: CellKey;
}

export interface SuppressionModel {
  /** The true value of every unknown, per money figure (in cents): how far down each may move. */
  values: readonly (readonly number[])[];
  /** The forms a viewer reads whatever this release withholds: earlier releases' shown cells, and this one's that stay shown. */
  fixed: readonly Form[];
  /** The cells of the release being planned that hide something, with their cost; `withheld` ones are fixed. */
  cells: readonly { cell: CellKey; form: Form; cost: number; withheld: boolean }[];
  items: readonly DeviationItem[];
  timeLimitSeconds: number;
  /** The constraints beyond which the program is solved in parts (MAX_ROWS unless given). */
  maxRows?: number;
}

export interface SuppressionSolution {
  /** `optimal`: proved optimal; `feasible`: the best found within the time limit; `none`: no plan found. */
  status: 'optimal' | 'feasible' | 'none';
  /** The cells the program withholds beyond the fixed ones. */
  withheld: CellKey[];
  cost: number;
}

/**
 * How far a withheld cell (and one unknown) may move, in multiples of the item's need. A deviation that
 * protects reaches the need exactly after scaling down, and in these tables of 0/1 sums it moves each cell
 * by about the need; a few needs leave room for paths that split, without weakening the big-M constraints.
 */
const REACH = 4;
/** The MIP asks for a hair more than the audit, so that a solver's tolerance never decides the audit. */
const MARGIN = 1 + 1e-6;

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(12));

/**
 * The constraints one program may have before it is decomposed: beyond it (a year of many releases and
 * many failing items), the items are solved in parts, figure by figure and a few at a time, each part
 * keeping the cells the parts before it chose. The plan is then good rather than proved optimal.
 */
const MAX_ROWS = 40_000;

/** Solves the program, in parts when it is too large for one (MAX_ROWS). */
export function solveSuppression(highs: Highs, model: SuppressionModel): SuppressionSolution {
  const rowsPerItem = model.fixed.length + 2 * model.cells.filter((c) => !c.withheld).length + 1;
  const maxRows = model.maxRows ?? MAX_ROWS;
  if (model.items.length * rowsPerItem <= maxRows) return solveProgram(highs, model);
  const perPart = Math.max(1, Math.floor(maxRows / rowsPerItem));
  const byFigure = new Map<number, DeviationItem[]>();
  for (const item of model.items) {
    const figure = item.direction === 'moved' ? -1 : item.figure;
    byFigure.set(figure, [...(byFigure.get(figure) ?? []), item]);
  }
  const parts = [...byFigure.values()].flatMap((items) => Array.from({ length: Math.ceil(items.length / perPart) }, (_, i) => items.slice(i * perPart, (i + 1) * perPart)));
  const deadline = performance.now() + model.timeLimitSeconds * 1000;
  const chosen = new Set<CellKey>();
  let cost = 0;
  for (const items of parts) {
    const cells = model.cells.map((c) => (chosen.has(c.cell) ? { ...c, withheld: true } : c));
    const remaining = (deadline - performance.now()) / 1000;
    if (remaining <= 0) return { status: 'none', withheld: [], cost: 0 };
    const part = solveProgram(highs, { ...model, cells, items, timeLimitSeconds: remaining });
    if (part.status === 'none') return part;
    for (const cell of part.withheld) chosen.add(cell);
    cost += part.cost;
  }
  return { status: 'feasible', withheld: [...chosen], cost };
}

/** Builds one program in CPLEX LP format and solves it. */
function solveProgram(highs: Highs, model: SuppressionModel): SuppressionSolution {
  const choice = new Map<CellKey, number>();
  const free = model.cells.filter((c) => !c.withheld);
  free.forEach((c, i) => choice.set(c.cell, i));
  const rows: string[] = [];
  const bounds: string[] = [];
  const terms = (form: Form, t: number, used: Set<number>) =>
    [...form]
      .map(([v, k]) => {
        used.add(v);
        return `${k < 0 ? '-' : '+'} ${Math.abs(k)} y${t}_${v}`;
      })
      .join(' ');
  let anything = false;
  model.items.forEach((item, t) => {
    const used = new Set<number>();
    const target = terms(item.target, t, used);
    if (!target) return;
    model.fixed.forEach((form, e) => {
      rows.push(` f${t}_${e}: ${terms(form, t, used)} = 0`);
    });
    for (const [i, c] of free.entries()) {
      const lhs = terms(c.form, t, used);
      rows.push(` u${t}_${i}: ${lhs} - ${REACH} x${i} <= 0`, ` l${t}_${i}: ${lhs} + ${REACH} x${i} >= 0`);
    }
    // target · y ≥ 1 (up, moved) or ≤ −1 (down); for a companion's item, ≥ x (≤ −x): nothing while it is shown.
    const only = item.onlyIf === undefined ? undefined : choice.get(item.onlyIf);
    const down = item.direction === 'down';
    if (only === undefined) rows.push(` t${t}: ${target} ${down ? '<=' : '>='} ${down ? '-' : ''}${num(MARGIN)}`);
    else rows.push(` t${t}: ${target} ${down ? '+' : '-'} ${num(MARGIN)} x${only} ${down ? '<=' : '>='} 0`);
    for (const v of used) {
      const floor = item.direction === 'moved' ? -REACH : Math.max(-REACH, -(model.values[item.figure]?.[v] ?? 0) / item.need);
      bounds.push(` ${num(floor)} <= y${t}_${v} <= ${REACH}`);
    }
    anything = true;
  });
  if (!anything) return { status: 'optimal', withheld: [], cost: 0 };
  const objective = free.length ? free.map((c, i) => `+ ${num(c.cost)} x${i}`).join(' ') : '0 y0_0';
  const text = [
    'Minimize',
    ` obj: ${objective}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    ...(free.length ? ['Binary', ` ${free.map((_, i) => `x${i}`).join(' ')}`] : []),
    'End',
  ].join('\n');
  const solution = highs.solve(text, { time_limit: model.timeLimitSeconds, mip_rel_gap: 1e-9, output_flag: false });
  const proved = solution.Status === 'Optimal';
  const limited = solution.Status === 'Time limit reached' || solution.Status === 'Iteration limit reached';
  const columns = solution.Columns as Record<string, { Primal?: number } | undefined>;
  if (!proved && !(limited && free.every((_, i) => typeof columns[`x${i}`]?.Primal === 'number')))
    return { status: 'none', withheld: [], cost: 0 };
  const withheld = free.filter((_, i) => (columns[`x${i}`]?.Primal ?? 0) > 0.5);
  return { status: proved ? 'optimal' : 'feasible', withheld: withheld.map((c) => c.cell), cost: withheld.reduce((sum, c) => sum + c.cost, 0) };
}
