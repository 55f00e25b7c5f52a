import type { Kysely, Transaction } from 'kysely';
import type { DB, ReportingCycle } from '@lpt/db/schema';

type Db = Kysely<DB> | Transaction<DB>;

export function listCycles(db: Db) {
  return db.selectFrom('reportingCycles').select(['year', 'opensOn', 'dueOn', 'status']).orderBy('year', 'desc').execute();
}

export function findCycle(db: Db, year: number) {
  return db.selectFrom('reportingCycles').select(['year', 'opensOn', 'dueOn', 'status']).where('year', '=', year).executeTakeFirst();
}

export function upsertCycle(db: Db, cycle: ReportingCycle) {
  return db
    .insertInto('reportingCycles')
    .values(cycle)
    .onConflict((oc) => oc.column('year').doUpdateSet({ opensOn: cycle.opensOn, dueOn: cycle.dueOn, status: cycle.status }))
    .execute();
}

/** How many of the year's reports are in each status (one row per status that has any). */
export function reportCountsByStatus(db: Db, year: number) {
  return db
    .selectFrom('progressReports')
    .select((eb) => ['status', eb.fn.countAll<string>().as('count')])
    .where('year', '=', year)
    .groupBy('status')
    .execute();
}
