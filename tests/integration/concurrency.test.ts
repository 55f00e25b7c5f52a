// Optimistic concurrency under load, over real HTTP: 50 clients race 1,000 saveDraft calls on one report
// (20 clients and 200 calls on PGlite), each sending the version it last saw. Every accepted save must be
// in the history at the version it was told, exactly one save wins each version, no accepted save is
// lost, and every refused one is a 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { clientWithSession, startTestServer, type ApiClient, type TestServer } from '../security/http.ts';
import { testBackend, useTestDatabase } from '../setup/database.ts';

const YEAR = 2025;
// The full load on PostgreSQL, where requests truly run side by side; PGlite is one connection that
// serialises every statement, so a smaller race there proves the same rules in a fraction of the time.
const onPostgres = testBackend() === 'postgres';
const CLIENTS = onPostgres ? 50 : 20;
const CALLS = onPostgres ? 1000 : 200;

const getDb = useTestDatabase({ maxConnections: 20 });
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(getDb().db);
});
afterAll(async () => {
  await server?.close();
});

interface Outcome {
  call: number;
  client: number;
  expectedVersion: number;
  status: number;
  version: number | null;
}

const narrativeOf = (call: number, client: number) => `Save ${call} by client ${client}`;

describe('saveDraft under contention', () => {
  it(`keeps every accepted save of ${CALLS} racing calls from ${CLIENTS} clients, one per version`, { timeout: 300_000 }, async () => {
    const { db } = getDb();
    const organization = await createOrganization(db);
    await createCycle(db, YEAR, { opensOn: `${YEAR}-01-01`, dueOn: '2099-12-31' });
    // Several people of the organisation, each with five browser tabs open on the same report.
    const people = await Promise.all(Array.from({ length: CLIENTS / 5 }, () => createUser(db, 'signatory', organization.id)));
    const clients: ApiClient[] = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => clientWithSession(db, server.url, people[i % people.length]!.id)),
    );
    const key = { organizationId: organization.id, year: YEAR };
    const created = await clients[0]!.mutation('reports.saveDraft', { ...key, expectedVersion: 0, data: completeReportData() });
    expect(created.data).toEqual({ version: 1 });

    let issued = 0;
    const outcomes: Outcome[] = [];
    await Promise.all(
      clients.map(async (client, index) => {
        let known = 1;
        while (issued < CALLS) {
          const call = ++issued;
          const data = completeReportData({ collaboration: { narrative: narrativeOf(call, index), localPartners: 12 + (call % 7) } });
          const answer = await client.mutation('reports.saveDraft', { ...key, expectedVersion: known, data });
          outcomes.push({ call, client: index, expectedVersion: known, status: answer.status, version: answer.data?.version ?? null });
          if (answer.status === 200) known = answer.data.version;
          else if (answer.status === 409) known = (await client.query('reports.get', key)).data.report.version;
        }
      }),
    );

    expect(outcomes).toHaveLength(CALLS);
    const statuses = new Map<number, number>();
    for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    // Only winners and conflicts: no 500, no 503, no lost request.
    expect([...statuses.keys()].sort()).toEqual(statuses.has(409) ? [200, 409] : [200]);
    const accepted = outcomes.filter((o) => o.status === 200).sort((a, b) => a.version! - b.version!);
    const refused = outcomes.filter((o) => o.status === 409);
    expect(refused.length, 'the calls did contend').toBeGreaterThan(0);

    // Exactly one winner per version, and the versions run without a gap from 2.
    expect(accepted.map((o) => o.version)).toEqual(accepted.map((_, i) => i + 2));
    // Each winner had the version before its own.
    for (const o of accepted) expect(o.expectedVersion).toBe(o.version! - 1);

    const report = await db
      .selectFrom('progressReports')
      .select(['id', 'version', 'collaborationNarrative'])
      .where('organizationId', '=', organization.id)
      .where('year', '=', YEAR)
      .executeTakeFirstOrThrow();
    const history = await db
      .selectFrom('reportHistory')
      .select(['version', 'action', 'actorId', 'data'])
      .where('reportId', '=', report.id)
      .orderBy('id')
      .execute();
    const narrative = (data: unknown) =>
      ((typeof data === 'string' ? JSON.parse(data) : data) as { collaboration: { narrative: string } }).collaboration.narrative;

    // None lost: the history is the creation plus every accepted save, each at the version it was told.
    expect(history.map((h) => h.version)).toEqual([1, ...accepted.map((o) => o.version)]);
    expect(history.map((h) => h.action)).toEqual(['create', ...accepted.map(() => 'save')]);
    expect(history.slice(1).map((h) => narrative(h.data))).toEqual(accepted.map((o) => narrativeOf(o.call, o.client)));
    for (const [i, o] of accepted.entries()) expect(history[i + 1]!.actorId).toBe(people[o.client % people.length]!.id);
    // A refused save left no trace.
    const recorded = new Set(history.map((h) => narrative(h.data)));
    for (const o of refused) expect(recorded.has(narrativeOf(o.call, o.client))).toBe(false);
    // The working copy is the last winner.
    const last = accepted.at(-1)!;
    expect(report.version).toBe(last.version);
    expect(report.collaborationNarrative).toBe(narrativeOf(last.call, last.client));
  });
});
