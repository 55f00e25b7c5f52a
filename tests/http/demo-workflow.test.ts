// The foundation's promise, end to end over real HTTP with the web app's own client (@trpc/client,
// httpLink, no transformer): on the demo data set, the coordinator reads last year's figures, and a
// signatory saves, submits, is returned, resubmits and is approved — while every refused request
// leaves the database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { seedDemo, demoAccounts, DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { SESSION_COOKIE } from '@lpt/server/features/auth/auth.service';
import { releaseClosedYears } from '@lpt/server/features/releases/releases.service';
import type { AppRouter } from '@lpt/server/router';
import { completeReportData } from '../factories/index.ts';
import { dumpDatabase } from '../security/dump.ts';
import { startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;

beforeAll(async () => {
  await seedDemo(getDb().db);
  await releaseClosedYears(getDb().db);
  server = await startTestServer(getDb().db);
}, 120_000);
afterAll(() => server?.close());

/** A browser-like client: keeps the session cookie the server sets. */
function client() {
  let cookie = '';
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${server.url}/trpc`,
        headers: () => (cookie ? { cookie } : {}),
        fetch: async (url, init) => {
          const response = await fetch(url, init as RequestInit);
          const set = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
          if (set) cookie = set.split(';')[0]!;
          return response;
        },
      }),
    ],
  });
}

async function signedIn(email: string) {
  const c = client();
  await c.auth.login.mutate({ email, password: demoAccounts.password });
  return c;
}

/** The tRPC error code a refused call answered with. */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return (error.data as { code: string }).code;
    throw error;
  }
  throw new Error('the call was accepted');
}

describe('the demo data over HTTP', () => {
  it('answers /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it("gives the coordinator the demo data's figures for the last complete year", async () => {
    const coordinator = await signedIn(demoAccounts.coordinator.email);
    const summary = await coordinator.metrics.summary.query({ year: 2025 });
    // The same figures computed straight from the approved reports of 2025.
    const { db } = getDb();
    const approved = await db
      .selectFrom('approvedReports')
      .innerJoin('organizations', 'organizations.id', 'approvedReports.organizationId')
      .select(['approvedReports.organizationId'])
      .where('approvedReports.year', '=', 2025)
      .execute();
    expect(summary.suppressed).toBe(false);
    expect(summary.organizationsReporting).toBe(approved.length);
    expect(summary.organizationsReporting).toBeGreaterThanOrEqual(30);
    expect(summary.funding.weightedShare).toBeGreaterThan(0.02);
    expect(summary.funding.weightedShare).toBeLessThan(0.4);
  });

  it('takes a signatory from draft to approval, and refused requests change nothing', async () => {
    const signatory = await signedIn(demoAccounts.signatory3.email);
    const coordinator = await signedIn(demoAccounts.coordinator.email);
    const me = await signatory.auth.me.query();
    const organizationId = me!.organizationId!;
    const year = DEMO_OPEN_YEAR;
    const { db } = getDb();

    const created = await signatory.reports.saveDraft.mutate({
      organizationId,
      year,
      expectedVersion: 0,
      data: completeReportData({ currency: 'USD' }),
    });
    expect(created.version).toBe(1);

    // Refused requests: a stale save, a part larger than its whole, another organisation's report, a
    // donor trying to review. Each is refused with its own code and the database does not move.
    const before = await dumpDatabase(db);
    expect(
      await refusal(
        signatory.reports.saveDraft.mutate({ organizationId, year, expectedVersion: 0, data: completeReportData() }),
      ),
    ).toBe('CONFLICT');
    expect(
      await refusal(
        signatory.reports.saveDraft.mutate({
          organizationId,
          year,
          expectedVersion: 1,
          data: completeReportData({ needs: { assessmentsTotal: 2, assessmentsJoint: 3 } }),
        }),
      ),
    ).toBe('BAD_REQUEST');
    const other = (await coordinator.organizations.list.query({})).find((o) => o.id !== organizationId)!;
    expect(await refusal(signatory.reports.get.query({ organizationId: other.id, year }))).toBe('FORBIDDEN');
    expect(await dumpDatabase(db)).toBe(before);
    const donor = await signedIn(demoAccounts.donor.email);
    const beforeDonor = await dumpDatabase(db);
    expect(
      await refusal(donor.reports.review.mutate({ organizationId, year, decision: 'approve', comment: '' })),
    ).toBe('FORBIDDEN');
    // The donor's sign-in itself wrote a session; compare from after it.
    expect(await dumpDatabase(db)).toBe(beforeDonor);

    const submitted = await signatory.reports.submit.mutate({ organizationId, year, expectedVersion: 1 });
    expect(submitted.status).toBe('submitted');

    await coordinator.reports.review.mutate({
      organizationId,
      year,
      decision: 'return',
      comment: 'Please check the direct transfers.',
      fieldComments: { 'funding.toLocalDirect': 'This is higher than your finance report says.' },
    });
    const returned = await signatory.reports.get.query({ organizationId, year });
    expect(returned.report?.status).toBe('returned');
    expect(returned.lastReturn?.fieldComments['funding.toLocalDirect']).toMatch(/finance report/);

    const corrected = await signatory.reports.saveDraft.mutate({
      organizationId,
      year,
      expectedVersion: returned.report!.version,
      data: completeReportData({ funding: { toLocalDirect: 100_000 } }),
    });
    await signatory.reports.submit.mutate({ organizationId, year, expectedVersion: corrected.version });
    const approved = await coordinator.reports.review.mutate({ organizationId, year, decision: 'approve', comment: '' });
    expect(approved.status).toBe('approved');

    const final = await signatory.reports.get.query({ organizationId, year });
    expect(final.report?.status).toBe('approved');
    expect(final.report?.data.funding.toLocalDirect).toBe(100_000);
    expect(final.published?.version).toBe(final.report?.version);
    // An approved report is locked.
    expect(
      await refusal(
        signatory.reports.saveDraft.mutate({
          organizationId,
          year,
          expectedVersion: final.report!.version,
          data: completeReportData(),
        }),
      ),
    ).toMatch(/CONFLICT|BAD_REQUEST|FORBIDDEN/);
  });
});
