// One connection factory for every runnable part: PGlite (PostgreSQL in WebAssembly) persisted on disk
// when no DATABASE_URL is given, a pg Pool when one is. Both parse values the same way, so the code above
// never knows which one it talks to.
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

/** Numerics as numbers (amounts fit a double exactly to the cent), dates as ISO strings. */
const parsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: (v) => Number(v),
  [OID.numeric]: (v) => Number(v),
  [OID.date]: (v) => v,
  [OID.timestamp]: (v) => new Date(`${v}Z`).toISOString(),
  [OID.timestamptz]: (v) => new Date(v).toISOString(),
};

export interface ConnectOptions {
  /** A PostgreSQL connection string; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite's data directory; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** Pool size for pg. */
  maxConnections?: number;
}

export interface Connection {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Runs a raw SQL text (several statements allowed); used by migrations tests and tooling. */
  close(): Promise<void>;
}

export async function connect(options: ConnectOptions): Promise<Connection> {
  // Column names are snake_case in SQL and camelCase in TypeScript; the keys inside JSON values are the
  // application's own (a release's cell keys such as "africa|local_ngo") and must come back as written.
  const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      // Fail fast while the database is down instead of queueing requests forever.
      connectionTimeoutMillis: 5000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // A client losing its server (a restart) must not crash the process: idle ones report to the pool, and a
    // checked-out one (mid-transaction, between statements) would otherwise emit an unhandled 'error'. Its
    // next query then fails, the request answers 503, and the pool discards it.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', { parsers });
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }), plugins });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
