// The planner's worker thread (server/src/features/releases/disclosure/pool.ts): the same plan as planner.ts
// in the calling thread, a plan over its time budget refused with a code (and the next plan served by a
// new worker), and the bundle's worker entry (scripts/build.ts) answering as the sources' does.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@lpt/server/errors';
import { configurePlanning, planRelease as planInWorker, stopPlanning } from '@lpt/server/features/releases/disclosure/pool';
import { planRelease, type PlanInput } from '@lpt/server/features/releases/disclosure/planner';
import type { Contributor } from '@lpt/server/features/releases/disclosure/table';
import { buildServer, repoRoot } from '../../scripts/build.ts';

const dims = { rows: ['africa', 'asia', 'europe'], cols: ['un_agency', 'local_ngo', 'other'] };
const input = (): PlanInput => ({
  dims,
  previous: [],
  current: Array.from({ length: 30 }, (_, i): Contributor => ({
    id: i + 1,
    row: dims.rows[i % 3]!,
    col: dims.cols[Math.floor(i / 3) % 3]!,
    known: i % 4 === 0,
    protectedIndividually: i % 3 === 1,
    hasShare: true,
    money: [BigInt(1_000_000 + i * 97_531), BigInt(200_000 + i * 7_919)],
    fingerprint: 'v1',
  })),
  moneyFigures: 2,
});

afterAll(async () => {
  configurePlanning({ budgetMs: 120_000 });
  await stopPlanning();
});

describe('planning in the worker thread', () => {
  it('gives the plan planner.ts gives in the calling thread', async () => {
    const [inWorker, here] = await Promise.all([planInWorker(input()), planRelease(input())]);
    expect(inWorker.withheld).toEqual(here.withheld);
    expect(inWorker.audit).toEqual(here.audit);
    expect(inWorker.withheld.size).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a plan over its time budget with a coded refusal, and plans the next one in a new worker', async () => {
    configurePlanning({ budgetMs: 1 });
    const refused = await planInWorker(input()).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('UNAVAILABLE');
    expect((refused as AppError).refusal).toEqual({ code: 'release_planning_too_long', params: { seconds: 1 } });
    configurePlanning({ budgetMs: 120_000 });
    const next = await planInWorker(input());
    expect(next.audit.failures).toEqual([]);
  }, 120_000);
});

describe('the bundle', () => {
  const outdir = mkdtempSync(path.join(repoRoot, 'server', '.dist-test-pool-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('has the planner worker beside main.js, and it plans as the sources do', async () => {
    await buildServer(outdir);
    const entry = path.join(outdir, 'planner-worker.js');
    expect(existsSync(entry)).toBe(true);
    const worker = new Worker(entry);
    try {
      const answer = await new Promise<{ id: number; plan?: unknown; error?: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 7, input: input() });
      });
      expect(answer.error).toBeUndefined();
      expect(answer).toEqual({ id: 7, plan: await planRelease(input()) });
    } finally {
      await worker.terminate();
    }
  }, 120_000);
});
