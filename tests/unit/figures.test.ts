// The figure catalogue (shared/src/figures.ts) is what the SQL of both paths, the aggregate row, the
// output schema and the dashboard are built from: its kind lists cover every figure once, every share
// is of two additive figures, and the summary schema has exactly the shown figures in the catalogue's order.
import { describe, expect, expectTypeOf, it } from 'vitest';
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
  type FigureDefinition,
  type FigurePath,
  type MoneyPath,
  type RatioPath,
  type ShownPath,
} from '@lpt/shared/figures';
import { metricsSummarySchema } from '@lpt/shared/metrics';
import { reportFields, type ReportField } from '@lpt/shared/report/fields';

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

/**
 * The summary's figures as the API contract had them when the figures of report fields came to be derived
 * from the catalogue (shared/src/report/fields.ts), path, kind and parts, in order: deriving them changed
 * nothing a client reads. A field added to the catalogue since adds its figures; it moves none of these.
 */
const contract = [
  ['organizationsEligible', 'count'],
  ['organizationsReporting', 'count'],
  ['organizationsReportingEligible', 'count (never shown)'],
  ['reportingRate', 'ratio organizationsReportingEligible / organizationsEligible'],
  ['funding.inScopeExpenditureUsd', 'money'],
  ['funding.countedLocalUsd', 'money'],
  ['funding.directUsd', 'money'],
  ['funding.pooledUsd', 'money'],
  ['funding.oneIntermediaryUsd', 'money'],
  ['funding.twoPlusIntermediariesUsd', 'money'],
  ['funding.weightedShare', 'ratio funding.countedLocalUsd / funding.inScopeExpenditureUsd'],
  ['funding.directShare', 'ratio funding.directUsd / funding.inScopeExpenditureUsd'],
  ['funding.meanShare', 'mean of fundingOrganizations'],
  ['funding.medianShare', 'median of fundingOrganizations'],
  ['funding.atOrAbove25', 'count'],
  ['collaboration.localPartners', 'count'],
  ['collaboration.forums', 'count'],
  ['collaboration.forumsCoLed', 'count'],
  ['collaboration.coLedShare', 'ratio collaboration.forumsCoLed / collaboration.forums'],
  ['needs.assessmentsTotal', 'count'],
  ['needs.assessmentsJoint', 'count'],
  ['needs.jointShare', 'ratio needs.assessmentsJoint / needs.assessmentsTotal'],
  ['credit.withPolicy', 'count'],
  ['credit.organizationsApplying', 'count (never shown)'],
  ['credit.policyShare', 'ratio credit.withPolicy / credit.organizationsApplying'],
  ['credit.publicationsReviewed', 'count'],
  ['credit.publicationsCrediting', 'count'],
  ['credit.creditingShare', 'ratio credit.publicationsCrediting / credit.publicationsReviewed'],
  ['capacity.requestsReceived', 'count'],
  ['capacity.requestsSupported', 'count'],
  ['capacity.supportedShare', 'ratio capacity.requestsSupported / capacity.requestsReceived'],
  ['capacity.capacitySpendUsd', 'money'],
  ['statusCounts.collaboration.not_started', 'count'],
  ['statusCounts.collaboration.planning', 'count'],
  ['statusCounts.collaboration.in_progress', 'count'],
  ['statusCounts.collaboration.fulfilled', 'count'],
  ['statusCounts.collaboration.not_applicable', 'count'],
  ['statusCounts.funding.not_started', 'count'],
  ['statusCounts.funding.planning', 'count'],
  ['statusCounts.funding.in_progress', 'count'],
  ['statusCounts.funding.fulfilled', 'count'],
  ['statusCounts.funding.not_applicable', 'count'],
  ['statusCounts.needs.not_started', 'count'],
  ['statusCounts.needs.planning', 'count'],
  ['statusCounts.needs.in_progress', 'count'],
  ['statusCounts.needs.fulfilled', 'count'],
  ['statusCounts.needs.not_applicable', 'count'],
  ['statusCounts.credit.not_started', 'count'],
  ['statusCounts.credit.planning', 'count'],
  ['statusCounts.credit.in_progress', 'count'],
  ['statusCounts.credit.fulfilled', 'count'],
  ['statusCounts.credit.not_applicable', 'count'],
  ['statusCounts.capacity.not_started', 'count'],
  ['statusCounts.capacity.planning', 'count'],
  ['statusCounts.capacity.in_progress', 'count'],
  ['statusCounts.capacity.fulfilled', 'count'],
  ['statusCounts.capacity.not_applicable', 'count'],
  ['distribution.under10', 'count'],
  ['distribution.from10to25', 'count'],
  ['distribution.from25to50', 'count'],
  ['distribution.atLeast50', 'count'],
  ['partnersByLeadership.migrantLed', 'count'],
  ['partnersByLeadership.hostCommunityLed', 'count'],
  ['partnersByLeadership.womenLed', 'count'],
  ['partnersByLeadership.youthLed', 'count'],
  ['partnersByLeadership.disabilityLed', 'count'],
  ['partnersByLeadership.informalOrMovement', 'count'],
  ['partnersByLeadership.communityOrTraditional', 'count'],
  ['fundingOrganizations', 'count'],
  ['multiYearToLocalUsd', 'money'],
] as const;
type ContractPath = (typeof contract)[number][0];

const described = (f: FigureDefinition) =>
  f.kind === 'ratio'
    ? `ratio ${f.numerator} / ${f.denominator}`
    : f.kind === 'mean' || f.kind === 'median'
      ? `${f.kind} of ${f.count}`
      : `${f.kind}${f.shown === 'never' ? ' (never shown)' : ''}`;

/** The figures and shares of the catalogue's fields (and derived wholes), by path. */
const fieldFigurePaths = new Set(
  (reportFields as readonly ReportField[]).flatMap((f) => [
    ...(f.kind === 'breakdown' ? (f.values ?? []).map((v) => `${f.figure}.${v}`) : f.figure ? [f.figure] : []),
    ...(f.share ? [f.share] : []),
  ]),
);

describe('the summary’s figures', () => {
  it('are those of the API contract, in its order, each of its kind and parts (and the figures of fields added since)', () => {
    const paths = new Set<string>(contract.map(([path]) => path));
    expect(figures.filter((f) => paths.has(f.path)).map((f) => [f.path, described(f)])).toEqual(contract.map(([path, kind]) => [path, kind]));
    expect(figures.filter((f) => !paths.has(f.path) && !fieldFigurePaths.has(f.path)).map((f) => f.path)).toEqual([]);
  });

  it('keep their literal path types', () => {
    expectTypeOf<ContractPath>().toExtend<FigurePath>();
    expectTypeOf<Extract<(typeof contract)[number], readonly [string, 'money']>[0]>().toExtend<MoneyPath>();
    expectTypeOf<Extract<(typeof contract)[number], readonly [string, `ratio ${string}`]>[0]>().toExtend<RatioPath>();
    expectTypeOf<Exclude<ContractPath, Extract<(typeof contract)[number], readonly [string, `${string}(never shown)`]>[0]>>().toExtend<ShownPath>();
    // Literal, not widened to string.
    expectTypeOf<string>().not.toExtend<FigurePath>();
  });
});
