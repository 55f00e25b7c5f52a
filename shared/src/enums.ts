// The pledge's vocabulary: every enum the API, the database checks and the forms agree on.

export const organizationTypes = [
  'un_agency',
  'intergovernmental',
  'international_ngo',
  'national_ngo',
  'local_ngo',
  'migrant_led',
  'rcrc_national_society',
  'rcrc_international',
  'government_national',
  'government_local',
  'donor',
  'private_sector',
  'academia',
  'network',
  'other',
] as const;
export type OrganizationType = (typeof organizationTypes)[number];

/** "Local and national actors" as the pledge counts them (SPEC §3). */
export const localAndNationalTypes: readonly OrganizationType[] = [
  'national_ngo',
  'local_ngo',
  'migrant_led',
  'rcrc_national_society',
  'government_national',
  'government_local',
];

export const regions = ['africa', 'americas', 'asia', 'europe', 'oceania'] as const;
export type Region = (typeof regions)[number];

export const disclosures = ['public', 'aggregate_only'] as const;
export type Disclosure = (typeof disclosures)[number];

/** The interface languages (issue 8): English, French and Spanish, the pledge's working languages. */
export const locales = ['en', 'fr', 'es'] as const;
export type Locale = (typeof locales)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const roles = ['coordinator', 'signatory', 'donor'] as const;
export type Role = (typeof roles)[number];

export const cycleStatuses = ['open', 'closed'] as const;
export type CycleStatus = (typeof cycleStatuses)[number];

export const reportStatuses = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const sectionStatuses = [
  'not_started',
  'planning',
  'in_progress',
  'fulfilled',
  'not_applicable',
] as const;
export type SectionStatus = (typeof sectionStatuses)[number];

export const commitments = ['collaboration', 'funding', 'needs', 'credit', 'capacity'] as const;
export type Commitment = (typeof commitments)[number];

export const leadershipCategories = [
  'migrantLed',
  'hostCommunityLed',
  'womenLed',
  'youthLed',
  'disabilityLed',
  'informalOrMovement',
  'communityOrTraditional',
] as const;
export type LeadershipCategory = (typeof leadershipCategories)[number];

export const supportAreaCodes = [
  'governance_finance',
  'technical_programme',
  'protection_safeguarding',
  'fundraising',
  'advocacy_policy',
  'digital_data',
  'other',
] as const;
export type SupportArea = (typeof supportAreaCodes)[number];

export const reviewDecisions = ['approve', 'return'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

/** The Grand Bargain target for the share of funding passed to local and national actors. */
export const LOCAL_SHARE_TARGET = 0.25;
/** Aggregates built from fewer organisations than this are withheld from donors and the public. */
export const SUPPRESSION_THRESHOLD = 5;
/**
 * The p % rule (dominance, in whole percent): a money figure is withheld when the cell's total minus its
 * two largest contributors is less than p % of the largest, so that no contributor — not even the second
 * largest, subtracting its own figure — estimates the largest within p %.
 */
export const DOMINANCE_PERCENT = 10;
/**
 * Interval protection (whole percent): whatever a viewer combines from what is shown, with every amount
 * ≥ 0, the range it can derive for a withheld cell or an `aggregate_only` organisation spans at least
 * this much below and above the true value (τ-Argus's and rtauargus's default protection level).
 */
export const PROTECTION_PERCENT = 10;
/** Who reads released figures: donors also see `public` organisations one by one; the public does not. */
export const viewers = ['public', 'donor'] as const;
export type Viewer = (typeof viewers)[number];
/**
 * Why an aggregate is withheld from donors and the public (server/src/features/releases/disclosure/):
 * - fewer_than_5: built from 1–4 organisations (or 1–4 with a funding share);
 * - not_published_individually: donors see the `public` organisations one by one, and 1–4 others remain;
 * - dominance: one or two organisations make up nearly all of a money figure (the p % rule);
 * - complement: withheld beside another so that the other cannot be worked out from what is shown;
 * - not_released: the year has no release yet.
 */
export const suppressionReasons = ['fewer_than_5', 'not_published_individually', 'dominance', 'complement', 'not_released'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

/** Share buckets of the distribution chart: [from, to) as fractions. */
export const shareBuckets = [
  { key: 'under10', from: 0, to: 0.1, label: '0–10 %' },
  { key: 'from10to25', from: 0.1, to: 0.25, label: '10–25 %' },
  { key: 'from25to50', from: 0.25, to: 0.5, label: '25–50 %' },
  { key: 'atLeast50', from: 0.5, to: null, label: '≥ 50 %' },
] as const;

/**
 * Type groups (issue 16): the organisation types in four groups, a second dimension of every table.
 * Fifteen types for a few dozen signatories leave most types below the threshold; statistical offices
 * first group categories (τ-Argus's global recoding). `local_national` is exactly localAndNationalTypes.
 */
export const typeGroups = ['un_intergovernmental', 'international_ngo_rcrc', 'local_national', 'other'] as const;
export type TypeGroup = (typeof typeGroups)[number];
export const typeGroupMembers: Record<TypeGroup, readonly OrganizationType[]> = {
  un_intergovernmental: ['un_agency', 'intergovernmental'],
  international_ngo_rcrc: ['international_ngo', 'rcrc_international'],
  local_national: localAndNationalTypes,
  other: ['donor', 'private_sector', 'academia', 'network', 'other'],
};
/** The group of each type (every type is in exactly one group). */
export const typeGroupOf = Object.fromEntries(
  typeGroups.flatMap((g) => typeGroupMembers[g].map((type) => [type, g])),
) as Record<OrganizationType, TypeGroup>;

// --- what the database records (its CHECK constraints hold the same lists: tests/integration/enum-checks.test.ts)

/** Attempts limited per account and address (migration 0010): each kind has its own limits. */
export const loginAttemptKinds = ['sign_in', 'password_reset_request', 'password_reset'] as const;
export type LoginAttemptKind = (typeof loginAttemptKinds)[number];

/** A report's history rows; 'imported' (migration 0008): approved by a coordinator's bulk import of a file. */
export const reportActions = ['create', 'save', 'submit', 'return', 'approve', 'reopen', 'imported'] as const;
export type ReportAction = (typeof reportActions)[number];

/** What the review decisions record: a reviewer's decision, or a coordinator reopening an approved report. */
export const recordedDecisions = [...reviewDecisions, 'reopen'] as const;
export type RecordedDecision = (typeof recordedDecisions)[number];

/** What the coordinators' audit log is about. 'report' (review decisions) and 'release': migration 0017. */
export const auditEntities = ['organization', 'user', 'cycle', 'rate', 'import', 'report', 'release'] as const;
export type AuditEntity = (typeof auditEntities)[number];

/** The e-mail outbox (migration 0007): a message's state, its kind and, for a reminder, its stage. */
export const outboxStatuses = ['queued', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
/** 'invitation' (migration 0016): a person invited by a coordinator, with the link that sets their first password. */
export const outboxKinds = ['reminder', 'report_returned', 'report_submitted', 'password_reset', 'invitation'] as const;
export type OutboxKind = (typeof outboxKinds)[number];
export const reminderStages = ['opening', 'due_30', 'due_7', 'overdue', 'manual'] as const;
export type ReminderStage = (typeof reminderStages)[number];

/** What published a release: a coordinator, or the closing of the year's cycle. */
export const releaseTriggers = ['manual', 'cycle_closed'] as const;
export type ReleaseTrigger = (typeof releaseTriggers)[number];

/** The file formats people download and import: CSV and Excel workbooks. */
export const fileFormats = ['csv', 'xlsx'] as const;
export type FileFormat = (typeof fileFormats)[number];

/** What a sign-in that passed the password waits for (migration 0011): its second factor, or its enrolment. */
export const pendingSignInPurposes = ['second_factor', 'enrolment'] as const;
export type PendingSignInPurpose = (typeof pendingSignInPurposes)[number];

/** The dimensions a breakdown of the figures is by: a region, an organisation type or a type group. */
export const breakdownDimensions = ['region', 'organizationType', 'typeGroup'] as const;
export type BreakdownDimension = (typeof breakdownDimensions)[number];
