// What the metrics endpoints return, shared by the server (as .output() schemas, so that nothing else
// leaves it) and the web app (as types), with the formulas written down once (SPEC §4).
//
// Source: the published copy of each report (approved_reports), joined to its organisation and to the
// exchange rate of (report year, report currency). Coordinators may ask for submitted-but-unapproved
// reports as well (`basis: 'approved_and_submitted'`): a submitted report then stands in for the
// organisation's approved one of that year.
//
// - USD amount = amount × usd_per_unit of (year, currency); USD needs no rate. An amount in a currency
//   with no rate for the year cannot be converted: it is left out of every USD total (and of the weighted
//   and direct shares, numerator and denominator alike), and its currency is listed in
//   `currenciesWithoutRate`. The organisation's own share needs no conversion and still counts.
// - counted local funding = direct + pooled + one intermediary. Two or more intermediaries is reported
//   (`twoPlusIntermediariesUsd`) but never counted.
// - weightedShare = Σ counted local USD ÷ Σ in-scope USD; directShare = Σ direct USD ÷ Σ in-scope USD.
// - per-organisation share = counted ÷ in-scope (in the report's own currency), null when in-scope is 0 or
//   empty or the funding section is not_applicable. Organisations with a null share are left out of
//   meanShare, medianShare (percentile_cont(0.5), the mean of the middle two for an even count),
//   atOrAbove25 (share >= 0.25, so exactly 25 % counts), `distribution` and `fundingOrganizations`.
// - distribution buckets are [from, to) as in shareBuckets (enums.ts): exactly 10 % falls in 10–25 %.
// - A section marked not_applicable contributes no figures to its section's totals and shares; it is
//   counted in statusCounts.<section>.not_applicable.
// - reportingRate = eligible organisations with a report for the year ÷ eligible organisations. Eligible:
//   signed on or before the cycle's due date (31 December of the following year when the cycle does not
//   exist) and not withdrawn on or before that date. `organizationsReporting` counts every organisation
//   whose report is in the figures (normally the same organisations).
// - The figures of report fields come from the catalogue (shared/src/report/fields.ts): a field's `figure`
//   is Σ of it over the reports whose section applies (money in USD as above; a boolean counts the yes
//   answers; a breakdown is one Σ per category), and its `share` (coLedShare, jointShare, creditingShare,
//   supportedShare, directShare) is Σ of it ÷ Σ of its whole (`partOf`); a boolean's share (policyShare)
//   is the organisations answering yes ÷ the organisations whose section is set and not not_applicable.
// - Every share is a fraction from 0 to 1, or null when its denominator is zero: never 0, never NaN.
// - Filters (region, organisation type or type group) apply to numerators and denominators alike.
// - Disclosure control: donors and the public read each year as of its last release (shared/src/releases.ts);
//   a withheld cell has `suppressed: true`, every figure null (organizationsEligible too) and
//   `suppressedBecause` saying why (enums.ts: fewer_than_5, not_published_individually, dominance,
//   complement, not_released). The rules and their audit: server/src/features/releases/disclosure/.
//   Coordinators read live figures (`release: null`) and see everything.
import { z } from 'zod';
import {
  breakdownDimensions,
  commitments,
  disclosures,
  organizationTypes,
  regions,
  releaseTriggers,
  sectionStatuses,
  suppressionReasons,
  typeGroups,
  viewers,
  type BreakdownDimension,
  type Commitment,
  type SectionStatus,
} from './enums.ts';
import { mapFigureTree, type SummaryFigures } from './figures.ts';
import { organizationMoney, organizationShares, type OrganizationMoneyKey, type OrganizationShareKey } from './organizationFigures.ts';
import { releaseRefSchema } from './releases.ts';

export { shareBucketKeys, type ShareBucketKey } from './figures.ts';

const figure = z.number().nullable();

export const metricsBases = ['approved', 'approved_and_submitted'] as const;
export type MetricsBasis = (typeof metricsBases)[number];

/** The schema of each figure of a summary: a number or null where withheld; never null when always shown. */
type FiguresShape<T> = {
  [K in keyof T]: T[K] extends number ? z.ZodNumber : T[K] extends number | null ? typeof figure : z.ZodObject<FiguresShape<T[K]>>;
};
const summaryFiguresSchema = mapFigureTree<z.ZodType, z.ZodObject>(
  (f) => (f.shown === 'always' ? z.number().int() : figure),
  (members) => z.object(members),
) as unknown as z.ZodObject<FiguresShape<SummaryFigures>>;

/** metrics.summary: one year's aggregate (also each point of a trend and each row of a breakdown). */
export const metricsSummarySchema = z.object({
  year: z.number().int(),
  basis: z.enum(metricsBases),
  suppressed: z.boolean(),
  /** Set exactly when `suppressed` is. */
  suppressedBecause: z.enum(suppressionReasons).nullable(),
  /** The release these figures are from (donors and the public); null on coordinators' live figures. */
  release: releaseRefSchema.nullable(),
  /**
   * In a summary that is shown, the paths of the money figures withheld on their own (shared/src/figures.ts
   * paths such as `funding.twoPlusIntermediariesUsd`): one organisation makes up most of that figure, or it
   * would let one be worked out. Their values (and the shares built on them) are null.
   */
  withheldFigures: z.array(z.string()),
  /** The figures of shared/src/figures.ts, in its order (organizationsEligible, …, multiYearToLocalUsd). */
  ...summaryFiguresSchema.shape,
  /** Currencies of reports in these figures that have no exchange rate for the year (left out of USD totals). */
  currenciesWithoutRate: z.array(z.string()),
});
export type MetricsSummary = z.infer<typeof metricsSummarySchema>;

export const metricsTrendSchema = z.object({
  fromYear: z.number().int(),
  toYear: z.number().int(),
  basis: z.enum(metricsBases),
  /** One summary per year from fromYear to toYear, each suppressed on its own. */
  points: z.array(metricsSummarySchema),
});
export type MetricsTrend = z.infer<typeof metricsTrendSchema>;

export { breakdownDimensions, type BreakdownDimension };
/** The rows of a breakdown, always all of them, in this order. */
export const breakdownKeys: Record<BreakdownDimension, readonly string[]> = {
  region: regions,
  organizationType: organizationTypes,
  typeGroup: typeGroups,
};

export const metricsBreakdownRowSchema = metricsSummarySchema.extend({ key: z.string() });
export type MetricsBreakdownRow = z.infer<typeof metricsBreakdownRowSchema>;
export const metricsBreakdownSchema = z.object({
  year: z.number().int(),
  by: z.enum(breakdownDimensions),
  basis: z.enum(metricsBases),
  rows: z.array(metricsBreakdownRowSchema),
});
export type MetricsBreakdown = z.infer<typeof metricsBreakdownSchema>;

const ownFigures = Object.fromEntries([...organizationShares, ...organizationMoney].map(({ key }) => [key, figure])) as Record<
  OrganizationShareKey | OrganizationMoneyKey,
  typeof figure
>;

/** One organisation's figures for a year (metrics.organizations): donors see `public` organisations only. */
export const organizationFiguresSchema = z.object({
  organizationId: z.number().int(),
  name: z.string(),
  acronym: z.string().nullable(),
  type: z.enum(organizationTypes),
  region: z.enum(regions),
  country: z.string(),
  disclosure: z.enum(disclosures),
  /** 'submitted' only when a coordinator asked for submitted reports and this one is not approved yet. */
  reportStatus: z.enum(['approved', 'submitted']),
  currency: z.string().nullable(),
  usdPerUnit: figure,
  /** Counted local funding ÷ in-scope expenditure, in the report's own currency (null without a share). */
  localShare: figure,
  /** Its own share of each money field with a share, and its money figures in USD (shared/src/figures.ts). */
  ...ownFigures,
  statuses: z.object(
    Object.fromEntries(commitments.map((c) => [c, z.enum(sectionStatuses).nullable()])) as Record<
      Commitment,
      z.ZodNullable<z.ZodEnum<{ [S in SectionStatus]: S }>>
    >,
  ),
});
export type OrganizationFigures = z.infer<typeof organizationFiguresSchema>;
export const metricsOrganizationsSchema = z.object({
  year: z.number().int(),
  basis: z.enum(metricsBases),
  /** The release donors read these rows from; null on coordinators' live rows. */
  release: releaseRefSchema.nullable(),
  organizations: z.array(organizationFiguresSchema),
});
export type MetricsOrganizations = z.infer<typeof metricsOrganizationsSchema>;

/** metrics.ownComparison: an organisation's own shares per year beside the aggregate. */
export const ownComparisonPointSchema = z.object({
  year: z.number().int(),
  /** The organisation's own approved figures, null when it has no approved report for the year. */
  own: z
    .object({
      localShare: figure,
      directShare: figure,
      inScopeExpenditureUsd: figure,
      countedLocalUsd: figure,
    })
    .nullable(),
  aggregate: z.object({
    suppressed: z.boolean(),
    /** Why the aggregate is withheld (null when shown). */
    suppressedBecause: z.enum(suppressionReasons).nullable(),
    organizationsReporting: figure,
    weightedShare: figure,
    directShare: figure,
    meanShare: figure,
    medianShare: figure,
  }),
});
export const ownComparisonSchema = z.object({
  organizationId: z.number().int(),
  name: z.string(),
  /** The type group the aggregate is of (the organisation's own), or null when it is of all signatories. */
  typeGroup: z.enum(typeGroups).nullable(),
  fromYear: z.number().int(),
  toYear: z.number().int(),
  points: z.array(ownComparisonPointSchema),
});
export type OwnComparison = z.infer<typeof ownComparisonSchema>;

/** metrics.release: one release's figures as it published them (its permanent page, workbook and data package). */
export const releaseFiguresInput = z
  .object({
    year: z.number().int().min(2015).max(2100),
    number: z.number().int().positive().max(2_147_483_647),
  })
  .strict();
export const releaseFiguresSchema = z.object({
  release: releaseRefSchema.extend({ trigger: z.enum(releaseTriggers) }),
  /** The number of the year's newest release: this one, or a later one that supersedes it. */
  latestNumber: z.number().int(),
  /** Whose figures these are: the public's, or donors' (coordinators read what donors were given). */
  viewer: z.enum(viewers),
  /** The year's total (every region, every type). */
  summary: metricsSummarySchema,
  /** Every region, type and type group of the year, in breakdownKeys' order. */
  breakdowns: z.object({
    region: z.array(metricsBreakdownRowSchema),
    organizationType: z.array(metricsBreakdownRowSchema),
    typeGroup: z.array(metricsBreakdownRowSchema),
  }),
  /** The `public` organisations' own rows for donors (and coordinators); null for the public. */
  organizations: z.array(organizationFiguresSchema).nullable(),
});
export type ReleaseFigures = z.infer<typeof releaseFiguresSchema>;
