// At every data set size, before timing anything: the server's metrics (through the real router, as a
// coordinator, so nothing is suppressed and the figures are live, not released) must equal the
// straightforward SQL of bench/reference.ts.
import { connect } from '@lpt/db/connect';
import { breakdownKeys } from '@lpt/shared/metrics';
import { appRouter } from '@lpt/server/router';
import { createCallerFactory, type Context } from '@lpt/server/trpc';
import { referenceBreakdown, referenceSummary, referenceTrend } from '../reference.ts';

/** Paths at which two JSON-like values differ (at most `limit`). */
export function differences(actual: unknown, expected: unknown, path = '', out: string[] = [], limit = 10): string[] {
  if (out.length >= limit) return out;
  if (typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys)
      differences((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out, limit);
    return out;
  }
  if (!Object.is(actual, expected)) out.push(`${path}: server ${JSON.stringify(actual)}, straightforward ${JSON.stringify(expected)}`);
  return out;
}

/**
 * The figures of a summary, without the fields that say how it was asked for and where it was read from
 * (a coordinator reads live figures: `release` null, nothing withheld).
 */
function figuresOf(value: Record<string, unknown>) {
  const { basis: _basis, suppressed: _suppressed, suppressedBecause: _because, release: _release, withheldFigures: _withheld, ...figures } = value;
  return figures;
}

export async function checkEquivalence(databaseUrl: string, fromYear: number, toYear: number): Promise<string> {
  const connection = await connect({ databaseUrl, maxConnections: 2 });
  try {
    const ctx: Context = {
      db: connection.db,
      user: { id: 0, email: 'bench@bench.example', name: 'Benchmark', role: 'coordinator', organizationId: null, locale: null, sessionId: 'bench' },
      clientAddress: '127.0.0.1',
      setSessionCookie: () => {},
    };
    const caller = createCallerFactory(appRouter)(ctx);
    const db = connection.db;
    const found: string[] = [];
    const summary = await caller.metrics.summary({ year: toYear });
    found.push(...differences(figuresOf(summary), await referenceSummary(db, { year: toYear })).map((d) => `summary ${d}`));
    const trend = await caller.metrics.trend({ fromYear, toYear });
    const expectedTrend = await referenceTrend(db, { fromYear, toYear });
    trend.points.forEach((p, i) => found.push(...differences(figuresOf(p), expectedTrend[i]).map((d) => `trend ${p.year} ${d}`)));
    for (const by of ['region', 'organizationType'] as const) {
      const breakdown = await caller.metrics.breakdown({ year: toYear, by });
      const expected = await referenceBreakdown(db, { year: toYear, by }, breakdownKeys[by]);
      breakdown.rows.forEach((row, i) => found.push(...differences(figuresOf(row), expected[i]).map((d) => `breakdown ${by} ${d}`)));
    }
    const checked = `summary, trend ${fromYear}–${toYear}, breakdown by region and by type`;
    return found.length === 0 ? `identical (${checked})` : `DIFFERENT: ${found.slice(0, 5).join('; ')}`;
  } finally {
    await connection.close();
  }
}
