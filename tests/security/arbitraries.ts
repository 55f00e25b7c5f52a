// fast-check generators of report data that the rules allow: every part within its whole, money in whole
// cents, counts whole, statuses of every kind (not_applicable with a reason), text in any script. Used by
// the property tests of the report schema (tests/unit) and of the SQL metrics (tests/integration).
import fc from 'fast-check';
import { commitments, sectionStatuses, type SectionStatus } from '@lpt/shared/enums';
import {
  COUNT_MAX,
  derivedWholes,
  fieldPath,
  MONEY_MAX,
  NARRATIVE_MAX,
  reportFields,
  type ReportData,
  type ReportField,
} from '@lpt/shared/report';

const MAX_CENTS = Math.round(MONEY_MAX * 100);

/** Money as the form sends it: a number of whole cents. */
export const money = (maxCents = MAX_CENTS) => fc.integer({ min: 0, max: maxCents }).map((c) => c / 100);
export const count = (max = COUNT_MAX) => fc.integer({ min: 0, max });

/** Text in any script (graphemes: emoji, combining marks, right-to-left), without NUL. */
export const text = (maxLength: number) =>
  fc.string({ unit: 'grapheme', maxLength }).map((s) => s.replaceAll('\u0000', ''));
const reason = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
  .map((s) => s.replaceAll('\u0000', '').trim())
  .filter((s) => s.length > 0);

const sectionBase = (complete: boolean) =>
  fc
    .record({
      status: complete ? fc.constantFrom(...sectionStatuses) : fc.option(fc.constantFrom(...sectionStatuses), { nil: null }),
      narrative: fc.option(text(NARRATIVE_MAX > 300 ? 300 : NARRATIVE_MAX), { nil: null }),
      reasonText: reason,
    })
    .map(({ status, narrative, reasonText }) => ({
      status: status as SectionStatus | null,
      narrative,
      notApplicableReason: status === 'not_applicable' ? reasonText : null,
    }));

/** A field that a complete report fills and a draft may leave empty. */
const maybe = <T>(arb: fc.Arbitrary<T>, complete: boolean) => (complete ? arb : fc.option(arb, { nil: null }));

/** Each field's draws: a value, or a breakdown's categories and a set's values one each (and one to spare). */
const fields = reportFields as readonly ReportField[];
const DRAWS = 1 + Math.max(...fields.map((f) => f.values?.length ?? 0));
const SCALE = 1_000_000;

/**
 * Report data the rules allow, read off the catalogue (shared/src/report/fields.ts) by kind and whole: a
 * count or amount without a whole is drawn, a part is a fraction of its whole, parts that share their whole
 * (`together`) split it with what is left, a part of a derived whole a fraction of its sum. A draft leaves
 * any field empty; a part of a derived whole is empty when one of the sum's parts is (as entered, the sum
 * is then smaller).
 */
export function reportDataArbitrary(options: { complete?: boolean; currencies?: readonly string[]; maxCents?: number } = {}) {
  const complete = options.complete ?? false;
  const currencies = options.currencies ?? ['USD', 'EUR', 'KES', 'XOF', 'COP'];
  const shareWhole = derivedWholes['funding.countedLocalFunding'].shareOf;
  return fc
    .record({
      currency: maybe(fc.constantFrom(...currencies), complete),
      bases: fc.tuple(...commitments.map(() => sectionBase(complete))),
      draws: fc.array(fc.integer({ min: 0, max: SCALE }), { minLength: fields.length * DRAWS, maxLength: fields.length * DRAWS }),
      empty: fc.array(complete ? fc.constant(false) : fc.boolean(), { minLength: fields.length, maxLength: fields.length }),
    })
    .map(({ currency, bases, draws, empty }) => {
      // Values in whole units: cents for money.
      const values = new Map<string, unknown>();
      const numberAt = (path: string): number => {
        const derived = derivedWholes[path as keyof typeof derivedWholes];
        if (derived) return derived.parts.reduce((sum, p) => sum + numberAt(p), 0);
        return (values.get(path) as number | undefined) ?? 0;
      };
      const share = (whole: number, d: number) => Math.floor((whole * d) / SCALE);
      fields.forEach((f, i) => {
        const d = draws.slice(i * DRAWS, (i + 1) * DRAWS);
        const path = fieldPath(f);
        const whole = f.partOf ? numberAt(f.partOf) : null;
        let value: unknown;
        if (f.kind === 'boolean') value = d[0]! % 2 === 0;
        else if (f.kind === 'set') value = (f.values ?? []).filter((_, j) => d[j]! % 2 === 0);
        else if (f.kind === 'breakdown') value = Object.fromEntries((f.values ?? []).map((c, j) => [c, share(whole ?? 0, d[j]!)]));
        else if (f.together && whole != null) {
          // The parts of one whole and what is left, weighted by each part's first draw and the first part's last.
          const group = fields.filter((g) => g.together && g.partOf === f.partOf);
          const weights = group.map((g) => draws[fields.indexOf(g) * DRAWS]!);
          const left = draws[fields.indexOf(group[0]!) * DRAWS + DRAWS - 1]!;
          const total = weights.reduce((a, b) => a + b, 0) + left || 1;
          value = Math.floor((whole * weights[group.indexOf(f)]!) / total);
        } else if (whole != null) value = share(whole, d[0]!);
        else if (f.kind === 'money') value = share(path === shareWhole ? (options.maxCents ?? 100_000_000_000) : (options.maxCents ?? 10_000_000_000), d[0]!);
        else value = share(500, d[0]!);
        values.set(path, value);
      });
      const isEmpty = (f: ReportField): boolean =>
        empty[fields.indexOf(f)]! ||
        (f.partOf != null && f.partOf in derivedWholes && derivedWholes[f.partOf as keyof typeof derivedWholes].parts.some((p) => isEmpty(fields.find((g) => fieldPath(g) === p)!)));
      const data: Record<string, unknown> = { currency };
      commitments.forEach((c, i) => {
        data[c] = {
          ...bases[i],
          ...Object.fromEntries(
            fields
              .filter((f) => f.commitment === c)
              .map((f) => {
                const v = values.get(fieldPath(f));
                return [f.key, isEmpty(f) ? null : f.kind === 'money' ? (v as number) / 100 : v];
              }),
          ),
        };
      });
      return data as ReportData;
    });
}
