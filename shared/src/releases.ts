// Releases: donors and the public read a year's figures as of its last release, published by a
// coordinator (releases.publish) or by closing the year's cycle. What the endpoints return.
import { z } from 'zod';
import { organizationTypes, regions, releaseTriggers, suppressionReasons, typeGroups, viewers } from './enums.ts';

/** Which release a figure is from; null on the coordinators' live figures. */
export const releaseRefSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  number: z.number().int(),
  publishedAt: z.string(),
});
export type ReleaseRef = z.infer<typeof releaseRefSchema>;

/**
 * A cell of the published table: '' stands for every region or every type. A type-group cell has its
 * `typeGroup` and organizationType ''; releases stored before type groups have no `typeGroup` ('').
 */
export const releaseCellSchema = z.object({
  region: z.union([z.enum(regions), z.literal('')]),
  organizationType: z.union([z.enum(organizationTypes), z.literal('')]),
  typeGroup: z.union([z.enum(typeGroups), z.literal('')]).default(''),
});
export type ReleaseCell = z.infer<typeof releaseCellSchema>;

/** What a release changes against the year's previous one (for the release page and the corrections log). */
export const releaseChangesSchema = z.object({
  organizationsAdded: z.array(z.object({ id: z.number().int(), name: z.string() })),
  organizationsChanged: z.array(z.object({ id: z.number().int(), name: z.string() })),
  organizationsRemoved: z.array(z.object({ id: z.number().int(), name: z.string() })),
  /**
   * Organisations left out of the lists above because donors and the public may not see who they are
   * (`aggregate_only`): only their number. Coordinators see every name, and zeros here. Null for a donor or
   * the public when the release withholds the year's total from them: a count of it (or of its change)
   * would tell what the withheld cell hides (issue 17).
   */
  unnamed: z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() }).nullable(),
  /** Per viewer: cells shown now that were withheld (or absent) before, and cells withheld now that were shown. */
  newlyShown: z.record(z.enum(viewers), z.array(releaseCellSchema)),
  newlyWithheld: z.record(z.enum(viewers), z.array(releaseCellSchema)),
});
export type ReleaseChanges = z.infer<typeof releaseChangesSchema>;

/**
 * Whether a release would change nothing against the year's last one: no organisation added, changed or
 * removed, and no cell newly shown or withheld. Such a release is not offered, and the server refuses it.
 */
export const changesNothing = (changes: ReleaseChanges): boolean =>
  changes.organizationsAdded.length + changes.organizationsChanged.length + changes.organizationsRemoved.length === 0 &&
  Object.values(changes.newlyShown).every((cells) => cells.length === 0) &&
  Object.values(changes.newlyWithheld).every((cells) => cells.length === 0);

export const releaseSchema = releaseRefSchema.extend({
  trigger: z.enum(releaseTriggers),
  /**
   * How many organisations the release counts: the count of the year's total, so null for a donor or the
   * public when the release withholds that total from them (issue 17: nothing counted that is withheld).
   */
  organizationsReporting: z.number().int().nullable(),
  changes: releaseChangesSchema,
});
export type Release = z.infer<typeof releaseSchema>;

/** releases.list: every release, newest first (optionally of one year). */
export const releasesInput = z.object({ year: z.number().int().min(2015).max(2100).optional() }).strict();
export const releasesSchema = z.object({ releases: z.array(releaseSchema) });
export type Releases = z.infer<typeof releasesSchema>;

export const publishReleaseInput = z.object({ year: z.number().int().min(2015).max(2100) }).strict();

/** A withheld cell and why, as coordinators see it (releases.withheldCells). */
export const withheldCellSchema = releaseCellSchema.extend({
  reason: z.enum(suppressionReasons),
  organizationsReporting: z.number().int(),
  /** The sums withheld inside a shown cell for this reason (figure paths), or null when the whole cell is withheld. */
  figures: z.array(z.string()).nullable(),
});
/** What the audit found that no suppression in this release can mend (the release then waits). */
export const exposureSchema = releaseCellSchema.extend({
  viewer: z.enum(viewers),
  /** A withheld cell, the change of a cell since an earlier release, or an aggregate_only organisation. */
  what: z.enum(['cell', 'change', 'organization']),
  /** Worked out exactly, or estimated within the protection level. */
  how: z.enum(['determined', 'estimated']),
  /** The release (number) whose tables give it away: this one, or an earlier one of the year. */
  release: z.number().int(),
  /** The sums concerned (figure paths, planned together), or null for the cell itself (its counts). */
  figures: z.array(z.string()).nullable(),
  /** The same in English, for API users. */
  description: z.string(),
});
/**
 * An approved report the next release leaves out for now: its arrival would move the cell named by the
 * figures of too few organisations (`organizationsMoving`, this one included: 1 is its figures alone).
 * It is included by the first release that can include it: when more approvals of the same year move
 * that cell together, at a coordinator's release or the cycle's next close.
 */
export const waitingReportSchema = releaseCellSchema.extend({
  organizationId: z.number().int(),
  name: z.string(),
  organizationsMoving: z.number().int(),
});
/**
 * A `public` organisation whose own row a release withholds from donors, so that a cell with 1–4 organisations
 * they do not see one by one gets enough of them to be shown (coordinators only).
 */
export const rowWithheldSchema = z.object({
  organizationId: z.number().int(),
  name: z.string(),
  reason: z.literal('withheld_to_protect_an_aggregate'),
});
export type RowWithheld = z.infer<typeof rowWithheldSchema>;

export const releasePreviewSchema = z.object({
  year: z.number().int(),
  /** The number the release would get. */
  number: z.number().int(),
  organizationsReporting: z.number().int(),
  changes: releaseChangesSchema,
  withheld: z.record(z.enum(viewers), z.array(withheldCellSchema)),
  /** Empty when the release can be published. */
  exposures: z.array(exposureSchema),
  /** Approved reports this release leaves out for now (coordinators only see the preview). */
  waiting: z.array(waitingReportSchema),
  /** The `public` organisations' rows this release withholds from donors. */
  rowsWithheldFromDonors: z.array(rowWithheldSchema),
  /** How long planning and auditing took, in milliseconds. */
  planningMs: z.number(),
});
export type ReleasePreview = z.infer<typeof releasePreviewSchema>;

export const withheldCellsInput = z
  .object({ releaseId: z.number().int().positive(), viewer: z.enum(viewers) })
  .strict();
export const withheldCellsSchema = z.object({
  release: releaseRefSchema,
  viewer: z.enum(viewers),
  cells: z.array(withheldCellSchema),
  /** For donors: the `public` organisations' rows the release withholds from them (empty for the public). */
  rows: z.array(rowWithheldSchema),
  audit: z.object({
    /** Unknowns of the audited system and the rank of the shown equations. */
    unknowns: z.number().int(),
    rank: z.number().int(),
    linearPrograms: z.number().int(),
  }),
});
export type WithheldCells = z.infer<typeof withheldCellsSchema>;
