// Every figure of a metrics summary, written down once: where it stands in the summary, what kind of
// figure it is and, for a share, what it is a share of. The SQL of both metric paths
// (server/src/features/figures/figures.sql.ts), the aggregate row and its mapper, the empty aggregate,
// the suppression-aware output (figures/summary.ts), the output schema (metrics.ts) and the dashboard's
// figure cards all read this list, so a figure is added, renamed or reclassified here and nowhere else.
// The formulas themselves are written down in metrics.ts.
//
// Kinds, which disclosure control goes by:
// - `money`: a sum of US dollars (rounded to cents).
// - `count`: an additive count, or a sum of counts.
// - `ratio`: a share of two additive figures, Σ numerator ÷ Σ denominator (null when the denominator is 0).
// - `mean`: meanShare, Σ of the organisations' own shares ÷ `count` of them.
// - `median`: medianShare, the median of the organisations' own shares (`count` of them).
// Money and count figures are additive: the figure of a group is the sum of its parts' figures.
//
// Who sees a figure: everyone, unless its summary is withheld (the default: then not even the number of
// eligible organisations, which would help the arithmetic around it); `shown: 'always'` even in a
// withheld summary (no figure is, today); `shown: 'never'` only inside the server, as a part of a share (it is in the aggregate row, not in the summary).
//
// No zod here: the dashboard imports this module, and zod in its bundle would cost ~25 KB gzip.
import { commitments, leadershipCategories, sectionStatuses, shareBuckets } from './enums.ts';

export const figureKinds = ['money', 'count', 'ratio', 'mean', 'median'] as const;
export type FigureKind = (typeof figureKinds)[number];

export type ShareBucketKey = (typeof shareBuckets)[number]['key'];
export const shareBucketKeys = shareBuckets.map((b) => b.key) as ShareBucketKey[];

const money = { kind: 'money' } as const;
const count = { kind: 'count' } as const;
const ratio = <N extends string, D extends string>(numerator: N, denominator: D) =>
  ({ kind: 'ratio', numerator, denominator }) as const;
const each = <K extends string, F>(keys: readonly K[], figure: F) =>
  Object.fromEntries(keys.map((k) => [k, figure])) as Record<K, F>;

/** The figures in the summary's own order (its JSON and CSV columns follow it). */
const summaryFigures = {
  organizationsEligible: count,
  organizationsReporting: count,
  /** Eligible organisations with a report: the numerator of reportingRate. */
  organizationsReportingEligible: { kind: 'count', shown: 'never' },
  reportingRate: ratio('organizationsReportingEligible', 'organizationsEligible'),
  funding: {
    inScopeExpenditureUsd: money,
    countedLocalUsd: money,
    directUsd: money,
    pooledUsd: money,
    oneIntermediaryUsd: money,
    twoPlusIntermediariesUsd: money,
    weightedShare: ratio('funding.countedLocalUsd', 'funding.inScopeExpenditureUsd'),
    directShare: ratio('funding.directUsd', 'funding.inScopeExpenditureUsd'),
    meanShare: { kind: 'mean', count: 'fundingOrganizations' },
    medianShare: { kind: 'median', count: 'fundingOrganizations' },
    atOrAbove25: count,
  },
  collaboration: {
    localPartners: count,
    forums: count,
    forumsCoLed: count,
    coLedShare: ratio('collaboration.forumsCoLed', 'collaboration.forums'),
  },
  needs: {
    assessmentsTotal: count,
    assessmentsJoint: count,
    jointShare: ratio('needs.assessmentsJoint', 'needs.assessmentsTotal'),
  },
  credit: {
    withPolicy: count,
    /** Organisations whose credit section applies: the denominator of policyShare. */
    organizationsApplying: { kind: 'count', shown: 'never' },
    policyShare: ratio('credit.withPolicy', 'credit.organizationsApplying'),
    publicationsReviewed: count,
    publicationsCrediting: count,
    creditingShare: ratio('credit.publicationsCrediting', 'credit.publicationsReviewed'),
  },
  capacity: {
    requestsReceived: count,
    requestsSupported: count,
    supportedShare: ratio('capacity.requestsSupported', 'capacity.requestsReceived'),
    capacitySpendUsd: money,
  },
  statusCounts: each(commitments, each(sectionStatuses, count)),
  /** Organisations per bucket of their own counted local share (keys of shareBuckets). */
  distribution: each(shareBucketKeys, count),
  /** Σ of each leadership category of local partners (collaboration sections that apply). */
  partnersByLeadership: each(leadershipCategories, count),
  /** Organisations whose own share is not null: those behind meanShare, medianShare, atOrAbove25. */
  fundingOrganizations: count,
  multiYearToLocalUsd: money,
} as const;

// --- the catalogue as types

type Tree = typeof summaryFigures;
type Leaf = { readonly kind: FigureKind };
type LeavesOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends Leaf ? { path: `${Prefix}${K}`; figure: T[K] } : LeavesOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
type Leaves = LeavesOf<Tree>;
type PathOf<Kinds extends FigureKind> = Extract<Leaves, { figure: { kind: Kinds } }>['path'];

/** Every figure's path in the summary: 'funding.inScopeExpenditureUsd', 'statusCounts.funding.fulfilled'. */
export type FigurePath = Leaves['path'];
export type MoneyPath = PathOf<'money'>;
export type CountPath = PathOf<'count'>;
/** Money and count figures: a number (0 over no reports), the sum of its parts'. */
export type AdditivePath = MoneyPath | CountPath;
export type RatioPath = PathOf<'ratio'>;
/** Shares, means and medians: null where there is nothing to divide by. */
export type NullablePath = Exclude<FigurePath, AdditivePath>;
/** The figures of the summary, as the aggregate row carries them (by path). */
export type FigureValues = { [P in AdditivePath]: number } & { [P in NullablePath]: number | null };

/** The summary's figures as the API returns them: nested as in the catalogue, null where withheld. */
export type SummaryFigures = Nested<Tree>;
type Nested<T> = {
  [K in keyof T as T[K] extends { shown: 'never' } ? never : K]: T[K] extends { shown: 'always' }
    ? number
    : T[K] extends Leaf
      ? number | null
      : Nested<T[K]>;
};
/** The paths of the figures a summary shows (all but the `shown: 'never'` parts of shares). */
export type ShownPath = Exclude<FigurePath, Extract<Leaves, { figure: { shown: 'never' } }>['path']>;

// Every part of a share or a mean is an additive figure of the catalogue (a typo fails the type check).
type Parts = Extract<Leaves, { figure: { kind: 'ratio' } }>['figure'];
type Counts = Extract<Leaves, { figure: { kind: 'mean' | 'median' } }>['figure']['count'];
const partsAreAdditive: [Parts['numerator'] | Parts['denominator'] | Counts] extends [AdditivePath] ? true : never = true;
void partsAreAdditive;

interface FigureBase {
  /** Shown even when the summary is suppressed ('always'), or never in the summary ('never'). */
  readonly shown?: 'always' | 'never';
}
export interface MoneyFigure extends FigureBase {
  readonly path: MoneyPath;
  readonly kind: 'money';
}
export interface CountFigure extends FigureBase {
  readonly path: CountPath;
  readonly kind: 'count';
}
export interface RatioFigure extends FigureBase {
  readonly path: RatioPath;
  readonly kind: 'ratio';
  readonly numerator: AdditivePath;
  readonly denominator: AdditivePath;
}
export interface MeanFigure extends FigureBase {
  readonly path: PathOf<'mean'>;
  readonly kind: 'mean';
  /** Σ share ÷ this count. */
  readonly count: CountPath;
}
export interface MedianFigure extends FigureBase {
  readonly path: PathOf<'median'>;
  readonly kind: 'median';
  /** The organisations whose shares it is the median of. */
  readonly count: CountPath;
}
export type AdditiveFigure = MoneyFigure | CountFigure;
export type FigureDefinition = AdditiveFigure | RatioFigure | MeanFigure | MedianFigure;

// --- the catalogue as values

const isLeaf = (node: object): node is Leaf => typeof (node as Partial<Leaf>).kind === 'string';

function leavesOf(tree: object, prefix = ''): FigureDefinition[] {
  return Object.entries(tree).flatMap(([key, node]: [string, object]) =>
    isLeaf(node) ? [{ ...node, path: `${prefix}${key}` } as FigureDefinition] : leavesOf(node, `${prefix}${key}.`),
  );
}

/** Every figure, in the summary's order. */
export const figures: readonly FigureDefinition[] = leavesOf(summaryFigures);
export const figureAt = Object.fromEntries(figures.map((f) => [f.path, f])) as {
  readonly [P in FigurePath]: Extract<FigureDefinition, { path: P }>;
};

export const isAdditive = (f: FigureDefinition): f is AdditiveFigure => f.kind === 'money' || f.kind === 'count';
const ofKind = <K extends FigureKind>(kind: K) =>
  figures.filter((f): f is Extract<FigureDefinition, { kind: K }> => f.kind === kind);

/** USD sums: a dominance rule and interval protection apply to these. */
export const moneyFigures: readonly MoneyFigure[] = ofKind('money');
export const countFigures: readonly CountFigure[] = ofKind('count');
/** Money and count figures: the suppression pattern protects these (a group's figure is the sum of its parts'). */
export const additiveFigures: readonly AdditiveFigure[] = figures.filter(isAdditive);
/** Shares of two additive figures (`numerator`, `denominator`). */
export const ratioFigures: readonly RatioFigure[] = ofKind('ratio');
export const meanFigures: readonly MeanFigure[] = ofKind('mean');
/** The median needs a rule of its own: it is one organisation's share (or the mean of two). */
export const medianFigures: readonly MedianFigure[] = ofKind('median');

/**
 * The structure of the summary's figures, in the catalogue's order, with `leaf` in place of each figure
 * the summary shows (the `shown: 'never'` ones are left out) and `group` around each group's members.
 */
export function mapFigureTree<L, G>(leaf: (figure: FigureDefinition) => L, group: (members: Record<string, L | G>) => G): G {
  const map = (tree: object, prefix: string): G =>
    group(
      Object.fromEntries(
        Object.entries(tree).flatMap(([key, node]: [string, object]): [string, L | G][] => {
          if (!isLeaf(node)) return [[key, map(node, `${prefix}${key}.`)]];
          const figure = figureAt[`${prefix}${key}` as FigurePath];
          return figure.shown === 'never' ? [] : [[key, leaf(figure)]];
        }),
      ),
    );
  return map(summaryFigures, '');
}

/** The summary's figures, each the value `valueOf` gives it (a `shown: 'always'` figure must get a number). */
export const nestFigures = (valueOf: (figure: FigureDefinition) => number | null): SummaryFigures =>
  mapFigureTree(valueOf, (members) => members) as unknown as SummaryFigures;

/** The value of one shown figure of a summary. */
export function figureValue(summary: SummaryFigures, path: ShownPath): number | null {
  let node: unknown = summary;
  for (const step of path.split('.')) node = (node as Record<string, unknown>)[step];
  return node as number | null;
}
