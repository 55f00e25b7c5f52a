// Property-based tests (fast-check) of the metric invariants, computed by the real SQL on both backends:
// for any set of approved reports the rules allow, every share is a fraction from 0 to 1 or null (never
// NaN), the parts of every total add up to it, a breakdown's rows add up to the whole, and small numbers
// are withheld from donors.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { commitments, organizationTypes, sectionStatuses, SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { callerFor, completeReportData, createCycle, createOrganization, createRate, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { reportDataArbitrary } from '../security/arbitraries.ts';
import { attackedFigures, determinedByFigure, shows, viewOf } from '../security/released-view.ts';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
const YEAR = 2025;
const RATES: Record<string, number> = { EUR: 1.08, KES: 0.0077 };

beforeEach(async () => {
  await resetDatabase(getDb().db);
});

const organizationArbitrary = fc.record({
  type: fc.constantFrom(...organizationTypes),
  country: fc.constantFrom('KE', 'SN', 'CO', 'PE', 'PH', 'BD', 'DE', 'IT', 'FJ', 'AU'),
  data: reportDataArbitrary({ complete: true, currencies: ['USD', 'EUR', 'KES'], maxCents: 5_000_000_000 }),
  reports: fc.boolean(),
});
const scenarioArbitrary = fc.array(organizationArbitrary, { minLength: 1, maxLength: 9 });

/** Every share and rate in a summary, by path. */
function sharesOf(summary: MetricsSummary): [string, number | null][] {
  const out: [string, number | null][] = [];
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else if (/(Share|Rate)$/.test(path)) out.push([path, value as number | null]);
  };
  walk(summary, '');
  return out;
}

/** Equal up to rounding: USD totals are rounded to the cent each, so n of them may differ by n half-cents. */
const close = (a: number | null, b: number | null, roundedTerms = 3) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 0.005 * (roundedTerms + 1) + 1e-9;

const sum = (values: (number | null)[]) => values.reduce<number>((s, v) => s + (v ?? 0), 0);

type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer T> ? T : never;

async function seed(organizations: (Scenario[number] & { disclosure?: 'public' | 'aggregate_only' })[]) {
  const { db } = getDb();
  const coordinator = await createUser(db, 'coordinator');
  const donor = await createUser(db, 'donor');
  await createCycle(db, YEAR);
  for (const [currency, rate] of Object.entries(RATES)) await createRate(db, YEAR, currency, rate);
  for (const [i, o] of organizations.entries()) {
    const organization = await createOrganization(db, { name: `Property organisation ${i}`, type: o.type, country: o.country, disclosure: o.disclosure ?? 'public' });
    if (o.reports) await createApprovedReport(db, { organizationId: organization.id, year: YEAR, data: o.data, approvedBy: coordinator.id });
  }
  return { coordinator: callerFor(db, coordinator), donor: callerFor(db, donor), anonymous: callerFor(db, null) };
}

describe('metric invariants over any approved reports', () => {
  it('keeps shares within 0–1 or null, and parts summing to their whole', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (organizations) => {
        await resetDatabase(getDb().db);
        const { coordinator } = await seed(organizations);
        const summary = await coordinator.metrics.summary({ year: YEAR });
        const reporting = organizations.filter((o) => o.reports);

        for (const [path, share] of sharesOf(summary)) {
          if (share === null) continue;
          expect(Number.isFinite(share), path).toBe(true);
          expect(share, path).toBeGreaterThanOrEqual(0);
          expect(share, path).toBeLessThanOrEqual(1);
        }
        expect(summary.organizationsReporting).toBe(reporting.length);
        expect(summary.organizationsEligible).toBe(organizations.length);
        expect(summary.reportingRate).toBeCloseTo(reporting.length / organizations.length, 9);

        const f = summary.funding;
        if (reporting.length > 0) {
          expect(close(f.countedLocalUsd, sum([f.directUsd, f.pooledUsd, f.oneIntermediaryUsd]))).toBe(true);
          // The weighted share is null exactly when no expenditure was reported (totals are shown in whole
          // cents, so a few cents of a weak currency may show as 0.00 beside a share of 100 %).
          const expenditure = reporting.filter((o) => o.data.funding.status !== 'not_applicable' && (o.data.funding.inScopeExpenditure ?? 0) > 0);
          if (expenditure.length === 0) expect(f.weightedShare).toBeNull();
          else expect(f.weightedShare).not.toBeNull();
          // The share is computed from unrounded USD; the totals shown are rounded to the cent per report, so
          // the ratio of the shown totals may differ by up to n half-cents in each, relative to expenditure.
          if ((f.inScopeExpenditureUsd ?? 0) >= 1000) {
            const roundingBound = (0.005 * (reporting.length + 1) * 2) / (f.inScopeExpenditureUsd! - 0.005 * (reporting.length + 1));
            expect(Math.abs(f.weightedShare! - f.countedLocalUsd! / f.inScopeExpenditureUsd!)).toBeLessThanOrEqual(roundingBound);
          }
        }

        // The organisations' own shares, from the figures as entered (in whole cents, so exactly).
        const own = reporting
          .map((o) => o.data.funding)
          .filter((fd) => fd.status !== 'not_applicable' && (fd.inScopeExpenditure ?? 0) > 0)
          .map((fd) => ({
            counted: Math.round(((fd.toLocalDirect ?? 0) + (fd.toLocalPooled ?? 0) + (fd.toLocalOneIntermediary ?? 0)) * 100),
            inScope: Math.round(fd.inScopeExpenditure! * 100),
          }));
        expect(f.atOrAbove25 ?? 0).toBe(own.filter((s) => 4 * s.counted >= s.inScope).length);
        expect(summary.fundingOrganizations ?? 0).toBe(own.length);
        expect(sum(Object.values(summary.distribution))).toBe(own.length);
        if (own.length === 0) {
          expect(f.meanShare).toBeNull();
          expect(f.medianShare).toBeNull();
        } else {
          const shares = own.map((s) => s.counted / s.inScope);
          for (const value of [f.meanShare!, f.medianShare!]) {
            expect(value).toBeGreaterThanOrEqual(Math.min(...shares) - 1e-9);
            expect(value).toBeLessThanOrEqual(Math.max(...shares) + 1e-9);
          }
        }

        // Every section's status counts add up to the organisations reporting.
        for (const section of commitments)
          expect(sum(sectionStatuses.map((s) => summary.statusCounts[section][s])), section).toBe(reporting.length);

        // Breakdowns partition the whole.
        for (const by of ['region', 'organizationType'] as const) {
          const { rows } = await coordinator.metrics.breakdown({ year: YEAR, by });
          expect(sum(rows.map((r) => r.organizationsEligible)), by).toBe(summary.organizationsEligible);
          expect(sum(rows.map((r) => r.organizationsReporting)), by).toBe(summary.organizationsReporting ?? 0);
          expect(sum(rows.map((r) => r.fundingOrganizations)), by).toBe(summary.fundingOrganizations ?? 0);
          expect(sum(rows.map((r) => r.funding.atOrAbove25)), by).toBe(f.atOrAbove25 ?? 0);
          for (const field of ['inScopeExpenditureUsd', 'countedLocalUsd', 'directUsd', 'twoPlusIntermediariesUsd'] as const)
            expect(close(sum(rows.map((r) => r.funding[field])), f[field] ?? 0, rows.length), `${by} ${field}`).toBe(true);
          expect(sum(rows.map((r) => r.collaboration.localPartners)), by).toBe(summary.collaboration.localPartners ?? 0);
          expect(sum(rows.map((r) => r.needs.assessmentsTotal)), by).toBe(summary.needs.assessmentsTotal ?? 0);
          for (const section of commitments)
            for (const status of sectionStatuses)
              expect(sum(rows.map((r) => r.statusCounts[section][status])), `${by} ${section} ${status}`).toBe(
                summary.statusCounts[section][status] ?? 0,
              );
          for (const row of rows)
            for (const [path, share] of sharesOf(row))
              if (share !== null) expect(share >= 0 && share <= 1 && Number.isFinite(share), `${by} ${row.key} ${path}`).toBe(true);
        }
      }),
      // Each run writes a database: few runs, and a bound on the time a shrink may take.
      { numRuns: 12, interruptAfterTimeLimit: 150_000 },
    );
  });

  it('withholds every figure of an aggregate of fewer than five organisations from donors', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (organizations) => {
        await resetDatabase(getDb().db);
        const { donor, coordinator } = await seed(organizations);
        await coordinator.releases.publish({ year: YEAR });
        const reporting = organizations.filter((o) => o.reports).length;
        const summary = await donor.metrics.summary({ year: YEAR });
        if (reporting > 0 && reporting < SUPPRESSION_THRESHOLD) expect(summary.suppressedBecause).toBe('fewer_than_5');
        if (summary.suppressed) {
          expect(summary.organizationsReporting).toBeNull();
          for (const [, share] of sharesOf(summary)) expect(share).toBeNull();
          expect(summary.funding.countedLocalUsd).toBeNull();
        }
        const { rows } = await donor.metrics.breakdown({ year: YEAR, by: 'region' });
        for (const row of rows)
          if (row.suppressed) for (const [, share] of sharesOf(row)) expect(share).toBeNull();
      }),
      { numRuns: 8, interruptAfterTimeLimit: 100_000 },
    );
  });

  it('leaves no withheld cell and no aggregate_only organisation computable from a release, by donors or the public', { timeout: 300_000 }, async () => {
    // Few types and many organisations, so that groups of 5 or more sit beside smaller ones.
    const types = ['local_ngo', 'un_agency', 'international_ngo'] as const;
    const crowdArbitrary = fc.array(
      fc.record({
        type: fc.constantFrom(...types),
        country: fc.constantFrom('KE', 'SN', 'CO', 'DE', 'IT', 'PH', 'FJ'),
        disclosure: fc.constantFrom('public' as const, 'aggregate_only' as const),
        inScope: fc.integer({ min: 0, max: 50_000_000 }),
        // Now and then one organisation with most of the partners: a count sum it dominates.
        partners: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 5_000 })),
      }),
      { minLength: 5, maxLength: 40 },
    );
    await fc.assert(
      fc.asyncProperty(crowdArbitrary, async (crowd) => {
        await resetDatabase(getDb().db);
        const { donor, coordinator, anonymous } = await seed(
          crowd.map((o) => ({ ...o, data: completeReportData({ funding: {
              inScopeExpenditure: o.inScope,
              toLocalDirect: Math.floor(o.inScope / 4),
              toLocalPooled: 0,
              toLocalOneIntermediary: 0,
              toLocalTwoPlusIntermediaries: 0,
              multiYearToLocal: 0,
            }, collaboration: { localPartners: o.partners } }), reports: true })),
        );
        await coordinator.releases.publish({ year: YEAR });
        // A donor can also read what the public reads (signed out): the public sees nothing donors do not.
        // Figure by figure: a cell shown whole may still withhold one of its sums.
        const shownTo = async (viewer: typeof donor, asDonor: boolean) => {
          const { summaries } = await viewOf(viewer, coordinator, asDonor, YEAR, types);
          return new Set(attackedFigures.flatMap((figure) => [...summaries].filter(([, s]) => shows(s, figure)).map(([key]) => `${figure}@${key}`)));
        };
        const donorShown = await shownTo(donor, true);
        for (const cell of await shownTo(anonymous, false)) expect(donorShown.has(cell), cell).toBe(true);
        for (const [viewer, asDonor] of [[anonymous, false], [donor, true]] as const) {
          const { summaries } = await viewOf(viewer, coordinator, asDonor, YEAR, types);
          expect(await determinedByFigure(viewer, coordinator, asDonor, YEAR, types)).toEqual({});
          // A breakdown row is withheld exactly as the summary of its group.
          for (const by of ['region', 'organizationType'] as const) {
            const { rows } = await viewer.metrics.breakdown({ year: YEAR, by });
            for (const row of rows)
              if (by === 'region' || (types as readonly string[]).includes(row.key))
                expect(row.suppressedBecause, row.key).toBe(summaries.get(by === 'region' ? `${row.key}|*` : `*|${row.key}`)!.suppressedBecause);
          }
        }
      }),
      { numRuns: 10, interruptAfterTimeLimit: 150_000 },
    );
  });
});
