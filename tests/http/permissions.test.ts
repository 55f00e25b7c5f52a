// The permission matrix: every tRPC procedure and every download (CSV and its Excel twin) against every kind of caller, over
// real HTTP, with the outcome each must get. The router is enumerated, so a procedure added without a row
// here fails the suite. A refused call must also leave the database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@lpt/server/router';
import { downloadTableNames } from '@lpt/shared/downloads';
import { createOrganization } from '../factories/index.ts';
import { dumpDatabase } from '../security/dump.ts';
import { startTestServer, type TestServer } from '../security/http.ts';
import {
  callerKinds,
  callOverHttp,
  createSecurityFixture,
  csvRoutes,
  validCalls,
  type CallerKind,
  type SecurityFixture,
} from '../security/procedures.ts';
import { useTestDatabase } from '../setup/database.ts';

type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN';
type Row = Record<CallerKind, Outcome>;

const U = 'UNAUTHORIZED';
const F = 'FORBIDDEN';
//                        anonymous  own sig.  other sig.  donor  coordinator  ended session
const row = (...o: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]): Row =>
  Object.fromEntries(callerKinds.map((kind, i) => [kind, o[i]])) as Row;

const anyone = row('ok', 'ok', 'ok', 'ok', 'ok', 'ok');
const signedIn = row(U, 'ok', 'ok', 'ok', 'ok', U);
const coordinators = row(U, F, F, F, 'ok', U);
const ownOrganisation = row(U, 'ok', F, F, 'ok', U);
const reportUsers = row(U, 'ok', 'ok', F, 'ok', U);
const donorsAndCoordinators = row(U, F, F, 'ok', 'ok', U);

const matrix: Record<string, Row> = {
  'auth.login': anyone,
  'auth.logout': signedIn,
  'auth.me': anyone,
  'auth.changePassword': signedIn,
  'auth.setLocale': signedIn,
  'auth.settings': signedIn,
  'auth.setReminders': signedIn,
  'auth.requestPasswordReset': anyone,
  'auth.resetPassword': anyone,
  'auth.verifySecondFactor': anyone,
  'auth.startEnrolmentAtSignIn': anyone,
  'auth.confirmEnrolmentAtSignIn': anyone,
  'auth.startTwoFactor': signedIn,
  'auth.confirmTwoFactor': signedIn,
  'auth.disableTwoFactor': signedIn,

  'organizations.list': signedIn,
  'organizations.get': row(U, 'ok', F, 'ok', 'ok', U),
  'organizations.create': coordinators,
  'organizations.update': coordinators,

  'users.list': coordinators,
  'users.create': coordinators,
  'users.invite': coordinators,
  'users.invitations': coordinators,
  'users.resendInvitation': coordinators,
  'users.withdrawInvitation': coordinators,
  'users.update': coordinators,
  'users.liftSignInLimits': coordinators,
  'users.issuePasswordReset': coordinators,
  'users.resetTwoFactor': coordinators,

  'cycles.list': anyone,
  'cycles.reportCounts': coordinators,
  'cycles.upsert': coordinators,

  'rates.list': signedIn,
  'rates.missing': coordinators,
  'rates.upsert': coordinators,
  'rates.remove': coordinators,

  'reports.get': ownOrganisation,
  'reports.list': reportUsers,
  'reports.saveDraft': ownOrganisation,
  'reports.submit': ownOrganisation,
  'reports.replyToComment': ownOrganisation,
  'reports.review': coordinators,
  'reports.reopen': coordinators,
  'reports.history': ownOrganisation,
  'reports.changesSinceLastSubmission': ownOrganisation,
  'reports.compliance': coordinators,
  'reports.corrections': anyone,
  'reports.queue': coordinators,
  'reports.reviewers': coordinators,
  'reports.assign': coordinators,

  'metrics.summary': anyone,
  'metrics.trend': anyone,
  'metrics.breakdown': anyone,
  'metrics.organizations': donorsAndCoordinators,
  'metrics.ownComparison': ownOrganisation,

  'releases.list': anyone,
  'releases.preview': coordinators,
  'releases.publish': coordinators,
  'releases.withheldCells': coordinators,

  'audit.list': coordinators,

  'outbox.list': coordinators,
  'outbox.get': coordinators,
  'outbox.remindNow': coordinators,
};

const csvMatrix: Record<string, Row> = {
  summary: anyone,
  trend: anyone,
  'commitment-trend': anyone,
  breakdown: anyone,
  distribution: anyone,
  statuses: anyone,
  leadership: anyone,
  organizations: donorsAndCoordinators,
};

const httpStatus: Record<Outcome, number> = { ok: 200, UNAUTHORIZED: 401, FORBIDDEN: 403 };

const getDb = useTestDatabase();
let server: TestServer;
let fx: SecurityFixture;

beforeAll(async () => {
  fx = await createSecurityFixture(getDb().db);
  server = await startTestServer(getDb().db);
});
afterAll(async () => {
  await server?.close();
});

describe('the permission matrix', () => {
  it('has a row for every procedure of the router, and no row for a procedure that does not exist', () => {
    // At run time tRPC 11 keeps every procedure in one flat record keyed by its dotted path.
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    expect(Object.keys(matrix).sort()).toEqual(Object.keys(procedures).sort());
    expect(Object.keys(validCalls).sort()).toEqual(Object.keys(procedures).sort());
    for (const [path, procedure] of Object.entries(procedures)) expect(procedure._def.type, path).toBe(validCalls[path]!.type);
  });

  it('has a row for every download the server offers', () => {
    // The routes serve exactly the tables of shared/src/downloads.ts, so a new one needs a row.
    expect(Object.keys(csvMatrix).sort()).toEqual([...downloadTableNames].sort());
    expect(Object.keys(csvRoutes).sort()).toEqual([...downloadTableNames].sort());
  });

  for (const [path, expected] of Object.entries(matrix)) {
    describe(path, () => {
      for (const kind of callerKinds) {
        const outcome = expected[kind];
        it(`${kind}: ${outcome}`, async () => {
          const { db } = getDb();
          const client = await fx.clientFor(server.url, kind);
          const input = await validCalls[path]!.input(fx);
          const before = outcome === 'ok' ? null : await dumpDatabase(db);
          const answer = await callOverHttp(client, path, input);
          if (outcome === 'ok') {
            expect(answer.error, `${path} as ${kind}: ${answer.text.slice(0, 300)}`).toBeNull();
            expect(answer.status).toBe(200);
          } else {
            expect({ status: answer.status, code: answer.error?.code }).toEqual({ status: httpStatus[outcome], code: outcome });
            expect(answer.error?.message).toBeTruthy();
            expect(await dumpDatabase(db), 'a refused call wrote to the database').toBe(before);
          }
        });
      }
    });
  }

  it('auth.me tells a caller whose session has ended that nobody is signed in', async () => {
    const client = await fx.clientFor(server.url, 'endedSession');
    expect((await client.query('auth.me')).data).toBeNull();
  });

  it("reports.list shows a signatory only its own organisation's reports", async () => {
    const own = await (await fx.clientFor(server.url, 'ownSignatory')).query('reports.list', {});
    const other = await (await fx.clientFor(server.url, 'otherSignatory')).query('reports.list', {});
    expect(own.data.length).toBeGreaterThan(0);
    expect(new Set(own.data.map((r: { organizationId: number }) => r.organizationId))).toEqual(new Set([fx.own.id]));
    expect(other.data).toEqual([]);
  });

  it('organizations.list shows a signatory its own organisation, a donor the public ones, a coordinator all', async () => {
    const { db } = getDb();
    const { id: hidden } = await createOrganization(db, { name: `Quiet Partner ${Date.now()}`, disclosure: 'aggregate_only' });
    const ids = async (kind: CallerKind) =>
      new Set(((await (await fx.clientFor(server.url, kind)).query('organizations.list', {})).data as { id: number }[]).map((o) => o.id));
    expect(await ids('ownSignatory')).toEqual(new Set([fx.own.id]));
    const donor = await ids('donor');
    expect(donor.has(fx.own.id)).toBe(true);
    // An aggregate_only organisation named beside its type and region points at whom a cell is about.
    expect(donor.has(hidden)).toBe(false);
    expect((await ids('coordinator')).has(hidden)).toBe(true);
    // Nor can a donor read its record by id.
    const record = await (await fx.clientFor(server.url, 'donor')).query('organizations.get', { id: hidden });
    expect(record.error?.code).toBe('FORBIDDEN');
  });
});

describe('the download permission matrix', () => {
  const files = Object.entries(csvMatrix).flatMap(([name, expected]) => [
    { path: `/csv/${name}.csv?${csvRoutes[name]}`, type: /^text\/csv/, extension: 'csv', expected },
    { path: `/csv/${name}.csv?${csvRoutes[name]}&format=data`, type: /^text\/csv/, extension: 'csv', expected },
    { path: `/xlsx/${name}.xlsx?${csvRoutes[name]}`, type: /^application\/vnd\.openxmlformats/, extension: 'xlsx', expected },
  ]);
  for (const { path, type, extension, expected } of files) {
    describe(path, () => {
      for (const kind of callerKinds) {
        const outcome = expected[kind];
        it(`${kind}: ${outcome}`, async () => {
          const client = await fx.clientFor(server.url, kind);
          const answer = await client.raw(path);
          expect(answer.status, answer.text.slice(0, 300)).toBe(httpStatus[outcome]);
          if (outcome === 'ok') {
            expect(answer.headers.get('content-type')).toMatch(type);
            expect(answer.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename=".+\\.${extension}"$`));
          } else {
            expect(answer.json?.error?.data?.code).toBe(outcome);
          }
        });
      }
    });
  }
});
