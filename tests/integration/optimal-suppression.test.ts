// The demo data, signed out (issue 16, "Whole years disappear"): every closed year with 5 or more
// reporting and no dominance at world level shows its world total. Before optimal suppression the public
// lost the total of 2022 and 2023 (`complement`) although 25 and 35 signatories reported.
//
// The world total's cell now shows (its counts follow the threshold rule alone: nobody dominates a count);
// its sums follow the p % rule on their own, so a dominated world sum is withheld inside a shown total.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOSED_YEARS, seedDemo } from '@lpt/db/seed/demo';
import { releaseClosedYears } from '@lpt/server/features/releases/releases.service';
import { SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import { callerFor, createUser } from '../factories/index.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();

beforeAll(async () => {
  await seedDemo(getDb().db, { passwordHash: 'not-used-by-this-test' });
  await releaseClosedYears(getDb().db);
}, 300_000);

describe('the demo data, signed out', () => {
  it('shows the world total of every closed year that has 5 or more reporting and no dominance at world level', async () => {
    const { db } = getDb();
    const coordinator = callerFor(db, await createUser(db, 'coordinator'));
    const anonymous = callerFor(db, null);
    for (const year of DEMO_CLOSED_YEARS) {
      const truth = await coordinator.metrics.summary({ year });
      expect(truth.organizationsReporting, `${year}`).toBeGreaterThanOrEqual(SUPPRESSION_THRESHOLD);
      const world = await anonymous.metrics.summary({ year });
      if (world.suppressedBecause === 'dominance') continue;
      expect(world.suppressedBecause, `${year}`).toBeNull();
      expect(world.organizationsReporting, `${year}`).toBe(truth.organizationsReporting);
    }
  });
});
