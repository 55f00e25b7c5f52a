// The real server, started as a child process exactly as an operator starts it (the compiled
// server/dist/main.js under plain Node, built by `pnpm build`), so that its CPU, event loop and connection
// pool are its own and not the benchmark's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../tests/setup/postgres.ts';
import { sleep } from './stats.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SERVER_MAIN = path.join(ROOT, 'server/dist/main.js');

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** What the server printed (stdout and stderr), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Collects a child's output, keeping the last 64 KB. */
export function captureOutput(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-65_536);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}

/** Process groups started here, ended when the benchmark exits however it exits. */
const groups = new Set<number>();
process.once('exit', () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Spawns a command in its own process group (so that it and everything it starts stop together). */
export function spawnGroup(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid) {
    const pid = child.pid;
    groups.add(pid);
    child.once('exit', () => groups.delete(pid));
  }
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Stops a child's process group (SIGTERM, then SIGKILL after `graceMs`) and waits for the child to end. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await ended;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200, the child dies, or the timeout passes. */
export async function waitForOk(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server did not answer ${url} in ${timeoutMs} ms:\n${output()}`);
    await sleep(50);
  }
}

export interface ServerOptions {
  databaseUrl: string;
  /** The built web app to serve (default client/dist). */
  clientDist?: string;
}

/** Starts `node server/dist/main.js` on a free port against `databaseUrl` and waits for /readyz. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  if (!existsSync(SERVER_MAIN)) throw new Error('The server is not built: run pnpm build (the bench does unless BENCH_SKIP has client)');
  const child = spawnGroup(process.execPath, [SERVER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLIENT_DIST: options.clientDist ?? path.join(ROOT, 'client/dist'),
      NODE_ENV: 'production',
    },
  });
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${url}/readyz`, child, output, 60_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, port, process: child, output, stop: () => stopChild(child) };
}
