// The compiled server as an operator runs it: `pnpm build`'s server bundle started with plain Node (no
// tsx), on the embedded database (pglite project) or PostgreSQL (postgres project). It logs JSON lines on
// stdout, and on SIGTERM stops accepting connections, lets a request in flight (a slow upload) finish,
// closes the database and exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, repoRoot } from '../../scripts/build.ts';
import { workbookOf } from '../factories/workbook-bombs.ts';
import { createTestDatabase, testBackend } from '../setup/database.ts';
import { freePort } from '../setup/postgres.ts';

let outdir: string;
let dataDir: string;
let clientDist: string;
let drop: (() => Promise<void>) | undefined;
let child: ChildProcess;
let output = '';
let url: string;
let exited: Promise<number | null>;

beforeAll(async () => {
  // Under server/, so that the bundle's imports resolve from server/node_modules as server/dist's do.
  outdir = path.join(repoRoot, 'server', `.dist-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  dataDir = mkdtempSync(path.join(tmpdir(), 'lpt-process-data-'));
  clientDist = mkdtempSync(path.join(tmpdir(), 'lpt-process-client-'));
  mkdirSync(path.join(clientDist, 'assets'));
  writeFileSync(path.join(clientDist, 'index.html'), '<!doctype html><title>Tracker</title>');
  const [, database] = await Promise.all([buildServer(outdir), testBackend() === 'postgres' ? createTestDatabase() : undefined]);
  drop = database?.drop;
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [path.join(outdir, 'main.js')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLIENT_DIST: clientDist,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      ...(database?.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { DATA_DIR: dataDir }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited:\n${output}`);
    const status = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`The server did not get ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await drop?.();
  for (const dir of [outdir, dataDir, clientDist]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the compiled server', () => {
  it('runs with plain Node and logs one JSON line per request on stdout', async () => {
    const answer = await fetch(`${url}/trpc/auth.me`);
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = output.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((l) => l.reqId === requestId)).toEqual([
      expect.objectContaining({ msg: 'request', method: 'GET', route: '/trpc/auth.me', status: 200, userId: null }),
    ]);
    // Without the demo data, start-up names no demo sign-ins.
    expect(lines.some((l) => 'demoAccounts' in l)).toBe(false);
  });

  it('carries the import worker beside main.js, and it reads a workbook under plain Node', async () => {
    // import-reader.ts starts `./import-worker.js` beside the bundle it is part of.
    const worker = new Worker(path.join(outdir, 'import-worker.js'), {
      workerData: { bytes: workbookOf('<row r="1"><c r="A1" t="inlineStr"><is><t>organization</t></is></c></row>') },
    });
    const answer = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(answer).toEqual({ ok: true, format: 'xlsx', rows: [['organization']] });
  });

  it('on SIGTERM finishes a request in flight, refuses new connections, and exits 0', async () => {
    const target = new URL(url);
    const body = JSON.stringify({ email: 'nobody@test.example', password: 'a-slow-upload-of-a-guess' });
    let status: number | null = null;
    const request = http.request({
      host: target.hostname,
      port: target.port,
      method: 'POST',
      path: '/trpc/auth.login',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    });
    const answered = new Promise<void>((resolve, reject) => {
      request.on('response', (res) => {
        status = res.statusCode ?? null;
        res.resume();
        res.on('end', resolve);
      });
      request.on('error', reject);
    });
    // Half the body, then the signal while the server waits for the rest.
    request.write(body.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(child.exitCode, output).toBeNull();
    expect(await fetch(`${url}/healthz`).then((r) => r.status, () => 'refused')).toBe('refused');
    request.end(body.slice(20));
    await answered;
    // The whole request was read and answered: a wrong guess, not a cut connection.
    expect(status).toBe(401);
    expect(await exited, output).toBe(0);
    expect(output).toMatch(/"msg":"stopped"/);
  });
});
