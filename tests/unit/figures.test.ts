// The figure catalogue (shared/src/figures.ts) is what the SQL of both paths, the aggregate row, the
// output schema and the dashboard are built from: its kind lists cover every figure once, every share
// is of two additive figures, and the summary schema has exactly the shown figures in the catalogue's order.
import { describe, expect, it } from 'vitest';
import {
  additiveFigures,
  countFigures,
  figureAt,
  figures,
  medianFigures,
  meanFigures,
  moneyFigures,
  nestFigures,
  ratioFigures,
} from '@lpt/shared/figures';
import { metricsSummarySchema } from '@lpt/shared/metrics';

/** The dotted paths of the leaves of nested objects, in their order (`membersOf` finds an object's members). */
function leafPaths(node: object, membersOf: (value: unknown) => object | undefined, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) => {
    const members = membersOf(value);
    return members ? leafPaths(members, membersOf, `${prefix}${key}.`) : [`${prefix}${key}`];
  });
}
const zodMembers = (schema: unknown) => (schema as { shape?: object }).shape;
const plainMembers = (value: unknown) => (value !== null && typeof value === 'object' ? value : undefined);

describe('the figure catalogue', () => {
  it('lists every figure once, each in exactly one kind list', () => {
    const paths = figures.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    const byKind = [moneyFigures, countFigures, ratioFigures, meanFigures, medianFigures].flat().map((f) => f.path);
    expect(byKind.toSorted()).toEqual(paths.toSorted());
    expect(additiveFigures.map((f) => f.path)).toEqual(paths.filter((p) => ['money', 'count'].includes(figureAt[p].kind)));
  });

  it('makes every share, mean and median of additive figures of the catalogue', () => {
    const additive = new Set(additiveFigures.map((f) => f.path));
    for (const f of ratioFigures) expect([f.path, additive.has(f.numerator), additive.has(f.denominator)]).toEqual([f.path, true, true]);
    for (const f of [...meanFigures, ...medianFigures]) expect([f.path, additive.has(f.count)]).toEqual([f.path, true]);
  });

  it('is what the summary schema and the nested summary list, in the same order', () => {
    const shown = figures.filter((f) => f.shown !== 'never').map((f) => f.path);
    const schemaPaths = leafPaths(metricsSummarySchema.shape, zodMembers);
    expect(schemaPaths).toEqual(['year', 'basis', 'suppressed', 'suppressedBecause', 'release', 'withheldFigures', ...shown, 'currenciesWithoutRate']);
    expect(leafPaths(nestFigures(() => 0), plainMembers)).toEqual(shown);
  });
});
