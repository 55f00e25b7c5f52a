// The embedded default: from `pnpm start` (no DATABASE_URL: PGlite under DATA_DIR) to the first answered
// metrics.summary, once on an empty data directory (migrate, load the demo data; the build is already
// there, so `pnpm start` does not rebuild) and once again on the same directory (what every later start costs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../tests/setup/postgres.ts';
import { ROOT, captureOutput, spawnGroup, stopChild } from './server.ts';
import { sleep } from './stats.ts';

export interface EmbeddedStart {
  /** Empty data directory or the second start on the same one. */
  run: 'first start (empty ./data)' | 'restart (existing ./data)';
  /** From spawning `pnpm start` to the server printing that it listens. */
  listeningMs: number;
  /** From spawning `pnpm start` to the first metrics.summary answered with 200. */
  firstSummaryMs: number;
}

async function startOnce(dataDir: string, run: EmbeddedStart['run'], year: number): Promise<EmbeddedStart> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const started = performance.now();
  // Its own process group, so that pnpm, the build and the server it starts all stop together.
  const child = spawnGroup('pnpm', ['start'], { cwd: ROOT, env });
  const output = captureOutput(child);
  let listeningMs = Number.NaN;
  child.stdout?.on('data', (chunk: Buffer) => {
    if (Number.isNaN(listeningMs) && /Localization Pledge Tracker on http/.test(chunk.toString()))
      listeningMs = performance.now() - started;
  });
  const url = `http://127.0.0.1:${port}/trpc/metrics.summary?input=${encodeURIComponent(JSON.stringify({ year }))}`;
  const stop = async () => {
    await stopChild(child, 10_000);
    // Let PGlite's files settle before the next start opens them.
    await sleep(500);
  };
  try {
    const deadline = performance.now() + 300_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`pnpm start exited (${child.exitCode}):\n${output()}`);
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.ok) break;
      } catch {
        // not yet listening
      }
      if (performance.now() > deadline) throw new Error(`pnpm start did not answer metrics.summary in 5 minutes:\n${output()}`);
      await sleep(25);
    }
    return { run, listeningMs, firstSummaryMs: performance.now() - started };
  } finally {
    await stop();
  }
}

export async function measureEmbeddedStart(year: number): Promise<EmbeddedStart[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lpt-bench-pglite-'));
  try {
    const first = await startOnce(dataDir, 'first start (empty ./data)', year);
    const again = await startOnce(dataDir, 'restart (existing ./data)', year);
    return [first, again];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
