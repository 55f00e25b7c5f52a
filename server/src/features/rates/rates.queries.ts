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

/**
 * The currencies reports use without a rate for their year (of any status: a draft's currency needs a rate
 * by the time it is approved), with how many reports use each: what the secretariat must add.
 */
export function currenciesWithoutRate(db: Db) {
  return db
    .selectFrom('progressReports')
    .leftJoin('exchangeRates', (join) =>
      join.onRef('exchangeRates.year', '=', 'progressReports.year').onRef('exchangeRates.currency', '=', 'progressReports.currency'),
    )
    .where('progressReports.currency', 'is not', null)
    .where('progressReports.currency', '!=', 'USD')
    .where('exchangeRates.currency', 'is', null)
    .select((eb) => ['progressReports.year', 'progressReports.currency', eb.fn.countAll<string>().as('reports')])
    .groupBy(['progressReports.year', 'progressReports.currency'])
    .orderBy('progressReports.year', 'desc')
    .orderBy('progressReports.currency')
    .execute();
}

/**
 * The approved reports a year's rate converts: the published copies (approved_reports, which a reopened
 * report keeps until it is approved again) of that year in that currency, with their organisations' names.
 */
export function approvedReportsConvertedBy(db: Db, year: number, currency: string) {
  return db
    .selectFrom('approvedReports')
    .innerJoin('organizations', 'organizations.id', 'approvedReports.organizationId')
    .select(['approvedReports.reportId', 'organizations.name'])
    .where('approvedReports.year', '=', year)
    .where('approvedReports.currency', '=', currency)
    .orderBy('organizations.name')
    .execute();
}

export function deleteRate(db: Db, year: number, currency: string) {
  return db.deleteFrom('exchangeRates').where('year', '=', year).where('currency', '=', currency).executeTakeFirst();
}
