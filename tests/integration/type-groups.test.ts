// Type groups (issue 16): the four groups of organisation types as a second dimension of every metric.
// Coordinators' live figures by group add up exactly to the total and to their member types, on the
// published path (maintained cells) and the working one (submitted reports standing in); donors and the
// public read the group cells from the release, withheld ones marked with their reason.
import { beforeEach, describe, expect, it } from 'vitest';
import { organizationTypes, typeGroupMembers, typeGroupOf, typeGroups, type OrganizationType } from '@lpt/shared/enums';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
const YEAR = 2025;
const countries = ['KE', 'DE', 'CO', 'PH', 'SN'];

/** 34 organisations of every type in five regions, whole US dollars (so sums are exact), 3 of them in 2024 too. */
async function seed() {
  const { db } = getDb();
  await resetDatabase(db);
  const coordinatorUser = await createUser(db, 'coordinator');
  await createCycle(db, YEAR - 1, { opensOn: '2025-01-15', dueOn: '2025-03-31', status: 'closed' });
  await createCycle(db, YEAR, { opensOn: '2026-01-15', dueOn: '2026-03-31', status: 'closed' });
  const organizations: { id: number; type: OrganizationType; share: number }[] = [];
  const resubmitted = completeReportData({
    currency: 'USD',
    funding: { inScopeExpenditure: 9_000_000, toLocalDirect: 4_000_000, toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 },
  });
  for (let i = 0; i < 34; i++) {
    // Every type, unevenly: 7 steps through the 15 types.
    const type = organizationTypes[(i * 7) % organizationTypes.length]!;
    const { id } = await createOrganization(db, { name: `Org ${i}`, type, country: countries[i % countries.length]!, disclosure: i % 3 ? 'public' : 'aggregate_only' });
    const inScope = 1_000_000 + i * 91_000;
    const direct = 10_000 * ((i * 13) % 29);
    await createApprovedReport(db, {
      organizationId: id,
      year: YEAR,
      data: completeReportData({
        currency: 'USD',
        funding: { inScopeExpenditure: inScope, toLocalDirect: direct, toLocalPooled: 5_000, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 },
      }),
      approvedBy: coordinatorUser.id,
      // One organisation's newer submission waits: the working view counts it instead of its approved figures.
      ...(i === 4 ? { workingCopy: { status: 'submitted' as const, data: resubmitted } } : {}),
    });
    if (i < 3)
      await createApprovedReport(db, {
        organizationId: id,
        year: YEAR - 1,
        data: completeReportData({ currency: 'USD' }),
        approvedBy: coordinatorUser.id,
      });
    organizations.push({ id, type, share: (direct + 5_000) / inScope });
  }
  return {
    organizations,
    coordinator: callerFor(db, coordinatorUser),
    donor: callerFor(db, await createUser(db, 'donor')),
    anonymous: callerFor(db, null),
  };
}

type Fixture = Awaited<ReturnType<typeof seed>>;
let fx: Fixture;
beforeEach(async () => {
  fx = await seed();
});

const additive = (s: MetricsSummary) => ({
  organizationsReporting: s.organizationsReporting,
  organizationsEligible: s.organizationsEligible,
  fundingOrganizations: s.fundingOrganizations,
  inScope: s.funding.inScopeExpenditureUsd,
  counted: s.funding.countedLocalUsd,
  direct: s.funding.directUsd,
  atOrAbove25: s.funding.atOrAbove25,
  fulfilled: s.statusCounts.funding.fulfilled,
});
const sumOf = (rows: MetricsSummary[]) =>
  rows.map(additive).reduce((total, row) => {
    for (const [k, v] of Object.entries(row)) total[k as keyof typeof total] = ((total[k as keyof typeof total] ?? 0) as number) + (v ?? 0);
    return total;
  }, {} as Record<keyof ReturnType<typeof additive>, number>);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

describe('coordinators: figures by type group', () => {
  it.each([false, true])('add up exactly to the total and to their member types (includeSubmitted: %s)', async (includeSubmitted) => {
    const input = { year: YEAR, includeSubmitted: includeSubmitted || undefined };
    const total = await fx.coordinator.metrics.summary(input);
    const byGroup = await fx.coordinator.metrics.breakdown({ ...input, by: 'typeGroup' });
    const byType = await fx.coordinator.metrics.breakdown({ ...input, by: 'organizationType' });
    expect(byGroup.rows.map((r) => r.key)).toEqual([...typeGroups]);
    expect(sumOf(byGroup.rows)).toEqual(sumOf([total]));
    for (const row of byGroup.rows) {
      const members = byType.rows.filter((r) => typeGroupOf[r.key as OrganizationType] === row.key);
      expect(members.map((r) => r.key)).toEqual([...typeGroupMembers[row.key as keyof typeof typeGroupMembers]]);
      expect(sumOf([row]), row.key).toEqual(sumOf(members));
      // The one-cell summary and the trend point of the group are the breakdown's row.
      const { key: _key, ...asSummary } = row;
      expect(await fx.coordinator.metrics.summary({ ...input, typeGroup: row.key as never })).toEqual(asSummary);
    }
    // Within a region as well.
    const africa = await fx.coordinator.metrics.breakdown({ ...input, by: 'typeGroup', region: 'africa' });
    expect(sumOf(africa.rows)).toEqual(sumOf([await fx.coordinator.metrics.summary({ ...input, region: 'africa' })]));
    const byRegion = await fx.coordinator.metrics.breakdown({ ...input, by: 'region', typeGroup: 'local_national' });
    expect(sumOf(byRegion.rows)).toEqual(sumOf([byGroup.rows.find((r) => r.key === 'local_national')!]));
  });

  it("takes each group's median share over its own organisations", async () => {
    const byGroup = await fx.coordinator.metrics.breakdown({ year: YEAR, by: 'typeGroup' });
    for (const row of byGroup.rows) {
      const shares = fx.organizations.filter((o) => typeGroupOf[o.type] === row.key).map((o) => o.share);
      expect(row.funding.medianShare, row.key).toBeCloseTo(median(shares), 12);
    }
  });

  it('gives a trend by type group, year by year as the summaries', async () => {
    const trend = await fx.coordinator.metrics.trend({ fromYear: YEAR - 1, toYear: YEAR, typeGroup: 'local_national' });
    for (const point of trend.points)
      expect(point).toEqual(await fx.coordinator.metrics.summary({ year: point.year, typeGroup: 'local_national' }));
    expect(trend.points.map((p) => p.organizationsReporting)).toEqual([
      fx.organizations.slice(0, 3).filter((o) => typeGroupOf[o.type] === 'local_national').length,
      fx.organizations.filter((o) => typeGroupOf[o.type] === 'local_national').length,
    ]);
  });

  it('refuses a type and a type group together, and a breakdown by group within a group or a type', async () => {
    const refused = (call: Promise<unknown>) => expect(call).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await refused(fx.coordinator.metrics.summary({ year: YEAR, organizationType: 'local_ngo', typeGroup: 'local_national' }));
    await refused(fx.coordinator.metrics.trend({ fromYear: YEAR, toYear: YEAR, organizationType: 'local_ngo', typeGroup: 'other' }));
    await refused(fx.coordinator.metrics.breakdown({ year: YEAR, by: 'typeGroup', typeGroup: 'other' }));
    await refused(fx.coordinator.metrics.breakdown({ year: YEAR, by: 'typeGroup', organizationType: 'local_ngo' }));
    await refused(fx.coordinator.metrics.breakdown({ year: YEAR, by: 'organizationType', typeGroup: 'other' }));
    await refused(fx.coordinator.metrics.summary({ year: YEAR, typeGroup: 'g:other' as never }));
  });
});

describe('donors and the public: group cells from the release', () => {
  it('reads each group cell as released, withheld ones marked with why, and nothing before a release', async () => {
    const before = await fx.anonymous.metrics.breakdown({ year: YEAR, by: 'typeGroup' });
    expect(before.rows.every((r) => r.suppressedBecause === 'not_released')).toBe(true);
    const release = await fx.coordinator.releases.publish({ year: YEAR });
    const live = await fx.coordinator.metrics.breakdown({ year: YEAR, by: 'typeGroup' });
    for (const viewer of [fx.anonymous, fx.donor]) {
      for (const region of [undefined, 'africa', 'europe'] as const) {
        const byGroup = await viewer.metrics.breakdown({ year: YEAR, by: 'typeGroup', region });
        expect(byGroup.rows.map((r) => r.key)).toEqual([...typeGroups]);
        for (const row of byGroup.rows) {
          expect(row.release?.id, row.key).toBe(release.id);
          if (row.suppressed) {
            expect(row.suppressedBecause).not.toBeNull();
            expect(row.organizationsReporting).toBeNull();
          }
        }
      }
      const byGroup = await viewer.metrics.breakdown({ year: YEAR, by: 'typeGroup' });
      // Whole-world groups of 8–9 organisations that nobody dominates are shown with their true counts.
      const shown = byGroup.rows.filter((r) => !r.suppressed);
      expect(shown.length).toBeGreaterThan(0);
      for (const row of shown) expect(row.organizationsReporting).toBe(live.rows.find((r) => r.key === row.key)!.organizationsReporting);
      // A region's group of 1–4 organisations is withheld for that.
      const asia = await viewer.metrics.breakdown({ year: YEAR, by: 'typeGroup', region: 'asia' });
      const liveAsia = await fx.coordinator.metrics.breakdown({ year: YEAR, by: 'typeGroup', region: 'asia' });
      for (const row of asia.rows) {
        const count = liveAsia.rows.find((r) => r.key === row.key)!.organizationsReporting ?? 0;
        if (count > 0 && count < 5) expect(row.suppressedBecause, row.key).toBe('fewer_than_5');
      }
      // The one-cell summary of a group is the breakdown's row.
      const summary = await viewer.metrics.summary({ year: YEAR, typeGroup: 'local_national' });
      const { key: _key, ...row } = byGroup.rows.find((r) => r.key === 'local_national')!;
      expect(summary).toEqual(row);
      // And the trend of a group is its released summary, year by year (2024 has no release: not released).
      const trend = await viewer.metrics.trend({ fromYear: YEAR - 1, toYear: YEAR, typeGroup: 'local_national' });
      expect(trend.points[0]!.suppressedBecause).toBe('not_released');
      expect(trend.points[1]).toEqual(summary);
    }
  });
});
