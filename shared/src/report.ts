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
import { englishMessage, type MessageCode, type MessageParams } from './messages.ts';

export const NARRATIVE_MAX = 3000;
export const MONEY_MAX = 999_999_999_999.99;
export const COUNT_MAX = 1_000_000_000;
/** A share moving more than this from the last approved report needs a justification. */
export const SHARE_JUMP_WARNING = 0.15;

const count = z
  .number({ error: 'whole_number' })
  .int('whole_number')
  .min(0, 'negative')
  .max(COUNT_MAX, 'too_large');

const money = z
  .number({ error: 'enter_amount' })
  .min(0, 'negative')
  .max(MONEY_MAX, 'too_large')
  // Exact for every amount up to MONEY_MAX: a tolerance on v * 100 refused valid large amounts (147985989.45).
  .refine((v) => Math.round(v * 100) / 100 === v, 'two_decimals');

const narrative = z.string().max(NARRATIVE_MAX, 'max_chars');
const reason = z.string().trim().max(1000, 'max_chars');

const sectionBase = {
  status: z.enum(sectionStatuses, { error: 'choose_status' }).nullable(),
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
  hasCreditPolicy: z.boolean({ error: 'yes_or_no' }).nullable(),
  publicationsReviewed: count.nullable(),
  publicationsCrediting: count.nullable(),
});

export const capacitySchema = z.strictObject({
  ...sectionBase,
  requestsReceived: count.nullable(),
  requestsSupported: count.nullable(),
  capacitySpend: money.nullable(),
  supportAreas: z
    .array(z.enum(supportAreas, { error: 'unknown_support_area' }))
    .max(supportAreas.length)
    .refine((a) => new Set(a).size === a.length, 'each_area_once')
    .nullable(),
});

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'currency_code');

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

/** A broken rule: its field, its code and parameters (shared/src/messages.ts) and the English sentence. */
export type Issue = { path: (string | number)[]; code: MessageCode; params: MessageParams; message: string };

function issue(path: (string | number)[], code: MessageCode, params: MessageParams = {}): Issue {
  return { path, code, params, message: englishMessage(code, params) };
}
const exceeds = (path: (string | number)[], whole: string) => issue(path, 'part_exceeds_whole', { whole });

const n = (v: number | null | undefined) => v ?? 0;
const cents = (v: number) => Math.round(v * 100);

/** Parts larger than their wholes: errors in a draft as much as on submit. */
export function consistencyIssues(d: ReportData): Issue[] {
  const issues: Issue[] = [];
  const c = d.collaboration;
  if (c.forums != null && c.forumsCoLed != null && c.forumsCoLed > c.forums)
    issues.push(exceeds(['collaboration', 'forumsCoLed'], 'collaboration.forums'));
  if (c.partnersByLeadership && c.localPartners != null)
    for (const k of leadershipCategories) {
      const v = c.partnersByLeadership[k];
      if (v != null && v > c.localPartners)
        issues.push(exceeds(['collaboration', 'partnersByLeadership', k], 'collaboration.localPartners'));
    }
  const f = d.funding;
  const transfers =
    cents(n(f.toLocalDirect)) +
    cents(n(f.toLocalPooled)) +
    cents(n(f.toLocalOneIntermediary)) +
    cents(n(f.toLocalTwoPlusIntermediaries));
  if (f.inScopeExpenditure != null && transfers > cents(f.inScopeExpenditure))
    issues.push(issue(['funding', 'inScopeExpenditure'], 'transfers_exceed_expenditure'));
  const counted = countedLocalFunding(f);
  if (f.multiYearToLocal != null && counted != null && cents(f.multiYearToLocal) > cents(counted))
    issues.push(exceeds(['funding', 'multiYearToLocal'], 'funding.countedLocalFunding'));
  const nd = d.needs;
  if (nd.assessmentsTotal != null && nd.assessmentsJoint != null && nd.assessmentsJoint > nd.assessmentsTotal)
    issues.push(exceeds(['needs', 'assessmentsJoint'], 'needs.assessmentsTotal'));
  const cr = d.credit;
  if (cr.publicationsReviewed != null && cr.publicationsCrediting != null && cr.publicationsCrediting > cr.publicationsReviewed)
    issues.push(exceeds(['credit', 'publicationsCrediting'], 'credit.publicationsReviewed'));
  const cap = d.capacity;
  if (cap.requestsReceived != null && cap.requestsSupported != null && cap.requestsSupported > cap.requestsReceived)
    issues.push(exceeds(['capacity', 'requestsSupported'], 'capacity.requestsReceived'));
  return issues;
}

const transferPaths = ['funding.toLocalDirect', 'funding.toLocalPooled', 'funding.toLocalOneIntermediary', 'funding.toLocalTwoPlusIntermediaries'];

/**
 * The fields a consistency issue at `path` (consistencyIssues) compares it with: typing in any of them can
 * raise it, so the form shows it at the field typed as well (naming this one).
 */
export function comparedFields(path: string): string[] {
  if (path === 'collaboration.forumsCoLed') return ['collaboration.forums'];
  if (path.startsWith('collaboration.partnersByLeadership.')) return ['collaboration.localPartners'];
  if (path === 'funding.inScopeExpenditure') return transferPaths;
  if (path === 'funding.multiYearToLocal') return transferPaths.slice(0, 3);
  if (path === 'needs.assessmentsJoint') return ['needs.assessmentsTotal'];
  if (path === 'credit.publicationsCrediting') return ['credit.publicationsReviewed'];
  if (path === 'capacity.requestsSupported') return ['capacity.requestsReceived'];
  return [];
}

/** A report's data as a draft may hold it: any field may be empty, no figure may be wrong. */
export const reportDataSchema = reportDataShape.superRefine((d, ctx) => {
  for (const found of consistencyIssues(d)) ctx.addIssue({ code: 'custom', path: found.path, message: found.code, params: found.params });
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

/**
 * What a report still lacks before it can be submitted (empty when complete), all of it at once: a
 * section without a status lists its missing figures too (needed unless it does not apply), and an empty
 * leadership breakdown each of its categories, so that answering one problem never reveals new ones.
 */
export function completenessIssues(d: ReportData): Issue[] {
  const issues: Issue[] = [];
  if (!d.currency) issues.push(issue(['currency'], 'choose_currency'));
  for (const key of commitments) {
    const section = d[key] as Record<string, unknown>;
    if (section.status === 'not_applicable') {
      if (!(typeof section.notApplicableReason === 'string' && section.notApplicableReason.trim()))
        issues.push(issue([key, 'notApplicableReason'], 'say_why_not_applicable'));
      continue;
    }
    const undecided = section.status == null;
    if (undecided) issues.push(issue([key, 'status'], 'choose_status'));
    const required: MessageCode = undecided ? 'required_unless_not_applicable' : 'required_to_submit';
    for (const field of indicatorKeys[key]) {
      const value = section[field];
      if (field === 'partnersByLeadership') {
        for (const cat of leadershipCategories)
          if ((value as Record<string, unknown> | null)?.[cat] == null)
            issues.push(issue([key, field, cat], undecided ? required : 'required_to_submit_if_none'));
      } else if (value == null) issues.push(issue([key, field], required));
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
/** `params` (shared/src/messages.ts) may be missing on warnings stored before issue 8. */
export type ReportWarning = { code: WarningCode; field: string; params?: MessageParams; message: string };

function warning(code: WarningCode, field: string, params: MessageParams = {}): ReportWarning {
  return { code, field, params, message: englishMessage(code, params) };
}

/** Warnings do not block a draft; submitting past one needs a written justification. */
export function reportWarnings(d: ReportData, lastApproved: ReportData | null): ReportWarning[] {
  const warnings: ReportWarning[] = [];
  const share = localShare(d.funding);
  const previous = lastApproved ? localShare(lastApproved.funding) : null;
  if (share != null && previous != null && Math.abs(share - previous) - SHARE_JUMP_WARNING > 1e-9)
    warnings.push(warning('share_jump', 'funding.toLocalDirect', { from: previous, to: share }));
  const counted = d.funding.status === 'not_applicable' ? null : countedLocalFunding(d.funding);
  if (counted != null && counted > 0 && d.collaboration.localPartners === 0)
    warnings.push(warning('funding_without_partners', 'collaboration.localPartners'));
  if (commitments.every((k) => d[k].status === 'fulfilled')) {
    const missing = commitments.filter((k) => !d[k].narrative?.trim());
    if (missing.length > 0)
      warnings.push(warning('fulfilled_without_narrative', `${missing[0]}.narrative`, { sections: missing, count: missing.length }));
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
