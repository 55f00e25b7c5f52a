// One database per integration test file, on the backend of the vitest project running it:
// - 'pglite':   an in-memory PGlite (about 4 s to start, so once per file), migrated;
// - 'postgres': a fresh database cloned from the template migrated by global-postgres.ts, dropped after.
// The backend comes from process.env.TEST_DB, set per project in vitest.config.ts.
import { afterAll, beforeAll, inject } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { connect, type Connection, type Database } from '@lpt/db/connect';
import { migrateToLatest } from '@lpt/db/migrate';
import './context.ts';
import { withDatabase } from './postgres.ts';

export type Backend = 'pglite' | 'postgres';

export interface TestDatabase {
  db: Database;
  kind: Backend;
  /** The connection string of this file's database (postgres only), e.g. to start a server process on it. */
  databaseUrl: string | undefined;
}

/** The backend of the current vitest project. */
export function testBackend(): Backend {
  const value = process.env.TEST_DB ?? 'pglite';
  if (value !== 'pglite' && value !== 'postgres') {
    throw new Error(`TEST_DB must be 'pglite' or 'postgres', not '${value}'`);
  }
  return value;
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let counter = 0;

/** Creates, migrates and connects a database for the current backend; the caller must call `drop()`. */
export async function createTestDatabase(
  options: { maxConnections?: number } = {},
): Promise<TestDatabase & { drop(): Promise<void> }> {
  const kind = testBackend();
  if (kind === 'pglite') {
    const connection = await connect({});
    try {
      await migrateToLatest(connection.db);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return { db: connection.db, kind: connection.kind, databaseUrl: undefined, drop: () => connection.close() };
  }

  const adminUrl = inject('postgresAdminUrl');
  const template = inject('postgresTemplateDatabase');
  if (!adminUrl || !template) {
    throw new Error("The 'postgres' backend needs tests/setup/global-postgres.ts as the project's globalSetup.");
  }
  const name = `lpt_test_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  // Cloning fails if another session is connected to the template at that moment; retry briefly.
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(adminUrl, `create database "${name}" template "${template}"`);
      break;
    } catch (error) {
      if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
  const databaseUrl = withDatabase(adminUrl, name);
  let connection: Connection;
  try {
    connection = await connect({ databaseUrl, maxConnections: options.maxConnections ?? 5 });
  } catch (error) {
    await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`).catch(() => {});
    throw error;
  }
  return {
    db: connection.db,
    kind: connection.kind,
    databaseUrl,
    drop: async () => {
      await connection.close();
      // FORCE: a server under test may still hold connections.
      await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks giving this test file its own migrated database, and returns a getter
 * (call it inside tests or hooks, not at the top level of the file).
 */
export function useTestDatabase(options: { maxConnections?: number } = {}): () => TestDatabase {
  let current: (TestDatabase & { drop(): Promise<void> }) | undefined;
  beforeAll(async () => {
    current = await createTestDatabase(options);
  });
  afterAll(async () => {
    const toDrop = current;
    current = undefined;
    await toDrop?.drop();
  });
  return () => {
    if (!current) throw new Error('useTestDatabase(): the database is only available inside tests and hooks.');
    return { db: current.db, kind: current.kind, databaseUrl: current.databaseUrl };
  };
}

/** Empties every application table (not the migration bookkeeping) and restarts identity columns. */
export async function resetDatabase(db: Database): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select quote_ident(tablename) as name from pg_catalog.pg_tables
    where schemaname = current_schema() and tablename not like 'kysely\\_%'
  `.execute(db);
  if (rows.length === 0) return;
  await sql.raw(`truncate table ${rows.map((r) => r.name).join(', ')} restart identity cascade`).execute(db);
}
