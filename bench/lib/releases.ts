// Releases: what donors and the public read (server/src/features/releases). After seeding, the bench
// publishes a release of every seeded year as a coordinator would (`publishRelease`: plan each viewer's
// suppressions, audit them with HiGHS, store every cell), one year after another, and times each. A year
// whose audit finds an exposure is refused (CONFLICT): reported as such, the rest goes on.
import { sql } from 'kysely';
import { connect } from '@lpt/db/connect';
import { syntheticAccounts } from '@lpt/db/seed/synthetic';
import { publishRelease } from '@lpt/server/features/releases/releases.service';
import { AppError } from '@lpt/server/errors';

export interface YearRelease {
  year: number;
  /** The cycle's status: the open cycle is published too (as a coordinator may). */
  cycle: 'open' | 'closed' | string;
  outcome: 'published' | 'refused' | 'failed';
  ms: number;
  /** Organisations the release was planned from (approved reports of the year). */
  organizations: number | null;
  /** Cells withheld whole, per viewer. */
  withheld: { public: number; donor: number } | null;
  /** HiGHS linear programs the planner and audit solved, both viewers, all figure groups' headline plans. */
  linearPrograms: number | null;
  /** Why a release was refused or failed. */
  message: string | null;
}

export interface ReleaseResult {
  years: YearRelease[];
  totalMs: number;
  published: number;
  refused: number;
  failed: number;
}

export async function publishEveryYear(databaseUrl: string): Promise<ReleaseResult> {
  // The server's pool size: the planner runs some statements concurrently inside its transaction.
  const { db, close } = await connect({ databaseUrl, maxConnections: 4 });
  try {
    const coordinator = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', syntheticAccounts.coordinator)
      .executeTakeFirstOrThrow(() => new Error(`No coordinator ${syntheticAccounts.coordinator} in the synthetic data`));
    const cycles = await db.selectFrom('reportingCycles').select(['year', 'status']).orderBy('year').execute();
    const years: YearRelease[] = [];
    const started = performance.now();
    for (const cycle of cycles) {
      const t0 = performance.now();
      try {
        const release = await publishRelease(db, coordinator.id, cycle.year);
        const ms = performance.now() - t0;
        const { rows } = await sql<{ organizations: number; public_withheld: number; donor_withheld: number; lps: number }>`
          select jsonb_array_length(r.basis)::int as organizations,
                 (select count(*)::int from jsonb_object_keys(r.plan->'withheld'->'public')) as public_withheld,
                 (select count(*)::int from jsonb_object_keys(r.plan->'withheld'->'donor')) as donor_withheld,
                 (coalesce((r.plan->'audit'->'public'->>'linearPrograms')::int, 0)
                  + coalesce((r.plan->'audit'->'donor'->>'linearPrograms')::int, 0)) as lps
          from metric_releases r where r.id = ${release.id}`.execute(db.withoutPlugins());
        const r = rows[0];
        years.push({
          year: cycle.year,
          cycle: cycle.status,
          outcome: 'published',
          ms,
          organizations: r?.organizations ?? null,
          withheld: r ? { public: r.public_withheld, donor: r.donor_withheld } : null,
          linearPrograms: r?.lps ?? null,
          message: null,
        });
      } catch (error) {
        const ms = performance.now() - t0;
        const refused = error instanceof AppError && error.code === 'CONFLICT';
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        years.push({ year: cycle.year, cycle: cycle.status, outcome: refused ? 'refused' : 'failed', ms, organizations: null, withheld: null, linearPrograms: null, message });
      }
    }
    return {
      years,
      totalMs: performance.now() - started,
      published: years.filter((y) => y.outcome === 'published').length,
      refused: years.filter((y) => y.outcome === 'refused').length,
      failed: years.filter((y) => y.outcome === 'failed').length,
    };
  } finally {
    await close();
  }
}
