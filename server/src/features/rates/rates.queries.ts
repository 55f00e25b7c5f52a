import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@lpt/db/schema';

type Db = Kysely<DB> | Transaction<DB>;

export function listRates(db: Db, year?: number) {
  let query = db.selectFrom('exchangeRates').select(['year', 'currency', 'usdPerUnit', 'updatedAt']).orderBy('year', 'desc').orderBy('currency');
  if (year !== undefined) query = query.where('year', '=', year);
  return query.execute();
}

export function findRate(db: Db, year: number, currency: string) {
  return db
    .selectFrom('exchangeRates')
    .select(['year', 'currency', 'usdPerUnit'])
    .where('year', '=', year)
    .where('currency', '=', currency)
    .executeTakeFirst();
}

export function upsertRate(db: Db, rate: { year: number; currency: string; usdPerUnit: number }) {
  return db
    .insertInto('exchangeRates')
    .values(rate)
    .onConflict((oc) =>
      oc.columns(['year', 'currency']).doUpdateSet({ usdPerUnit: rate.usdPerUnit, updatedAt: new Date().toISOString() }),
    )
    .execute();
}
