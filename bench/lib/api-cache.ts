// The public's metrics.summary, kept per release (server/src/features/releases/release-cache.ts), beside a
// bare Fastify route that answers the same JSON bytes and does nothing else: the whole price of the API's
// edge (session lookup, the release read that keys the cache and the ETag, tRPC, output check, security
// headers, compression). Three requests per round, interleaved and rotated, each with plain fetch and the
// same headers: the call, the call with If-None-Match (a 304 without a body), and the bare route.
import path from 'node:path';
import { freePort } from '../../tests/setup/postgres.ts';
import { ROOT, captureOutput, spawnGroup, stopChild, waitForOk } from './server.ts';
import { median, ms, p95, ratio, timed } from './stats.ts';

export const apiCacheTargets = { summaryRatio: 1.5, notModifiedRatio: 1.1 } as const;

export interface ApiCacheResult {
  /** The data set's size (reports): the answer comes from the cache, so it hardly matters. */
  reports: number;
  input: Record<string, unknown>;
  runs: number;
  /** The answer's size as sent by the bare route (the JSON, uncompressed). */
  bodyBytes: number;
  /** What the server sent for the call, as the client received it (after any compression). */
  contentEncoding: string | null;
  etag: string;
  summaryMedianMs: number;
  summaryP95Ms: number;
  notModifiedMedianMs: number;
  notModifiedP95Ms: number;
  bareMedianMs: number;
  bareP95Ms: number;
  summaryRatio: number;
  notModifiedRatio: number;
}

// The bare route: Fastify with no plugin and no hook, the body handed over in the environment.
const BARE_SERVER = `
const fastify = require('fastify')({ logger: false });
const body = process.env.BARE_BODY;
fastify.get('/bare', (request, reply) => reply.type('application/json').send(body));
fastify.get('/readyz', () => ({ status: 'ready' }));
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

async function startBareRoute(body: string) {
  const port = await freePort();
  // From server/, where Fastify is installed: the same Fastify the server runs on.
  const child = spawnGroup(process.execPath, ['-e', BARE_SERVER], {
    cwd: path.join(ROOT, 'server'),
    env: { ...process.env, PORT: String(port), BARE_BODY: body, NODE_ENV: 'production' },
  });
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${url}/readyz`, child, output, 30_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, stop: () => stopChild(child) };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const body = await response.text();
  return { status: response.status, headers: response.headers, body };
}

export async function measureApiCache(serverUrl: string, reports: number, input: Record<string, unknown>, runs = 400): Promise<ApiCacheResult> {
  const callUrl = `${serverUrl}/trpc/metrics.summary?input=${encodeURIComponent(JSON.stringify(input))}`;
  const first = await get(callUrl);
  const etag = first.headers.get('etag');
  if (first.status !== 200 || !etag) throw new Error(`metrics.summary answered ${first.status} without an ETag`);
  const bare = await startBareRoute(first.body);
  try {
    const sides = {
      summary: async () => {
        const a = await get(callUrl);
        if (a.status !== 200) throw new Error(`metrics.summary answered ${a.status}`);
      },
      notModified: async () => {
        const a = await get(callUrl, { 'if-none-match': etag });
        if (a.status !== 304 || a.body !== '') throw new Error(`metrics.summary with If-None-Match answered ${a.status}`);
      },
      bare: async () => {
        const a = await get(`${bare.url}/bare`);
        if (a.status !== 200) throw new Error(`the bare route answered ${a.status}`);
      },
    };
    const order = Object.keys(sides) as (keyof typeof sides)[];
    const times: Record<keyof typeof sides, number[]> = { summary: [], notModified: [], bare: [] };
    const warmup = 50;
    for (let i = 0; i < warmup + runs; i++) {
      // Rotated, so that no side always follows the same one.
      for (let k = 0; k < order.length; k++) {
        const side = order[(i + k) % order.length]!;
        const [t] = await timed(sides[side]);
        if (i >= warmup) times[side].push(t);
      }
    }
    const bareMedianMs = median(times.bare);
    return {
      reports,
      input,
      runs,
      bodyBytes: Buffer.byteLength(first.body),
      contentEncoding: first.headers.get('content-encoding'),
      etag,
      summaryMedianMs: median(times.summary),
      summaryP95Ms: p95(times.summary),
      notModifiedMedianMs: median(times.notModified),
      notModifiedP95Ms: p95(times.notModified),
      bareMedianMs,
      bareP95Ms: p95(times.bare),
      summaryRatio: median(times.summary) / bareMedianMs,
      notModifiedRatio: median(times.notModified) / bareMedianMs,
    };
  } finally {
    await bare.stop();
  }
}

interface Row {
  measure: string;
  value: string;
  floor: string;
  ratio: string;
  target: string;
  met: '✅' | '❌' | '';
}

/** The table's rows, and the verdicts. */
export function apiCacheRows(r: ApiCacheResult) {
  const size = r.reports.toLocaleString('en-GB');
  const summaryOk = r.summaryRatio <= apiCacheTargets.summaryRatio;
  const notModifiedOk = r.notModifiedRatio <= apiCacheTargets.notModifiedRatio;
  const floor = `bare Fastify route, same ${r.bodyBytes} B of JSON: ${ms(r.bareMedianMs)} (p95 ${ms(r.bareP95Ms)})`;
  const rows: Row[] = [
    {
      measure: `public metrics.summary ${JSON.stringify(r.input)}, kept per release (${r.contentEncoding ?? 'uncompressed'}), median of ${r.runs} @ ${size}`,
      value: `${ms(r.summaryMedianMs)} (p95 ${ms(r.summaryP95Ms)})`,
      floor,
      ratio: ratio(r.summaryRatio),
      target: `≤ ${apiCacheTargets.summaryRatio}×`,
      met: summaryOk ? '✅' : '❌',
    },
    {
      measure: `↳ the same call with If-None-Match: 304, no body @ ${size}`,
      value: `${ms(r.notModifiedMedianMs)} (p95 ${ms(r.notModifiedP95Ms)})`,
      floor,
      ratio: ratio(r.notModifiedRatio),
      target: `≤ ${apiCacheTargets.notModifiedRatio}×`,
      met: notModifiedOk ? '✅' : '❌',
    },
  ];
  const verdicts = [
    { target: `public metrics.summary ≤ ${apiCacheTargets.summaryRatio}× a bare Fastify route`, met: summaryOk, detail: ratio(r.summaryRatio) },
    { target: `metrics.summary with If-None-Match (304) ≤ ${apiCacheTargets.notModifiedRatio}× a bare Fastify route`, met: notModifiedOk, detail: ratio(r.notModifiedRatio) },
  ];
  return { rows, verdicts };
}
