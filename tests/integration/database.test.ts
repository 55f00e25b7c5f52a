// The migrated schema itself refuses bad data, on both backends (PGlite and PostgreSQL).
import { sql } from 'kysely';
import { figureColumns } from '@lpt/db/figures';
import { nameSkeletons } from '@lpt/db/names';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();

async function seed() {
  const { db } = getDb();
  const org = await db
    .insertInto('organizations')
    .values({
      name: 'Migrant Voices Network',
      ...nameSkeletons('Migrant Voices Network'),
      type: 'migrant_led',
      country: 'KE',
      region: 'africa',
      signedOn: '2024-05-01',
      disclosure: 'public',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('reportingCycles')
    .values({ year: 2025, opensOn: '2026-01-15', dueOn: '2026-03-31', status: 'open' })
    .execute();
  return { organizationId: org.id, year: 2025 };
}

/** The error a statement fails with (the test fails if it succeeds). */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the statement to be refused, but it succeeded');
}

describe('database schema', () => {
  beforeEach(async () => {
    await resetDatabase(getDb().db);
  });

  it('runs on the backend of its project', async ({ task }) => {
    const { db, kind } = getDb();
    expect(kind).toBe(task.file.projectName === 'postgres' ? 'postgres' : 'pglite');
    const { rows } = await sql<{ version: string }>`select version()`.execute(db);
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
  });

  it('refuses a negative in-scope expenditure', async () => {
    const { db } = getDb();
    const { organizationId, year } = await seed();
    const error = await failure(
      db
        .insertInto('progressReports')
        .values({ organizationId, year, version: 1, status: 'draft', warnings: '[]', currency: 'KES', inScopeExpenditure: -1 })
        .execute(),
    );
    expect(error.code).toBe('23514'); // check_violation
    // PostgreSQL tests check constraints in name order: the unnamed table check "transfers <= expenditure"
    // (progress_reports_checkN) trips before the column's own progress_reports_in_scope_expenditure_check.
    expect(error.message).toMatch(/^new row for relation "progress_reports" violates check constraint "progress_reports_\w+"$/);
    const { count } = await db.selectFrom('progressReports').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });

  it('refuses a negative transfer amount', async () => {
    const { db } = getDb();
    const { organizationId, year } = await seed();
    const error = await failure(
      db
        .insertInto('progressReports')
        .values({ organizationId, year, version: 1, status: 'draft', warnings: '[]', currency: 'KES', inScopeExpenditure: 1000, toLocalDirect: -0.01 })
        .execute(),
    );
    expect(error.code).toBe('23514');
    expect(error.message).toBe('new row for relation "progress_reports" violates check constraint "progress_reports_to_local_direct_check"');
  });

  it('refuses a second report for the same organisation and year', async () => {
    const { db } = getDb();
    const { organizationId, year } = await seed();
    const report = { organizationId, year, version: 1, status: 'draft' as const, warnings: '[]', inScopeExpenditure: 1000 };
    await db.insertInto('progressReports').values(report).execute();
    const error = await failure(db.insertInto('progressReports').values(report).execute());
    expect(error.code).toBe('23505'); // unique_violation
    expect(error.message).toContain('duplicate key value violates unique constraint "progress_reports_organization_id_year_key"');
  });

  it('keeps report history append-only', async () => {
    const { db } = getDb();
    const { organizationId, year } = await seed();
    const { id: reportId } = await db
      .insertInto('progressReports')
      .values({ organizationId, year, version: 1, status: 'draft', warnings: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('reportHistory')
      .values({ reportId, version: 1, action: 'create', changes: '[]', data: JSON.stringify({ status: 'draft' }) })
      .execute();

    const update = await failure(db.updateTable('reportHistory').set({ comment: 'rewritten' }).where('reportId', '=', reportId).execute());
    expect(update.code).toBe('P0001'); // raise_exception
    expect(update.message).toBe('history is append-only (report_history)');

    const remove = await failure(db.deleteFrom('reportHistory').where('reportId', '=', reportId).execute());
    expect(remove.message).toBe('history is append-only (report_history)');

    const rows = await db.selectFrom('reportHistory').select(['action', 'comment']).execute();
    expect(rows).toEqual([{ action: 'create', comment: null }]);
  });

  it('resetDatabase empties the tables and restarts identities', async () => {
    const { db } = getDb();
    await seed();
    await resetDatabase(db);
    expect(await db.selectFrom('organizations').selectAll().execute()).toEqual([]);
    const { organizationId } = await seed();
    expect(organizationId).toBe(1);
  });
});

describe('report figure columns', () => {
  // The catalogue (shared/src/report/fields.ts) names the columns; the migrations create them. A column
  // added without its row, or a row without its column, fails here rather than on a user's first save.
  it('are exactly the columns the two report tables share, as the catalogue derives them', async () => {
    const { db } = getDb();
    const snake = (c: string) => c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`);
    const columnsOf = async (table: string) =>
      (
        await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = ${table}`.execute(db)
      ).rows.map((r) => r.name);
    const progress = await columnsOf('progress_reports');
    const approved = await columnsOf('approved_reports');
    const shared = progress.filter((c) => approved.includes(c));
    const expected = figureColumns.map(snake);
    const notFigures = shared.filter((c) => !expected.includes(c));
    expect(expected.filter((c) => !shared.includes(c))).toEqual([]);
    // The two tables share their keys and bookkeeping besides the figures.
    expect(notFigures.every((c) => ['id', 'organization_id', 'year', 'version', 'created_at', 'updated_at', 'report_id'].includes(c)), notFigures.join()).toBe(true);
  });
});
