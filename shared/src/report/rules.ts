// The rules of a report read off the catalogue (fields.ts): a part is not larger than its whole (an error
// in a draft as much as on submit), what a report still lacks before it is submitted, and the derived
// wholes (counted local funding) and their shares. Each rule is written once, over the rows.
import { commitments, type Commitment } from '../enums.ts';
import { englishMessage, type MessageCode, type MessageParams } from '../messages.ts';
import { reportDataShape, sectionOf, type FundingSection, type ReportData } from './data.ts';
import {
  derivedWholes,
  fieldAt,
  fieldPath,
  fieldsOf,
  isDerivedWhole,
  reportFields,
  togetherIssue,
  type ReportField,
} from './fields.ts';

/** A broken rule: its field, its code and parameters (shared/src/messages.ts) and the English sentence. */
export type Issue = { path: (string | number)[]; code: MessageCode; params: MessageParams; message: string };

export function issue(path: (string | number)[], code: MessageCode, params: MessageParams = {}): Issue {
  return { path, code, params, message: englishMessage(code, params) };
}

const fields = reportFields as readonly ReportField[];
const cents = (v: number) => Math.round(v * 100);

/** A field's value at its dotted path, if it is a number. */
function numberAt(d: ReportData, path: string): number | null {
  const [c, key] = path.split('.') as [Commitment, string];
  const v = sectionOf(d, c)[key];
  return typeof v === 'number' ? v : null;
}

/** The sum of a derived whole's parts, in cents; null when none of them is entered. */
function derivedCents(d: ReportData, whole: keyof typeof derivedWholes): number | null {
  const values = derivedWholes[whole].parts.map((p) => numberAt(d, p));
  return values.every((v) => v == null) ? null : values.reduce<number>((sum, v) => sum + cents(v ?? 0), 0);
}

/** A whole's value in cents: a field's, or a derived whole's sum. */
const wholeCents = (d: ReportData, whole: string): number | null => {
  if (isDerivedWhole(whole)) return derivedCents(d, whole);
  const v = numberAt(d, whole);
  return v == null ? null : cents(v);
};

/** The parts that may not exceed their whole together, by the whole's path. */
const togetherParts = (whole: string) => fields.filter((f) => f.together && f.partOf === whole).map(fieldPath);

/** Parts larger than their wholes: errors in a draft as much as on submit. */
export function consistencyIssues(d: ReportData): Issue[] {
  const issues: Issue[] = [];
  const summed = new Set<string>();
  for (const f of fields) {
    const whole = f.partOf;
    if (!whole) continue;
    const limit = wholeCents(d, whole);
    if (f.together) {
      if (summed.has(whole)) continue;
      summed.add(whole);
      const sum = togetherParts(whole).reduce((s, p) => s + cents(numberAt(d, p) ?? 0), 0);
      const code = togetherIssue[whole as keyof typeof togetherIssue];
      if (limit != null && sum > limit) issues.push(issue(whole.split('.'), code ?? 'part_exceeds_whole', code ? {} : { whole }));
      continue;
    }
    if (limit == null) continue;
    const section = sectionOf(d, f.commitment);
    if (f.kind === 'breakdown') {
      const value = section[f.key] as Record<string, number | null> | null;
      for (const category of f.values ?? []) {
        const v = value?.[category];
        if (v != null && cents(v) > limit) issues.push(issue([f.commitment, f.key, category], 'part_exceeds_whole', { whole }));
      }
    } else {
      const v = section[f.key];
      if (typeof v === 'number' && cents(v) > limit) issues.push(issue([f.commitment, f.key], 'part_exceeds_whole', { whole }));
    }
  }
  return issues;
}

/**
 * The fields a consistency issue at `path` (consistencyIssues) compares it with: typing in any of them can
 * raise it, so the form shows it at the field typed as well (naming this one).
 */
export function comparedFields(path: string): string[] {
  if (Object.hasOwn(togetherIssue, path)) return togetherParts(path);
  const f: ReportField | undefined = fieldAt(path);
  if (!f?.partOf || f.together) return [];
  const own = f.kind === 'breakdown' ? path.startsWith(`${fieldPath(f)}.`) : path === fieldPath(f);
  if (!own) return [];
  return isDerivedWhole(f.partOf) ? [...derivedWholes[f.partOf].parts] : [f.partOf];
}

/** A report's data as a draft may hold it: any field may be empty, no figure may be wrong. */
export const reportDataSchema = reportDataShape.superRefine((d, ctx) => {
  for (const found of consistencyIssues(d)) ctx.addIssue({ code: 'custom', path: found.path, message: found.code, params: found.params });
});

/**
 * What a report still lacks before it can be submitted (empty when complete), all of it at once: a
 * section without a status lists its missing figures too (needed unless it does not apply), and an empty
 * breakdown each of its categories, so that answering one problem never reveals new ones.
 */
export function completenessIssues(d: ReportData): Issue[] {
  const issues: Issue[] = [];
  if (!d.currency) issues.push(issue(['currency'], 'choose_currency'));
  for (const key of commitments) {
    const section = sectionOf(d, key);
    if (section.status === 'not_applicable') {
      if (!(typeof section.notApplicableReason === 'string' && section.notApplicableReason.trim()))
        issues.push(issue([key, 'notApplicableReason'], 'say_why_not_applicable'));
      continue;
    }
    const undecided = section.status == null;
    if (undecided) issues.push(issue([key, 'status'], 'choose_status'));
    const required: MessageCode = undecided ? 'required_unless_not_applicable' : 'required_to_submit';
    for (const f of fieldsOf(key)) {
      const value = section[f.key];
      if (f.kind === 'breakdown') {
        for (const category of f.values)
          if ((value as Record<string, unknown> | null)?.[category] == null)
            issues.push(issue([key, f.key, category], undecided ? required : 'required_to_submit_if_none'));
      } else if (value == null) issues.push(issue([key, f.key], required));
    }
  }
  return issues;
}

const countedLocal = derivedWholes['funding.countedLocalFunding'];

/** Counted local funding: the sum of the fields marked `countedLocal` ("as directly as possible"). */
export function countedLocalFunding(f: FundingSection): number | null {
  const values = countedLocal.parts.map((p) => f[p.split('.')[1] as keyof FundingSection] as number | null);
  if (values.every((v) => v == null)) return null;
  return values.reduce<number>((sum, v) => sum + cents(v ?? 0), 0) / 100;
}

/** The counted local share of one report, or null when it has no denominator or does not apply. */
export function localShare(f: FundingSection): number | null {
  if (f.status === 'not_applicable') return null;
  const counted = countedLocalFunding(f);
  const whole = f[countedLocal.shareOf.split('.')[1] as keyof FundingSection] as number | null;
  if (counted == null || whole == null || whole <= 0) return null;
  return counted / whole;
}
