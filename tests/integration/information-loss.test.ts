// The information-loss table of issue 16 (bench/lib/information-loss.ts, which `pnpm bench` prints) on the
// demo data, as `pnpm start` publishes it: each closed year's first release. It checks that the table
// reads what the viewers read and that its counts nest; the goals (80 % of the total, region and
// type-group cells that pass the primary rules by themselves; every year's total with its headline) are
// printed with the table and not asserted here: other parts of the work meet them.
import { describe, expect, it } from 'vitest';
import { seedDemo } from '@lpt/db/seed/demo';
import { releaseClosedYears } from '@lpt/server/features/releases/releases.service';
import { goalsOf, informationLoss, lossTable, LOSS_TABLE_HEADER, type ReleaseLoss } from '../../bench/lib/information-loss.ts';
import { callerFor } from '../factories/index.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();

describe('the information-loss table on the demo data', () => {
  it('counts, per viewer, the cells and figures shown against those that pass the primary rules alone and those with organisations', async () => {
    const { db } = getDb();
    await seedDemo(db);
    const started = performance.now();
    const years = await releaseClosedYears(db);
    const publishingMs = performance.now() - started;
    expect(years.length).toBeGreaterThan(0);
    const releases = await db.selectFrom('metricReleases').select(['id', 'year']).orderBy('year').execute();
    const table: ReleaseLoss[] = [];
    for (const r of releases) table.push(await informationLoss(db, r.id));
    console.log(
      [`Demo data: ${years.length} closed years released in ${(publishingMs / 1000).toFixed(1)} s`, ...LOSS_TABLE_HEADER, ...lossTable('demo', table)].join('\n'),
    );
    for (const r of table) {
      const goals = r.viewers.map((v) => ({ viewer: v.viewer, ...goalsOf(v) }));
      console.log(`${r.year}: goals ${JSON.stringify(goals)}`);
    }

    const anonymous = callerFor(db, null);
    for (const release of table) {
      expect(release.viewers.map((v) => v.viewer).sort()).toEqual(['donor', 'public']);
      for (const v of release.viewers) {
        // Nothing is shown that a primary rule withholds, and only cells with organisations are counted.
        expect(v.all.shown).toBeLessThanOrEqual(v.all.passingAlone);
        expect(v.all.passingAlone).toBeLessThanOrEqual(v.all.cells);
        expect(v.all.cells).toBeLessThanOrEqual(v.published);
        expect(v.margins.shown).toBeLessThanOrEqual(v.margins.passingAlone);
        expect(v.figuresShown).toBeLessThanOrEqual(v.figures);
        expect(v.total.reporting).toBeGreaterThan(0);
      }
      const [donor, pub] = ['donor', 'public'].map((viewer) => release.viewers.find((v) => v.viewer === viewer)!);
      // The public is never shown more than donors (a donor can read signed out too).
      expect(pub!.all.shown).toBeLessThanOrEqual(donor!.all.shown);
      expect(pub!.figuresShown).toBeLessThanOrEqual(donor!.figuresShown);
      // The table reads what the public reads: the year's total, withheld or shown, and its headline.
      const read = await anonymous.metrics.summary({ year: release.year });
      expect(!read.suppressed).toBe(pub!.total.shown);
      expect(read.organizationsReporting === null).toBe(!pub!.total.shown);
      if (pub!.total.shown) expect(read.funding.weightedShare === null).toBe(pub!.total.headlineWithheld.includes('funding.weightedShare'));
    }
  }, 300_000);
});
