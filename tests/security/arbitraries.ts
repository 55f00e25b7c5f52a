// fast-check generators of report data that the rules allow: every part within its whole, money in whole
// cents, counts whole, statuses of every kind (not_applicable with a reason), text in any script. Used by
// the property tests of the report schema (tests/unit) and of the SQL metrics (tests/integration).
import fc from 'fast-check';
import {
  leadershipCategories,
  sectionStatuses,
  supportAreaCodes,
  type SectionStatus,
} from '@lpt/shared/enums';
import { COUNT_MAX, MONEY_MAX, NARRATIVE_MAX, type ReportData } from '@lpt/shared/report';

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

/** A part of a whole: 0 to whole. */
const partOf = (whole: number) => fc.integer({ min: 0, max: whole });

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

export function reportDataArbitrary(options: { complete?: boolean; currencies?: readonly string[]; maxCents?: number } = {}) {
  const complete = options.complete ?? false;
  const currencies = options.currencies ?? ['USD', 'EUR', 'KES', 'XOF', 'COP'];
  const collaboration = fc
    .record({ base: sectionBase(complete), localPartners: count(500), forums: count(50) })
    .chain(({ base, localPartners, forums }) =>
      fc.record({
        base: fc.constant(base),
        localPartners: maybe(fc.constant(localPartners), complete),
        forums: maybe(fc.constant(forums), complete),
        forumsCoLed: maybe(partOf(forums), complete),
        partnersByLeadership: maybe(
          fc.record(Object.fromEntries(leadershipCategories.map((k) => [k, partOf(localPartners)])) as Record<
            (typeof leadershipCategories)[number],
            fc.Arbitrary<number>
          >),
          complete,
        ),
      }),
    )
    .map(({ base, ...rest }) => ({ ...base, ...rest }));

  const funding = fc
    .record({
      base: sectionBase(complete),
      inScope: fc.integer({ min: 0, max: options.maxCents ?? 100_000_000_000 }),
      // How the in-scope expenditure splits: four channels and what is left.
      weights: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 }),
      multiYearWeight: fc.integer({ min: 0, max: 1000 }),
    })
    .chain(({ base, inScope, weights, multiYearWeight }) => {
      const total = weights.reduce((a, b) => a + b, 0) || 1;
      const [direct, pooled, one, twoPlus] = weights.map((w) => Math.floor((inScope * w) / total)) as [number, number, number, number];
      const counted = direct + pooled + one;
      const multiYear = Math.floor((counted * multiYearWeight) / 1000);
      const cents = (c: number) => maybe(fc.constant(c / 100), complete);
      return fc.record({
        base: fc.constant(base),
        inScopeExpenditure: cents(inScope),
        toLocalDirect: cents(direct),
        toLocalPooled: cents(pooled),
        toLocalOneIntermediary: cents(one),
        toLocalTwoPlusIntermediaries: cents(twoPlus),
        // Multi-year is a part of the counted funding as entered: only when all three channels are there.
        multiYearToLocal: cents(multiYear),
      });
    })
    .map(({ base, ...rest }) => {
      const f = { ...base, ...rest };
      if (f.toLocalDirect == null || f.toLocalPooled == null || f.toLocalOneIntermediary == null) f.multiYearToLocal = null;
      return f;
    });

  const needs = fc
    .record({ base: sectionBase(complete), total: count(100) })
    .chain(({ base, total }) =>
      fc.record({ base: fc.constant(base), assessmentsTotal: maybe(fc.constant(total), complete), assessmentsJoint: maybe(partOf(total), complete) }),
    )
    .map(({ base, ...rest }) => ({ ...base, ...rest }));

  const credit = fc
    .record({ base: sectionBase(complete), reviewed: count(300), policy: fc.boolean() })
    .chain(({ base, reviewed, policy }) =>
      fc.record({
        base: fc.constant(base),
        hasCreditPolicy: maybe(fc.constant(policy), complete),
        publicationsReviewed: maybe(fc.constant(reviewed), complete),
        publicationsCrediting: maybe(partOf(reviewed), complete),
      }),
    )
    .map(({ base, ...rest }) => ({ ...base, ...rest }));

  const capacity = fc
    .record({ base: sectionBase(complete), received: count(200) })
    .chain(({ base, received }) =>
      fc.record({
        base: fc.constant(base),
        requestsReceived: maybe(fc.constant(received), complete),
        requestsSupported: maybe(partOf(received), complete),
        capacitySpend: maybe(money(options.maxCents ?? 10_000_000_000), complete),
        supportAreas: maybe(fc.subarray([...supportAreaCodes]), complete),
      }),
    )
    .map(({ base, ...rest }) => ({ ...base, ...rest }));

  return fc.record({
    currency: maybe(fc.constantFrom(...currencies), complete),
    collaboration,
    funding,
    needs,
    credit,
    capacity,
  }) as fc.Arbitrary<ReportData>;
}
