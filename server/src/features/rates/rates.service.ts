// Annual average exchange rates (US dollars per unit). US dollars need no rate: 1 USD is 1 USD.
import type { Database } from '@lpt/db/connect';
import { AppError, fieldError, refusal } from '../../errors.ts';
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

/** How many organisations a refusal names before "…": enough to act on, short enough to read. */
const NAMED_DEPENDANTS = 5;

/**
 * Removes a rate that no approved report converts with. Metrics join the rate when they are read, so
 * removing one an approved report depends on would silently drop that report's US-dollar figures: such a
 * removal is refused, naming the reports. (Correcting a rate's value stays open through upsertRate: a
 * corrected rate is meant to change every US-dollar figure of its year at once; the year and currency are
 * the rate's key, so "correcting" those is a removal and a new rate.)
 */
export async function removeRate(db: Database, actorId: number, key: { year: number; currency: string }) {
  return db.transaction().execute(async (trx) => {
    const before = await q.findRate(trx, key.year, key.currency);
    if (!before) throw new AppError('NOT_FOUND', refusal('no_such_rate', key));
    const dependants = await q.approvedReportsConvertedBy(trx, key.year, key.currency);
    if (dependants.length > 0) {
      const named = dependants.slice(0, NAMED_DEPENDANTS).map((d) => d.name);
      const names = dependants.length > NAMED_DEPENDANTS ? `${named.join(', ')}, …` : named.join(', ');
      throw new AppError('CONFLICT', refusal('rate_in_use', { ...key, count: dependants.length, names }));
    }
    await q.deleteRate(trx, key.year, key.currency);
    await recordAudit(trx, {
      entity: 'rate',
      entityKey: `${key.year}-${key.currency}`,
      action: 'delete',
      actorId,
      changes: [{ field: 'usdPerUnit', from: before.usdPerUnit, to: null }],
    });
    return { year: before.year, currency: before.currency, usdPerUnit: before.usdPerUnit };
  });
}

export const listRates = q.listRates;

/** Currencies in use without a rate for their year, newest year first. */
export async function missingRates(db: Database) {
  const rows = await q.currenciesWithoutRate(db);
  return rows.map((r) => ({ year: r.year, currency: r.currency!, reports: Number(r.reports) }));
}
