// A release is stamped when it is written, not when its transaction began: on PostgreSQL, with two
// connections, a release whose transaction started first but committed last carries the later
// `published_at` (with now(), the transaction's start, it carried the earlier one). PGlite is a single
// connection, where two transactions cannot overlap: the test runs on PostgreSQL only.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertRelease } from '@lpt/server/features/releases/releases.queries';
import { createCycle } from '../factories/index.ts';
import { testBackend, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase({ maxConnections: 4 });
const YEAR = 2024;
const emptyChanges = { organizations: { added: [], changed: [], removed: [] }, cells: { shown: [], withheld: [] } };

describe.skipIf(testBackend() !== 'postgres')('release timestamps', () => {
  it('a release that started earlier but committed later is stamped later', async () => {
    const { db } = getDb();
    await createCycle(db, YEAR, { status: 'closed' });
    const release = (number: number) => ({ year: YEAR, number, publishedBy: null, trigger: 'manual' as const, changes: emptyChanges as never, plan: {}, basis: {} });

    let startedEarly!: () => void;
    const earlyHasStarted = new Promise<void>((resolve) => (startedEarly = resolve));
    let letEarlyFinish!: () => void;
    const lateHasCommitted = new Promise<void>((resolve) => (letEarlyFinish = resolve));

    const early = db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ started: Date }>`select now() as started`.execute(trx);
      startedEarly();
      await lateHasCommitted;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { started: new Date(rows[0]!.started), ref: await insertRelease(trx, release(2)) };
    });
    await earlyHasStarted;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const late = await db.transaction().execute((trx) => insertRelease(trx, release(1)));
    letEarlyFinish();
    const { started, ref: committedLast } = await early;

    const stamps = await db.selectFrom('metricReleases').select(['number', 'publishedAt']).where('year', '=', YEAR).orderBy('number').execute();
    const [first, second] = stamps.map((s) => new Date(s.publishedAt).getTime());
    // The transaction that committed last began before the other one was even written...
    expect(started.getTime()).toBeLessThan(first!);
    // ...and its release is stamped after it.
    expect(second!).toBeGreaterThan(first!);
    expect(new Date(committedLast.publishedAt).getTime()).toBe(second);
    expect(late.number).toBe(1);
  });
});
