// Disclosure control through the API, one test per attack that worked before releases and the audited
// planner existed (issue "Disclosure control that holds against a determined reader"). Each reads what a
// donor or the public can read — every cell of the year, and for donors the `public` organisations' own
// rows — and hands it to an attacker written independently of the planner
// (tests/security/disclosure-attack.ts).
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OrganizationType } from '@lpt/shared/enums';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { determined } from '../security/disclosure-attack.ts';
import { countViewOf, determinedByFigure, secrets, viewOf } from '../security/released-view.ts';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
const YEAR = 2025;

interface Signatory {
  name: string;
  type: OrganizationType;
  country: string;
  disclosure?: 'public' | 'aggregate_only';
  inScope: number;
  direct?: number;
  pooled?: number;
  /** Local partners (the factory's 12 otherwise). */
  partners?: number;
}

const funding = (s: Signatory) => ({
  inScopeExpenditure: s.inScope,
  toLocalDirect: s.direct ?? Math.round(s.inScope / 5),
  toLocalPooled: s.pooled ?? 0,
  toLocalOneIntermediary: 0,
  toLocalTwoPlusIntermediaries: 0,
  multiYearToLocal: 0,
});

const reportOf = (s: Signatory) =>
  completeReportData({ currency: 'USD', funding: funding(s), ...(s.partners === undefined ? {} : { collaboration: { localPartners: s.partners } }) });

/** The year's cycle as cycles.upsert takes it. */
async function cycleOf(fx: { coordinator: ReturnType<typeof callerFor> }) {
  const cycle = (await fx.coordinator.cycles.list()).find((c) => c.year === YEAR)!;
  return { year: cycle.year, opensOn: cycle.opensOn, dueOn: cycle.dueOn, status: cycle.status };
}

let seq = 0;
async function seed(signatories: Signatory[]) {
  const { db } = getDb();
  await resetDatabase(db);
  const coordinatorUser = await createUser(db, 'coordinator');
  const donorUser = await createUser(db, 'donor');
  await createCycle(db, YEAR);
  const ids = new Map<string, number>();
  for (const s of signatories) {
    const { id } = await createOrganization(db, { name: s.name, type: s.type, country: s.country, disclosure: s.disclosure ?? 'public' });
    ids.set(s.name, id);
    await createApprovedReport(db, { organizationId: id, year: YEAR, data: reportOf(s), approvedBy: coordinatorUser.id });
  }
  return { db, ids, coordinator: callerFor(db, coordinatorUser), donor: callerFor(db, donorUser), anonymous: callerFor(db, null), coordinatorUser };
}

/** A reasonably varied set of organisations: amounts differ, none dominates its cell. */
const many = (n: number, base: Omit<Signatory, 'name' | 'inScope'>, from = 1_000_000) =>
  Array.from({ length: n }, (_, i): Signatory => ({ ...base, name: `${base.type} ${base.country} ${++seq}`, inScope: from + i * 137_000 }));

beforeEach(() => {
  seq = 0;
});

describe('a donor subtracting the public organisations', () => {
  it("cannot work out Europe's one aggregate_only organisation from Europe's total", async () => {
    const fx = await seed([
      ...many(12, { type: 'national_ngo', country: 'DE' }),
      { name: 'Waypoint Humanitarian', type: 'international_ngo', country: 'FR', disclosure: 'aggregate_only', inScope: 141_930_383.38 },
      ...many(8, { type: 'local_ngo', country: 'KE' }),
      ...many(6, { type: 'national_ngo', country: 'KE', disclosure: 'aggregate_only' }),
    ]);
    await fx.coordinator.releases.publish({ year: YEAR });
    const europe = await fx.donor.metrics.summary({ year: YEAR, region: 'europe' });
    // 13 reporting, 12 of them listed one by one for donors: what Europe adds would be Waypoint alone. So
    // the release withholds a few of those rows from donors (to protect an aggregate): with 5 or more not
    // seen one by one, Europe's counts are shown, and its sums, which Waypoint dominates, are not.
    const [release] = (await fx.coordinator.releases.list({ year: YEAR })).releases;
    const rowsWithheld = (await fx.coordinator.releases.withheldCells({ releaseId: release!.id, viewer: 'donor' })).rows;
    expect(rowsWithheld.length).toBeGreaterThanOrEqual(4);
    expect(europe.suppressed).toBe(false);
    expect(europe.funding.inScopeExpenditureUsd).toBeNull();
    expect((await fx.anonymous.metrics.summary({ year: YEAR, region: 'europe' })).funding.inScopeExpenditureUsd).toBeNull();
    const donorView = await viewOf(fx.donor, fx.coordinator, true, YEAR);
    const publicView = await viewOf(fx.anonymous, fx.coordinator, false, YEAR);
    expect(donorView.release.organizations.filter((o) => o.known)).toHaveLength(20 - rowsWithheld.length);
    // Everything the public sees, donors see: the donor's view is all that donor can combine.
    const donorShown = new Set(donorView.release.shown.map((c) => c.join('|')));
    expect(publicView.release.shown.filter((c) => !donorShown.has(c.join('|')))).toEqual([]);
    expect(determined([donorView.release], await secrets(fx.coordinator, donorView.summaries, YEAR))).toEqual([]);
    expect(await determinedByFigure(fx.donor, fx.coordinator, true, YEAR)).toEqual({});
    expect(await determinedByFigure(fx.anonymous, fx.coordinator, false, YEAR)).toEqual({});
    // Nor does the list of releases name it to anyone but coordinators: it is counted.
    const [publicRelease] = (await fx.anonymous.releases.list({ year: YEAR })).releases;
    expect(publicRelease!.changes.organizationsAdded.map((o) => o.name)).not.toContain('Waypoint Humanitarian');
    // Nobody dominates a count: the total's counts are shown (its sums are not), so the unnamed are counted.
    expect((await fx.anonymous.metrics.summary({ year: YEAR })).suppressed).toBe(false);
    expect(publicRelease!.changes.unnamed?.added).toBe(7);
    expect(publicRelease!.changes.organizationsAdded).toHaveLength(20);
    const [coordinatorRelease] = (await fx.coordinator.releases.list({ year: YEAR })).releases;
    expect(coordinatorRelease!.changes.organizationsAdded.map((o) => o.name)).toContain('Waypoint Humanitarian');
  });
});

describe('anyone counting what a release withholds', () => {
  it('cannot read how many organisations a withheld total holds from the list of releases', async () => {
    const fx = await seed([
      { name: 'Kisumu Women Forum', type: 'local_ngo', country: 'KE', inScope: 2_400_000 },
      ...many(2, { type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only' }),
    ]);
    await fx.coordinator.releases.publish({ year: YEAR });
    for (const [viewer, asDonor] of [
      [fx.anonymous, false],
      [fx.donor, true],
    ] as const) {
      const { summaries } = await viewOf(viewer, fx.coordinator, asDonor, YEAR);
      expect(summaries.get('*|*')?.suppressed).toBe(true);
      const withheldCells = (await secrets(fx.coordinator, summaries, YEAR)).filter((t) => t.kind === 'cell');
      expect(withheldCells.length).toBeGreaterThan(0);
      // Each organisation worth one: the attacker works out no withheld cell's count.
      expect(determined([await countViewOf(viewer, fx.coordinator, asDonor, YEAR, summaries)], withheldCells)).toEqual([]);
      const [release] = (await viewer.releases.list({ year: YEAR })).releases;
      expect(release!.organizationsReporting).toBeNull();
      expect(release!.changes.unnamed).toBeNull();
    }
    // Coordinators count everything, as before.
    const [coordinatorRelease] = (await fx.coordinator.releases.list({ year: YEAR })).releases;
    expect(coordinatorRelease!.organizationsReporting).toBe(3);
    expect(coordinatorRelease!.changes.unnamed).toEqual({ added: 0, changed: 0, removed: 0 });
  });

  it('cannot count the approved reports of a withheld year in the corrections log', async () => {
    const fx = await seed([
      { name: 'Kisumu Women Forum', type: 'local_ngo', country: 'KE', inScope: 2_400_000 },
      { name: 'Quiet Lakes Trust', type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only', inScope: 1_300_000 },
      { name: 'Quiet Hills Trust', type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only', inScope: 1_700_000 },
    ]);
    await fx.coordinator.releases.publish({ year: YEAR });
    for (const name of ['Kisumu Women Forum', 'Quiet Lakes Trust'])
      await fx.coordinator.reports.reopen({ organizationId: fx.ids.get(name)!, year: YEAR, reason: 'Figures in thousands.' });
    // Two rows would say at least two of the "fewer than 5" reported: left out for donors and the public.
    expect((await fx.anonymous.metrics.summary({ year: YEAR })).suppressedBecause).toBe('fewer_than_5');
    expect(await fx.anonymous.reports.corrections({ year: YEAR })).toEqual([]);
    expect(await fx.donor.reports.corrections()).toEqual([]);
    expect(await fx.coordinator.reports.corrections({ year: YEAR })).toHaveLength(2);
  });

  it('reads the corrections of a year whose total it sees, naming only public organisations', async () => {
    const fx = await seed([...many(6, { type: 'national_ngo', country: 'DE' }), ...many(6, { type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only' })]);
    await fx.coordinator.releases.publish({ year: YEAR });
    await fx.coordinator.reports.reopen({ organizationId: fx.ids.get('local_ngo KE 7')!, year: YEAR, reason: 'Pooled funds counted twice.' });
    expect((await fx.anonymous.metrics.summary({ year: YEAR })).suppressed).toBe(false);
    expect(await fx.anonymous.reports.corrections({ year: YEAR })).toEqual([
      expect.objectContaining({ year: YEAR, organizationName: 'A signatory (aggregate only)', reason: 'Pooled funds counted twice.' }),
    ]);
  });

  it('still tells a donor the counts of a release whose total it sees', async () => {
    const fx = await seed([...many(6, { type: 'national_ngo', country: 'DE' }), ...many(6, { type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only' })]);
    await fx.coordinator.releases.publish({ year: YEAR });
    expect((await fx.donor.metrics.summary({ year: YEAR })).suppressed).toBe(false);
    const [release] = (await fx.donor.releases.list({ year: YEAR })).releases;
    expect(release!.organizationsReporting).toBe(12);
    expect(release!.changes.unnamed?.added).toBe(6);
  });
});

describe('anyone combining several sums', () => {
  it('cannot work out Asia × intergovernmental from intergovernmental − (total − Asia)', async () => {
    const fx = await seed([
      ...many(3, { type: 'intergovernmental', country: 'SN', disclosure: 'aggregate_only' }),
      ...many(2, { type: 'intergovernmental', country: 'CO', disclosure: 'aggregate_only' }),
      ...many(4, { type: 'un_agency', country: 'PH', disclosure: 'aggregate_only' }),
      ...many(1, { type: 'intergovernmental', country: 'PH', disclosure: 'aggregate_only' }),
      ...many(2, { type: 'international_ngo', country: 'PH', disclosure: 'aggregate_only' }),
      ...many(6, { type: 'national_ngo', country: 'SN' }),
      ...many(6, { type: 'local_ngo', country: 'CO' }),
      ...many(6, { type: 'national_ngo', country: 'PH' }),
      ...many(6, { type: 'national_ngo', country: 'DE' }),
    ]);
    await fx.coordinator.releases.publish({ year: YEAR });
    const { release, summaries } = await viewOf(fx.anonymous, fx.coordinator, false, YEAR);
    const asiaIntergovernmental = summaries.get('asia|intergovernmental')!;
    expect(asiaIntergovernmental.suppressed).toBe(true);
    // A withheld cell says nothing that helps the arithmetic.
    expect(asiaIntergovernmental.organizationsEligible).toBeNull();
    expect(asiaIntergovernmental.organizationsReporting).toBeNull();
    const targets = await secrets(fx.coordinator, summaries, YEAR);
    expect(targets.length).toBeGreaterThan(12);
    expect(determined([release], targets)).toEqual([]);
    expect(await determinedByFigure(fx.anonymous, fx.coordinator, false, YEAR)).toEqual({});
  });
});

describe('anyone comparing before and after', () => {
  it("sees no figure move when a report is approved, and the next release cannot expose that one organisation's figures", async () => {
    const fx = await seed([...many(8, { type: 'national_ngo', country: 'KE' }), ...many(8, { type: 'local_ngo', country: 'DE' })]);
    await fx.coordinator.releases.publish({ year: YEAR });
    const before = await fx.anonymous.metrics.summary({ year: YEAR });
    expect(before.suppressed).toBe(false);
    expect(before.release?.number).toBe(1);
    // One more approval: live for coordinators, not for anyone else.
    const late = async (name: string, inScope: number) => {
      const { id } = await createOrganization(fx.db, { name, type: 'national_ngo', country: 'KE' });
      await createApprovedReport(fx.db, { organizationId: id, year: YEAR, data: reportOf({ name, type: 'national_ngo', country: 'KE', inScope }), approvedBy: fx.coordinatorUser.id });
    };
    await late('Late Reporter', 2_500_000);
    expect(await fx.anonymous.metrics.summary({ year: YEAR })).toEqual(before);
    expect((await fx.coordinator.metrics.summary({ year: YEAR })).organizationsReporting).toBe(17);
    // Released now, the total (and Africa, and national NGOs) would move by exactly that organisation's
    // figures, and no suppression in a second release hides that without taking the total away: the report
    // waits, and the preview says why (the widest cell it would move, by its figures alone).
    const preview = await fx.coordinator.releases.preview({ year: YEAR });
    expect(preview.exposures).toEqual([]);
    expect(preview.changes.organizationsAdded).toEqual([]);
    expect(preview.waiting).toEqual([expect.objectContaining({ name: 'Late Reporter', region: '', organizationType: '', organizationsMoving: 1 })]);
    expect(preview.organizationsReporting).toBe(16);
    // A release would change nothing: it is refused, and nothing changes.
    await expect(fx.coordinator.releases.publish({ year: YEAR })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await fx.anonymous.metrics.summary({ year: YEAR })).toEqual(before);
    // The releases are listed, and say what they changed.
    const { releases } = await fx.anonymous.releases.list({ year: YEAR });
    expect(releases[releases.length - 1]!.number).toBe(1);
    expect(releases[releases.length - 1]!.changes.organizationsAdded).toHaveLength(16);
    // And a release cannot be rewritten, not even by the database's own users.
    await expect(sql`update metric_releases set number = 9`.execute(fx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from metric_release_cells`.execute(fx.db)).rejects.toThrow(/append-only/);
    await expect(sql`update metric_release_organizations set figures = '{}'`.execute(fx.db)).rejects.toThrow(/append-only/);
  });

  it('keeps the total shown when a late approval would move it alone, and releases the waiting reports with enough others', async () => {
    const fx = await seed([...many(8, { type: 'national_ngo', country: 'KE' }), ...many(8, { type: 'local_ngo', country: 'DE' })]);
    await fx.coordinator.cycles.upsert({ ...(await cycleOf(fx)), status: 'closed' });
    const before = await fx.anonymous.metrics.summary({ year: YEAR });
    expect(before.release?.number).toBe(1);
    const late = async (name: string, inScope: number) => {
      const { id } = await createOrganization(fx.db, { name, type: 'national_ngo', country: 'KE' });
      await createApprovedReport(fx.db, { organizationId: id, year: YEAR, data: reportOf({ name, type: 'national_ngo', country: 'KE', inScope }), approvedBy: fx.coordinatorUser.id });
    };
    // Approved after the cycle closed: reopen, approve, close. The close publishes what it can.
    await fx.coordinator.cycles.upsert({ ...(await cycleOf(fx)), status: 'open' });
    await late('Late One', 2_500_000);
    await fx.coordinator.cycles.upsert({ ...(await cycleOf(fx)), status: 'closed' });
    // The total stays shown (no release took it away), as released before.
    const after = await fx.anonymous.metrics.summary({ year: YEAR });
    expect(after.suppressed).toBe(false);
    expect(after.funding.inScopeExpenditureUsd).toBe(before.funding.inScopeExpenditureUsd);
    // A second approval moves the total by two organisations' figures: both wait.
    await late('Late Two', 2_700_000);
    const second = await fx.coordinator.releases.preview({ year: YEAR });
    expect(second.waiting.map((w) => w.name).sort()).toEqual(['Late One', 'Late Two']);
    expect(second.waiting[0]).toMatchObject({ region: '', organizationType: '', organizationsMoving: 2 });
    // With five, no one of them can be told from the move of any cell: all five are released together.
    for (const [i, name] of ['Late Three', 'Late Four', 'Late Five'].entries()) await late(name, 2_900_000 + i * 310_000);
    const ready = await fx.coordinator.releases.preview({ year: YEAR });
    expect(ready.waiting).toEqual([]);
    expect(ready.exposures).toEqual([]);
    expect(ready.changes.organizationsAdded).toHaveLength(5);
    const release = await fx.coordinator.releases.publish({ year: YEAR });
    const total = await fx.anonymous.metrics.summary({ year: YEAR });
    expect(total.release?.id).toBe(release.id);
    expect(total.suppressed).toBe(false);
    expect(total.organizationsReporting).toBe(21);
    expect(total.funding.weightedShare).not.toBeNull();
  });
});

describe('a member of a small cell, and a cell one organisation makes up', () => {
  it('withholds the sums one organisation is nearly all of, even with 5 or more, and shows what no one dominates', async () => {
    const fx = await seed([
      { name: 'Large Agency', type: 'un_agency', country: 'KE', inScope: 950_000_000 },
      ...many(5, { type: 'un_agency', country: 'SN' }, 2_000_000),
      ...many(8, { type: 'national_ngo', country: 'DE' }),
    ]);
    await fx.coordinator.releases.publish({ year: YEAR });
    const agencies = await fx.anonymous.metrics.summary({ year: YEAR, organizationType: 'un_agency' });
    // 6 UN agencies: the second largest, subtracting its own figure, would learn the largest within 1 %.
    // Its expenditure and counted funding are withheld, and every share built on them; how many report,
    // their statuses, partners and median share are about all six, and shown.
    expect(agencies.suppressed).toBe(false);
    expect(agencies.funding.inScopeExpenditureUsd).toBeNull();
    expect(agencies.funding.countedLocalUsd).toBeNull();
    expect(agencies.funding.weightedShare).toBeNull();
    expect(agencies.withheldFigures).toEqual(expect.arrayContaining(['funding.inScopeExpenditureUsd', 'funding.countedLocalUsd', 'funding.weightedShare', 'funding.directShare']));
    expect(agencies.organizationsReporting).toBe(6);
    expect(agencies.statusCounts.funding.in_progress).toBe(6);
    expect(agencies.funding.medianShare).not.toBeNull();
    expect(agencies.collaboration.localPartners).toBe(72);
    // Coordinators read which figures are withheld and why, the type code intact (the stored plan's keys
    // hold "un_agency": read back camelCased, the cell failed the output schema and counted no one).
    const { releases } = await fx.coordinator.releases.list({ year: YEAR });
    const cells = await fx.coordinator.releases.withheldCells({ releaseId: releases[0]!.id, viewer: 'public' });
    expect(cells.cells).toContainEqual(
      expect.objectContaining({ region: '', organizationType: 'un_agency', reason: 'dominance', organizationsReporting: 6, figures: expect.arrayContaining(['funding.inScopeExpenditureUsd', 'funding.countedLocalUsd']) }),
    );
    // So is the total it dominates (and nothing else gives the sums away, nor any other figure).
    expect(await determinedByFigure(fx.anonymous, fx.coordinator, false, YEAR)).toEqual({});
  });

  it('shows a dominated region its reporting count, statuses and median share, names the withheld figures, and shows no figure of a cell under 5', async () => {
    const fx = await seed([
      { name: 'Large Agency', type: 'un_agency', country: 'KE', inScope: 950_000_000, partners: 4_000 },
      ...many(7, { type: 'un_agency', country: 'SN' }, 2_000_000),
      ...many(3, { type: 'local_ngo', country: 'PH' }),
      ...many(6, { type: 'local_ngo', country: 'CO' }),
      ...many(7, { type: 'national_ngo', country: 'DE' }),
      ...many(6, { type: 'local_ngo', country: 'IT' }),
    ]);
    await fx.coordinator.releases.publish({ year: YEAR });
    {
      const viewer = fx.anonymous;
      const africa = await viewer.metrics.summary({ year: YEAR, region: 'africa' });
      expect(africa.suppressed).toBe(false);
      expect(africa.organizationsReporting).toBe(8);
      expect(africa.statusCounts.credit.fulfilled).toBe(8);
      expect(africa.funding.medianShare).not.toBeNull();
      expect(africa.funding.meanShare).not.toBeNull();
      // One agency is nearly all of Africa's expenditure and of its local partners: those sums are withheld
      // (and named), the fora and assessments no one dominates are shown.
      expect(africa.funding.inScopeExpenditureUsd).toBeNull();
      expect(africa.collaboration.localPartners).toBeNull();
      expect(africa.withheldFigures).toEqual(expect.arrayContaining(['funding.inScopeExpenditureUsd', 'funding.weightedShare', 'collaboration.localPartners']));
      expect(africa.collaboration.forums).toBe(32);
      expect(africa.needs.jointShare).not.toBeNull();
      // Asia has 3: no count at all, not even its sums' counts or statuses.
      const asia = await viewer.metrics.summary({ year: YEAR, region: 'asia' });
      expect(asia.suppressed).toBe(true);
      expect(asia.suppressedBecause).toBe('fewer_than_5');
      expect([asia.organizationsReporting, asia.organizationsEligible, asia.statusCounts.credit.fulfilled, asia.collaboration.forums, asia.funding.atOrAbove25, asia.distribution.under10]).toEqual([null, null, null, null, null, null]);
    }
    expect(await determinedByFigure(fx.anonymous, fx.coordinator, false, YEAR)).toEqual({});
  });

  it('withholds a money figure that one organisation makes up, inside a cell that is shown', async () => {
    const fx = await seed([
      ...many(6, { type: 'national_ngo', country: 'DE' }).map((s, i) => ({ ...s, pooled: i === 0 ? 300_000 : 0 })),
      ...many(6, { type: 'local_ngo', country: 'IT' }),
    ]);
    await fx.coordinator.releases.publish({ year: YEAR });
    const europe = await fx.anonymous.metrics.summary({ year: YEAR, region: 'europe' });
    expect(europe.suppressed).toBe(false);
    expect(europe.funding.inScopeExpenditureUsd).not.toBeNull();
    // One organisation passes all the pooled funding: the channels are withheld (together, since they add
    // up to counted local funding, which stays shown), and the direct share built on one of them.
    expect(europe.withheldFigures).toEqual(expect.arrayContaining(['funding.directUsd', 'funding.pooledUsd', 'funding.oneIntermediaryUsd', 'funding.directShare']));
    expect(europe.funding.pooledUsd).toBeNull();
    expect(europe.funding.directUsd).toBeNull();
    expect(europe.funding.countedLocalUsd).not.toBeNull();
  });
});
