// One zod schema per API input: the server validates with it and the forms validate with the same one.
import { z } from 'zod';
import { countryCodes } from './countries.ts';
import {
  auditEntities,
  breakdownDimensions,
  cycleStatuses,
  disclosures,
  locales,
  organizationTypes,
  outboxKinds,
  outboxStatuses,
  regions,
  reportStatuses,
  reviewDecisions,
  roles,
  typeGroups,
  type Role,
} from './enums.ts';
import { currencySchema, reportDataSchema, warningCodes } from './report.ts';

export const MIN_YEAR = 2015;
export const MAX_YEAR = 2100;

export const idSchema = z.number().int().positive().max(2_147_483_647, 'no_such_record');
export const yearSchema = z
  .number({ error: 'enter_year' })
  .int('enter_year')
  .min(MIN_YEAR, 'year_min')
  .max(MAX_YEAR, 'year_max');
/** Calendar dates travel as ISO 8601 strings (YYYY-MM-DD). */
export const isoDateSchema = z.iso
  .date({ error: 'date_format' })
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', 'date_range');
const text = (max: number) => z.string().trim().min(1, 'required').max(max, 'max_chars');

/**
 * Characters that show nothing or turn the text around: zero-width spaces and joiners that are not part
 * of a script or an emoji (U+200B, U+2060, U+FEFF), soft hyphens, invisible operators and fillers, and the
 * bidirectional marks, embeddings, overrides and isolates (U+200E-U+200F, U+202A-U+202E, U+2066-U+2069,
 * U+061C). In a name they make look-alike duplicates. ZWNJ and ZWJ (U+200C, U+200D) stay: Persian and
 * Indic scripts and emoji sequences need them.
 */
// The Hangul and Khmer fillers combine with what precedes them: outside the character class.
export const INVISIBLE_OR_BIDI =
  /[\u00AD\u061C\u115F\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]|\u1160|\u17B4|\u17B5/u;
const invisibleMessage = 'invisible_characters';
/**
 * Runs of whitespace of any kind (a no-break space, a double space, a tab) as one space, trimmed: two names
 * that read the same are stored the same (issue 17). The byte order mark, which \s also matches, is refused
 * as invisible before it could be folded.
 */
export const foldWhitespace = (s: string) => s.replace(/\s+/gu, ' ').trim();
/** A name people tell apart by reading it: no invisible or direction-changing characters, spaces folded. */
const nameText = (max: number) =>
  z
    .string()
    .refine((s) => !INVISIBLE_OR_BIDI.test(s), invisibleMessage)
    .overwrite(foldWhitespace)
    .min(1, 'required')
    .max(max, 'max_chars');

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'max_chars')
  .pipe(z.email({ error: 'email_invalid' }));

// --- auth
export const loginInput = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, 'enter_password').max(256, 'max_chars'),
});

export const setLocaleInput = z.strictObject({
  locale: z.enum(locales, { error: 'choose_language' }),
});

/** Each account turns reminders by e-mail on or off for itself. */
export const setRemindersInput = z.strictObject({ enabled: z.boolean({ error: 'yes_or_no' }) });

// --- two-factor sign-in
/** A 6-digit TOTP code or a recovery code (spaces and dashes are ignored when it is checked). */
const secondFactorCode = z.string().trim().min(1, 'enter_code').max(40, 'max_chars');
/** The token of a sign-in that passed the password step (auth.login's answer). */
const pendingSignInToken = z.string().min(20).max(100);
export const verifySecondFactorInput = z.strictObject({ pendingToken: pendingSignInToken, code: secondFactorCode });
/** Enrolment by the signed-in account: the code from the new secret turns two-factor on. */
export const confirmTwoFactorInput = z.strictObject({ code: secondFactorCode });
/** Enrolment at sign-in, by an account that must have two-factor and has none yet (auth.login said 'enrolment'). */
export const startEnrolmentAtSignInInput = z.strictObject({ pendingToken: pendingSignInToken });
export const confirmEnrolmentAtSignInInput = z.strictObject({ pendingToken: pendingSignInToken, code: secondFactorCode });
export const disableTwoFactorInput = z.strictObject({ currentPassword: z.string().min(1, 'enter_current_password').max(256, 'max_chars') });

export const PASSWORD_MIN = 12;
/** The most common passwords of at least the minimum length, refused outright. */
const commonPasswords = new Set([
  'password1234', 'password12345', 'password123456', '123456789012', '1234567890123',
  'qwertyuiop12', 'qwertyuiopas', 'iloveyou1234', 'administrator', 'letmein12345',
  'welcome12345', 'passw0rd1234', 'changeme1234', 'aaaaaaaaaaaa', '111111111111',
  'abcdefghijkl', 'abc123456789', 'trustno11234', 'football1234', 'baseball1234',
  'sunshine1234', 'princess1234', 'dragon123456', 'monkey123456', 'superman1234',
  'qwerty123456', 'password!234', 'p@ssw0rd1234', '1q2w3e4r5t6y', 'zaq12wsxcde3',
]);
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, 'password_min')
  .max(256, 'max_chars')
  .refine((p) => !commonPasswords.has(p.toLowerCase()), 'password_common')
  .refine((p) => new Set(p).size >= 5, 'password_varied');

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1, 'enter_current_password').max(256, 'max_chars'),
  newPassword: passwordSchema,
});

/** "Forgot your password?": the answer is the same whether or not the address has an account. */
export const requestPasswordResetInput = z.strictObject({ email: emailSchema });
/** The link's token (base64url of 32 random bytes) and the new password. */
export const resetPasswordInput = z.strictObject({
  token: z.string().min(1, 'reset_link_invalid').max(200, 'reset_link_invalid'),
  newPassword: passwordSchema,
});

// --- organisations
const organizationFields = {
  name: nameText(200),
  acronym: z
    .string()
    .refine((s) => !INVISIBLE_OR_BIDI.test(s), invisibleMessage)
    .overwrite(foldWhitespace)
    .max(30, 'max_chars')
    .nullable()
    .optional(),
  type: z.enum(organizationTypes, { error: 'choose_organization_type' }),
  country: z.enum(countryCodes as [string, ...string[]], { error: 'choose_country' }),
  signedOn: isoDateSchema,
  implementationDeadline: isoDateSchema.nullable().optional(),
  disclosure: z.enum(disclosures, { error: 'choose_disclosure' }),
  withdrawnOn: isoDateSchema.nullable().optional(),
};
export const organizationCreateInput = z.strictObject(organizationFields);
export const organizationUpdateInput = z.strictObject({
  id: idSchema,
  ...Object.fromEntries(Object.entries(organizationFields).map(([k, s]) => [k, s.optional()])),
} as { id: typeof idSchema } & { [K in keyof typeof organizationFields]: z.ZodOptional<(typeof organizationFields)[K]> });
export const organizationListInput = z
  .strictObject({
    type: z.enum(organizationTypes).optional(),
    region: z.enum(regions).optional(),
    search: z.string().trim().max(200).optional(),
  })
  .optional();

// --- users
/** A signatory reports for one organisation; nobody else belongs to one. */
const roleAndOrganization = (u: { role: Role; organizationId?: number | null }, ctx: z.RefinementCtx) => {
  if (u.role === 'signatory' && u.organizationId == null)
    ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'signatory_needs_organization' });
  if (u.role !== 'signatory' && u.organizationId != null)
    ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'only_signatories_have_organization' });
};
const newAccountFields = {
  email: emailSchema,
  name: nameText(200),
  role: z.enum(roles, { error: 'choose_role' }),
  organizationId: idSchema.nullable().optional(),
};
/** An account with an initial password: for scripts and the command line (the Users page invites). */
export const userCreateInput = z.strictObject({ ...newAccountFields, password: passwordSchema }).superRefine(roleAndOrganization);
/** An invitation by e-mail; `locale`: the invitation's and the account's language (else the inviter's). */
export const userInviteInput = z
  .strictObject({ ...newAccountFields, locale: z.enum(locales, { error: 'choose_language' }).nullable().optional() })
  .superRefine(roleAndOrganization);
/** How long an invitation's link works; resending it starts the time again. */
export const INVITATION_DAYS = 7;
/** A pending invitation (its account's id), to resend or withdraw. */
export const invitationInput = z.strictObject({ id: idSchema });
export const userUpdateInput = z.strictObject({
  id: idSchema,
  name: nameText(200).optional(),
  active: z.boolean().optional(),
});

export const userLiftSignInLimitsInput = z.strictObject({ id: idSchema });
export const userIssuePasswordResetInput = z.strictObject({ id: idSchema });
export const userResetTwoFactorInput = z.strictObject({ id: idSchema });

// --- cycles and rates
export const cycleUpsertInput = z
  .strictObject({
    year: yearSchema,
    opensOn: isoDateSchema,
    dueOn: isoDateSchema,
    status: z.enum(cycleStatuses, { error: 'choose_cycle_status' }),
  })
  .refine((c) => c.dueOn >= c.opensOn, { path: ['dueOn'], message: 'due_before_opening' });

/** cycles.reportCounts: how many of a year's reports are in each status, for the close and open confirmations. */
export const cycleReportCountsInput = z.strictObject({ year: yearSchema });
export const cycleReportCountsSchema = z.object({
  year: z.number().int(),
  draft: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  approved: z.number().int(),
});

/**
 * The ISO 4217 currencies in use, as the runtime's Intl knows them (ICU's list: the server's decides, the
 * browser's fills the form's list): no hand-kept list to fall out of date. Rates are kept only for these,
 * so "XYZ" is refused.
 */
export const isoCurrencies: readonly string[] = Intl.supportedValuesOf('currency');
const isoCurrencySet: ReadonlySet<string> = new Set(isoCurrencies);
export const isoCurrencySchema = z.string().refine((code) => isoCurrencySet.has(code), 'currency_not_iso');

export const rateUpsertInput = z.strictObject({
  year: yearSchema,
  currency: isoCurrencySchema,
  usdPerUnit: z
    .number({ error: 'enter_rate' })
    .positive('rate_positive')
    // The database keeps ten decimals: anything smaller would be stored as 0.
    .min(0.0000000001, 'rate_too_small')
    .max(1_000_000, 'too_large'),
});
export const rateListInput = z.strictObject({ year: yearSchema.optional() }).optional();
/**
 * rates.remove: a rate is named by its year and currency (its key). Any three-letter code, so that a rate
 * stored before currencies were checked against ISO 4217 (an "XYZ") can still be removed.
 */
export const rateRemoveInput = z.strictObject({ year: yearSchema, currency: currencySchema });
export const rateRemoveOutputSchema = z.object({ year: z.number().int(), currency: z.string(), usdPerUnit: z.number() });

// --- reports
export const reportKeyInput = z.strictObject({ organizationId: idSchema, year: yearSchema });
export const reportListInput = z
  .strictObject({ year: yearSchema.optional(), status: z.enum(reportStatuses).optional() })
  .optional();
export const saveDraftInput = z.strictObject({
  organizationId: idSchema,
  year: yearSchema,
  expectedVersion: z.number().int().min(0),
  data: reportDataSchema,
});
export const justificationsSchema = z
  .partialRecord(z.enum(warningCodes), z.string().trim().min(1, 'write_justification').max(2000, 'max_chars'))
  .optional();
export const submitInput = z.strictObject({
  organizationId: idSchema,
  year: yearSchema,
  expectedVersion: z.number().int().min(1),
  justifications: justificationsSchema,
});
export const reviewInput = z
  .strictObject({
    organizationId: idSchema,
    year: yearSchema,
    decision: z.enum(reviewDecisions, { error: 'approve_or_return' }),
    comment: z.string().trim().max(5000, 'max_chars'),
    fieldComments: z
      .record(z.string().regex(/^[a-zA-Z.]+$/).max(80), z.string().trim().min(1).max(2000))
      .optional(),
  })
  .refine((r) => r.decision === 'approve' || r.comment.length > 0, {
    path: ['comment'],
    message: 'say_what_needs_to_change',
  });
export const reopenInput = z.strictObject({
  organizationId: idSchema,
  year: yearSchema,
  reason: text(2000),
});
/** A signatory's reply to one comment of the report's latest return ('_': its overall comment). */
export const replyToCommentInput = z.strictObject({
  organizationId: idSchema,
  year: yearSchema,
  field: z.union([z.literal('_'), z.string().regex(/^[a-zA-Z.]+$/).max(80)]),
  reply: text(2000),
});
export const complianceInput = z.strictObject({ year: yearSchema });
export const correctionsInput = z.strictObject({ year: yearSchema.optional() }).optional();

// --- metrics
const metricFilters = {
  region: z.enum(regions).optional(),
  organizationType: z.enum(organizationTypes).optional(),
  /** A type group (shared/src/enums.ts typeGroups): every type of the group. Not with organizationType. */
  typeGroup: z.enum(typeGroups).optional(),
  /** Coordinators only: also count submitted reports not yet approved (labelled in the answer). */
  includeSubmitted: z.boolean().optional(),
};
/** A type and a type group are two views of one dimension: a call filters by one of them. */
const oneTypeFilter = (f: { organizationType?: unknown; typeGroup?: unknown }) => f.organizationType === undefined || f.typeGroup === undefined;
const oneTypeFilterError = { path: ['typeGroup'], message: 'type_or_type_group' };
export const summaryInput = z.strictObject({ year: yearSchema, ...metricFilters }).refine(oneTypeFilter, oneTypeFilterError);
export const trendInput = z
  .strictObject({ fromYear: yearSchema, toYear: yearSchema, ...metricFilters })
  .refine(oneTypeFilter, oneTypeFilterError)
  .refine((t) => t.toYear >= t.fromYear, { path: ['toYear'], message: 'to_year_before_from_year' })
  .refine((t) => t.toYear - t.fromYear <= 50, { path: ['toYear'], message: 'at_most_50_years' });
/** A breakdown by one dimension, within the other's filter (every type within Europe; every region of local NGOs). */
export const breakdownInput = z
  .strictObject({
    year: yearSchema,
    by: z.enum(breakdownDimensions, { error: 'breakdown_by' }),
    ...metricFilters,
  })
  .refine(oneTypeFilter, oneTypeFilterError)
  // A breakdown by type or by group is one of the type dimension: filtered by a region only.
  .refine((b) => b[b.by] === undefined && (b.by === 'region' || (b.organizationType === undefined && b.typeGroup === undefined)), {
    path: ['by'],
    message: 'breakdown_own_filter',
  });
export const metricsOrganizationsInput = z.strictObject({
  year: yearSchema,
  includeSubmitted: metricFilters.includeSubmitted,
});
/** `against`: all signatories (the default) or the organisation's own type group. */
export const ownComparisonInput = z
  .strictObject({ organizationId: idSchema, fromYear: yearSchema, toYear: yearSchema, against: z.enum(['typeGroup', 'all']).optional() })
  .refine((t) => t.toYear >= t.fromYear, { path: ['toYear'], message: 'to_year_before_from_year' })
  .refine((t) => t.toYear - t.fromYear <= 50, { path: ['toYear'], message: 'at_most_50_years' });

// --- audit log
/** The coordinators' audit log, newest first: filter by what changed, who changed it and when; page with `before`. */
export const auditListInput = z
  .strictObject({
    entity: z.enum(auditEntities).optional(),
    entityKey: z.string().max(50).optional(),
    actorId: idSchema.optional(),
    fromDate: isoDateSchema.optional(),
    toDate: isoDateSchema.optional(),
    /** Entries older than this one (the last id of the previous page). */
    before: idSchema.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .refine((f) => !f.fromDate || !f.toDate || f.toDate >= f.fromDate, { path: ['toDate'], message: 'to_date_before_from_date' })
  .optional();
// --- the outbox (e-mails)
export const outboxListInput = z
  .strictObject({
    status: z.enum(outboxStatuses).optional(),
    kind: z.enum(outboxKinds).optional(),
    cycleYear: yearSchema.optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .optional();
export const outboxGetInput = z.strictObject({ id: idSchema });
export const MAX_REMINDED_AT_ONCE = 500;
/** A coordinator's "send a reminder now" to chosen organisations of an open cycle. */
export const remindNowInput = z.strictObject({
  year: yearSchema,
  organizationIds: z
    .array(idSchema)
    .min(1, 'choose_organizations')
    .max(MAX_REMINDED_AT_ONCE, 'at_most_organizations'),
});
// --- the review desk (issue 19)
/** The queue's orders by submission date. */
export const reviewQueueSorts = ['oldest', 'newest'] as const;
export type ReviewQueueSort = (typeof reviewQueueSorts)[number];
/** "Assigned to me" (the caller) or to nobody; absent: whoever. */
export const reviewQueueAssignments = ['me', 'unassigned'] as const;
export type ReviewQueueAssignment = (typeof reviewQueueAssignments)[number];
/**
 * The review queue's filters, applied in SQL. Absent: no filter on that. `late`: submitted after the
 * cycle's due date, or not submitted (draft, returned) while the due date has passed.
 */
export const reviewQueueInput = z.strictObject({
  year: yearSchema.optional(),
  status: z.enum(reportStatuses).optional(),
  region: z.enum(regions).optional(),
  organizationType: z.enum(organizationTypes).optional(),
  late: z.boolean().optional(),
  assigned: z.enum(reviewQueueAssignments).optional(),
  sort: z.enum(reviewQueueSorts).default('oldest'),
});
/** Assigns a report to a coordinator (null: unassigns it). */
export const assignReportInput = z.strictObject({
  organizationId: idSchema,
  year: yearSchema,
  assigneeId: idSchema.nullable(),
});
