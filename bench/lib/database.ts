// The PostgreSQL server the benchmark measures against: a throwaway cluster (tests/setup/postgres.ts)
// unless DATABASE_URL names one, and one freshly created database per data set size.
import pg from 'pg';
import { startThrowawayPostgres, withDatabase, type ThrowawayPostgres } from '../../tests/setup/postgres.ts';

export interface BenchPostgres {
  /** The maintenance database, as a role that may CREATE DATABASE. */
  adminUrl: string;
  /** 'throwaway' or 'DATABASE_URL'. */
  source: string;
  /** The server's version string. */
  version: string;
  /** Connection string of a database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await client.query<R>(text);
  } finally {
    await client.end();
  }
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const external = process.env.DATABASE_URL;
  let server: ThrowawayPostgres | undefined;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    // Settings of a small production server; fsync stays off as in every throwaway cluster (it is one).
    server = await startThrowawayPostgres({
      prefix: 'lpt-bench-',
      settings: { shared_buffers: "'256MB'", work_mem: "'16MB'", max_connections: 300 },
    });
    adminUrl = server.url;
  }
  const { rows } = await adminQuery<{ server_version: string }>(adminUrl, 'show server_version');
  return {
    adminUrl,
    source: server ? 'throwaway cluster' : 'DATABASE_URL',
    version: rows[0]?.server_version ?? '?',
    urlFor: (database) => withDatabase(adminUrl, database),
    stop: async () => {
      await server?.stop();
    },
  };
}

/** (Re)creates an empty database named `name` and returns its connection string. */
export async function freshDatabase(pgServer: BenchPostgres, name: string): Promise<string> {
  await adminQuery(pgServer.adminUrl, `drop database if exists "${name}" with (force)`);
  await adminQuery(pgServer.adminUrl, `create database "${name}"`);
  return pgServer.urlFor(name);
}

export async function dropDatabase(pgServer: BenchPostgres, name: string): Promise<void> {
  await adminQuery(pgServer.adminUrl, `drop database if exists "${name}" with (force)`);
}
