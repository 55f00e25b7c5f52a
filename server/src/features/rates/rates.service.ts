// Annual average exchange rates (US dollars per unit). US dollars need no rate: 1 USD is 1 USD.
import type { Database } from '@lpt/db/connect';
import { fieldError } from '../../errors.ts';
import { changesBetween, recordAudit } from '../audit/audit.queries.ts';
import * as q from './rates.queries.ts';

export async function upsertRate(db: Database, actorId: number, rate: { year: number; currency: string; usdPerUnit: number }) {
  if (rate.currency === 'USD' && rate.usdPerUnit !== 1)
    throw fieldError('One US dollar is always worth one US dollar', 'usdPerUnit', 'usd_rate_must_be_1');
  return db.transaction().execute(async (trx) => {
    const before = await q.findRate(trx, rate.year, rate.currency);
    await q.upsertRate(trx, rate);
    await recordAudit(trx, {
      entity: 'rate',
      entityKey: `${rate.year}-${rate.currency}`,
      action: before ? 'update' : 'create',
      actorId,
      changes: changesBetween(before ?? null, rate),
    });
    return rate;
  });
}

/** The rate that converts a report's currency for its year, or null when it is missing. */
export async function usdPerUnit(db: Database, year: number, currency: string): Promise<number | null> {
  if (currency === 'USD') return 1;
  return (await q.findRate(db, year, currency))?.usdPerUnit ?? null;
}

export const listRates = q.listRates;

/** Currencies in use without a rate for their year, newest year first. */
export async function missingRates(db: Database) {
  const rows = await q.currenciesWithoutRate(db);
  return rows.map((r) => ({ year: r.year, currency: r.currency!, reports: Number(r.reports) }));
}
