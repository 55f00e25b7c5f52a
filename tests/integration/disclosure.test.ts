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
import { countViewOf, secrets, viewOf } from '../security/released-view.ts';
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
}

const funding = (s: Signatory) => ({
  inScopeExpenditure: s.inScope,
  toLocalDirect: s.direct ?? Math.round(s.inScope / 5),
  toLocalPooled: s.pooled ?? 0,
  toLocalOneIntermediary: 0,
  toLocalTwoPlusIntermediaries: 0,
  multiYearToLocal: 0,
});

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
    await createApprovedReport(db, { organizationId: id, year: YEAR, data: completeReportData({ currency: 'USD', funding: funding(s) }), approvedBy: coordinatorUser.id });
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
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
    const europe = await fx.donor.metrics.summary({ year: YEAR, region: 'europe' });
    // 13 reporting, 12 of them listed one by one for donors: what Europe adds is Waypoint alone.
    expect(europe.suppressed).toBe(true);
    expect(europe.suppressedBecause).toBe('not_published_individually');
    expect(europe.organizationsEligible).toBeNull();
    // Signed out, the donor reads what the public reads: that must not show Europe either, although 13
    // organisations without any one dominating would be enough for a reader who knows none of them.
    expect((await fx.anonymous.metrics.summary({ year: YEAR, region: 'europe' })).suppressed).toBe(true);
    const donorView = await viewOf(fx.donor, fx.coordinator, true, YEAR);
    const publicView = await viewOf(fx.anonymous, fx.coordinator, false, YEAR);
    expect(donorView.release.organizations.filter((o) => o.known)).toHaveLength(20);
    // Everything the public sees, donors see: the donor's view is all that donor can combine.
    const donorShown = new Set(donorView.release.shown.map((c) => c.join('|')));
    expect(publicView.release.shown.filter((c) => !donorShown.has(c.join('|')))).toEqual([]);
    expect(determined([donorView.release], await secrets(fx.coordinator, donorView.summaries, YEAR))).toEqual([]);
    // Nor does the list of releases name it to anyone but coordinators; and as the year's total is
    // withheld from the public (and from donors: Waypoint dominates it), not even the unnamed are counted.
    const [publicRelease] = (await fx.anonymous.metrics.releases({ year: YEAR })).releases;
    expect(publicRelease!.changes.organizationsAdded.map((o) => o.name)).not.toContain('Waypoint Humanitarian');
    expect((await fx.anonymous.metrics.summary({ year: YEAR })).suppressed).toBe(true);
    expect(publicRelease!.changes.unnamed).toBeNull();
    expect(publicRelease!.organizationsReporting).toBeNull();
    expect(publicRelease!.changes.organizationsAdded).toHaveLength(20);
    const [coordinatorRelease] = (await fx.coordinator.metrics.releases({ year: YEAR })).releases;
    expect(coordinatorRelease!.changes.organizationsAdded.map((o) => o.name)).toContain('Waypoint Humanitarian');
  });
});

describe('anyone counting what a release withholds', () => {
  it('cannot read how many organisations a withheld total holds from the list of releases', async () => {
    const fx = await seed([
      { name: 'Kisumu Women Forum', type: 'local_ngo', country: 'KE', inScope: 2_400_000 },
      ...many(2, { type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only' }),
    ]);
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
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
      const [release] = (await viewer.metrics.releases({ year: YEAR })).releases;
      expect(release!.organizationsReporting).toBeNull();
      expect(release!.changes.unnamed).toBeNull();
    }
    // Coordinators count everything, as before.
    const [coordinatorRelease] = (await fx.coordinator.metrics.releases({ year: YEAR })).releases;
    expect(coordinatorRelease!.organizationsReporting).toBe(3);
    expect(coordinatorRelease!.changes.unnamed).toEqual({ added: 0, changed: 0, removed: 0 });
  });

  it('cannot count the approved reports of a withheld year in the corrections log', async () => {
    const fx = await seed([
      { name: 'Kisumu Women Forum', type: 'local_ngo', country: 'KE', inScope: 2_400_000 },
      { name: 'Quiet Lakes Trust', type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only', inScope: 1_300_000 },
      { name: 'Quiet Hills Trust', type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only', inScope: 1_700_000 },
    ]);
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
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
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
    await fx.coordinator.reports.reopen({ organizationId: fx.ids.get('local_ngo KE 7')!, year: YEAR, reason: 'Pooled funds counted twice.' });
    expect((await fx.anonymous.metrics.summary({ year: YEAR })).suppressed).toBe(false);
    expect(await fx.anonymous.reports.corrections({ year: YEAR })).toEqual([
      expect.objectContaining({ year: YEAR, organizationName: 'A signatory (aggregate only)', reason: 'Pooled funds counted twice.' }),
    ]);
  });

  it('still tells a donor the counts of a release whose total it sees', async () => {
    const fx = await seed([...many(6, { type: 'national_ngo', country: 'DE' }), ...many(6, { type: 'local_ngo', country: 'KE', disclosure: 'aggregate_only' })]);
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
    expect((await fx.donor.metrics.summary({ year: YEAR })).suppressed).toBe(false);
    const [release] = (await fx.donor.metrics.releases({ year: YEAR })).releases;
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
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
    const { release, summaries } = await viewOf(fx.anonymous, fx.coordinator, false, YEAR);
    const asiaIntergovernmental = summaries.get('asia|intergovernmental')!;
    expect(asiaIntergovernmental.suppressed).toBe(true);
    // A withheld cell says nothing that helps the arithmetic.
    expect(asiaIntergovernmental.organizationsEligible).toBeNull();
    expect(asiaIntergovernmental.organizationsReporting).toBeNull();
    const targets = await secrets(fx.coordinator, summaries, YEAR);
    expect(targets.length).toBeGreaterThan(12);
    expect(determined([release], targets)).toEqual([]);
  });
});

describe('anyone comparing before and after', () => {
  it("sees no figure move when a report is approved, and the next release cannot expose that one organisation's figures", async () => {
    const fx = await seed([...many(8, { type: 'national_ngo', country: 'KE' }), ...many(8, { type: 'local_ngo', country: 'DE' })]);
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
    const before = await fx.anonymous.metrics.summary({ year: YEAR });
    expect(before.suppressed).toBe(false);
    expect(before.release?.number).toBe(1);
    // One more approval: live for coordinators, not for anyone else.
    const { id } = await createOrganization(fx.db, { name: 'Late Reporter', type: 'national_ngo', country: 'KE' });
    await createApprovedReport(fx.db, { organizationId: id, year: YEAR, data: completeReportData({ currency: 'USD', funding: funding({ name: '', type: 'national_ngo', country: 'KE', inScope: 2_500_000 }) }), approvedBy: fx.coordinatorUser.id });
    expect(await fx.anonymous.metrics.summary({ year: YEAR })).toEqual(before);
    expect((await fx.coordinator.metrics.summary({ year: YEAR })).organizationsReporting).toBe(17);
    // Released now, the total (and Africa, and national NGOs) would differ by exactly that organisation.
    const preview = await fx.coordinator.metrics.previewRelease({ year: YEAR });
    expect(preview.changes.organizationsAdded.map((o) => o.name)).toEqual(['Late Reporter']);
    // No suppression in a second release can hide that: it waits, says why, and nothing changes.
    expect(preview.exposures.length).toBeGreaterThan(0);
    expect(preview.exposures.map((e) => e.description).join(' ')).toMatch(/could be (worked out|estimated)/);
    // Said as data the web app words: which cell, what, how and in which release.
    expect(preview.exposures).toContainEqual(
      expect.objectContaining({ what: 'cell', how: 'determined', region: 'europe', organizationType: '', release: preview.number, figures: null }),
    );
    await expect(fx.coordinator.metrics.publishRelease({ year: YEAR })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await fx.anonymous.metrics.summary({ year: YEAR })).toEqual(before);
    // The releases are listed, and say what they changed.
    const { releases } = await fx.anonymous.metrics.releases({ year: YEAR });
    expect(releases[releases.length - 1]!.number).toBe(1);
    expect(releases[releases.length - 1]!.changes.organizationsAdded).toHaveLength(16);
    // And a release cannot be rewritten, not even by the database's own users.
    await expect(sql`update metric_releases set number = 9`.execute(fx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from metric_release_cells`.execute(fx.db)).rejects.toThrow(/append-only/);
    await expect(sql`update metric_release_organizations set figures = '{}'`.execute(fx.db)).rejects.toThrow(/append-only/);
  });
});

describe('a member of a small cell, and a cell one organisation makes up', () => {
  it('withholds a cell where one organisation is nearly all of it, even with 5 or more', async () => {
    const fx = await seed([
      { name: 'Large Agency', type: 'un_agency', country: 'KE', inScope: 950_000_000 },
      ...many(5, { type: 'un_agency', country: 'SN' }, 2_000_000),
      ...many(8, { type: 'national_ngo', country: 'DE' }),
    ]);
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
    const agencies = await fx.anonymous.metrics.summary({ year: YEAR, organizationType: 'un_agency' });
    // 6 UN agencies: the second largest, subtracting its own figure, would learn the largest within 1 %.
    expect(agencies.suppressed).toBe(true);
    expect(agencies.suppressedBecause).toBe('dominance');
    // Coordinators read the withheld cell as stored, its type code intact (the stored plan's keys hold
    // "un_agency": read back camelCased, the cell failed the output schema and counted no one).
    const { releases } = await fx.coordinator.metrics.releases({ year: YEAR });
    const cells = await fx.coordinator.metrics.withheldCells({ releaseId: releases[0]!.id, viewer: 'public' });
    expect(cells.cells).toContainEqual(expect.objectContaining({ region: '', organizationType: 'un_agency', reason: 'dominance', organizationsReporting: 6 }));
    // So is the total it dominates (and nothing else gives the cell away).
    const { release, summaries } = await viewOf(fx.anonymous, fx.coordinator, false, YEAR);
    expect(determined([release], await secrets(fx.coordinator, summaries, YEAR))).toEqual([]);
  });

  it('withholds a money figure that one organisation makes up, inside a cell that is shown', async () => {
    const fx = await seed([
      ...many(6, { type: 'national_ngo', country: 'DE' }).map((s, i) => ({ ...s, pooled: i === 0 ? 300_000 : 0 })),
      ...many(6, { type: 'local_ngo', country: 'IT' }),
    ]);
    await fx.coordinator.metrics.publishRelease({ year: YEAR });
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
