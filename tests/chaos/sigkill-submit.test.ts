// The server is killed with SIGKILL while dozens of reports are being submitted. Afterwards no report is
// half-written: each is either still the draft it was or fully submitted (status, version, submission time
// and its history row agree), every acknowledged submission is there, and a new server carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { clientWithSession } from '../security/http.ts';
import { startChaosPostgres, startServer, waitFor, type ChaosPostgres, type ServerProcess } from './harness.ts';

const ORGANIZATIONS = 30;
let database: ChaosPostgres;
let server: ServerProcess | undefined;
let signatories: Awaited<ReturnType<typeof createUser>>[] = [];

beforeAll(async () => {
  database = await startChaosPostgres();
  const { db } = database.connection;
  for (let i = 0; i < ORGANIZATIONS; i++) {
    const organization = await createOrganization(db, { name: `Killed Mid-Submit Organisation ${i}` });
    signatories.push(await createUser(db, 'signatory', organization.id));
  }
});
afterAll(async () => {
  await server?.kill();
  await database?.close();
});

const noPartners = {
  migrantLed: 0,
  hostCommunityLed: 0,
  womenLed: 0,
  youthLed: 0,
  disabilityLed: 0,
  informalOrMovement: 0,
  communityOrTraditional: 0,
};

async function draftsFor(year: number) {
  const { db } = database.connection;
  await createCycle(db, year, { opensOn: `${year}-01-01`, dueOn: '2099-12-31' });
  for (const signatory of signatories)
    await callerFor(db, signatory).reports.saveDraft({
      organizationId: signatory.organizationId!,
      year,
      expectedVersion: 0,
      // No local partners but transfers to local actors: a warning that the submission must justify.
      data: completeReportData({ collaboration: { localPartners: 0, partnersByLeadership: noPartners } }),
    });
}

/** What is stored about each report of `year`: the working copy and its history. */
async function reportsOf(year: number) {
  const { db } = database.connection;
  const reports = await db
    .selectFrom('progressReports')
    .select(['id', 'organizationId', 'status', 'version', 'submittedAt', 'warnings'])
    .where('year', '=', year)
    .orderBy('organizationId')
    .execute();
  const history = await db
    .selectFrom('reportHistory')
    .innerJoin('progressReports', 'progressReports.id', 'reportHistory.reportId')
    .select(['reportHistory.reportId', 'reportHistory.version', 'reportHistory.action'])
    .where('progressReports.year', '=', year)
    .orderBy('reportHistory.id')
    .execute();
  return reports.map((r) => ({ ...r, history: history.filter((h) => h.reportId === r.id).map((h) => `${h.version}:${h.action}`) }));
}

/**
 * Holds a row lock on the reports of `organizationIds` for `year` until the returned function is called, so
 * that their submissions are still in flight when the server is killed, however fast the others go (on a
 * quiet machine all thirty could be acknowledged between two looks at the count).
 */
async function holdReports(year: number, organizationIds: number[]): Promise<() => Promise<void>> {
  const { db } = database.connection;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const held = db.transaction().execute(async (trx) => {
    await trx
      .selectFrom('progressReports')
      .select('id')
      .where('year', '=', year)
      .where('organizationId', 'in', organizationIds)
      .forUpdate()
      .execute();
    locked();
    await released;
  });
  await Promise.race([isLocked, held]);
  return async () => {
    release();
    await held;
  };
}

const killMoments: [string, (acknowledged: number) => boolean][] = [
  ['at the first acknowledged submission', (n) => n >= 1],
  ['with half of them acknowledged', (n) => n >= ORGANIZATIONS / 2],
];

describe('SIGKILL in the middle of submits', () => {
  for (const [index, [moment, killWhen]] of killMoments.entries()) {
    it(`leaves no half-written report when killed ${moment}`, async () => {
      const year = 2030 + index;
      await draftsFor(year);
      server = await startServer({ databaseUrl: database.databaseUrl });
      const clients = await Promise.all(signatories.map((s) => clientWithSession(database.connection.db, server!.url, s.id)));
      // Three reports are held: their submissions wait for the lock until the kill cuts them off (few
      // enough that the waiting ones leave the server's pool connections for the others).
      const releaseHeld = await holdReports(
        year,
        signatories.filter((_, i) => i % 10 === 9).map((s) => s.organizationId!),
      );
      const acknowledged = new Set<number>();
      const submits = clients.map(async (client, i) => {
        const organizationId = signatories[i]!.organizationId!;
        const answer = await client
          .mutation('reports.submit', {
            organizationId,
            year,
            expectedVersion: 1,
            justifications: { funding_without_partners: 'Partners are counted by our federation, not by us.' },
          })
          .catch(() => null);
        if (answer?.status === 200) acknowledged.add(organizationId);
        return answer?.status ?? 'killed';
      });
      try {
        await waitFor(`the kill moment (${moment})`, async () => killWhen(acknowledged.size), 60_000);
        await server.kill();
      } finally {
        await releaseHeld();
      }
      const outcomes = await Promise.all(submits);
      expect(outcomes.filter((o) => o === 'killed').length, 'some submissions were cut off').toBeGreaterThan(0);

      const reports = await reportsOf(year);
      expect(reports).toHaveLength(ORGANIZATIONS);
      for (const report of reports) {
        const whole =
          (report.status === 'draft' && report.version === 1 && report.submittedAt === null && report.history.join() === '1:create') ||
          (report.status === 'submitted' &&
            report.version === 2 &&
            report.submittedAt !== null &&
            report.history.join() === '1:create,2:submit' &&
            JSON.stringify(report.warnings).includes('Partners are counted by our federation'));
        expect(whole, JSON.stringify(report)).toBe(true);
        if (acknowledged.has(report.organizationId)) expect(report.status).toBe('submitted');
      }

      // A new server starts on the same database and finishes the job: no lock or half-state is left behind.
      server = await startServer({ databaseUrl: database.databaseUrl });
      for (const report of reports.filter((r) => r.status === 'draft')) {
        const signatory = signatories.find((s) => s.organizationId === report.organizationId)!;
        const client = await clientWithSession(database.connection.db, server.url, signatory.id);
        const answer = await client.mutation('reports.submit', {
          organizationId: report.organizationId,
          year,
          expectedVersion: 1,
          justifications: { funding_without_partners: 'Partners are counted by our federation, not by us.' },
        });
        expect(answer.status, answer.text).toBe(200);
      }
      expect((await reportsOf(year)).every((r) => r.status === 'submitted')).toBe(true);
      await server.stop();
      server = undefined;
    });
  }
});
