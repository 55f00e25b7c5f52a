// The chaos tests' harness: the real server as a child process (`node --import tsx server/src/main.ts`,
// exactly what `pnpm start` runs, minus building the web app), started on a free port against a throwaway
// PostgreSQL or an embedded data directory, and stopped politely, or killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { connect, type Connection } from '@lpt/db/connect';
import { migrateToLatest } from '@lpt/db/migrate';
import { freePort, startThrowawayPostgres, withDatabase, type ThrowawayPostgres } from '../setup/postgres.ts';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited (with its exit code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown handler runs, nothing is flushed. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  databaseUrl?: string;
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
  /** Seconds to wait for /readyz to answer 200. */
  startTimeoutSeconds?: number;
}

/** Runs a TypeScript entry point of the repository as a node process (tsx as a loader, no wrapper process). */
export function spawnTs(entry: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  const merged: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: repositoryRoot,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a command-line tool of the repository to its end; fails with its output if it fails. */
export async function runTs(entry: string, args: string[], env: Record<string, string | undefined>): Promise<string> {
  const child = spawnTs(entry, args, env);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${entry} ${args.join(' ')} exited with ${code}:\n${output}`);
  return output;
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string | undefined> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    CLIENT_DIST: 'no-client-build-in-chaos-tests',
    // Without a DATABASE_URL the server runs on the embedded database in DATA_DIR.
    DATABASE_URL: options.databaseUrl,
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
  };
  const child = spawnTs('server/src/main.ts', [], env);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    port,
    child,
    output: () => output,
    exited,
    async kill() {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (hasExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.startTimeoutSeconds ?? 90) * 1000;
  for (;;) {
    if (hasExited) throw new Error(`The server exited during start-up:\n${output}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`The server did not answer /readyz within ${options.startTimeoutSeconds ?? 90} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A throwaway PostgreSQL server with one migrated application database, and a connection to it. */
export interface ChaosPostgres {
  pg: ThrowawayPostgres;
  databaseUrl: string;
  connection: Connection;
  close(): Promise<void>;
}

export async function startChaosPostgres(): Promise<ChaosPostgres> {
  // Durable like a production server: the test cluster's speed settings (fsync and synchronous_commit off)
  // would lose acknowledged commits in a crash, which is exactly what these tests look for.
  const pg = await startThrowawayPostgres({
    prefix: 'lpt-chaos-',
    settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' },
  });
  try {
    const admin = await connect({ databaseUrl: pg.url, maxConnections: 1 });
    await sql.raw('create database lpt_chaos').execute(admin.db);
    await admin.close();
  } catch (error) {
    await pg.stop();
    throw error;
  }
  const databaseUrl = withDatabase(pg.url, 'lpt_chaos');
  const connection = await connect({ databaseUrl, maxConnections: 5 });
  await migrateToLatest(connection.db);
  return {
    pg,
    databaseUrl,
    connection,
    async close() {
      await connection.close().catch(() => {});
      await pg.stop();
    },
  };
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
