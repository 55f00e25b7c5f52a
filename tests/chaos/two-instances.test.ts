// Two server processes on one PostgreSQL behave as one server: a session started on one works on the
// other and ends on both, login limits count on both, and two saves of the same report version are
// decided once, whichever instance each reaches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { ApiClient, clientWithSession } from '../security/http.ts';
import { startChaosPostgres, startServer, type ChaosPostgres, type ServerProcess } from './harness.ts';

const YEAR = 2025;
let database: ChaosPostgres;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  database = await startChaosPostgres();
  await createCycle(database.connection.db, YEAR, { opensOn: `${YEAR}-01-01`, dueOn: '2099-12-31' });
  [a, b] = await Promise.all([startServer({ databaseUrl: database.databaseUrl }), startServer({ databaseUrl: database.databaseUrl })]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.close();
});

/** The same browser (one cookie) talking to either instance, as behind a load balancer. */
function browserOn(cookie: string | undefined, server: ServerProcess) {
  const client = new ApiClient(server.url);
  client.cookie = cookie;
  return client;
}

describe('two server instances on one PostgreSQL', () => {
  it('share sessions: signed in on one, signed in on the other; signed out on one, signed out on both', async () => {
    const user = await createUser(database.connection.db, 'donor');
    const onA = new ApiClient(a.url);
    expect((await onA.login(user.email, user.password)).status).toBe(200);
    const onB = browserOn(onA.cookie, b);
    expect((await onB.query('auth.me')).data).toMatchObject({ id: user.id });
    expect((await onB.mutation('auth.logout')).status).toBe(200);
    expect((await browserOn(onA.cookie, a).query('auth.me')).data).toBeNull();
  });

  it('end every session on both when the password is changed on one', async () => {
    const user = await createUser(database.connection.db, 'donor');
    const laptop = new ApiClient(a.url);
    const phone = new ApiClient(b.url);
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    expect((await browserOn(phone.cookie, a).query('auth.me')).data).toMatchObject({ id: user.id });
    await laptop.mutation('auth.changePassword', { currentPassword: user.password, newPassword: 'a-brand-new-passphrase' });
    expect((await phone.query('auth.me')).data).toBeNull();
    expect((await browserOn(phone.cookie, a).query('auth.me')).data).toBeNull();
    expect((await browserOn(laptop.cookie, b).query('auth.me')).data).toMatchObject({ id: user.id });
  });

  it('count failed logins together', async () => {
    const user = await createUser(database.connection.db, 'donor');
    for (let i = 0; i < 5; i++) expect((await new ApiClient(i % 2 ? a.url : b.url).login(user.email, 'wrong-guess')).status).toBe(401);
    expect((await new ApiClient(a.url).login(user.email, user.password)).status).toBe(429);
    expect((await new ApiClient(b.url).login(user.email, user.password)).status).toBe(429);
  });

  it('decide each report version once, whichever instance a save reaches', async () => {
    const { db } = database.connection;
    const organization = await createOrganization(db);
    const people = await Promise.all(Array.from({ length: 4 }, () => createUser(db, 'signatory', organization.id)));
    const key = { organizationId: organization.id, year: YEAR };
    // Twenty tabs, half of them served by each instance.
    const clients = await Promise.all(
      Array.from({ length: 20 }, (_, i) => clientWithSession(db, i % 2 ? a.url : b.url, people[i % people.length]!.id)),
    );
    expect((await clients[0]!.mutation('reports.saveDraft', { ...key, expectedVersion: 0, data: completeReportData() })).data).toEqual({ version: 1 });
    // A second creation, on the other instance, is a conflict.
    const again = await clients[1]!.mutation('reports.saveDraft', { ...key, expectedVersion: 0, data: completeReportData() });
    expect(again.status).toBe(409);

    // Head to head: the same version sent to both instances at once, twenty times.
    let version = 1;
    for (let round = 0; round < 20; round++) {
      const [onA, onB] = await Promise.all(
        [clients[1]!, clients[2]!].map((client, side) =>
          client.mutation('reports.saveDraft', {
            ...key,
            expectedVersion: version,
            data: completeReportData({ collaboration: { narrative: `round ${round} side ${side}` } }),
          }),
        ),
      );
      expect([onA!.status, onB!.status].sort()).toEqual([200, 409]);
      version = (onA!.status === 200 ? onA! : onB!).data.version;
      expect(version).toBe(round + 2);
    }

    // Then everyone at once.
    let issued = 0;
    const accepted: { version: number; narrative: string }[] = [];
    await Promise.all(
      clients.map(async (client, c) => {
        let known = version;
        while (issued < 300) {
          const narrative = `race ${++issued} tab ${c}`;
          const answer = await client.mutation('reports.saveDraft', {
            ...key,
            expectedVersion: known,
            data: completeReportData({ collaboration: { narrative } }),
          });
          expect([200, 409]).toContain(answer.status);
          if (answer.status === 200) {
            known = answer.data.version;
            accepted.push({ version: known, narrative });
          } else known = (await client.query('reports.get', key)).data.report.version;
        }
      }),
    );
    accepted.sort((x, y) => x.version - y.version);
    expect(accepted.map((s) => s.version)).toEqual(accepted.map((_, i) => version + 1 + i));
    const report = await db.selectFrom('progressReports').select(['id', 'version']).where('organizationId', '=', organization.id).executeTakeFirstOrThrow();
    const saves = await db
      .selectFrom('reportHistory')
      .select(['version', 'data'])
      .where('reportId', '=', report.id)
      .where('version', '>', version)
      .orderBy('id')
      .execute();
    const narrativeOf = (data: unknown) => ((typeof data === 'string' ? JSON.parse(data) : data) as { collaboration: { narrative: string } }).collaboration.narrative;
    expect(saves.map((s) => [s.version, narrativeOf(s.data)])).toEqual(accepted.map((s) => [s.version, s.narrative]));
    expect(report.version).toBe(accepted.at(-1)!.version);
  });
});
