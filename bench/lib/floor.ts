// The raw-SQL floor of an API call: the exact statements the server sends to PostgreSQL for that call,
// captured once from the pg driver while the real router runs in-process, then replayed directly through
// pg. The ratio (HTTP latency ÷ floor) is then the server's own overhead: HTTP, tRPC, validation,
// context, serialisation — not the database's work, which both sides share.
//
// The caller decides the path: the public (no session, as the bench's HTTP client) reads the released
// cells (releases.queries.ts `releasedCells`), a coordinator the live aggregates (figures.queries.ts);
// the bench captures both, the second to show what the same call cost when it read live figures.
import pg from 'pg';
import { connect, type Connection } from '@lpt/db/connect';
import { forgetAnswers } from '@lpt/server/features/releases/release-cache';
import { appRouter } from '@lpt/server/router';
import { createCallerFactory, type Context } from '@lpt/server/trpc';

export interface CapturedQuery {
  text: string;
  values: unknown[];
  start: number;
  end: number;
}

/** Statements that run concurrently (the server sent them before the previous ones answered). */
export type QueryGroup = CapturedQuery[];

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

let recording: CapturedQuery[] | null = null;
const originalQuery = pg.Client.prototype.query as unknown as QueryFn;

/** Wraps pg's Client.query once to record (text, values, timing) while `recording` is set. */
function installRecorder() {
  const proto = pg.Client.prototype as unknown as { query: QueryFn; __lptRecorder?: true };
  if (proto.__lptRecorder) return;
  proto.__lptRecorder = true;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args;
    if (!recording || typeof config !== 'string') return originalQuery.apply(this, args);
    const entry: CapturedQuery = {
      text: config,
      values: Array.isArray(values) ? [...values] : [],
      start: performance.now(),
      end: Number.POSITIVE_INFINITY,
    };
    recording.push(entry);
    const result = originalQuery.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => (entry.end = performance.now()),
        () => (entry.end = performance.now()),
      );
    }
    return result;
  };
}

export type Procedure = 'metrics.summary' | 'metrics.trend' | 'metrics.breakdown';

/** Who calls: the public (no session: released figures) or a coordinator (live figures). */
export type Caller = 'public' | 'coordinator';

const coordinator: NonNullable<Context['user']> = {
  id: 0,
  email: 'bench@bench.example',
  name: 'Benchmark',
  role: 'coordinator',
  organizationId: null,
  locale: null,
  sessionId: 'bench',
};

/** Calls one procedure through the real router, as `as` (default the public), on a connection of our own. */
export async function callInProcess(connection: Connection, procedure: string, input: unknown, as: Caller = 'public'): Promise<unknown> {
  const ctx: Context = { db: connection.db, user: as === 'coordinator' ? coordinator : null, clientAddress: '127.0.0.1', setSessionCookie: () => {} };
  const caller = createCallerFactory(appRouter)(ctx) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  const [feature, name] = procedure.split('.') as [string, string];
  const fn = caller[feature]?.[name];
  if (!fn) throw new Error(`No procedure ${procedure}`);
  return fn(input);
}

/** The statements one call sends, grouped into rounds of concurrent statements. */
export async function captureQueries(databaseUrl: string, procedure: string, input: unknown, as: Caller = 'public'): Promise<QueryGroup[]> {
  installRecorder();
  // A pool of the server's size, so that statements the server runs concurrently run concurrently here.
  const connection = await connect({ databaseUrl, maxConnections: 10 });
  try {
    // Once to warm the pool's connections (their set-up statements are not the call's); its answer,
    // kept per release, is forgotten, so that the statements are those of a call that makes it.
    await callInProcess(connection, procedure, input, as);
    forgetAnswers(connection.db);
    recording = [];
    await callInProcess(connection, procedure, input, as);
    const captured = recording;
    recording = null;
    return groupConcurrent(captured);
  } finally {
    recording = null;
    await connection.close();
  }
}

/** Consecutive statements whose lifetimes overlap form one group. */
function groupConcurrent(queries: CapturedQuery[]): QueryGroup[] {
  const groups: QueryGroup[] = [];
  let groupEnd = Number.NEGATIVE_INFINITY;
  for (const q of queries) {
    const last = groups[groups.length - 1];
    if (last && q.start < groupEnd) {
      last.push(q);
      groupEnd = Math.max(groupEnd, q.end);
    } else {
      groups.push([q]);
      groupEnd = q.end;
    }
  }
  return groups;
}

/** Replays captured statements directly through pg: one client per concurrent statement. */
export class FloorRunner {
  private constructor(private readonly clients: pg.Client[]) {}

  static async open(databaseUrl: string, width: number): Promise<FloorRunner> {
    const clients: pg.Client[] = [];
    for (let i = 0; i < Math.max(1, width); i++) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      clients.push(client);
    }
    return new FloorRunner(clients);
  }

  async run(groups: QueryGroup[]): Promise<void> {
    for (const group of groups) {
      if (group.length === 1) {
        const q = group[0]!;
        await originalQuery.call(this.clients[0]!, q.text, q.values);
      } else {
        await Promise.all(group.map((q, i) => originalQuery.call(this.clients[i % this.clients.length]!, q.text, q.values)));
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end()));
  }
}

export const widthOf = (groups: QueryGroup[]) => Math.max(1, ...groups.map((g) => g.length));

/** Whether captured statements read released cells (the donors' and the public's path). */
export const readsReleases = (groups: QueryGroup[]) => groups.some((g) => g.some((q) => /\bmetric_release_cells\b/.test(q.text)));

/** A readable dump of captured statements (for bench/results and for the metrics engineer). */
export function describeQueries(groups: QueryGroup[]): string {
  return groups
    .map((g, i) =>
      g
        .map((q) => `-- round ${i + 1}${g.length > 1 ? ' (concurrent)' : ''}, ${(q.end - q.start).toFixed(2)} ms, params ${JSON.stringify(q.values)}\n${q.text.trim()};`)
        .join('\n'),
    )
    .join('\n\n');
}
