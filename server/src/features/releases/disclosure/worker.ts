// The planner's thread (pool.ts starts it): plans one release at a time, off the thread that answers
// requests. Every message in is { id, input: PlanInput }; every message out is { id, plan } or
// { id, error } (PlanInput and Plan are plain structured-clonable data).
import { parentPort } from 'node:worker_threads';
import { planRelease, type Plan, type PlanInput } from './planner.ts';
import { loadSolver } from './ranges.ts';

export type PlanRequest = { id: number; input: PlanInput };
export type PlanAnswer = { id: number; plan: Plan } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('The planner worker runs in a worker thread (disclosure/pool.ts)');
// HiGHS starts while the worker waits for its first plan.
void loadSolver();
port.on('message', async ({ id, input }: PlanRequest) => {
  let answer: PlanAnswer;
  try {
    answer = { id, plan: await planRelease(input) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(answer);
});
