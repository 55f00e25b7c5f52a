// Write throughput: signatories saving a complete draft and submitting it (reports.saveDraft then
// reports.submit over HTTP, each signed in with its own session), beside the floor of one raw INSERT of
// the same report into progress_reports through pg, at the same concurrency.
import pg from 'pg';
import { createTRPCClient, httpLink } from '@trpc/client';
import { connect } from '@lpt/db/connect';
import { figuresFromData } from '@lpt/db/figures';
import { nameSkeletons } from '@lpt/db/names';
import { generateReportData, randomProfile } from '@lpt/db/seed/generate';
import { createRandom } from '@lpt/db/seed/random';
import type { ReportData } from '@lpt/shared/report';
import type { AppRouter } from '@lpt/server/router';
import { hashPassword } from '@lpt/server/features/auth/passwords';

export interface WriteResult {
  concurrency: number;
  /** Reports saved and submitted through the API. */
  apiReports: number;
  apiSeconds: number;
  apiReportsPerSecond: number;
  apiErrors: number;
  firstApiError: string | null;
  rawReports: number;
  rawSeconds: number;
  rawReportsPerSecond: number;
  /** API reports/s ÷ raw INSERTs/s. */
  ratio: number;
}

const PASSWORD = 'bench-password-2026';
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Signs in over HTTP and returns the session cookie. */
async function signIn(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const text = await res.text();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('lpt_session='));
  if (!res.ok || !cookie) throw new Error(`Sign-in of ${email} failed (${res.status}): ${text.slice(0, 300)}`);
  return cookie;
}

/**
 * Runs `concurrency` signatories, each writing reports for its organisation into `yearsEach` fresh open
 * cycles, after the years already in the database.
 */
export async function measureWrites(
  baseUrl: string,
  databaseUrl: string,
  options: { concurrency: number; yearsEach: number; maxSeconds: number },
): Promise<WriteResult> {
  const { concurrency, yearsEach } = options;
  const { db, close } = await connect({ databaseUrl, maxConnections: 2 });
  const rng = createRandom(4242);
  let apiYears: number[];
  let rawYears: number[];
  let orgIds: number[];
  let emails: string[];
  try {
    const { maxYear } = await db
      .selectFrom('reportingCycles')
      .select((eb) => eb.fn.max('year').as('maxYear'))
      .executeTakeFirstOrThrow();
    const first = Number(maxYear ?? 2025) + 1;
    if (first + 2 * yearsEach - 1 > 2100) throw new Error('Not enough free cycle years for the write benchmark');
    apiYears = Array.from({ length: yearsEach }, (_, i) => first + i);
    rawYears = Array.from({ length: yearsEach }, (_, i) => first + yearsEach + i);
    await db
      .insertInto('reportingCycles')
      .values([...apiYears, ...rawYears].map((year) => ({ year, opensOn: `${year}-01-01`, dueOn: '2100-12-31', status: 'open' as const })))
      .execute();
    await db
      .insertInto('exchangeRates')
      .values([...apiYears, ...rawYears].map((year) => ({ year, currency: 'USD', usdPerUnit: 1 })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    const orgs = await db
      .insertInto('organizations')
      .values(
        Array.from({ length: concurrency }, (_, i) => `Benchmark writer ${i + 1} ${Date.now().toString(36)}`).map((name) => ({
          name,
          ...nameSkeletons(name),
          acronym: null,
          type: 'national_ngo' as const,
          country: 'KE',
          region: 'africa' as const,
          signedOn: '2020-01-15',
          implementationDeadline: null,
          disclosure: 'public' as const,
        })),
      )
      .returning('id')
      .execute();
    orgIds = orgs.map((o) => o.id);
    const passwordHash = await hashPassword(PASSWORD);
    emails = orgIds.map((id) => `bench-writer-${id}@bench.example`);
    await db
      .insertInto('users')
      .values(orgIds.map((id, i) => ({ email: emails[i]!, name: `Writer ${id}`, passwordHash, role: 'signatory' as const, organizationId: id })))
      .execute();
  } finally {
    await close();
  }

  // One report per organisation and year, generated in advance (not part of the measured time).
  const dataFor = new Map<string, ReportData>();
  for (const id of orgIds)
    for (const [i, year] of [...apiYears, ...rawYears].entries()) {
      const profile = randomProfile(rng, 'national_ngo', 'USD');
      dataFor.set(`${id}:${year}`, generateReportData(rng, profile, { yearIndex: i % 5, usdPerUnit: 1, brief: true }));
    }

  // --- through the API
  const cookies: string[] = [];
  for (const email of emails) cookies.push(await signIn(baseUrl, email));
  let apiErrors = 0;
  let firstApiError: string | null = null;
  let apiReports = 0;
  const apiDeadline = performance.now() + options.maxSeconds * 1000;
  const apiStart = performance.now();
  await Promise.all(
    orgIds.map(async (organizationId, w) => {
      const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${baseUrl}/trpc`, headers: { cookie: cookies[w]! } })] });
      for (const year of apiYears) {
        if (performance.now() > apiDeadline) return;
        try {
          const data = dataFor.get(`${organizationId}:${year}`)!;
          const saved = await client.reports.saveDraft.mutate({ organizationId, year, expectedVersion: 0, data } as never);
          const version = (saved as { version: number }).version;
          await client.reports.submit.mutate({ organizationId, year, expectedVersion: version } as never);
          apiReports++;
        } catch (error) {
          apiErrors++;
          firstApiError ??= (error as Error).message;
        }
      }
    }),
  );
  const apiSeconds = (performance.now() - apiStart) / 1000;

  // --- raw INSERTs through pg, same concurrency
  const sample = figuresFromData(dataFor.get(`${orgIds[0]}:${rawYears[0]}`)!);
  const figureKeys = Object.keys(sample) as (keyof typeof sample)[];
  const columns = ['organization_id', 'year', 'version', 'status', 'submitted_at', ...figureKeys.map(snake)];
  const text = `insert into progress_reports (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  let rawReports = 0;
  const rawDeadline = performance.now() + options.maxSeconds * 1000;
  let rawSeconds: number;
  try {
    // Open the connections first: a server's pool is warm too.
    await Promise.all(Array.from({ length: concurrency }, () => pool.query('select 1')));
    const rawStart = performance.now();
    await Promise.all(
      orgIds.map(async (organizationId) => {
        for (const year of rawYears) {
          if (performance.now() > rawDeadline) return;
          const figures = figuresFromData(dataFor.get(`${organizationId}:${year}`)!);
          await pool.query(text, [organizationId, year, 1, 'submitted', new Date(), ...figureKeys.map((k) => figures[k])]);
          rawReports++;
        }
      }),
    );
    rawSeconds = (performance.now() - rawStart) / 1000;
  } finally {
    await pool.end();
  }
  const apiReportsPerSecond = apiReports / apiSeconds;
  const rawReportsPerSecond = rawReports / rawSeconds;
  return {
    concurrency,
    apiReports,
    apiSeconds,
    apiReportsPerSecond,
    apiErrors,
    firstApiError,
    rawReports,
    rawSeconds,
    rawReportsPerSecond,
    ratio: apiReportsPerSecond / rawReportsPerSecond,
  };
}
