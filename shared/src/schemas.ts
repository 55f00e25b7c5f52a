// One zod schema per API input: the server validates with it and the forms validate with the same one.
import { z } from 'zod';
import { countryCodes } from './countries.ts';
import {
  cycleStatuses,
  disclosures,
  organizationTypes,
  regions,
  reportStatuses,
  reviewDecisions,
  roles,
} from './enums.ts';
import { currencySchema, reportDataSchema, warningCodes } from './report.ts';

export const MIN_YEAR = 2015;
export const MAX_YEAR = 2100;

export const idSchema = z.number().int().positive().max(2_147_483_647, 'No such record');
export const yearSchema = z
  .number({ error: 'Enter a year' })
  .int('Enter a year')
  .min(MIN_YEAR, `From ${MIN_YEAR}`)
  .max(MAX_YEAR, `Up to ${MAX_YEAR}`);
/** Calendar dates travel as ISO 8601 strings (YYYY-MM-DD). */
export const isoDateSchema = z.iso
  .date({ error: 'Use a date as YYYY-MM-DD' })
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', 'Use a date between 1900 and 2199');
const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);

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
const invisibleMessage = 'Names cannot contain invisible or direction-changing characters (such as U+200B or U+202E)';
/** A name people tell apart by reading it: no invisible or direction-changing characters. */
const nameText = (max: number) => text(max).refine((s) => !INVISIBLE_OR_BIDI.test(s), invisibleMessage);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'At most 254 characters')
  .pipe(z.email({ error: 'Enter a valid e-mail address' }));

// --- auth
export const loginInput = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password').max(256, 'At most 256 characters'),
});

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
  .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`)
  .max(256, 'At most 256 characters')
  .refine((p) => !commonPasswords.has(p.toLowerCase()), 'This password is too common')
  .refine((p) => new Set(p).size >= 5, 'Use more varied characters');

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1, 'Enter your current password').max(256),
  newPassword: passwordSchema,
});

// --- organisations
const organizationFields = {
  name: nameText(200),
  acronym: z
    .string()
    .trim()
    .max(30, 'At most 30 characters')
    .refine((s) => !INVISIBLE_OR_BIDI.test(s), invisibleMessage)
    .nullable()
    .optional(),
  type: z.enum(organizationTypes, { error: 'Choose an organisation type' }),
  country: z.enum(countryCodes as [string, ...string[]], { error: 'Choose a country' }),
  signedOn: isoDateSchema,
  implementationDeadline: isoDateSchema.nullable().optional(),
  disclosure: z.enum(disclosures, { error: 'Choose public or aggregate only' }),
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
export const userCreateInput = z
  .strictObject({
    email: emailSchema,
    name: nameText(200),
    password: passwordSchema,
    role: z.enum(roles, { error: 'Choose a role' }),
    organizationId: idSchema.nullable().optional(),
  })
  .superRefine((u, ctx) => {
    if (u.role === 'signatory' && u.organizationId == null)
      ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'A signatory belongs to an organisation' });
    if (u.role !== 'signatory' && u.organizationId != null)
      ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'Only signatories belong to an organisation' });
  });
export const userUpdateInput = z.strictObject({
  id: idSchema,
  name: nameText(200).optional(),
  active: z.boolean().optional(),
});

export const userLiftSignInLimitsInput = z.strictObject({ id: idSchema });

// --- cycles and rates
export const cycleUpsertInput = z
  .strictObject({
    year: yearSchema,
    opensOn: isoDateSchema,
    dueOn: isoDateSchema,
    status: z.enum(cycleStatuses, { error: 'Choose open or closed' }),
  })
  .refine((c) => c.dueOn >= c.opensOn, { path: ['dueOn'], message: 'Due date must not be before the opening date' });

export const rateUpsertInput = z.strictObject({
  year: yearSchema,
  currency: currencySchema,
  usdPerUnit: z
    .number({ error: 'Enter a rate' })
    .positive('Must be greater than 0')
    // The database keeps ten decimals: anything smaller would be stored as 0.
    .min(0.0000000001, 'Too small (at least 0.0000000001)')
    .max(1_000_000, 'Too large'),
});
export const rateListInput = z.strictObject({ year: yearSchema.optional() }).optional();

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
  .partialRecord(z.enum(warningCodes), z.string().trim().min(1, 'Write a justification').max(2000, 'At most 2000 characters'))
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
    decision: z.enum(reviewDecisions, { error: 'Approve or return' }),
    comment: z.string().trim().max(5000, 'At most 5000 characters'),
    fieldComments: z
      .record(z.string().regex(/^[a-zA-Z.]+$/).max(80), z.string().trim().min(1).max(2000))
      .optional(),
  })
  .refine((r) => r.decision === 'approve' || r.comment.length > 0, {
    path: ['comment'],
    message: 'Say what needs to change',
  });
export const reopenInput = z.strictObject({
  organizationId: idSchema,
  year: yearSchema,
  reason: text(2000),
});
export const complianceInput = z.strictObject({ year: yearSchema });
export const correctionsInput = z.strictObject({ year: yearSchema.optional() }).optional();

// --- metrics
const metricFilters = {
  region: z.enum(regions).optional(),
  organizationType: z.enum(organizationTypes).optional(),
  /** Coordinators only: also count submitted reports not yet approved (labelled in the answer). */
  includeSubmitted: z.boolean().optional(),
};
export const summaryInput = z.strictObject({ year: yearSchema, ...metricFilters });
export const trendInput = z
  .strictObject({ fromYear: yearSchema, toYear: yearSchema, ...metricFilters })
  .refine((t) => t.toYear >= t.fromYear, { path: ['toYear'], message: 'Must not be before fromYear' })
  .refine((t) => t.toYear - t.fromYear <= 50, { path: ['toYear'], message: 'At most 50 years' });
export const breakdownInput = z.strictObject({
  year: yearSchema,
  by: z.enum(['region', 'organizationType'], { error: 'Break down by region or organizationType' }),
  includeSubmitted: metricFilters.includeSubmitted,
});
export const metricsOrganizationsInput = z.strictObject({
  year: yearSchema,
  includeSubmitted: metricFilters.includeSubmitted,
});
export const ownComparisonInput = z
  .strictObject({ organizationId: idSchema, fromYear: yearSchema, toYear: yearSchema })
  .refine((t) => t.toYear >= t.fromYear, { path: ['toYear'], message: 'Must not be before fromYear' })
  .refine((t) => t.toYear - t.fromYear <= 50, { path: ['toYear'], message: 'At most 50 years' });
