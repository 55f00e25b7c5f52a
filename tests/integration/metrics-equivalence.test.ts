// The metrics the server returns are exactly what plain, obviously-correct SQL returns on the same data
// (bench/reference.ts: one year and one filter at a time, straight from the formulas). Whatever the server
// does to be fast (indexes, rewritten queries, aggregates maintained on approval), it must not change a
// figure, and an approval, a reopening or a new exchange rate shows on the very next call.
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSynthetic } from '@lpt/db/seed/synthetic';
import { breakdownKeys, type MetricsSummary } from '@lpt/shared/metrics';
import { LOCAL_SHARE_TARGET, organizationTypes, regions, shareBuckets, typeGroups } from '@lpt/shared/enums';
import { referenceBreakdown, referenceSummary, referenceTrend } from '../../bench/reference.ts';
import { callerFor, createUser } from '../factories/index.ts';
import { useTestDatabase } from '../setup/database.ts';

// Several connections on PostgreSQL, so that concurrent approvals really run concurrently.
const getDb = useTestDatabase({ maxConnections: 4 });

/** The figures of a summary, without the fields that say how it was asked for. */
function figuresOf(summary: MetricsSummary & { key?: string }) {
  const {
    basis: _basis,
    suppressed: _suppressed,
    suppressedBecause: _because,
    key: _key,
    release: _release,
    withheldFigures: _withheld,
    ...figures
  } = summary;
  return figures;
}

// 240 organisations × 4 years (2023–2026, 2026 open): every type and region, statuses, currencies and some
// not_applicable sections, with groups both above and below the suppression threshold.
const SEED = 31;
let years: { first: number; lastClosed: number; open: number };
let coordinator: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  const { db } = getDb();
  await seedSynthetic(db, { organizations: 240, years: 4, seed: SEED, passwordHash: 'not-used-by-this-test' });
  // Edge cases the generator does not make on its own: a withdrawn signatory, one signing after a due
  // date, and a currency with no rate for a year (left out of USD totals, listed as missing).
  const orgs = await db.selectFrom('organizations').select('id').orderBy('id').limit(3).execute();
  await db.updateTable('organizations').set({ withdrawnOn: '2024-06-30' }).where('id', '=', orgs[0]!.id).execute();
  await db.updateTable('organizations').set({ signedOn: '2026-05-01' }).where('id', '=', orgs[1]!.id).execute();
  await db.deleteFrom('exchangeRates').where('year', '=', 2024).where('currency', '=', 'KES').execute();
  // Published reports on the formulas' edges, a few per year: shares exactly on the bucket bounds and the
  // 25 % target, an in-scope expenditure of zero (no share of its own), and not_applicable sections whose
  // stale figures must not count.
  const published = await db.selectFrom('approvedReports').select(['reportId', 'year']).orderBy('reportId').execute();
  const byYear = new Map<number, number[]>();
  for (const r of published) byYear.set(r.year, [...(byYear.get(r.year) ?? []), r.reportId]);
  const set = (ids: number[], values: Record<string, unknown>) =>
    db.updateTable('approvedReports').set(values).where('reportId', 'in', ids).execute();
  const money = { toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 };
  for (const ids of byYear.values()) {
    await set(ids.slice(0, 2), { fundingStatus: 'in_progress', inScopeExpenditure: 400_000, toLocalDirect: 100_000, ...money });
    await set(ids.slice(2, 3), { fundingStatus: 'in_progress', inScopeExpenditure: 500_000, toLocalDirect: 50_000, ...money });
    await set(ids.slice(3, 4), { fundingStatus: 'fulfilled', inScopeExpenditure: 500_000, toLocalDirect: 250_000, ...money });
    await set(ids.slice(4, 5), { fundingStatus: 'not_started', inScopeExpenditure: 0, toLocalDirect: 0, ...money });
    await set(ids.slice(5, 7), { fundingStatus: 'not_applicable', fundingNotApplicableReason: 'No programme funds this year.' });
    await set(ids.slice(7, 8), { collaborationStatus: 'not_applicable', collaborationNotApplicableReason: 'No partners.' });
    await set(ids.slice(8, 9), { needsStatus: 'not_applicable', needsNotApplicableReason: 'No assessments.' });
    await set(ids.slice(9, 10), { creditStatus: 'not_applicable', creditNotApplicableReason: 'Not our materials.' });
    await set(ids.slice(10, 11), { capacityStatus: 'not_applicable', capacityNotApplicableReason: 'Not requested.' });
  }
  const cycles = await db.selectFrom('reportingCycles').select(['year', 'status']).orderBy('year').execute();
  years = {
    first: cycles[0]!.year,
    lastClosed: Math.max(...cycles.filter((c) => c.status === 'closed').map((c) => c.year)),
    open: cycles.find((c) => c.status === 'open')!.year,
  };
  coordinator = await createUser(db, 'coordinator');
}, 120_000);

describe('metrics equal the straightforward SQL', () => {
  it('summary, for every year, unfiltered and with each region and type filter', async () => {
    const { db } = getDb();
    const api = callerFor(db, coordinator);
    for (let year = years.first; year <= years.open; year++) {
      const filters = [
        {},
        ...regions.map((region) => ({ region })),
        ...organizationTypes.map((organizationType) => ({ organizationType })),
        ...typeGroups.map((typeGroup) => ({ typeGroup })),
        { region: 'africa' as const, typeGroup: 'local_national' as const },
      ];
      for (const filter of filters) {
        const actual = await api.metrics.summary({ year, ...filter });
        expect(figuresOf(actual), `${year} ${JSON.stringify(filter)}`).toEqual(await referenceSummary(db, { year, ...filter }));
      }
    }
  });

  it('the data exercises what the formulas distinguish', async () => {
    const { db } = getDb();
    const reference = await referenceSummary(db, { year: 2024 });
    expect(reference.currenciesWithoutRate).toEqual(['KES']);
    expect(reference.organizationsReporting).toBeGreaterThan(200);
    expect(reference.statusCounts.funding!.not_applicable).toBeGreaterThan(0);
    expect(reference.fundingOrganizations).toBeLessThan(reference.organizationsReporting);
    expect(reference.funding.atOrAbove25).toBeGreaterThan(0);
    expect(reference.statusCounts.collaboration!.not_applicable).toBeGreaterThan(0);
    // 240 signatories, less the one withdrawn before the due date and the one signing after it.
    expect(reference.organizationsEligible).toBe(238);
  });

  it('trend, over every year and with a filter', async () => {
    const { db } = getDb();
    const api = callerFor(db, coordinator);
    for (const filter of [{}, { region: 'asia' as const }, { organizationType: 'local_ngo' as const }, { typeGroup: 'un_intergovernmental' as const }]) {
      const input = { fromYear: years.first - 1, toYear: years.open, ...filter };
      const actual = await api.metrics.trend(input);
      expect(actual.points.map(figuresOf), JSON.stringify(filter)).toEqual(await referenceTrend(db, input));
    }
  });

  it('breakdown by region, by organisation type and by type group', async () => {
    const { db } = getDb();
    const api = callerFor(db, coordinator);
    for (const by of ['region', 'organizationType', 'typeGroup'] as const) {
      const actual = await api.metrics.breakdown({ year: years.lastClosed, by });
      expect(actual.rows.map((r) => r.key)).toEqual([...breakdownKeys[by]]);
      expect(actual.rows.map(figuresOf), by).toEqual(
        (await referenceBreakdown(db, { year: years.lastClosed, by }, breakdownKeys[by])).map(({ key: _key, ...figures }) => figures),
      );
    }
  });

  // Publishing plans every figure group of every viewer (releases.service.ts): longer than a query.
  it('the public sees the same figures as released, withheld cells and figures blank', { timeout: 120_000 }, async () => {
    const { db } = getDb();
    await callerFor(db, coordinator).releases.publish({ year: years.open });
    const api = callerFor(db, null);
    // The open year has few approved reports per type: some rows are withheld, others not (the type
    // groups are shown where the rules allow, at the cost of more of the fifteen types).
    let withheld = 0;
    let rows = 0;
    for (const by of ['organizationType', 'typeGroup'] as const) {
      const actual = await api.metrics.breakdown({ year: years.open, by });
      const expected = await referenceBreakdown(db, { year: years.open, by }, breakdownKeys[by]);
      withheld += actual.rows.filter((r) => r.suppressed).length;
      rows += actual.rows.length;
      actual.rows.forEach((row, i) => {
        const { key: _key, ...reference } = expected[i]!;
        const shown = figuresOf(row) as Record<string, unknown>;
        const flat = (o: unknown, prefix = ''): [string, unknown][] =>
          Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
            v !== null && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
          );
        const referenceFlat = new Map(flat(reference));
        for (const [path, value] of flat(shown)) {
          if (path === 'year' || path === 'currenciesWithoutRate') continue;
          if (row.suppressed || row.withheldFigures.includes(path)) expect(value, `${row.key} ${path}`).toBeNull();
          else expect(value, `${row.key} ${path}`).toEqual(referenceFlat.get(path));
        }
      });
    }
    expect(withheld).toBeGreaterThan(0);
    expect(withheld).toBeLessThan(rows);
  });
});

describe('the next call shows every change', () => {
  it('an approval, a reopening and a new exchange rate', async () => {
    const { db } = getDb();
    const api = callerFor(db, coordinator);
    const year = years.open;
    const before = await api.metrics.summary({ year });

    // Approve a submitted report of the open cycle.
    const submitted = await db
      .selectFrom('progressReports')
      .innerJoin('organizations', 'organizations.id', 'progressReports.organizationId')
      .select(['progressReports.organizationId', 'organizations.region'])
      .where('progressReports.year', '=', year)
      .where('progressReports.status', '=', 'submitted')
      .orderBy('progressReports.id')
      .executeTakeFirstOrThrow();
    await api.reports.review({ organizationId: submitted.organizationId, year, decision: 'approve', comment: '' });
    const afterApproval = await api.metrics.summary({ year });
    expect(afterApproval.organizationsReporting).toBe(before.organizationsReporting! + 1);
    expect(figuresOf(afterApproval)).toEqual(await referenceSummary(db, { year }));
    const regionRow = (await api.metrics.breakdown({ year, by: 'region' })).rows.find((r) => r.key === submitted.region)!;
    expect(figuresOf(regionRow)).toEqual(await referenceSummary(db, { year, region: submitted.region }));

    // Reopening keeps the approved figures published until the next approval.
    await api.reports.reopen({ organizationId: submitted.organizationId, year, reason: 'The in-scope expenditure was misread.' });
    expect(figuresOf(await api.metrics.summary({ year }))).toEqual(figuresOf(afterApproval));

    // A corrected exchange rate changes every USD figure of the year at once.
    const eur = await db.selectFrom('exchangeRates').select('usdPerUnit').where('year', '=', year).where('currency', '=', 'EUR').executeTakeFirstOrThrow();
    await api.rates.upsert({ year, currency: 'EUR', usdPerUnit: Number(eur.usdPerUnit) * 1.5 });
    const afterRate = await api.metrics.summary({ year });
    expect(afterRate.funding.inScopeExpenditureUsd).not.toBe(afterApproval.funding.inScopeExpenditureUsd);
    expect(figuresOf(afterRate)).toEqual(await referenceSummary(db, { year }));
    expect(figuresOf((await api.metrics.trend({ fromYear: years.first, toYear: year })).points.at(-1)!)).toEqual(
      await referenceSummary(db, { year }),
    );
  });

  it('an organisation changing type, withdrawing or joining, and a new due date', async () => {
    const { db } = getDb();
    const api = callerFor(db, coordinator);
    const year = years.lastClosed;
    const breakdownEqualsReference = async () => {
      const actual = await api.metrics.breakdown({ year, by: 'organizationType' });
      const expected = await referenceBreakdown(db, { year, by: 'organizationType' }, breakdownKeys.organizationType);
      expect(actual.rows.map(figuresOf)).toEqual(expected.map(({ key: _key, ...figures }) => figures));
    };
    const published = await db
      .selectFrom('approvedReports')
      .innerJoin('organizations', 'organizations.id', 'approvedReports.organizationId')
      .select(['organizations.id', 'organizations.type'])
      .where('approvedReports.year', '=', year)
      .where('organizations.type', '=', 'donor')
      .orderBy('organizations.id')
      .executeTakeFirstOrThrow();
    const before = await api.metrics.summary({ year, organizationType: 'donor' });

    // Its published reports move to the new type, in every year.
    await api.organizations.update({ id: published.id, type: 'network' });
    const after = await api.metrics.summary({ year, organizationType: 'donor' });
    expect(after.organizationsReporting).toBe(before.organizationsReporting! - 1);
    await breakdownEqualsReference();
    expect((await api.metrics.trend({ fromYear: years.first, toYear: years.open, organizationType: 'network' })).points.map(figuresOf)).toEqual(
      await referenceTrend(db, { fromYear: years.first, toYear: years.open, organizationType: 'network' }),
    );

    // Withdrawing before the due date: no longer eligible, its report no longer counts in the rate.
    await api.organizations.update({ id: published.id, withdrawnOn: `${year}-12-31` });
    await breakdownEqualsReference();

    // A new signatory is eligible from its signing date.
    const beforeJoining = await api.metrics.summary({ year: years.open });
    await api.organizations.create({ name: 'Newly Signed Collective', type: 'migrant_led', country: 'UG', signedOn: `${years.open}-06-01`, disclosure: 'public' });
    const afterJoining = await api.metrics.summary({ year: years.open });
    expect(afterJoining.organizationsEligible).toBe(beforeJoining.organizationsEligible! + 1);
    expect(figuresOf(afterJoining)).toEqual(await referenceSummary(db, { year: years.open }));

    // Moving the due date before it signed makes it ineligible for that year again.
    await api.cycles.upsert({ year: years.open, opensOn: `${years.open}-01-15`, dueOn: `${years.open}-05-31`, status: 'open' });
    const earlier = await api.metrics.summary({ year: years.open });
    expect(earlier.organizationsEligible).toBeLessThan(afterJoining.organizationsEligible!);
    expect(figuresOf(earlier)).toEqual(await referenceSummary(db, { year: years.open }));
  });
});

describe('concurrent approvals', () => {
  it('in the same cell both count', async () => {
    const { db } = getDb();
    const year = years.open;
    // Two submitted reports of organisations of the same region, type and currency: one cell.
    const pairs = await db
      .selectFrom('progressReports as p')
      .innerJoin('organizations as o', 'o.id', 'p.organizationId')
      .select(['p.organizationId', 'o.region', 'o.type', 'p.currency'])
      .where('p.year', '=', year)
      .where('p.status', '=', 'submitted')
      .orderBy('p.id')
      .execute();
    const cellOf = (r: (typeof pairs)[number]) => `${r.region}/${r.type}/${r.currency}`;
    const first = pairs.find((r) => pairs.some((other) => other !== r && cellOf(other) === cellOf(r)))!;
    const second = pairs.find((r) => r !== first && cellOf(r) === cellOf(first))!;
    const before = await callerFor(db, coordinator).metrics.summary({ year });
    await Promise.all(
      [first, second].map((r) =>
        callerFor(db, coordinator).reports.review({ organizationId: r.organizationId, year, decision: 'approve', comment: '' }),
      ),
    );
    const after = await callerFor(db, coordinator).metrics.summary({ year });
    expect(after.organizationsReporting).toBe(before.organizationsReporting! + 2);
    expect(figuresOf(after)).toEqual(await referenceSummary(db, { year }));
  });
});

describe('the maintained aggregates', () => {
  // The cells keep counts per share bucket and at or above the target, with the bounds written in
  // migration 2026_11_27_0003. Changing these constants needs a migration that redefines
  // refresh_metric_cells (and rebuilds the cells) — this test is the reminder.
  it('count the share buckets and the target that shared/src/enums.ts defines', () => {
    expect(shareBuckets.map((b) => [b.from, b.to])).toEqual([
      [0, 0.1],
      [0.1, 0.25],
      [0.25, 0.5],
      [0.5, null],
    ]);
    expect(LOCAL_SHARE_TARGET).toBe(0.25);
  });
});
