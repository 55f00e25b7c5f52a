// Interval protection: the range a viewer can derive for a withheld figure from everything shown, with
// every amount ≥ 0, found by linear programming (HiGHS compiled to WebAssembly, the `highs` package):
// minimise and maximise the figure subject to the shown cells' equations. A figure is protected when that
// range reaches at least p % below and above its true value.
import highsLoader from 'highs';
import type { Form } from './table.ts';
import { largestTwo } from './primary.ts';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let loading: Promise<Highs> | undefined;
/** HiGHS starts once per process (about 30 ms). */
export const loadSolver = (): Promise<Highs> => (loading ??= highsLoader());

/** The shown equations of one money figure: Σ form = value (the hidden parts, in any one unit). */
export interface Equation {
  form: Form;
  value: number;
}

export interface Range {
  min: number;
  max: number;
}

const term = (v: number, k: number) => `${k < 0 ? '-' : '+'} ${Math.abs(k)} x${v}`;
const formText = (form: Form) => [...form].map(([v, k]) => term(v, k)).join(' ');

/**
 * The least and greatest value of `target` over all non-negative unknowns satisfying the equations.
 * Values are scaled to at most 1,000 before solving so that HiGHS's tolerances are relative ones.
 */
export function rangeOf(highs: Highs, equations: readonly Equation[], target: Form): Range {
  if (target.size === 0) return { min: 0, max: 0 };
  const scale = Math.max(1, ...equations.map((e) => Math.abs(e.value))) / 1000;
  const constraints = equations
    .filter((e) => e.form.size > 0)
    .map((e, i) => ` e${i}: ${formText(e.form)} = ${(e.value / scale).toPrecision(15)}`);
  const solve = (sense: 'Minimize' | 'Maximize') => {
    const text = [sense, ` obj: ${formText(target)}`, 'Subject To', ...(constraints.length ? constraints : [' e0: 0 x0 >= 0']), 'End'].join('\n');
    const solution = highs.solve(text);
    if (solution.Status === 'Unbounded') return sense === 'Maximize' ? Infinity : -Infinity;
    if (solution.Status !== 'Optimal') throw new Error(`Disclosure audit: the range LP ended ${solution.Status}`);
    return solution.ObjectiveValue * scale;
  };
  return { min: solve('Minimize'), max: solve('Maximize') };
}

/**
 * The protection a withheld figure needs on each side of its true value, in the figure's own unit (cents):
 * one function for the audit and the optimal suppression (optimal.ts), so both ask the same.
 * - A cell withheld by the p % rule (`dominance`): what the rule implies (Hundepool et al., "Statistical
 *   Disclosure Control", 2012, §4.2.2). The second largest contributor, subtracting its own figure from an
 *   upper bound of the cell, bounds the largest from above; the rule asks that this bound lie at least
 *   p % above it. The others' sum R = total − largest − second already supplies R of that margin, so the
 *   range must add p % · largest − R (nothing, for a figure no one dominates). The lower side is given the
 *   same level, as τ-Argus and sdcTable do.
 * - A cell withheld by the threshold rule, and every `aggregate_only` organisation: `protectionPercent` %
 *   of its value, as before (there is no largest contributor to reason from).
 */
export function protectionLevel(
  rule: 'dominance' | 'threshold' | 'organization',
  amounts: readonly bigint[],
  percents: { dominance: number; protection: number },
): number {
  const { total, first, second } = largestTwo(amounts);
  if (rule !== 'dominance') return (Number(total) * percents.protection) / 100;
  const shortfall = BigInt(percents.dominance) * first - 100n * (total - first - second);
  return shortfall > 0n ? Number(shortfall) / 100 : 0;
}

/** Whether a range leaves a true value `need` of room on both sides (with a solver's tolerance). */
export function protects(range: Range, value: number, need: number): boolean {
  if (value <= 0 || need <= 0) return true;
  const tolerance = value * 1e-9;
  return range.min <= value - need + tolerance && range.max >= value + need - tolerance;
}
