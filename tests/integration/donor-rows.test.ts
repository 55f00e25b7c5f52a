// A `public` organisation's own row is withheld from donors where that lets a cell be shown (issue 16): on
// the demo data every type group holds 1–4 `aggregate_only` organisations beside `public` ones, so without
// it each group cell was withheld from donors and, the public seeing nothing donors do not, from everybody.
import { describe, expect, it } from 'vitest';
import { DEMO_CLOSED_YEARS, seedDemo } from '@lpt/db/seed/demo';
import { regions, typeGroups } from '@lpt/shared/enums';
import { downloadFile } from '@lpt/server/features/downloads/downloads.service';
import { releaseClosedYears } from '@lpt/server/features/releases/releases.service';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { determined } from '../security/disclosure-attack.ts';
import { countViewOf, determinedByFigure, secrets, shows, viewOf } from '../security/released-view.ts';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();

describe('public rows withheld from donors to protect an aggregate', () => {
  it('shows the public type-group totals and region × group cells on the demo data, and keeps the withheld rows from donors', async () => {
    const { db } = getDb();
    await seedDemo(db);
    await releaseClosedYears(db);
    const coordinator = callerFor(db, await createUser(db, 'coordinator'));
    const donor = callerFor(db, await createUser(db, 'donor'));
    const anonymous = callerFor(db, null);

    let groupTotals = 0;
    let regionGroupCells = 0;
    for (const year of DEMO_CLOSED_YEARS) {
      // Signed out: the world's total with its headline, the type-group totals and the region × group cells.
      const total = await anonymous.metrics.summary({ year });
      expect(total.suppressed).toBe(false);
      expect(total.funding.weightedShare).not.toBeNull();
      for (const typeGroup of typeGroups) {
        // Shown with its money (not only its counts, with the sums withheld inside).
        if (shows(await anonymous.metrics.summary({ year, typeGroup }), 'funding.inScopeExpenditureUsd')) groupTotals++;
        for (const region of regions) if (shows(await anonymous.metrics.summary({ year, region, typeGroup }), 'funding.inScopeExpenditureUsd')) regionGroupCells++;
      }
    }
    console.log(`Demo, signed out, ${DEMO_CLOSED_YEARS.length} closed years: ${groupTotals} of ${DEMO_CLOSED_YEARS.length * typeGroups.length} type-group totals and ${regionGroupCells} region × group cells shown with their in-scope expenditure`);
    // Before: no type-group total, and 22 region × group cells, showed their money (every group cell was
    // withheld from donors, or its sums were, so from everybody).
    expect(groupTotals).toBeGreaterThan(0);
    expect(regionGroupCells).toBeGreaterThan(22);

    let rowsWithheld = 0;
    let publicRows = 0;
    for (const year of DEMO_CLOSED_YEARS) {
      // Coordinators read which rows are withheld from donors, and why.
      const [release] = (await coordinator.releases.list({ year })).releases;
      const listed = await coordinator.releases.withheldCells({ releaseId: release!.id, viewer: 'donor' });
      expect((await coordinator.releases.withheldCells({ releaseId: release!.id, viewer: 'public' })).rows).toEqual([]);
      const withheld = new Set(listed.rows.map((r) => r.organizationId));
      rowsWithheld += withheld.size;
      const truth = (await coordinator.metrics.organizations({ year })).organizations;
      publicRows += truth.filter((o) => o.disclosure === 'public').length;
      for (const row of listed.rows) {
        expect(row.reason).toBe('withheld_to_protect_an_aggregate');
        expect(truth.find((o) => o.organizationId === row.organizationId)?.disclosure).toBe('public');
      }
      // Donors read the other `public` rows and none of those, neither through the API nor in a download.
      const read = (await donor.metrics.organizations({ year })).organizations.map((o) => o.organizationId);
      expect(read.filter((id) => withheld.has(id))).toEqual([]);
      expect(read.sort()).toEqual(truth.filter((o) => o.disclosure === 'public' && !withheld.has(o.organizationId)).map((o) => o.organizationId).sort());
      const file = await downloadFile('organizations', 'csv', 'data', new URLSearchParams({ year: String(year) }), donor, 'en');
      for (const row of listed.rows) expect(String(file.body)).not.toContain(row.name);

      // The attacker, reading what donors and the public read (the withheld rows unknown to donors), works
      // out no withheld cell, no aggregate_only organisation, and no withheld count.
      expect(await determinedByFigure(donor, coordinator, true, year)).toEqual({});
      expect(await determinedByFigure(anonymous, coordinator, false, year)).toEqual({});
      for (const [viewer, asDonor] of [[donor, true], [anonymous, false]] as const) {
        const { summaries } = await viewOf(viewer, coordinator, asDonor, year);
        const countTargets = (await secrets(coordinator, summaries, year, 'organizationsReporting')).filter((t) => t.kind === 'cell');
        expect(determined([await countViewOf(viewer, coordinator, asDonor, year, summaries)], countTargets)).toEqual([]);
      }
    }
    console.log(`Demo: ${rowsWithheld} of ${publicRows} public rows withheld from donors in ${DEMO_CLOSED_YEARS.length} closed years`);
    expect(rowsWithheld).toBeGreaterThan(0);
  }, 600_000);

  it("keeps a year's later release to the rows withheld before, and never withholds a row donors have read", async () => {
    const { db } = getDb();
    await resetDatabase(db);
    const coordinatorUser = await createUser(db, 'coordinator');
    const coordinator = callerFor(db, coordinatorUser);
    const donor = callerFor(db, await createUser(db, 'donor'));
    await createCycle(db, 2025);
    let n = 0;
    const approve = async (disclosure: 'public' | 'aggregate_only') => {
      const inScope = 1_000_000 + ++n * 137_000;
      const { id } = await createOrganization(db, { name: `Donor-rows NGO ${n}`, type: 'national_ngo', country: 'DE', disclosure });
      const data = completeReportData({ currency: 'USD', funding: { inScopeExpenditure: inScope, toLocalDirect: inScope / 5, toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 } });
      await createApprovedReport(db, { organizationId: id, year: 2025, data, approvedBy: coordinatorUser.id });
    };
    // One cell: 8 `public` organisations and 2 `aggregate_only` ones, so 3 rows make 5 not seen one by one.
    for (let i = 0; i < 8; i++) await approve('public');
    for (let i = 0; i < 2; i++) await approve('aggregate_only');
    const first = await coordinator.releases.publish({ year: 2025 });
    const rowsOf = async (releaseId: number) => (await coordinator.releases.withheldCells({ releaseId, viewer: 'donor' })).rows.map((r) => r.organizationId).sort();
    const withheldFirst = await rowsOf(first.id);
    expect(withheldFirst).toHaveLength(3);
    const readFirst = (await donor.metrics.organizations({ year: 2025 })).organizations.map((o) => o.organizationId);
    expect(readFirst).toHaveLength(5);
    expect((await donor.metrics.summary({ year: 2025 })).funding.inScopeExpenditureUsd).not.toBeNull();

    // Five more `public` reports: the next release keeps the same rows withheld and shows the new ones.
    for (let i = 0; i < 5; i++) await approve('public');
    const preview = await coordinator.releases.preview({ year: 2025 });
    expect(preview.rowsWithheldFromDonors.map((r) => r.organizationId).sort()).toEqual(withheldFirst);
    const second = await coordinator.releases.publish({ year: 2025 });
    expect(await rowsOf(second.id)).toEqual(withheldFirst);
    const readSecond = (await donor.metrics.organizations({ year: 2025 })).organizations.map((o) => o.organizationId);
    expect(readSecond).toHaveLength(10);
    expect(readSecond).toEqual(expect.arrayContaining(readFirst));
    expect((await donor.metrics.summary({ year: 2025 })).funding.inScopeExpenditureUsd).not.toBeNull();
    expect(await determinedByFigure(donor, coordinator, true, 2025)).toEqual({});
  });
});
