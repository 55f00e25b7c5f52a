// Property-based tests (fast-check) of the report schema and of the per-report metric rules: for every
// report the rules allow, the schema accepts it unchanged and the derived figures are sane; for every way
// of breaking a rule, the schema refuses it on the right field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataFromFigures, figuresFromData } from '@lpt/db/figures';
import {
  completenessIssues,
  consistencyIssues,
  countedLocalFunding,
  diffReportData,
  localShare,
  reportDataSchema,
  type ReportData,
} from '@lpt/shared/report';
import { reportDataArbitrary } from '../security/arbitraries.ts';

const runs = { numRuns: 300 };
const emptyLeadership = { migrantLed: null, hostCommunityLed: null, womenLed: null, youthLed: null, disabilityLed: null, informalOrMovement: null, communityOrTraditional: null };
const cents = (v: number | null) => Math.round((v ?? 0) * 100);

function issuesAt(data: unknown): string[] {
  const result = reportDataSchema.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

function withValue(data: ReportData, path: string, value: unknown): unknown {
  const copy = structuredClone(data) as unknown as Record<string, Record<string, unknown>>;
  const [section, field, sub] = path.split('.') as [string, string, string?];
  if (sub) (copy[section]![field] as Record<string, unknown>)[sub] = value;
  else if (field) copy[section]![field] = value;
  else (copy as Record<string, unknown>)[section] = value;
  return copy;
}

describe('the report schema', () => {
  it('accepts every draft the rules allow, and gives it back unchanged', () => {
    fc.assert(
      fc.property(reportDataArbitrary(), (data) => {
        const parsed = reportDataSchema.safeParse(data);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        expect(parsed.data).toEqual(data);
        expect(consistencyIssues(data)).toEqual([]);
      }),
      runs,
    );
  });

  it('finds nothing missing in a complete report', () => {
    fc.assert(
      fc.property(reportDataArbitrary({ complete: true }), (data) => {
        expect(issuesAt(data)).toEqual([]);
        expect(completenessIssues(data)).toEqual([]);
      }),
      runs,
    );
  });

  it('lists every missing field at once: choosing a status or a figure never reveals a new problem', () => {
    const statuses = ['planning', 'in_progress', 'fulfilled'] as const;
    fc.assert(
      fc.property(reportDataArbitrary(), fc.constantFrom(...statuses), (data, status) => {
        const before = new Set(completenessIssues(data).map((i) => i.path.join('.')));
        const answered = structuredClone(data);
        for (const key of ['collaboration', 'funding', 'needs', 'credit', 'capacity'] as const)
          if (answered[key].status == null) answered[key].status = status;
        if (answered.collaboration.partnersByLeadership == null)
          answered.collaboration.partnersByLeadership = { ...emptyLeadership, womenLed: 0 };
        const revealed = completenessIssues(answered).map((i) => i.path.join('.')).filter((p) => !before.has(p));
        expect(revealed).toEqual([]);
      }),
      runs,
    );
  });

  const partsAndWholes: [part: string, whole: (d: ReportData) => number | null][] = [
    ['collaboration.forumsCoLed', (d) => d.collaboration.forums],
    ['collaboration.partnersByLeadership.womenLed', (d) => d.collaboration.localPartners],
    ['collaboration.partnersByLeadership.youthLed', (d) => d.collaboration.localPartners],
    ['needs.assessmentsJoint', (d) => d.needs.assessmentsTotal],
    ['credit.publicationsCrediting', (d) => d.credit.publicationsReviewed],
    ['capacity.requestsSupported', (d) => d.capacity.requestsReceived],
  ];
  for (const [part, whole] of partsAndWholes)
    it(`refuses ${part} larger than its whole, on that field`, () => {
      fc.assert(
        fc.property(reportDataArbitrary({ complete: true }), fc.integer({ min: 1, max: 1000 }), (data, excess) => {
          const bad = withValue(data, part, whole(data)! + excess);
          expect(issuesAt(bad)).toContain(part);
        }),
        runs,
      );
    });

  it('refuses transfers above the in-scope expenditure by as little as a cent, on the expenditure', () => {
    fc.assert(
      fc.property(
        reportDataArbitrary({ complete: true }),
        fc.constantFrom('toLocalDirect', 'toLocalPooled', 'toLocalOneIntermediary', 'toLocalTwoPlusIntermediaries'),
        fc.integer({ min: 1, max: 100_000 }),
        (data, channel, excessCents) => {
          const f = data.funding;
          const transfers = cents(f.toLocalDirect) + cents(f.toLocalPooled) + cents(f.toLocalOneIntermediary) + cents(f.toLocalTwoPlusIntermediaries);
          const room = cents(f.inScopeExpenditure) - transfers;
          const bad = withValue(data, `funding.${channel}`, (cents(f[channel]) + room + excessCents) / 100);
          expect(issuesAt(bad)).toContain('funding.inScopeExpenditure');
        },
      ),
      runs,
    );
  });

  it('refuses multi-year funding above the counted local funding', () => {
    fc.assert(
      fc.property(reportDataArbitrary({ complete: true }), fc.integer({ min: 1, max: 100_000 }), (data, excessCents) => {
        const bad = withValue(data, 'funding.multiYearToLocal', (cents(countedLocalFunding(data.funding)) + excessCents) / 100);
        expect(issuesAt(bad)).toContain('funding.multiYearToLocal');
      }),
      runs,
    );
  });

  const moneyFields = ['funding.inScopeExpenditure', 'funding.toLocalDirect', 'funding.multiYearToLocal', 'capacity.capacitySpend'];
  const countFields = ['collaboration.localPartners', 'collaboration.forums', 'needs.assessmentsTotal', 'capacity.requestsReceived'];

  it('refuses money with a fraction of a cent, negative money and money that is not a finite number', () => {
    const bad = fc.oneof(
      fc.integer({ min: 0, max: 10_000_000 }).chain((c) => fc.integer({ min: 1, max: 9 }).map((m) => c / 100 + m / 1000)),
      fc.integer({ min: 1, max: 10_000_000 }).map((c) => -c / 100),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e15, Number.MAX_VALUE),
      fc.string(),
      fc.boolean(),
    );
    fc.assert(
      fc.property(reportDataArbitrary(), fc.constantFrom(...moneyFields), bad, (data, field, value) => {
        expect(issuesAt(withValue(data, field, value))).toContain(field);
      }),
      runs,
    );
  });

  it('refuses counts that are fractional, negative, too large or not numbers', () => {
    const bad = fc.oneof(
      fc.double({ min: 0.0001, max: 1e6, noNaN: true }).filter((v) => !Number.isInteger(v)),
      fc.integer({ min: -1_000_000, max: -1 }),
      fc.integer({ min: 1_000_000_001, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
      fc.string(),
    );
    fc.assert(
      fc.property(reportDataArbitrary(), fc.constantFrom(...countFields), bad, (data, field, value) => {
        expect(issuesAt(withValue(data, field, value))).toContain(field);
      }),
      runs,
    );
  });

  it('refuses any status, support area or currency that is not one of the known ones', () => {
    const unknown = fc.string({ minLength: 1, maxLength: 20 }).filter(
      (s) => !['not_started', 'planning', 'in_progress', 'fulfilled', 'not_applicable'].includes(s),
    );
    fc.assert(
      fc.property(reportDataArbitrary(), fc.constantFrom('collaboration', 'funding', 'needs', 'credit', 'capacity'), unknown, (data, section, status) => {
        expect(issuesAt(withValue(data, `${section}.status`, status))).toContain(`${section}.status`);
      }),
      runs,
    );
    fc.assert(
      fc.property(reportDataArbitrary(), fc.string({ maxLength: 6 }).filter((s) => !/^[A-Z]{3}$/.test(s)), (data, currency) => {
        expect(issuesAt(withValue(data, 'currency', currency))).toContain('currency');
      }),
      runs,
    );
  });
});

describe('the per-report metric rules', () => {
  it('keep the local share between 0 and 1, or null when there is no denominator or the section does not apply', () => {
    fc.assert(
      fc.property(reportDataArbitrary(), (data) => {
        const share = localShare(data.funding);
        const f = data.funding;
        if (f.status === 'not_applicable' || !f.inScopeExpenditure || countedLocalFunding(f) == null) expect(share).toBeNull();
        else {
          expect(share).not.toBeNull();
          expect(Number.isFinite(share)).toBe(true);
          expect(share!).toBeGreaterThanOrEqual(0);
          expect(share!).toBeLessThanOrEqual(1);
        }
      }),
      runs,
    );
  });

  it('count local funding as exactly direct + pooled + one intermediary, never more than the expenditure', () => {
    fc.assert(
      fc.property(reportDataArbitrary(), (data) => {
        const f = data.funding;
        const counted = countedLocalFunding(f);
        if (f.toLocalDirect == null && f.toLocalPooled == null && f.toLocalOneIntermediary == null) {
          expect(counted).toBeNull();
          return;
        }
        expect(cents(counted)).toBe(cents(f.toLocalDirect) + cents(f.toLocalPooled) + cents(f.toLocalOneIntermediary));
        // Two or more intermediaries are recorded, never counted.
        const withMore = countedLocalFunding({ ...f, toLocalTwoPlusIntermediaries: (f.toLocalTwoPlusIntermediaries ?? 0) + 1000 });
        expect(withMore).toBe(counted);
        if (f.inScopeExpenditure != null) expect(cents(counted)).toBeLessThanOrEqual(cents(f.inScopeExpenditure));
      }),
      runs,
    );
  });

  it('list no change between a report and itself, and exactly the changed fields between two reports', () => {
    fc.assert(
      fc.property(reportDataArbitrary(), reportDataArbitrary(), (a, b) => {
        expect(diffReportData(a, a)).toEqual([]);
        const get = (d: unknown, path: string) =>
          path.split('.').reduce<unknown>((v, k) => (v == null ? null : (v as Record<string, unknown>)[k]), d) ?? null;
        for (const change of diffReportData(a, b)) {
          expect(change.from).toEqual(get(a, change.field));
          expect(change.to).toEqual(get(b, change.field));
          expect(JSON.stringify(change.from)).not.toBe(JSON.stringify(change.to));
        }
      }),
      runs,
    );
  });

  it('store and read back every figure exactly (data → database row → data)', () => {
    fc.assert(
      fc.property(reportDataArbitrary(), (data) => {
        const expected = structuredClone(data);
        // The one documented normalisation: seven empty leadership counts read back as no breakdown.
        const p = expected.collaboration.partnersByLeadership;
        if (p && Object.values(p).every((v) => v == null)) expected.collaboration.partnersByLeadership = null;
        expect(dataFromFigures(figuresFromData(data) as never)).toEqual(expected);
      }),
      runs,
    );
  });
});
