// A throwaway PostgreSQL cluster for tests, chaos tests and the benchmark: initdb into a temporary
// directory, start it on a free port on 127.0.0.1 only, stop it and remove everything afterwards.
// PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user and
// initdb / pg_ctl run through `runuser -u postgres --`.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

const HOW_TO_FIX =
  'Install PostgreSQL server binaries (Debian/Ubuntu: `apt-get install -y postgresql`, which puts initdb and ' +
  'pg_ctl in /usr/lib/postgresql/<version>/bin), or point the tests at an existing server with ' +
  'TEST_DATABASE_URL=postgres://user:password@host:5432/postgres (or DATABASE_URL); that role must be ' +
  'allowed to CREATE DATABASE.';

export class PostgresUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`${message}\n${HOW_TO_FIX}`, options);
    this.name = 'PostgresUnavailableError';
  }
}

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  binDir: string;
}

/** Finds initdb and pg_ctl: PATH, /usr/local/bin, then /usr/lib/postgresql/<newest>/bin. */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  dirs.push('/usr/local/bin');
  const versioned = '/usr/lib/postgresql';
  if (existsSync(versioned)) {
    const versions = readdirSync(versioned)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(join(versioned, v, 'bin'));
  }
  for (const dir of dirs) {
    const initdb = join(dir, 'initdb');
    const pgCtl = join(dir, 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl, binDir: dir };
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1 (free when asked; start-up retries on a collision). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

function chownTree(path: string, owner: { uid: number; gid: number }) {
  chownSync(path, owner.uid, owner.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, owner);
    else chownSync(child, owner.uid, owner.gid);
  }
}

export interface StartOptions {
  /** Extra server settings (postgresql.conf syntax values, e.g. { shared_buffers: '64MB' }). */
  settings?: Record<string, string | number>;
  /** Default 300. */
  maxConnections?: number;
  /** Seconds to wait for the server to accept connections. Default 60. */
  startTimeoutSeconds?: number;
  /** Prefix of the temporary directory name. */
  prefix?: string;
}

export interface ThrowawayPostgres {
  /** Connection string of the `postgres` database as superuser `postgres` (no password: trust). */
  readonly url: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The temporary directory (holds data/, the server log and the unix socket). */
  readonly dir: string;
  readonly dataDir: string;
  readonly logFile: string;
  /** Connection string of another database on this server. */
  urlFor(database: string): string;
  /** Stops the server, keeping the data (mode 'fast' by default); `start()` brings it back on the same port. */
  stopServer(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** Starts a stopped server again (same port, same data). */
  start(): Promise<void>;
  /** stopServer(mode) then start(). */
  restart(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** Whether the postmaster is running (pg_ctl status). */
  isRunning(): Promise<boolean>;
  /** The end of the server log, for error messages. */
  logTail(lines?: number): string;
  /** Stops the server (immediate) and removes the temporary directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts a throwaway PostgreSQL cluster. Throws PostgresUnavailableError with how to fix it if it cannot. */
export async function startThrowawayPostgres(options: StartOptions = {}): Promise<ThrowawayPostgres> {
  const binaries = findPostgresBinaries();
  if (!binaries) {
    throw new PostgresUnavailableError(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH, in /usr/local/bin or in /usr/lib/postgresql/*/bin.',
    );
  }
  let owner: { uid: number; gid: number } | undefined;
  if (isRoot()) {
    owner = systemUser('postgres');
    if (!owner) {
      throw new PostgresUnavailableError(
        'Running as root, but there is no `postgres` system user to run the server as (PostgreSQL refuses to run as root). ' +
          'Create one (`useradd --system postgres`; the Debian package creates it) or run the tests as a normal user.',
      );
    }
  }
  const asOwner = (file: string, args: string[]): [string, string[]] =>
    owner ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];

  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'lpt-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const overridesFile = join(dataDir, 'lpt_overrides.conf');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  // Run every command from the temporary directory: the postgres user may not be able to read the cwd.
  const exec = (file: string, args: string[], timeout = 120_000) => {
    const [cmd, cmdArgs] = asOwner(file, args);
    return run(cmd, cmdArgs, { cwd: dir, timeout, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } });
  };
  const describe = (error: unknown) => {
    const e = error as { stderr?: string; stdout?: string; message?: string };
    return [e.message, e.stderr, e.stdout].filter(Boolean).join('\n').trim();
  };

  mkdirSync(dataDir, { mode: 0o700 });
  if (owner) chownTree(dir, owner);

  // initdb, preferring a UTF-8 locale (as production servers use) and falling back to C.
  try {
    try {
      await exec(binaries.initdb, ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    } catch {
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { mode: 0o700 });
      if (owner) chownTree(dir, owner);
      await exec(binaries.initdb, ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    }
  } catch (error) {
    removeDir();
    throw new PostgresUnavailableError(`initdb (${binaries.initdb}) failed:\n${describe(error)}`, { cause: error });
  }
  appendFileSync(join(dataDir, 'postgresql.conf'), `\ninclude_if_exists = 'lpt_overrides.conf'\n`);

  let port = 0;
  const writeSettings = () => {
    const settings: Record<string, string | number> = {
      listen_addresses: "'127.0.0.1'",
      port,
      unix_socket_directories: `'${dir}'`,
      max_connections: options.maxConnections ?? 300,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      logging_collector: 'off',
      ...options.settings,
    };
    writeFileSync(
      overridesFile,
      Object.entries(settings)
        .map(([k, v]) => `${k} = ${v}`)
        .join('\n') + '\n',
    );
    if (owner) chownSync(overridesFile, owner.uid, owner.gid);
  };
  if (owner) {
    // The log file is written by pg_ctl running as postgres.
    writeFileSync(logFile, '');
    chownSync(logFile, owner.uid, owner.gid);
  }

  const logTail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no server log)';
    }
  };
  const timeout = options.startTimeoutSeconds ?? 60;
  const pgCtlStart = () => exec(binaries.pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', String(timeout)], (timeout + 30) * 1000);
  const url = () => `postgres://postgres@127.0.0.1:${port}/postgres`;
  const waitUntilReady = async () => {
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const client = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.query('select 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await client.end().catch(() => {});
      }
    }
  };

  const stopSync = () => {
    try {
      const [cmd, args] = asOwner(binaries.pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '10']);
      execFileSync(cmd, args, { cwd: dir, stdio: 'ignore', timeout: 20_000 });
    } catch {
      // not running
    }
  };
  // If the process ends without calling stop() (a crash, Ctrl-C), still leave nothing behind.
  let stopped = false;
  const onExit = () => {
    if (stopped) return;
    stopped = true;
    stopSync();
    removeDir();
  };
  process.once('exit', onExit);

  // Start on a free port; pick another if something grabbed it in between.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    port = await freePort();
    writeSettings();
    try {
      await pgCtlStart();
      await waitUntilReady();
      lastError = undefined;
      break;
    } catch (error) {
      lastError = error;
      stopSync();
      if (!/address already in use|could not bind/i.test(logTail(50))) break;
    }
  }
  if (lastError) {
    const message = `PostgreSQL (${binaries.pgCtl}) did not start:\n${describe(lastError)}\n--- server log ---\n${logTail()}`;
    process.removeListener('exit', onExit);
    stopped = true;
    removeDir();
    throw new PostgresUnavailableError(message, { cause: lastError });
  }

  const handle: ThrowawayPostgres = {
    get url() {
      return url();
    },
    host: '127.0.0.1',
    get port() {
      return port;
    },
    dir,
    dataDir,
    logFile,
    urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async stopServer(mode = 'fast') {
      await exec(binaries.pgCtl, ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60']);
    },
    async start() {
      try {
        await pgCtlStart();
        await waitUntilReady();
      } catch (error) {
        throw new Error(`PostgreSQL did not restart:\n${describe(error)}\n--- server log ---\n${logTail()}`, { cause: error });
      }
    },
    async restart(mode = 'fast') {
      await handle.stopServer(mode);
      await handle.start();
    },
    async isRunning() {
      try {
        await exec(binaries.pgCtl, ['status', '-D', dataDir]);
        return true;
      } catch {
        return false;
      }
    },
    logTail,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      try {
        await exec(binaries.pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'], 60_000);
      } catch {
        // already stopped
      }
      removeDir();
    },
  };
  return handle;
}

/** Stops a cluster started by startThrowawayPostgres and removes its directory. */
export async function stop(server: ThrowawayPostgres | undefined): Promise<void> {
  await server?.stop();
}

/** The connection string of the same server with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
