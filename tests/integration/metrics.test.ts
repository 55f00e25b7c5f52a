// metrics.* against figures worked out by hand. The fixture (year 2025, cycle due 2026-03-31; rates
// EUR 1.1, KES 0.008; 2024: EUR 1.05) is small enough to check every number on paper:
//
//   org  type               region    cur  in-scope   direct     pooled   one int.  two+ int.  share   notes
//   A    national_ngo       africa    USD  1,000,000  100,000    50,000   100,000   50,000     0.25    exactly 25 %
//   B    international_ngo  europe    EUR  2,000,000  200,000    0        100,000   300,000    0.15    ×1.1; a newer submission waits
//   C    un_agency          americas  USD  4,000,000  0          400,000  0         0          0.10    needs n/a; aggregate_only
//   D    local_ngo          africa    KES  50,000,000 20,000,000 0        10,000,000 0         0.60    ×0.008; aggregate_only
//   E    migrant_led        africa    USD  (funding not_applicable, stale figures 1,000,000 / 900,000 direct)
//   F    government_national asia     USD  0          0          0        0         0          null    credit n/a
//   G    international_ngo  europe    EUR  500,000    150,000    50,000   0         0          0.40    collaboration n/a
//   H    local_ngo          africa    USD  1,000,000  20,000     0        0         0          0.02    capacity n/a
//   I    local_ngo          africa    —    eligible, no report
//   J    international_ngo  europe    —    signed 2026-04-01, after the due date: not eligible
//   K    international_ngo  europe    —    withdrawn 2026-02-01, before the due date: not eligible
//   L    international_ngo  asia      —    withdrawn 2026-06-30, after the due date: eligible
//   M    un_agency          americas  —    signed 2026-03-31, on the due date: eligible
//   N    academia           europe    —    withdrawn 2026-03-31, on the due date: not eligible
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReportData } from '@lpt/shared/report';
import type { MetricsSummary } from '@lpt/shared/metrics';
import type { SuppressionReason } from '@lpt/shared/enums';
import {
  callerFor,
  completeReportData,
  createCycle,
  createOrganization,
  createRate,
  createUser,
} from '../factories/index.ts';
import { createApprovedReport, createSubmittedReport } from '../factories/metrics.ts';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();

type Funding = [inScope: number, direct: number, pooled: number, one: number, twoPlus: number, multiYear: number];
const funding = ([inScope, direct, pooled, one, twoPlus, multiYear]: Funding) => ({
  inScopeExpenditure: inScope,
  toLocalDirect: direct,
  toLocalPooled: pooled,
  toLocalOneIntermediary: one,
  toLocalTwoPlusIntermediaries: twoPlus,
  multiYearToLocal: multiYear,
});
const notApplicable = { status: 'not_applicable' as const, notApplicableReason: 'Outside our mandate this year' };

async function seedFixture() {
  const { db } = getDb();
  await createCycle(db, 2024, { opensOn: '2025-01-15', dueOn: '2025-03-31', status: 'closed' });
  await createCycle(db, 2025, { opensOn: '2026-01-15', dueOn: '2026-03-31', status: 'open' });
  await createRate(db, 2025, 'EUR', 1.1);
  await createRate(db, 2025, 'KES', 0.008);
  await createRate(db, 2024, 'EUR', 1.05);
  const org = (name: string, type: string, country: string, extra: Parameters<typeof createOrganization>[1] = {}) =>
    createOrganization(db, { name, type, country, signedOn: '2020-06-01', ...extra });
  const A = await org('Alpha Aid', 'national_ngo', 'KE');
  const B = await org('Beta Relief', 'international_ngo', 'DE');
  const C = await org('Gamma Agency', 'un_agency', 'CO', { disclosure: 'aggregate_only' });
  const D = await org('Delta Community', 'local_ngo', 'KE', { disclosure: 'aggregate_only' });
  const E = await org('Epsilon Migrants', 'migrant_led', 'KE');
  const F = await org('Zeta Ministry', 'government_national', 'PH');
  const G = await org('Eta Solidarity', 'international_ngo', 'FR');
  const H = await org('Theta Youth', 'local_ngo', 'NG');
  const I = await org('Iota Women', 'local_ngo', 'KE');
  await org('Kappa Late Signer', 'international_ngo', 'DE', { signedOn: '2026-04-01' });
  await org('Lambda Withdrawn Early', 'international_ngo', 'DE', { withdrawnOn: '2026-02-01' });
  const L = await org('Mu Withdrawn Late', 'international_ngo', 'PH', { withdrawnOn: '2026-06-30' });
  await org('Nu On Time', 'un_agency', 'CO', { signedOn: '2026-03-31' });
  await org('Xi Withdrawn On Due Date', 'academia', 'FR', { withdrawnOn: '2026-03-31' });

  const coordinator = await createUser(db, 'coordinator');
  const donor = await createUser(db, 'donor');
  const signatoryA = await createUser(db, 'signatory', A.id);
  const approve = (organizationId: number, year: number, data: ReportData, workingCopy?: { status: 'submitted'; data: ReportData }) =>
    createApprovedReport(db, { organizationId, year, data, approvedBy: coordinator.id, workingCopy });

  await approve(
    A.id,
    2025,
    completeReportData({
      funding: { status: 'fulfilled', ...funding([1_000_000, 100_000, 50_000, 100_000, 50_000, 40_000]) },
      collaboration: { localPartners: 10, forums: 4, forumsCoLed: 2 },
      capacity: { requestsReceived: 10, requestsSupported: 3 },
    }),
  );
  await approve(
    B.id,
    2025,
    completeReportData({
      currency: 'EUR',
      funding: funding([2_000_000, 200_000, 0, 100_000, 300_000, 100_000]),
      needs: { status: 'not_started' },
      credit: { hasCreditPolicy: false, publicationsReviewed: 0, publicationsCrediting: 0 },
    }),
    // Resubmitted after a reopening: 1,000,000 direct now; published figures stay the approved ones.
    {
      status: 'submitted',
      data: completeReportData({
        currency: 'EUR',
        funding: funding([2_000_000, 1_000_000, 0, 100_000, 300_000, 100_000]),
        needs: { status: 'not_started' },
        credit: { hasCreditPolicy: false, publicationsReviewed: 0, publicationsCrediting: 0 },
      }),
    },
  );
  await approve(
    C.id,
    2025,
    completeReportData({
      funding: funding([4_000_000, 0, 400_000, 0, 0, 0]),
      needs: { ...notApplicable, assessmentsTotal: 100, assessmentsJoint: 100 },
      credit: { hasCreditPolicy: false, publicationsReviewed: 10, publicationsCrediting: 3 },
    }),
  );
  await approve(
    D.id,
    2025,
    completeReportData({
      currency: 'KES',
      funding: funding([50_000_000, 20_000_000, 0, 10_000_000, 0, 5_000_000]),
      needs: { assessmentsTotal: 10, assessmentsJoint: 0 },
      credit: { status: 'in_progress' },
      capacity: { capacitySpend: 2_500_000 },
    }),
  );
  await approve(
    E.id,
    2025,
    completeReportData({ funding: { ...notApplicable, ...funding([1_000_000, 900_000, 0, 0, 0, 0]) } }),
  );
  await approve(
    F.id,
    2025,
    completeReportData({
      funding: funding([0, 0, 0, 0, 0, 0]),
      credit: { ...notApplicable, hasCreditPolicy: true, publicationsReviewed: 50, publicationsCrediting: 50 },
      capacity: { requestsReceived: 0, requestsSupported: 0 },
    }),
  );
  await approve(
    G.id,
    2025,
    completeReportData({
      currency: 'EUR',
      funding: funding([500_000, 150_000, 50_000, 0, 0, 0]),
      collaboration: {
        ...notApplicable,
        localPartners: 99,
        forums: 10,
        forumsCoLed: 10,
        partnersByLeadership: {
          migrantLed: 9,
          hostCommunityLed: 9,
          womenLed: 9,
          youthLed: 9,
          disabilityLed: 9,
          informalOrMovement: 9,
          communityOrTraditional: 9,
        },
      },
    }),
  );
  await approve(
    H.id,
    2025,
    completeReportData({
      funding: funding([1_000_000, 20_000, 0, 0, 0, 0]),
      capacity: { ...notApplicable, requestsReceived: 10, requestsSupported: 10, capacitySpend: 1_000_000 },
    }),
  );
  // 2024: two reports only.
  await approve(A.id, 2024, completeReportData({ funding: funding([1_000_000, 50_000, 0, 50_000, 0, 0]) }));
  await approve(
    B.id,
    2024,
    completeReportData({ currency: 'EUR', funding: funding([1_000_000, 100_000, 0, 100_000, 0, 0]) }),
  );
  return { db, A, B, C, D, E, F, G, H, I, L, coordinator, donor, signatoryA };
}

let fx: Awaited<ReturnType<typeof seedFixture>>;
beforeEach(async () => {
  await resetDatabase(getDb().db);
  fx = await seedFixture();
});

const anonymous = () => callerFor(fx.db, null);
const asCoordinator = () => callerFor(fx.db, fx.coordinator);
const asDonor = () => callerFor(fx.db, fx.donor);
/** Donors and the public read releases: publish one of every year the fixture has (as closing would). */
async function release(...years: number[]) {
  for (const year of years) await asCoordinator().releases.publish({ year });
}

/** Every figure of a suppressed summary is null; only the year, the basis, the reason and the eligible count show. */
function expectSuppressed(s: MetricsSummary & { key?: string }, because: SuppressionReason = 'fewer_than_5') {
  expect(s.suppressed).toBe(true);
  expect(s.suppressedBecause).toBe(because);
  expect(s.currenciesWithoutRate).toEqual([]);
  const figures: Record<string, unknown> = { ...s };
  for (const visible of ['year', 'key', 'basis', 'suppressed', 'suppressedBecause', 'release', 'withheldFigures', 'currenciesWithoutRate'])
    delete figures[visible];
  const leaves = JSON.stringify(figures).match(/:[^{},]+/g) ?? [];
  expect(leaves.length).toBeGreaterThan(50);
  expect(leaves.filter((leaf) => leaf !== ':null')).toEqual([]);
}

describe('metrics.summary', () => {
  it('computes every figure of the year from the approved reports', async () => {
    // B's newer submission (1,000,000 EUR direct) is not approved: its approved figures are the ones counted.
    const s = await asCoordinator().metrics.summary({ year: 2025 });
    expect(s.year).toBe(2025);
    expect(s.basis).toBe('approved');
    expect(s.suppressed).toBe(false);
    // Eligible: A–I, L (withdrawn after the due date), M (signed on it) = 11; J, K, N are not.
    expect(s.organizationsEligible).toBe(11);
    expect(s.organizationsReporting).toBe(8); // A–H
    expect(s.reportingRate).toBeCloseTo(8 / 11, 12); // 0.7272…

    // USD: A 1,000,000 + B 2,000,000×1.1 + C 4,000,000 + D 50,000,000×0.008 + F 0 + G 500,000×1.1 + H 1,000,000
    //      = 1,000,000 + 2,200,000 + 4,000,000 + 400,000 + 0 + 550,000 + 1,000,000 (E not applicable)
    expect(s.funding.inScopeExpenditureUsd).toBe(9_150_000);
    // direct: 100,000 + 220,000 + 0 + 160,000 + 0 + 165,000 + 20,000
    expect(s.funding.directUsd).toBe(665_000);
    // pooled: 50,000 + 0 + 400,000 + 0 + 0 + 55,000 + 0
    expect(s.funding.pooledUsd).toBe(505_000);
    // one intermediary: 100,000 + 110,000 + 0 + 80,000
    expect(s.funding.oneIntermediaryUsd).toBe(290_000);
    // two or more: 50,000 + 330,000, reported but never counted
    expect(s.funding.twoPlusIntermediariesUsd).toBe(380_000);
    // counted = direct + pooled + one = 665,000 + 505,000 + 290,000
    expect(s.funding.countedLocalUsd).toBe(1_460_000);
    expect(s.funding.weightedShare).toBeCloseTo(1_460_000 / 9_150_000, 12); // 0.15956…
    expect(s.funding.directShare).toBeCloseTo(665_000 / 9_150_000, 12); // 0.07268…
    // Own shares: H 0.02, C 0.10, B 0.15, A 0.25, G 0.40, D 0.60 (E not applicable, F no in-scope: left out)
    expect(s.fundingOrganizations).toBe(6);
    expect(s.funding.meanShare).toBeCloseTo((0.02 + 0.1 + 0.15 + 0.25 + 0.4 + 0.6) / 6, 12); // 0.25333…
    expect(s.funding.medianShare).toBeCloseTo((0.15 + 0.25) / 2, 12); // even count: 0.2
    expect(s.funding.atOrAbove25).toBe(3); // A (exactly 0.25), G, D
    // [0, 10 %): H; [10 %, 25 %): C (exactly 0.10), B; [25 %, 50 %): A, G; ≥ 50 %: D
    expect(s.distribution).toEqual({ under10: 1, from10to25: 2, from25to50: 2, atLeast50: 1 });
    // multi-year: A 40,000 + B 100,000×1.1 + D 5,000,000×0.008
    expect(s.multiYearToLocalUsd).toBe(190_000);

    // Collaboration (G not applicable): A 10/4/2 and six × 12/4/1
    expect(s.collaboration).toEqual({
      localPartners: 82, // 10 + 6×12
      forums: 28, // 7×4
      forumsCoLed: 8, // 2 + 6×1
      coLedShare: expect.closeTo(8 / 28, 12),
    });
    // Seven × {3, 2, 5, 1, 0, 1, 0}; G's nines are left out
    expect(s.partnersByLeadership).toEqual({
      migrantLed: 21,
      hostCommunityLed: 14,
      womenLed: 35,
      youthLed: 7,
      disabilityLed: 0,
      informalOrMovement: 7,
      communityOrTraditional: 0,
    });
    // Needs (C not applicable, its 100/100 left out): D 10/0 and six × 6/4
    expect(s.needs).toEqual({ assessmentsTotal: 46, assessmentsJoint: 24, jointShare: expect.closeTo(24 / 46, 12) });
    // Credit (F not applicable): policy A, D, E, G, H of 7; reviewed 5×20 + B 0 + C 10; crediting 5×17 + 0 + 3
    expect(s.credit).toEqual({
      withPolicy: 5,
      policyShare: expect.closeTo(5 / 7, 12),
      publicationsReviewed: 110,
      publicationsCrediting: 88,
      creditingShare: expect.closeTo(0.8, 12),
    });
    // Capacity (H not applicable): received A 10 + B, C, D, E, G 5 each + F 0; supported 3 + 5×4 + 0
    // spend: A, C, E, F 25,000 USD + B, G 25,000 EUR×1.1 + D 2,500,000 KES×0.008 = 100,000 + 55,000 + 20,000
    expect(s.capacity).toEqual({
      requestsReceived: 35,
      requestsSupported: 23,
      supportedShare: expect.closeTo(23 / 35, 12),
      capacitySpendUsd: 175_000,
    });
    expect(s.statusCounts).toEqual({
      collaboration: { not_started: 0, planning: 0, in_progress: 7, fulfilled: 0, not_applicable: 1 },
      funding: { not_started: 0, planning: 0, in_progress: 6, fulfilled: 1, not_applicable: 1 },
      needs: { not_started: 1, planning: 6, in_progress: 0, fulfilled: 0, not_applicable: 1 },
      credit: { not_started: 0, planning: 0, in_progress: 1, fulfilled: 6, not_applicable: 1 },
      capacity: { not_started: 0, planning: 0, in_progress: 7, fulfilled: 0, not_applicable: 1 },
    });
    expect(s.currenciesWithoutRate).toEqual([]);
  });

  it('applies a region filter to numerators and denominators alike', async () => {
    const s = await asCoordinator().metrics.summary({ year: 2025, region: 'africa' });
    expect(s.organizationsEligible).toBe(5); // A, D, E, H, I
    expect(s.organizationsReporting).toBe(4); // A, D, E, H
    expect(s.reportingRate).toBe(0.8);
    // in-scope A 1,000,000 + D 400,000 + H 1,000,000; counted 250,000 + 240,000 + 20,000
    expect(s.funding.inScopeExpenditureUsd).toBe(2_400_000);
    expect(s.funding.countedLocalUsd).toBe(510_000);
    expect(s.funding.weightedShare).toBeCloseTo(510_000 / 2_400_000, 12); // 0.2125
    expect(s.funding.medianShare).toBeCloseTo(0.25, 12); // odd count: 0.02, 0.25, 0.60
    expect(s.funding.meanShare).toBeCloseTo((0.02 + 0.25 + 0.6) / 3, 12); // 0.29
    expect(s.funding.atOrAbove25).toBe(2);
  });

  it('applies an organisation type filter to numerators and denominators alike', async () => {
    const s = await asCoordinator().metrics.summary({ year: 2025, organizationType: 'international_ngo' });
    expect(s.organizationsEligible).toBe(3); // B, G, L (J signed late, K withdrew early)
    expect(s.organizationsReporting).toBe(2);
    expect(s.reportingRate).toBeCloseTo(2 / 3, 12);
    // counted B 330,000 + G 220,000 over in-scope 2,200,000 + 550,000
    expect(s.funding.weightedShare).toBeCloseTo(550_000 / 2_750_000, 12); // 0.2
    expect(s.funding.medianShare).toBeCloseTo((0.15 + 0.4) / 2, 12);
  });

  it('suppresses every figure for the public and donors below 5 reporting organisations, not for coordinators', async () => {
    // Africa: 4 reporting (A, D, E, H).
    await release(2024, 2025);
    for (const caller of [anonymous(), asDonor()]) {
      const s = await caller.metrics.summary({ year: 2025, region: 'africa' });
      expectSuppressed(s);
      // Not even the eligible count: beside a withheld cell it would help the arithmetic.
      expect(s.organizationsEligible).toBeNull();
    }
    const full = await asCoordinator().metrics.summary({ year: 2025, region: 'africa' });
    expect(full.suppressed).toBe(false);
    expect(full.organizationsReporting).toBe(4);

    // A fifth African report (I: USD 1,000,000 in scope, 300,000 direct): coordinators see it at once,
    // donors and the public only in the next release (read before and after, the difference would be I's).
    await createApprovedReport(fx.db, {
      organizationId: fx.I.id,
      year: 2025,
      data: completeReportData({ funding: funding([1_000_000, 300_000, 0, 0, 0, 0]) }),
      approvedBy: fx.coordinator.id,
    });
    for (const caller of [anonymous(), asDonor()]) expectSuppressed(await caller.metrics.summary({ year: 2025, region: 'africa' }));
    const live = await asCoordinator().metrics.summary({ year: 2025, region: 'africa' });
    expect(live.organizationsReporting).toBe(5);
    expect(live.release).toBeNull();
    // (510,000 + 300,000) / (2,400,000 + 1,000,000)
    expect(live.funding.weightedShare).toBeCloseTo(810_000 / 3_400_000, 12);
  });

  it('does not let a report from an organisation that was not eligible lift the reporting rate', async () => {
    // J signed after the due date but its report was approved anyway: it is in the figures, not in the rate.
    const { db } = getDb();
    const late = await db.selectFrom('organizations').select('id').where('name', '=', 'Kappa Late Signer').executeTakeFirstOrThrow();
    await createApprovedReport(db, {
      organizationId: late.id,
      year: 2025,
      data: completeReportData({ funding: funding([1_000_000, 0, 0, 0, 0, 0]) }),
      approvedBy: fx.coordinator.id,
    });
    const s = await asCoordinator().metrics.summary({ year: 2025 });
    expect(s.organizationsReporting).toBe(9);
    expect(s.organizationsEligible).toBe(11);
    expect(s.reportingRate).toBeCloseTo(8 / 11, 12);
    expect(s.funding.inScopeExpenditureUsd).toBe(10_150_000); // 9,150,000 + 1,000,000
  });

  it('reports shares with a zero denominator as null and a year without reports as empty', async () => {
    const s = await asCoordinator().metrics.summary({ year: 2025, region: 'asia' });
    // Asia: F only (in-scope 0, credit not applicable, no capacity requests); L eligible without a report.
    expect(s.organizationsReporting).toBe(1);
    expect(s.reportingRate).toBe(0.5);
    expect(s.funding).toMatchObject({ inScopeExpenditureUsd: 0, weightedShare: null, directShare: null, meanShare: null, medianShare: null, atOrAbove25: 0 });
    expect(s.fundingOrganizations).toBe(0);
    expect(s.credit).toEqual({ withPolicy: 0, policyShare: null, publicationsReviewed: 0, publicationsCrediting: 0, creditingShare: null });
    expect(s.capacity.supportedShare).toBeNull();
    expect(s.collaboration.coLedShare).toBe(0.25); // 1 of 4

    const empty = await asCoordinator().metrics.summary({ year: 2030 });
    // No cycle for 2030: due 2031-12-31; everyone except the three withdrawn organisations is eligible.
    expect(empty.organizationsEligible).toBe(11);
    expect(empty.organizationsReporting).toBe(0);
    expect(empty.reportingRate).toBe(0);
    expect(empty.funding.weightedShare).toBeNull();
    expect(empty.credit.policyShare).toBeNull();
    expect(JSON.stringify(empty)).not.toContain('NaN');
  });

  it('leaves a currency without a rate out of the USD totals, but keeps its own share', async () => {
    // I reports in CHF, which has no 2025 rate: share 100,000 / 1,000,000 = 0.10.
    await createApprovedReport(fx.db, {
      organizationId: fx.I.id,
      year: 2025,
      data: completeReportData({ currency: 'CHF', funding: funding([1_000_000, 100_000, 0, 0, 0, 0]), capacity: { capacitySpend: 5_000 } }),
      approvedBy: fx.coordinator.id,
    });
    const s = await asCoordinator().metrics.summary({ year: 2025 });
    expect(s.organizationsReporting).toBe(9);
    expect(s.currenciesWithoutRate).toEqual(['CHF']);
    expect(s.funding.inScopeExpenditureUsd).toBe(9_150_000);
    expect(s.funding.countedLocalUsd).toBe(1_460_000);
    expect(s.capacity.capacitySpendUsd).toBe(175_000);
    expect(s.fundingOrganizations).toBe(7);
    // Shares 0.02, 0.10, 0.10, 0.15, 0.25, 0.40, 0.60: median 0.15
    expect(s.funding.medianShare).toBeCloseTo(0.15, 12);
  });

  it('lets coordinators include submitted reports, labelled, and refuses that to everyone else', async () => {
    // I submitted (not approved): USD 1,000,000 in scope, 300,000 direct → 0.30.
    await createSubmittedReport(fx.db, {
      organizationId: fx.I.id,
      year: 2025,
      data: completeReportData({ funding: funding([1_000_000, 300_000, 0, 0, 0, 0]) }),
      submittedBy: fx.coordinator.id,
    });
    const published = await asCoordinator().metrics.summary({ year: 2025 });
    expect(published.basis).toBe('approved');
    expect(published.organizationsReporting).toBe(8);

    const s = await asCoordinator().metrics.summary({ year: 2025, includeSubmitted: true });
    expect(s.basis).toBe('approved_and_submitted');
    expect(s.organizationsReporting).toBe(9);
    expect(s.reportingRate).toBeCloseTo(9 / 11, 12);
    // B's resubmission replaces its approved figures: counted (1,000,000 + 100,000)×1.1 = 1,210,000.
    // counted 1,460,000 − 330,000 + 1,210,000 + I 300,000; in-scope 9,150,000 + I 1,000,000
    expect(s.funding.countedLocalUsd).toBe(2_640_000);
    expect(s.funding.inScopeExpenditureUsd).toBe(10_150_000);
    expect(s.funding.weightedShare).toBeCloseTo(2_640_000 / 10_150_000, 12);
    // Shares 0.02, 0.10, 0.25, 0.30, 0.40, 0.55, 0.60: median 0.30
    expect(s.funding.medianShare).toBeCloseTo(0.3, 12);

    await expect(anonymous().metrics.summary({ year: 2025, includeSubmitted: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asDonor().metrics.summary({ year: 2025, includeSubmitted: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(fx.db, fx.signatoryA).metrics.trend({ fromYear: 2024, toYear: 2025, includeSubmitted: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses a bad year with per-field messages', async () => {
    await expect(anonymous().metrics.summary({ year: 1999 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('metrics.trend', () => {
  it('gives one summary per year, each suppressed on its own', async () => {
    await release(2024, 2025);
    const t = await anonymous().metrics.trend({ fromYear: 2024, toYear: 2026 });
    expect(t.points.map((p) => p.year)).toEqual([2024, 2025, 2026]);
    const [y2024, y2025, y2026] = t.points;
    expectSuppressed(y2024!); // 2 reporting
    // Eligible in 2024 (due 2025-03-31): all but J and M (signed later) = 12.
    expect(y2024!.organizationsEligible).toBeNull();
    // 2025 has 8 reports, 2 of them aggregate_only (C, D): donors, who see the 6 others one by one, would
    // learn C + D from the total; so the release withholds 3 of those 6 rows from donors (to protect an
    // aggregate), and the total is shown to donors and to the public.
    expect(y2025!.suppressed).toBe(false);
    expect((await asDonor().metrics.summary({ year: 2025 })).suppressed).toBe(false);
    expect((await asDonor().metrics.organizations({ year: 2025 })).organizations).toHaveLength(3);
    expectSuppressed(y2026!, 'not_released'); // no cycle, no release

    const c = await asCoordinator().metrics.trend({ fromYear: 2024, toYear: 2026 });
    const [c2024, , c2026] = c.points;
    expect(c2024!.suppressed).toBe(false);
    expect(c2024!.organizationsReporting).toBe(2);
    expect(c2024!.reportingRate).toBeCloseTo(2 / 12, 12);
    // 2024 with its own EUR rate 1.05: A 100,000 / 1,000,000; B 200,000×1.05 / 1,000,000×1.05
    expect(c2024!.funding.inScopeExpenditureUsd).toBe(2_050_000);
    expect(c2024!.funding.countedLocalUsd).toBe(310_000);
    expect(c2024!.funding.weightedShare).toBeCloseTo(310_000 / 2_050_000, 12);
    expect(c2024!.funding.medianShare).toBeCloseTo((0.1 + 0.2) / 2, 12);
    // 2026: no cycle, so due 2027-12-31: J now counts; K, L, N withdrew before.
    expect(c2026!.organizationsEligible).toBe(11);
    expect(c2026!.organizationsReporting).toBe(0);
    expect(c2026!.funding.weightedShare).toBeNull();
  });

  it('filters every year the same way', async () => {
    const t = await asCoordinator().metrics.trend({ fromYear: 2024, toYear: 2025, region: 'europe' });
    expect(t.points.map((p) => [p.organizationsEligible, p.organizationsReporting])).toEqual([
      [4, 1], // 2024 (due 2025-03-31): B, G, K and N had not withdrawn yet; J signed later. Only B reported.
      [2, 2], // 2025: B and G; J signed late, K and N withdrew by the due date
    ]);
  });
});

describe('metrics.breakdown', () => {
  it('has a row for every region, with data or not', async () => {
    const b = await asCoordinator().metrics.breakdown({ year: 2025, by: 'region' });
    expect(b.rows.map((r) => r.key)).toEqual(['africa', 'americas', 'asia', 'europe', 'oceania']);
    const row = Object.fromEntries(b.rows.map((r) => [r.key, r]));
    expect([row.africa!.organizationsEligible, row.africa!.organizationsReporting]).toEqual([5, 4]);
    expect(row.africa!.funding.weightedShare).toBeCloseTo(510_000 / 2_400_000, 12);
    expect([row.americas!.organizationsEligible, row.americas!.organizationsReporting]).toEqual([2, 1]); // C, M
    expect(row.americas!.funding.weightedShare).toBeCloseTo(0.1, 12);
    expect(row.asia!.funding.weightedShare).toBeNull(); // F: in-scope 0
    expect([row.europe!.organizationsEligible, row.europe!.organizationsReporting]).toEqual([2, 2]); // B, G
    expect(row.europe!.funding.countedLocalUsd).toBe(550_000);
    expect(row.oceania).toMatchObject({ suppressed: false, organizationsEligible: 0, organizationsReporting: 0, reportingRate: null });
    expect(row.oceania!.funding.meanShare).toBeNull();
    // The rows add up to the whole.
    expect(b.rows.reduce((sum, r) => sum + (r.organizationsReporting ?? 0), 0)).toBe(8);
  });

  it('suppresses rows below 5 reporting organisations for the public', async () => {
    await release(2024, 2025);
    const b = await anonymous().metrics.breakdown({ year: 2025, by: 'organizationType' });
    expect(b.rows).toHaveLength(15);
    // Types with reports are withheld (fewer than 5 each); types without any show their zeros.
    for (const row of b.rows) if (row.suppressed || row.organizationsReporting !== 0) expectSuppressed(row);
    expect(b.rows.filter((r) => r.suppressed).length).toBeGreaterThan(0);
    expect(b.rows.find((r) => r.key === 'international_ngo')!.organizationsEligible).toBeNull();
  });
});

describe('metrics.organizations', () => {
  it('shows donors the public organisations only and coordinators all of them', async () => {
    await release(2024, 2025);
    const donorView = await asDonor().metrics.organizations({ year: 2025 });
    // The 6 public ones, but for the 3 rows withheld to protect the total (see metrics.trend).
    const [released] = (await asCoordinator().releases.list({ year: 2025 })).releases;
    const withheld = (await asCoordinator().releases.withheldCells({ releaseId: released!.id, viewer: 'donor' })).rows.map((r) => r.name);
    expect(withheld).toHaveLength(3);
    expect([...donorView.organizations.map((o) => o.name), ...withheld].sort()).toEqual([
      'Alpha Aid',
      'Beta Relief',
      'Epsilon Migrants',
      'Eta Solidarity',
      'Theta Youth',
      'Zeta Ministry',
    ]);
    const all = await asCoordinator().metrics.organizations({ year: 2025 });
    expect(all.organizations).toHaveLength(8);
    const delta = all.organizations.find((o) => o.name === 'Delta Community')!;
    expect(delta).toMatchObject({
      type: 'local_ngo',
      region: 'africa',
      country: 'KE',
      disclosure: 'aggregate_only',
      reportStatus: 'approved',
      currency: 'KES',
      usdPerUnit: 0.008,
      localShare: 0.6,
      directShare: 0.4,
      inScopeExpenditureUsd: 400_000, // 50,000,000 × 0.008
      countedLocalUsd: 240_000,
      twoPlusIntermediariesUsd: 0,
      multiYearToLocalUsd: 40_000,
      statuses: { collaboration: 'in_progress', funding: 'in_progress', needs: 'planning', credit: 'in_progress', capacity: 'in_progress' },
    });
    const epsilon = all.organizations.find((o) => o.name === 'Epsilon Migrants')!;
    expect(epsilon).toMatchObject({ localShare: null, inScopeExpenditureUsd: null, statuses: { funding: 'not_applicable' } });
    // Exactly these fields leave the server: no narratives, no figures beyond the published table.
    expect(Object.keys(epsilon).sort()).toEqual(
      [
        'organizationId', 'name', 'acronym', 'type', 'region', 'country', 'disclosure', 'reportStatus', 'currency',
        'usdPerUnit', 'localShare', 'directShare', 'inScopeExpenditureUsd', 'countedLocalUsd', 'directUsd', 'pooledUsd',
        'oneIntermediaryUsd', 'twoPlusIntermediariesUsd', 'multiYearToLocalUsd', 'capacitySpendUsd', 'statuses',
      ].sort(),
    );
  });

  it('is for donors and coordinators only', async () => {
    await expect(anonymous().metrics.organizations({ year: 2025 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerFor(fx.db, fx.signatoryA).metrics.organizations({ year: 2025 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('metrics.ownComparison', () => {
  it("shows a signatory its own shares beside the aggregate, suppressed as for the public", async () => {
    await release(2024, 2025);
    const c = await callerFor(fx.db, fx.signatoryA).metrics.ownComparison({ organizationId: fx.A.id, fromYear: 2024, toYear: 2025 });
    expect(c.name).toBe('Alpha Aid');
    expect(c.points.map((p) => p.own?.localShare)).toEqual([0.1, 0.25]);
    expect(c.points[0]!.aggregate).toEqual({
      suppressed: true,
      suppressedBecause: 'fewer_than_5',
      organizationsReporting: null,
      weightedShare: null,
      directShare: null,
      meanShare: null,
      medianShare: null,
    });
    // 2025 as the public reads it (see metrics.trend above), whatever the signatory knows of itself.
    const publicTotal = await anonymous().metrics.summary({ year: 2025 });
    expect(c.points[1]!.aggregate).toEqual({
      suppressed: publicTotal.suppressed,
      suppressedBecause: publicTotal.suppressedBecause,
      organizationsReporting: publicTotal.organizationsReporting,
      weightedShare: publicTotal.funding.weightedShare,
      directShare: publicTotal.funding.directShare,
      meanShare: publicTotal.funding.meanShare,
      medianShare: publicTotal.funding.medianShare,
    });
    expect(c.points[1]!.aggregate.suppressed).toBe(false);

    const coordinatorView = await asCoordinator().metrics.ownComparison({ organizationId: fx.A.id, fromYear: 2024, toYear: 2025 });
    expect(coordinatorView.points[0]!.aggregate.weightedShare).toBeCloseTo(310_000 / 2_050_000, 12);
    expect(coordinatorView.points[1]!.aggregate.weightedShare).toBeCloseTo(1_460_000 / 9_150_000, 12);
    expect(coordinatorView.points[1]!.aggregate.medianShare).toBeCloseTo(0.2, 12);
  });

  it('compares a signatory with its own type group when asked (the report page does)', async () => {
    await release(2024, 2025);
    const input = { organizationId: fx.A.id, fromYear: 2024, toYear: 2025, against: 'typeGroup' as const };
    const own = await callerFor(fx.db, fx.signatoryA).metrics.ownComparison(input);
    // Alpha Aid is a national NGO: beside local and national actors, as the public reads that group.
    expect(own.typeGroup).toBe('local_national');
    const group = await anonymous().metrics.summary({ year: 2025, typeGroup: 'local_national' });
    expect(own.points[1]!.aggregate.suppressedBecause).toBe(group.suppressedBecause);
    expect(own.points[1]!.aggregate.organizationsReporting).toBe(group.organizationsReporting);
    const live = await asCoordinator().metrics.ownComparison(input);
    const liveGroup = await asCoordinator().metrics.summary({ year: 2025, typeGroup: 'local_national' });
    expect(live.points[1]!.aggregate.weightedShare).toBe(liveGroup.funding.weightedShare);
    expect(live.points[1]!.aggregate.organizationsReporting).toBe(liveGroup.organizationsReporting);
    // A, D, E, F, H are local or national; E's funding is not applicable.
    expect(live.points[1]!.aggregate.organizationsReporting).toBe(5);
    expect((await asCoordinator().metrics.ownComparison({ ...input, against: 'all' })).typeGroup).toBeNull();
  });

  it("refuses another organisation's comparison", async () => {
    const input = { organizationId: fx.B.id, fromYear: 2024, toYear: 2025 };
    await expect(callerFor(fx.db, fx.signatoryA).metrics.ownComparison(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asDonor().metrics.ownComparison(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(anonymous().metrics.ownComparison(input)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(asCoordinator().metrics.ownComparison({ ...input, organizationId: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
