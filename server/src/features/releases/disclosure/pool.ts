// Planning off the request thread: `planRelease` here has planner.ts's signature but runs it in one
// long-lived worker thread (worker.ts), so that while a release is planned (seconds to a minute at
// scale) the server keeps answering, /healthz included. Plans run one at a time, in order; each has a
// time budget, past which it is refused (`release_planning_too_long`) and the worker is replaced (a
// plan cannot be interrupted inside HiGHS or the elimination otherwise).
//
// From sources (tsx in development, Vitest, the bench) the worker is worker.ts, loaded through tsx; in
// the bundle (scripts/build.ts) it is planner-worker.js beside main.js.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, refusal } from '../../../errors.ts';
import type { Plan, PlanInput } from './planner.ts';
import type { PlanAnswer, PlanRequest } from './worker.ts';

/** Many times what one plan of a year of 10,000 reports takes (about 10 s), so only a runaway plan meets it. */
const DEFAULT_BUDGET_MS = 120_000;
let budgetMs = DEFAULT_BUDGET_MS;

/** The time budget of one plan (main.ts: PLANNING_BUDGET_MS; tests lower it). */
export function configurePlanning(options: { budgetMs: number }): void {
  budgetMs = options.budgetMs;
}

interface Job {
  id: number;
  input: PlanInput;
  resolve: (plan: Plan) => void;
  reject: (error: Error) => void;
}

const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './worker.ts' : './planner-worker.js', import.meta.url);

let worker: Worker | null = null;
let running: (Job & { timer: NodeJS.Timeout }) | null = null;
const queue: Job[] = [];
let nextId = 1;

/**
 * From sources, a worker that registers tsx's CommonJS hooks first: a worker does not inherit its parent's
 * loaders, and on Node 20 `--import tsx` in a worker's execArgv does not take.
 */
function sourceBootstrap(): string {
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(workerUrl))});`;
}

function startWorker(): Worker {
  const w = fromSources ? new Worker(sourceBootstrap(), { eval: true }) : new Worker(workerUrl);
  w.on('message', (answer: PlanAnswer) => {
    const job = running;
    if (!job || job.id !== answer.id) return;
    clearTimeout(job.timer);
    running = null;
    if ('plan' in answer) job.resolve(answer.plan);
    else job.reject(new Error(`Planning failed in the planner worker: ${answer.error}`));
    next();
  });
  // A worker that dies (out of memory, a crash) fails the plan it held; the next plan starts a new one.
  w.on('error', (error) => fail(w, error instanceof Error ? error : new Error(String(error))));
  w.on('exit', (code) => fail(w, new Error(`The planner worker stopped (exit code ${code})`)));
  return w;
}

function fail(w: Worker, error: Error) {
  if (worker !== w) return;
  worker = null;
  const job = running;
  running = null;
  if (job) {
    clearTimeout(job.timer);
    job.reject(error);
  }
  next();
}

function next() {
  if (running) return;
  const job = queue.shift();
  if (!job) {
    // An idle worker does not keep a script (the bench, a CLI) alive.
    worker?.unref();
    return;
  }
  worker ??= startWorker();
  worker.ref();
  const w = worker;
  const timer = setTimeout(() => {
    // Over budget: refuse this plan and replace the worker (terminating it is the only way to stop it).
    worker = null;
    running = null;
    void w.terminate();
    const seconds = Math.ceil(budgetMs / 1000);
    job.reject(new AppError('UNAVAILABLE', refusal('release_planning_too_long', { seconds })));
    next();
  }, budgetMs);
  running = { ...job, timer };
  w.postMessage({ id: job.id, input: job.input } satisfies PlanRequest);
}

/** Starts the worker ahead of the first plan (at the server's start), so that plan does not wait for it. */
export function warmUpPlanning(): void {
  if (worker) return;
  worker = startWorker();
  if (!running) worker.unref();
}

/** Plans a release in the planner worker: planner.ts's `planRelease`, off the request thread. */
export function planRelease(input: PlanInput): Promise<Plan> {
  return new Promise<Plan>((resolve, reject) => {
    queue.push({ id: nextId++, input, resolve, reject });
    next();
  });
}

/** Graceful shutdown: plans waiting or running are refused, the worker stops. */
export async function stopPlanning(): Promise<void> {
  const stopping = new Error('The server is shutting down');
  for (const job of queue.splice(0)) job.reject(stopping);
  const w = worker;
  worker = null;
  if (running) {
    clearTimeout(running.timer);
    running.reject(stopping);
    running = null;
  }
  if (w) await w.terminate();
}
