// Every figure of a metrics summary, written down once: where it stands in the summary, what kind of
// figure it is and, for a share, what it is a share of. The figures of report fields (plain sums of a
// field, and their shares) come from the report-field catalogue (shared/src/report/fields.ts); the others
// (organisations, statuses, the organisations' own shares) are written here. The SQL of both metric paths
// (server/src/features/figures/figures.sql.ts), the aggregate row and its mapper, the empty aggregate,
// the suppression-aware output (figures/summary.ts), the output schema (metrics.ts) and the dashboard's
// figure cards all read this list, so a figure is added, renamed or reclassified here (or in the catalogue) and nowhere else.
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
import { commitments, sectionStatuses, shareBuckets } from './enums.ts';
import { derivedWholes, fieldPath, reportFields, type ReportField, type ReportFieldRow } from './report/fields.ts';

export const figureKinds = ['money', 'count', 'ratio', 'mean', 'median'] as const;
export type FigureKind = (typeof figureKinds)[number];

export type ShareBucketKey = (typeof shareBuckets)[number]['key'];
export const shareBucketKeys = shareBuckets.map((b) => b.key) as ShareBucketKey[];

const money = { kind: 'money' } as const;
const count = { kind: 'count' } as const;
/** A count the summary does not show: the part of a share. */
const hidden = { kind: 'count', shown: 'never' } as const;
const ratio = <N extends string, D extends string>(numerator: N, denominator: D) =>
  ({ kind: 'ratio', numerator, denominator }) as const;
const each = <K extends string, F>(keys: readonly K[], figure: F) =>
  Object.fromEntries(keys.map((k) => [k, figure])) as Record<K, F>;

// --- the figures of report fields, from the catalogue (shared/src/report/fields.ts)
//
// A field with a `figure` is summed over the reports whose section applies: money in US dollars, a count
// as it is, a boolean as the number of yes answers, a breakdown as a group of one sum per category. Its
// `share` is its figure ÷ its whole's figure (a boolean's: ÷ `organizationsApplying` of its section, the
// reports whose section applies). A derived whole (counted local funding) is a money figure and a share
// of its `shareOf` in the same way.

type Row = ReportFieldRow;
type Wholes = typeof derivedWholes;
/** The figure of a field or a derived whole, by its path in the report (as a row's `partOf` names it). */
type FigureOfPath<P> = P extends keyof Wholes
  ? Wholes[P]['figure']
  : P extends `${infer C}.${infer K}`
    ? Extract<Row, { commitment: C; key: K }> extends { figure: infer F } ? F : never
    : never;
type OfRow<R> = R extends { kind: 'breakdown'; figure: infer F extends string; values: readonly (infer V extends string)[] }
  ? V extends string
    ? { path: `${F}.${V}`; figure: typeof count }
    : never
  : R extends { kind: infer K; figure: infer F extends string }
    ? { path: F; figure: K extends 'money' ? typeof money : typeof count }
    : never;
type ShareOfRow<R> = R extends { share: infer S extends string; figure: infer F extends string }
  ? {
      path: S;
      figure: {
        readonly kind: 'ratio';
        readonly numerator: F;
        readonly denominator: R extends { kind: 'boolean'; commitment: infer C extends string }
          ? `${C}.organizationsApplying`
          : R extends { partOf: infer W }
            ? FigureOfPath<W>
            : never;
      };
    }
  : never;
/** The reports whose section applies, of each section with a boolean's share (a part of that share only). */
type ApplyingOfRow<R> = R extends { kind: 'boolean'; share: string; commitment: infer C extends string }
  ? { path: `${C}.organizationsApplying`; figure: { readonly kind: 'count'; readonly shown: 'never' } }
  : never;
type OfWhole<W> = W extends { figure: infer F extends string; share: infer S extends string; shareOf: infer O }
  ? { path: F; figure: typeof money } | { path: S; figure: { readonly kind: 'ratio'; readonly numerator: F; readonly denominator: FigureOfPath<O> } }
  : never;
/** The figures of the catalogue: each field's figure and share, each derived whole's. */
type FieldLeaves = OfRow<Row> | ShareOfRow<Row> | ApplyingOfRow<Row> | OfWhole<Wholes[keyof Wholes]>;

const rowFigure = (f: ReportField): object =>
  f.kind === 'breakdown' ? each(f.values ?? [], count) : f.kind === 'money' ? money : count;
// (A whole without a figure fails the type check: see partsAreAdditive.)
const figureOfPath = (path: string): string =>
  ((derivedWholes as Record<string, { figure: string }>)[path] ?? (reportFields as readonly ReportField[]).find((f) => fieldPath(f) === path))!.figure!;
/** The count of the reports whose section applies: the denominator of a boolean's share. */
const applyingPath = (f: ReportField) => `${f.commitment}.organizationsApplying`;
const rowShare = (f: ReportField) =>
  ratio(f.figure!, f.kind === 'boolean' ? applyingPath(f) : figureOfPath(f.partOf!));

/**
 * The figures of the fields whose figure is in section `section` (its path starts with it), keyed by the
 * rest of the path: the figures in the catalogue's order, each share after the last of the consecutive
 * parts of its whole (a derived whole's figure right after its `shareOf`, its share first), and a
 * boolean's share after the count of the reports whose section applies.
 */
function sectionFigures(section: string): Record<string, object> {
  const entries: [string, object][] = [];
  const inSection = (path: string) => path.startsWith(`${section}.`);
  let waiting: [string, object][] = [];
  let waitingWhole: string | undefined;
  const flush = () => {
    entries.push(...waiting);
    waiting = [];
    waitingWhole = undefined;
  };
  for (const f of reportFields as readonly ReportField[]) {
    if (!f.figure || !inSection(f.figure)) continue;
    if (!(f.partOf !== undefined && f.partOf === waitingWhole)) flush();
    entries.push([f.figure, rowFigure(f)]);
    for (const whole of Object.values(derivedWholes))
      if (whole.shareOf === fieldPath(f) && inSection(whole.figure)) {
        entries.push([whole.figure, money]);
        waiting.push([whole.share, ratio(whole.figure, f.figure)]);
        waitingWhole = whole.shareOf;
      }
    if (f.share) {
      if (f.kind === 'boolean') waiting.push([applyingPath(f), hidden]);
      waiting.push([f.share, rowShare(f)]);
      waitingWhole ??= f.partOf;
    }
  }
  flush();
  return Object.fromEntries(entries.map(([path, node]) => [path.slice(section.length + 1), node]));
}

/** The catalogue's figures outside the sections (`group`: the breakdowns' groups, or else the single figures). */
const topLevelFigures = (group: boolean): Record<string, object> =>
  Object.fromEntries(
    (reportFields as readonly ReportField[])
      .filter((f) => f.figure && !f.figure.includes('.') && (f.kind === 'breakdown') === group)
      .map((f) => [f.figure!, rowFigure(f)]),
  );

/**
 * The figures in the summary's own order (its JSON and CSV columns follow it): those that are not of one
 * field written here, the fields' from the catalogue. Each section starts with its fields' figures; the
 * breakdowns follow the distribution, and the single figures of fields outside a section end the summary.
 */
const summaryFigures = {
  organizationsEligible: count,
  organizationsReporting: count,
  /** Eligible organisations with a report: the numerator of reportingRate. */
  organizationsReportingEligible: hidden,
  reportingRate: ratio('organizationsReportingEligible', 'organizationsEligible'),
  funding: {
    ...sectionFigures('funding'),
    meanShare: { kind: 'mean', count: 'fundingOrganizations' },
    medianShare: { kind: 'median', count: 'fundingOrganizations' },
    atOrAbove25: count,
  },
  // The other sections in the commitments' order.
  ...Object.fromEntries(commitments.filter((c) => c !== 'funding').map((c) => [c, sectionFigures(c)])),
  statusCounts: each(commitments, each(sectionStatuses, count)),
  /** Organisations per bucket of their own counted local share (keys of shareBuckets). */
  distribution: each(shareBucketKeys, count),
  ...topLevelFigures(true),
  /** Organisations whose own share is not null: those behind meanShare, medianShare, atOrAbove25. */
  fundingOrganizations: count,
  ...topLevelFigures(false),
};

/** The figures that are not of one field, as a tree (their types; the values are in summaryFigures). */
type OwnTree = {
  organizationsEligible: typeof count;
  organizationsReporting: typeof count;
  organizationsReportingEligible: { readonly kind: 'count'; readonly shown: 'never' };
  reportingRate: { readonly kind: 'ratio'; readonly numerator: 'organizationsReportingEligible'; readonly denominator: 'organizationsEligible' };
  funding: {
    meanShare: { readonly kind: 'mean'; readonly count: 'fundingOrganizations' };
    medianShare: { readonly kind: 'median'; readonly count: 'fundingOrganizations' };
    atOrAbove25: typeof count;
  };
  statusCounts: Record<(typeof commitments)[number], Record<(typeof sectionStatuses)[number], typeof count>>;
  distribution: Record<ShareBucketKey, typeof count>;
  fundingOrganizations: typeof count;
};

// --- the catalogue as types

type Leaf = { readonly kind: FigureKind };
type LeavesOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends Leaf ? { path: `${Prefix}${K}`; figure: T[K] } : LeavesOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
type Leaves = LeavesOf<OwnTree> | FieldLeaves;
/** The leaves as a tree, by the steps of their paths. */
type Head<P> = P extends `${infer H}.${string}` ? H : P;
type TreeOf<L extends { path: string }> = {
  readonly [H in Head<L['path']>]: [Extract<L, { path: H }>] extends [never]
    ? TreeOf<L extends { path: `${H}.${infer R}`; figure: infer F } ? { path: R; figure: F } : never>
    : Extract<L, { path: H }> extends { figure: infer F } ? F : never;
};
type Tree = TreeOf<Leaves>;
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
