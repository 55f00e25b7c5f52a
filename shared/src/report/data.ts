// A report's data as the API carries it: a currency and one section per commitment (status, narrative, the
// reason it does not apply, and its fields from the catalogue, fields.ts). The zod schema, the TypeScript
// types and the empty report are all read off the catalogue's rows by kind, so a new row needs no edit here.
import { z } from 'zod';
import { commitments, sectionStatuses, type Commitment, type SectionStatus } from '../enums.ts';
import { fieldsOf, reportFields, type ReportField, type ReportFieldRow } from './fields.ts';

export const NARRATIVE_MAX = 3000;
export const MONEY_MAX = 999_999_999_999.99;
export const COUNT_MAX = 1_000_000_000;

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

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'currency_code');

/** What every section has besides its fields. */
export interface SectionBase {
  status: SectionStatus | null;
  narrative: string | null;
  notApplicableReason: string | null;
}

/** The value a field of a kind holds once entered (null is "not entered"). */
export type ValueOf<F> = F extends { kind: 'count' | 'money' }
  ? number
  : F extends { kind: 'boolean' }
    ? boolean
    : F extends { kind: 'set'; values: readonly (infer V)[] }
      ? V[]
      : F extends { kind: 'breakdown'; values: readonly (infer V extends string)[] }
        ? Record<V, number | null>
        : never;

/** One commitment's section: its base and a nullable value per catalogue row. */
export type Section<C extends Commitment> = SectionBase & {
  [F in Extract<ReportFieldRow, { commitment: C }> as F['key']]: ValueOf<F> | null;
};

export type ReportData = { currency: string | null } & { [C in Commitment]: Section<C> };

export type CollaborationSection = Section<'collaboration'>;
export type FundingSection = Section<'funding'>;
export type NeedsSection = Section<'needs'>;
export type CreditSection = Section<'credit'>;
export type CapacitySection = Section<'capacity'>;

/** A breakdown's value: one count per category. */
export type Breakdown = Record<string, number | null>;

/** The schema of one field's value, by its kind (the messages are codes, shared/src/messages.ts). */
function valueSchema(f: ReportField): z.ZodType {
  const values = (f.values ?? []) as [string, ...string[]];
  switch (f.kind) {
    case 'count':
      return count;
    case 'money':
      return money;
    case 'boolean':
      return z.boolean({ error: 'yes_or_no' });
    case 'set':
      return z
        .array(z.enum(values, { error: 'unknown_support_area' }))
        .max(values.length)
        .refine((a) => new Set(a).size === a.length, 'each_area_once');
    case 'breakdown':
      return z.strictObject(Object.fromEntries(values.map((v) => [v, count.nullable()])));
  }
}

const sectionSchema = (c: Commitment) =>
  z.strictObject({
    status: z.enum(sectionStatuses, { error: 'choose_status' }).nullable(),
    narrative: narrative.nullable(),
    notApplicableReason: reason.nullable(),
    ...Object.fromEntries(fieldsOf(c).map((f) => [f.key, valueSchema(f).nullable()])),
  });

/** The shape of report data, every rule between fields aside (reportDataSchema adds them, rules.ts). */
export const reportDataShape = z.strictObject({
  currency: currencySchema.nullable(),
  ...Object.fromEntries(commitments.map((c) => [c, sectionSchema(c)])),
}) as unknown as z.ZodType<ReportData, ReportData>;

export function emptySection(): SectionBase {
  return { status: null, narrative: null, notApplicableReason: null };
}

/** A blank report, as a new draft starts. */
export function emptyReportData(currency: string | null = null): ReportData {
  const data: Record<string, unknown> = { currency };
  for (const c of commitments) data[c] = { ...emptySection(), ...Object.fromEntries(fieldsOf(c).map((f) => [f.key, null])) };
  return data as ReportData;
}

/** A breakdown with every category empty: what the form binds its inputs to. */
export function emptyBreakdown(f: ReportField): Breakdown {
  return Object.fromEntries((f.values ?? []).map((v) => [v, null]));
}

/**
 * A breakdown as stored and sent: every category empty means "not entered", null (the database keeps
 * one column per category and cannot tell the two apart).
 */
export function breakdownOrNull(value: Breakdown | null | undefined, f: ReportField): Breakdown | null {
  return value && (f.values ?? []).some((v) => value[v] != null) ? value : null;
}

/** The breakdown fields, for the code that treats them apart (form, storage). */
export const breakdownFields = reportFields.filter((f) => f.kind === 'breakdown');

/** A section's field values, read loosely (for the rules written over any row). */
export const sectionOf = (d: ReportData, c: Commitment) => d[c] as unknown as Record<string, unknown>;
