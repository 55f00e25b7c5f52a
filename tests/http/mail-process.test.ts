// Mail from the compiled server as an operator runs it: with SMTP_URL pointing at a real SMTP server
// started here, the server's own mail loop (started by main.ts) queues the demo's open cycle's reminders
// and delivers them there, with links to PUBLIC_URL and the sender of MAIL_FROM; SIGTERM stops the loop
// with the server, which exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPEN_YEAR, seedDemo } from '@lpt/db/seed/demo';
import { buildServer, repoRoot } from '../../scripts/build.ts';
import { createTestDatabase, testBackend } from '../setup/database.ts';
import { freePort } from '../setup/postgres.ts';
import { startSmtpServer, type TestSmtpServer } from '../setup/smtp.ts';

let outdir: string;
let dataDir: string;
let clientDist: string;
let drop: (() => Promise<void>) | undefined;
let child: ChildProcess;
let output = '';
let exited: Promise<number | null>;
let smtp: TestSmtpServer;

beforeAll(async () => {
  outdir = path.join(repoRoot, 'server', `.dist-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  dataDir = mkdtempSync(path.join(tmpdir(), 'lpt-mail-data-'));
  clientDist = mkdtempSync(path.join(tmpdir(), 'lpt-mail-client-'));
  mkdirSync(path.join(clientDist, 'assets'));
  writeFileSync(path.join(clientDist, 'index.html'), '<!doctype html><title>Tracker</title>');
  smtp = await startSmtpServer();
  const [, database] = await Promise.all([buildServer(outdir), testBackend() === 'postgres' ? createTestDatabase() : undefined]);
  drop = database?.drop;
  // On PostgreSQL the demo data is loaded here; the embedded database loads it itself at start.
  if (database) await seedDemo(database.db);
  const port = await freePort();
  child = spawn(process.execPath, [path.join(outdir, 'main.js')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLIENT_DIST: clientDist,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'info',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Pledge secretariat <secretariat@pledge.example>',
      PUBLIC_URL: 'https://pledge.example/',
      ...(database?.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { DATA_DIR: dataDir }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await drop?.();
  await smtp?.close();
  for (const dir of [outdir, dataDir, clientDist]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the compiled server with SMTP_URL', () => {
  it('delivers the open cycle’s reminders to the mail server, once each, and stops with the server', async () => {
    // The scheduler runs at start; delivery every few seconds.
    await expect
      .poll(() => smtp.received.find((m) => m.to === 'signatory3@example.org'), { timeout: 90_000, interval: 250 })
      .toBeTruthy();
    const mail = smtp.received.find((m) => m.to === 'signatory3@example.org')!;
    expect(mail.from).toBe('secretariat@pledge.example');
    expect(mail.subject).toContain(`${DEMO_OPEN_YEAR} progress report`);
    expect(mail.subject).toContain('Lanternfield International');
    expect(mail.text).toContain(`https://pledge.example/report/${DEMO_OPEN_YEAR}`);
    expect(mail.html).toContain(`href="https://pledge.example/report/${DEMO_OPEN_YEAR}"`);
    expect(output).toContain('mail: delivering the outbox through SMTP_URL');
    // The password of SMTP_URL never reaches the log.
    expect(output).not.toContain('smtp-test-secret');

    // Let the backlog drain, then no account got the same reminder twice.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const keys = smtp.received.map((m) => `${m.to} ${m.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(smtp.received.map((m) => m.to)).not.toContain('coordinator@example.org');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
