// Secondary suppression (server/src/features/metrics/suppression.ts): a group of fewer than 5 reporting
// organisations must not be a subtraction away from the figures shown around it. The API shows, for one
// year, the total, each region, each organisation type and each region × type; the sums among them are
// total = Σ regions = Σ types, region = Σ its types, type = Σ its regions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { organizationTypes, regions, type OrganizationType, type Region } from '@lpt/shared/enums';
import { planSuppression, type CellFilter, type ReportingCount, type SuppressionPlan } from '@lpt/server/features/metrics/suppression';

const count = (region: Region, organizationType: OrganizationType, reports: number): ReportingCount => ({ region, organizationType, reports });

/** Every cell the API can show, with its number of reporting organisations. */
function cellsOf(counts: ReportingCount[]) {
  const n = (f: CellFilter) =>
    counts
      .filter((c) => (!f.region || c.region === f.region) && (!f.organizationType || c.organizationType === f.organizationType))
      .reduce((s, c) => s + c.reports, 0);
  const total: CellFilter = {};
  const byRegion = regions.map((region): CellFilter => ({ region }));
  const byType = organizationTypes.map((organizationType): CellFilter => ({ organizationType }));
  const sums: [CellFilter, CellFilter[]][] = [
    [total, byRegion],
    [total, byType],
    ...regions.map((region): [CellFilter, CellFilter[]] => [{ region }, organizationTypes.map((organizationType) => ({ region, organizationType }))]),
    ...organizationTypes.map((organizationType): [CellFilter, CellFilter[]] => [
      { organizationType },
      regions.map((region) => ({ region, organizationType })),
    ]),
  ];
  return { n, sums, all: [total, ...byRegion, ...byType, ...regions.flatMap((region) => byType.map((t) => ({ region, ...t })))] };
}

/** The sums in which exactly one withheld cell with organisations in it could be worked out. */
function disclosingSums(counts: ReportingCount[], plan: SuppressionPlan) {
  const { n, sums } = cellsOf(counts);
  const unknown = (f: CellFilter) => plan.reasonFor(f) !== null && n(f) > 0;
  return sums.filter(([whole, parts]) => [whole, ...parts].filter(unknown).length === 1).map(([whole]) => whole);
}

describe('suppression of small groups', () => {
  it('withholds nothing when every group has at least 5 reporting', () => {
    const counts = regions.flatMap((r) => organizationTypes.map((t) => count(r, t, 5)));
    const plan = planSuppression(counts);
    expect(cellsOf(counts).all.filter((f) => plan.reasonFor(f) !== null)).toEqual([]);
  });

  it('withholds a second region beside a single small one, the smallest of the rest, so the total minus the others does not reveal it', () => {
    const counts = [count('africa', 'local_ngo', 12), count('americas', 'local_ngo', 3), count('asia', 'local_ngo', 7), count('europe', 'local_ngo', 9)];
    const plan = planSuppression(counts);
    expect(plan.reasonFor({})).toBeNull();
    expect(plan.reasonFor({ region: 'americas' })).toBe('fewer_than_5');
    expect(plan.reasonFor({ region: 'asia' })).toBe('complement');
    expect(plan.reasonFor({ region: 'africa' })).toBeNull();
    expect(plan.reasonFor({ region: 'europe' })).toBeNull();
    // Oceania has no one reporting: withheld as fewer than 5, but it protects nothing (it is all zeros).
    expect(plan.reasonFor({ region: 'oceania' })).toBe('fewer_than_5');
    expect(disclosingSums(counts, plan)).toEqual([]);
  });

  it('needs no second cell when two small groups already hide each other', () => {
    const counts = [count('africa', 'local_ngo', 12), count('americas', 'local_ngo', 3), count('asia', 'local_ngo', 2)];
    const plan = planSuppression(counts);
    expect(regions.map((region) => plan.reasonFor({ region }))).toEqual([null, 'fewer_than_5', 'fewer_than_5', 'fewer_than_5', 'fewer_than_5']);
    expect(cellsOf(counts).all.some((f) => plan.reasonFor(f) === 'complement')).toBe(false);
  });

  it('protects a small type within a region shown in full, and follows the protection into the other sums', () => {
    // Africa: 8 local NGOs and 2 UN agencies. Africa is shown (10), so its UN agencies (2) need a second
    // withheld part: its local NGOs. Those are then the lone unknown of the local NGOs' column, and so on.
    const counts = [
      count('africa', 'local_ngo', 8),
      count('africa', 'un_agency', 2),
      count('europe', 'local_ngo', 6),
      count('europe', 'un_agency', 7),
    ];
    const plan = planSuppression(counts);
    expect(plan.reasonFor({ region: 'africa', organizationType: 'un_agency' })).toBe('fewer_than_5');
    expect(plan.reasonFor({ region: 'africa', organizationType: 'local_ngo' })).toBe('complement');
    expect(plan.reasonFor({ region: 'africa' })).toBeNull();
    expect(plan.reasonFor({})).toBeNull();
    expect(disclosingSums(counts, plan)).toEqual([]);
  });

  it('never leaves a withheld group a subtraction away, whatever the counts', () => {
    const countsArbitrary = fc.array(
      fc.record({
        region: fc.constantFrom(...regions),
        organizationType: fc.constantFrom(...organizationTypes.slice(0, 4)),
        reports: fc.integer({ min: 1, max: 12 }),
      }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(countsArbitrary, (counts) => {
        const plan = planSuppression(counts);
        const { n, all } = cellsOf(counts);
        for (const f of all) {
          // Groups of fewer than 5 are withheld as such; a group of 5 or more only ever as a complement.
          if (n(f) < 5) expect(plan.reasonFor(f), JSON.stringify(f)).toBe('fewer_than_5');
          else expect(plan.reasonFor(f), JSON.stringify(f)).not.toBe('fewer_than_5');
        }
        // The year's total is withheld only when it is itself small.
        if (n({}) >= 5) expect(plan.reasonFor({})).toBeNull();
        expect(disclosingSums(counts, plan)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});
