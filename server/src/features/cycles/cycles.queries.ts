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
