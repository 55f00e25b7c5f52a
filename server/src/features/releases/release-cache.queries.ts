// What the public's and donors' answers depend on, read in one small statement per request
// (features/releases/release-cache.ts keys its cache and the answers' ETags by it).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@lpt/db/schema';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The newest release (id and publication time; none before the first), and every cycle's status and dates
 * (the people's downloads mark open years' rows as provisional; the public pages show when a year is due). Releases are only ever added, so a new one
 * has a new, higher id; its time tells a database laid anew (ids restarted) from the one before.
 */
export async function releaseState(db: Db) {
  const { rows } = await sql<{ id: number | null; publishedAt: string | Date | null; cycles: string | null }>`
    select r.id, r.published_at as "publishedAt",
      (select string_agg(c.year || ':' || c.status || ':' || c.opens_on || ':' || c.due_on, ',' order by c.year) from reporting_cycles c) as cycles
    from (select 1) one
    left join lateral (select id, published_at from metric_releases order by id desc limit 1) r on true`.execute(db.withoutPlugins());
  const row = rows[0]!;
  return {
    releaseId: row.id === null ? null : Number(row.id),
    publishedAt: row.publishedAt === null ? null : new Date(row.publishedAt).toISOString(),
    cycles: row.cycles ?? '',
  };
}
