// Latency of API calls over HTTP with the real client (@trpc/client, httpLink: one request per call, no
// batching), each run interleaved with the same statements replayed directly through pg, so that a burst
// of noise on the machine hits both sides alike. The client has no session: the public's path, which reads
// released cells. Interleaved too, the statements a coordinator's call sends for the same input (the live
// aggregates, what every caller read before releases), replayed through pg: SQL only, no HTTP.
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@lpt/server/router';
import { FloorRunner, captureQueries, readsReleases, widthOf, type QueryGroup } from './floor.ts';
import { median, p95, timed } from './stats.ts';

export interface CallSpec {
  /** Label in the table, e.g. "metrics.breakdown (region)". */
  label: string;
  procedure: 'metrics.summary' | 'metrics.trend' | 'metrics.breakdown';
  input: Record<string, unknown>;
}

export interface LatencyResult {
  label: string;
  procedure: string;
  input: Record<string, unknown>;
  runs: number;
  httpMedianMs: number;
  httpP95Ms: number;
  floorMedianMs: number;
  floorP95Ms: number;
  /** HTTP median ÷ floor median. */
  ratio: number;
  /** How many statements the call sends, and in how many sequential rounds. */
  statements: number;
  rounds: number;
  /** Whether the floor's statements read the released cells (they must, for the public). */
  floorReadsReleases: boolean;
  queries: QueryGroup[];
  /** The coordinators' live path for the same input: its SQL replayed through pg. */
  liveFloorMedianMs: number;
  liveFloorP95Ms: number;
  liveStatements: number;
  liveQueries: QueryGroup[];
}

type AnyClient = Record<string, Record<string, { query(input: unknown): Promise<unknown> }>>;

export function apiClient(baseUrl: string): AnyClient {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${baseUrl}/trpc` })] }) as unknown as AnyClient;
}

export async function measureLatency(
  baseUrl: string,
  databaseUrl: string,
  spec: CallSpec,
  options: { warmup: number; runs: number },
): Promise<LatencyResult> {
  const client = apiClient(baseUrl);
  const [feature, name] = spec.procedure.split('.') as [string, string];
  const call = () => client[feature]![name]!.query(spec.input);
  const queries = await captureQueries(databaseUrl, spec.procedure, spec.input, 'public');
  const liveQueries = await captureQueries(databaseUrl, spec.procedure, spec.input, 'coordinator');
  const floor = await FloorRunner.open(databaseUrl, Math.max(widthOf(queries), widthOf(liveQueries)));
  try {
    for (let i = 0; i < options.warmup; i++) {
      await call();
      await floor.run(queries);
      await floor.run(liveQueries);
    }
    const http: number[] = [];
    const raw: number[] = [];
    const live: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      // Alternate which side goes first, so neither always runs on a warmer cache.
      if (i % 2 === 0) {
        http.push((await timed(call))[0]);
        raw.push((await timed(() => floor.run(queries)))[0]);
      } else {
        raw.push((await timed(() => floor.run(queries)))[0]);
        http.push((await timed(call))[0]);
      }
      live.push((await timed(() => floor.run(liveQueries)))[0]);
    }
    return {
      label: spec.label,
      procedure: spec.procedure,
      input: spec.input,
      runs: options.runs,
      httpMedianMs: median(http),
      httpP95Ms: p95(http),
      floorMedianMs: median(raw),
      floorP95Ms: p95(raw),
      ratio: median(http) / median(raw),
      statements: queries.reduce((n, g) => n + g.length, 0),
      rounds: queries.length,
      floorReadsReleases: readsReleases(queries),
      queries,
      liveFloorMedianMs: median(live),
      liveFloorP95Ms: p95(live),
      liveStatements: liveQueries.reduce((n, g) => n + g.length, 0),
      liveQueries,
    };
  } finally {
    await floor.close();
  }
}

export interface FixedCostResult {
  httpMedianMs: number;
  httpP95Ms: number;
  floorMedianMs: number;
  floorP95Ms: number;
}

/**
 * What any call costs before it does any work: auth.me without a session (no database work) over HTTP,
 * beside `select 1` through pg. The part of every metrics call's ratio that no query can change.
 */
export async function measureFixedCost(baseUrl: string, databaseUrl: string, runs: number): Promise<FixedCostResult> {
  const client = apiClient(baseUrl);
  const floor = await FloorRunner.open(databaseUrl, 1);
  const selectOne: QueryGroup[] = [[{ text: 'select 1', values: [], start: 0, end: 0 }]];
  try {
    const http: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < runs + 10; i++) {
      const h = (await timed(() => client.auth!.me!.query(undefined)))[0];
      const r = (await timed(() => floor.run(selectOne)))[0];
      if (i >= 10) {
        http.push(h);
        raw.push(r);
      }
    }
    return { httpMedianMs: median(http), httpP95Ms: p95(http), floorMedianMs: median(raw), floorP95Ms: p95(raw) };
  } finally {
    await floor.close();
  }
}
