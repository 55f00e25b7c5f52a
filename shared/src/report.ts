// The annual progress report: its shape (one zod schema for the form and the server), the rules that
// make a figure an error or a warning, and the derived figures both sides show (counted local funding).
import { z } from 'zod';
import {
  commitments,
  leadershipCategories,
  sectionStatuses,
  supportAreas,
  type Commitment,
} from './enums.ts';

export const NARRATIVE_MAX = 3000;
export const MONEY_MAX = 999_999_999_999.99;
export const COUNT_MAX = 1_000_000_000;
/** A share moving more than this from the last approved report needs a justification. */
export const SHARE_JUMP_WARNING = 0.15;

const count = z
  .number({ error: 'Enter a whole number' })
  .int('Enter a whole number')
  .min(0, 'Cannot be negative')
  .max(COUNT_MAX, 'Too large');

const money = z
  .number({ error: 'Enter an amount' })
  .min(0, 'Cannot be negative')
  .max(MONEY_MAX, 'Too large')
  // Exact for every amount up to MONEY_MAX: a tolerance on v * 100 refused valid large amounts (147985989.45).
  .refine((v) => Math.round(v * 100) / 100 === v, 'At most two decimals');

const narrative = z.string().max(NARRATIVE_MAX, `At most ${NARRATIVE_MAX} characters`);
const reason = z.string().trim().max(1000, 'At most 1000 characters');

const sectionBase = {
  status: z.enum(sectionStatuses, { error: 'Choose a status' }).nullable(),
  narrative: narrative.nullable(),
  notApplicableReason: reason.nullable(),
};

export const partnersByLeadershipSchema = z.strictObject(
  Object.fromEntries(leadershipCategories.map((k) => [k, count.nullable()])) as Record<
    (typeof leadershipCategories)[number],
    z.ZodNullable<typeof count>
  >,
);

export const collaborationSchema = z.strictObject({
  ...sectionBase,
  localPartners: count.nullable(),
  forums: count.nullable(),
  forumsCoLed: count.nullable(),
  partnersByLeadership: partnersByLeadershipSchema.nullable(),
});

export const fundingSchema = z.strictObject({
  ...sectionBase,
  inScopeExpenditure: money.nullable(),
  toLocalDirect: money.nullable(),
  toLocalPooled: money.nullable(),
  toLocalOneIntermediary: money.nullable(),
  toLocalTwoPlusIntermediaries: money.nullable(),
  multiYearToLocal: money.nullable(),
});

export const needsSchema = z.strictObject({
  ...sectionBase,
  assessmentsTotal: count.nullable(),
  assessmentsJoint: count.nullable(),
});

export const creditSchema = z.strictObject({
  ...sectionBase,
  hasCreditPolicy: z.boolean({ error: 'Answer yes or no' }).nullable(),
  publicationsReviewed: count.nullable(),
  publicationsCrediting: count.nullable(),
});

export const capacitySchema = z.strictObject({
  ...sectionBase,
  requestsReceived: count.nullable(),
  requestsSupported: count.nullable(),
  capacitySpend: money.nullable(),
  supportAreas: z
    .array(z.enum(supportAreas, { error: 'Unknown support area' }))
    .max(supportAreas.length)
    .refine((a) => new Set(a).size === a.length, 'Each area once')
    .nullable(),
});

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 code such as EUR');

const reportDataShape = z.strictObject({
  currency: currencySchema.nullable(),
  collaboration: collaborationSchema,
  funding: fundingSchema,
  needs: needsSchema,
  credit: creditSchema,
  capacity: capacitySchema,
});

export type CollaborationSection = z.infer<typeof collaborationSchema>;
export type FundingSection = z.infer<typeof fundingSchema>;
export type NeedsSection = z.infer<typeof needsSchema>;
export type CreditSection = z.infer<typeof creditSchema>;
export type CapacitySection = z.infer<typeof capacitySchema>;
export type ReportData = z.infer<typeof reportDataShape>;

type Issue = { path: (string | number)[]; message: string };

const n = (v: number | null | undefined) => v ?? 0;
const cents = (v: number) => Math.round(v * 100);

/** Parts larger than their wholes: errors in a draft as much as on submit. */
export function consistencyIssues(d: ReportData): Issue[] {
  const issues: Issue[] = [];
  const c = d.collaboration;
  if (c.forums != null && c.forumsCoLed != null && c.forumsCoLed > c.forums)
    issues.push({ path: ['collaboration', 'forumsCoLed'], message: 'Cannot exceed the number of fora' });
  if (c.partnersByLeadership && c.localPartners != null)
    for (const k of leadershipCategories) {
      const v = c.partnersByLeadership[k];
      if (v != null && v > c.localPartners)
        issues.push({
          path: ['collaboration', 'partnersByLeadership', k],
          message: 'Cannot exceed the number of local partners',
        });
    }
  const f = d.funding;
  const transfers =
    cents(n(f.toLocalDirect)) +
    cents(n(f.toLocalPooled)) +
    cents(n(f.toLocalOneIntermediary)) +
    cents(n(f.toLocalTwoPlusIntermediaries));
  if (f.inScopeExpenditure != null && transfers > cents(f.inScopeExpenditure))
    issues.push({
      path: ['funding', 'inScopeExpenditure'],
      message: 'Transfers to local actors (all four channels) exceed the in-scope expenditure',
    });
  const counted = countedLocalFunding(f);
  if (f.multiYearToLocal != null && counted != null && cents(f.multiYearToLocal) > cents(counted))
    issues.push({
      path: ['funding', 'multiYearToLocal'],
      message: 'Cannot exceed the counted local funding',
    });
  const nd = d.needs;
  if (nd.assessmentsTotal != null && nd.assessmentsJoint != null && nd.assessmentsJoint > nd.assessmentsTotal)
    issues.push({ path: ['needs', 'assessmentsJoint'], message: 'Cannot exceed the total assessments' });
  const cr = d.credit;
  if (cr.publicationsReviewed != null && cr.publicationsCrediting != null && cr.publicationsCrediting > cr.publicationsReviewed)
    issues.push({
      path: ['credit', 'publicationsCrediting'],
      message: 'Cannot exceed the materials reviewed',
    });
  const cap = d.capacity;
  if (cap.requestsReceived != null && cap.requestsSupported != null && cap.requestsSupported > cap.requestsReceived)
    issues.push({
      path: ['capacity', 'requestsSupported'],
      message: 'Cannot exceed the requests received',
    });
  return issues;
}

/** A report's data as a draft may hold it: any field may be empty, no figure may be wrong. */
export const reportDataSchema = reportDataShape.superRefine((d, ctx) => {
  for (const issue of consistencyIssues(d)) ctx.addIssue({ code: 'custom', ...issue });
});

const indicatorKeys: Record<Commitment, readonly string[]> = {
  collaboration: ['localPartners', 'forums', 'forumsCoLed', 'partnersByLeadership'],
  funding: [
    'inScopeExpenditure',
    'toLocalDirect',
    'toLocalPooled',
    'toLocalOneIntermediary',
    'toLocalTwoPlusIntermediaries',
    'multiYearToLocal',
  ],
  needs: ['assessmentsTotal', 'assessmentsJoint'],
  credit: ['hasCreditPolicy', 'publicationsReviewed', 'publicationsCrediting'],
  capacity: ['requestsReceived', 'requestsSupported', 'capacitySpend', 'supportAreas'],
};

/** What a report still lacks before it can be submitted (empty when complete). */
export function completenessIssues(d: ReportData): Issue[] {
  const issues: Issue[] = [];
  if (!d.currency) issues.push({ path: ['currency'], message: 'Choose the report currency' });
  for (const key of commitments) {
    const section = d[key] as Record<string, unknown>;
    if (section.status == null) {
      issues.push({ path: [key, 'status'], message: 'Choose a status' });
      continue;
    }
    if (section.status === 'not_applicable') {
      if (!(typeof section.notApplicableReason === 'string' && section.notApplicableReason.trim()))
        issues.push({ path: [key, 'notApplicableReason'], message: 'Say why this does not apply' });
      continue;
    }
    for (const field of indicatorKeys[key]) {
      const value = section[field];
      if (value == null) issues.push({ path: [key, field], message: 'Required to submit' });
      else if (field === 'partnersByLeadership')
        for (const cat of leadershipCategories)
          if ((value as Record<string, unknown>)[cat] == null)
            issues.push({ path: [key, field, cat], message: 'Required to submit (0 if none)' });
    }
  }
  return issues;
}

/** Counted local funding: direct, pooled or through one intermediary ("as directly as possible"). */
export function countedLocalFunding(f: FundingSection): number | null {
  if (f.toLocalDirect == null && f.toLocalPooled == null && f.toLocalOneIntermediary == null)
    return null;
  return (
    (cents(n(f.toLocalDirect)) + cents(n(f.toLocalPooled)) + cents(n(f.toLocalOneIntermediary))) / 100
  );
}

/** The counted local share of one report, or null when it has no denominator or does not apply. */
export function localShare(f: FundingSection): number | null {
  if (f.status === 'not_applicable') return null;
  const counted = countedLocalFunding(f);
  if (counted == null || f.inScopeExpenditure == null || f.inScopeExpenditure <= 0) return null;
  return counted / f.inScopeExpenditure;
}

export const warningCodes = [
  'share_jump',
  'funding_without_partners',
  'fulfilled_without_narrative',
] as const;
export type WarningCode = (typeof warningCodes)[number];
export type ReportWarning = { code: WarningCode; field: string; message: string };

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** Warnings do not block a draft; submitting past one needs a written justification. */
export function reportWarnings(d: ReportData, lastApproved: ReportData | null): ReportWarning[] {
  const warnings: ReportWarning[] = [];
  const share = localShare(d.funding);
  const previous = lastApproved ? localShare(lastApproved.funding) : null;
  if (share != null && previous != null && Math.abs(share - previous) - SHARE_JUMP_WARNING > 1e-9)
    warnings.push({
      code: 'share_jump',
      field: 'funding.toLocalDirect',
      message: `The counted local share moved from ${pct(previous)} to ${pct(share)}, more than 15 percentage points since the last approved report`,
    });
  const counted = d.funding.status === 'not_applicable' ? null : countedLocalFunding(d.funding);
  if (counted != null && counted > 0 && d.collaboration.localPartners === 0)
    warnings.push({
      code: 'funding_without_partners',
      field: 'collaboration.localPartners',
      message: 'Funding to local actors is reported with zero local partners',
    });
  if (commitments.every((k) => d[k].status === 'fulfilled')) {
    const missing = commitments.filter((k) => !d[k].narrative?.trim());
    if (missing.length > 0)
      warnings.push({
        code: 'fulfilled_without_narrative',
        field: `${missing[0]}.narrative`,
        message: `Every commitment is marked fulfilled but ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no narrative`,
      });
  }
  return warnings;
}

export function emptySection() {
  return { status: null, narrative: null, notApplicableReason: null };
}

/** A blank report, as a new draft starts. */
export function emptyReportData(currency: string | null = null): ReportData {
  return {
    currency,
    collaboration: { ...emptySection(), localPartners: null, forums: null, forumsCoLed: null, partnersByLeadership: null },
    funding: {
      ...emptySection(),
      inScopeExpenditure: null,
      toLocalDirect: null,
      toLocalPooled: null,
      toLocalOneIntermediary: null,
      toLocalTwoPlusIntermediaries: null,
      multiYearToLocal: null,
    },
    needs: { ...emptySection(), assessmentsTotal: null, assessmentsJoint: null },
    credit: { ...emptySection(), hasCreditPolicy: null, publicationsReviewed: null, publicationsCrediting: null },
    capacity: { ...emptySection(), requestsReceived: null, requestsSupported: null, capacitySpend: null, supportAreas: null },
  };
}

/** Field-by-field differences between two versions of a report, as dotted paths. */
export function diffReportData(
  before: ReportData | null,
  after: ReportData,
): { field: string; from: unknown; to: unknown }[] {
  const changes: { field: string; from: unknown; to: unknown }[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    const isObj = (v: unknown) => v != null && typeof v === 'object' && !Array.isArray(v);
    if (isObj(a) || isObj(b)) {
      const ao = (isObj(a) ? a : {}) as Record<string, unknown>;
      const bo = (isObj(b) ? b : {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)]))
        walk(ao[k] ?? null, bo[k] ?? null, path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null))
      changes.push({ field: path, from: a ?? null, to: b ?? null });
  };
  walk(before ?? emptyReportData(), after, '');
  return changes;
}
