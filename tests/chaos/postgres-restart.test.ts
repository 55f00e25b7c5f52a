// PostgreSQL goes away in the middle of a load of writes and comes back. While it is down the server
// answers 503 (never a 500, never a hang, never a crash); it recovers by itself within 5 s of the database
// returning; and every write it acknowledged is in the database afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../factories/index.ts';
import { clientWithSession, type ApiClient } from '../security/http.ts';
import { sleep, startChaosPostgres, startServer, waitFor, type ChaosPostgres, type ServerProcess } from './harness.ts';

let database: ChaosPostgres;
let server: ServerProcess;
let coordinatorId: number;

beforeAll(async () => {
  database = await startChaosPostgres();
  coordinatorId = (await createUser(database.connection.db, 'coordinator')).id;
  server = await startServer({ databaseUrl: database.databaseUrl });
});
afterAll(async () => {
  await server?.stop();
  await database?.close();
});

interface Write {
  name: string;
  status: number | 'network error';
  at: number;
}

describe('a PostgreSQL restart under load', () => {
  for (const mode of ['fast', 'immediate'] as const) {
    it(`(${mode} shutdown) answers 503 while the database is down, recovers within 5 s, and keeps every acknowledged write`, async () => {
      const writers: ApiClient[] = await Promise.all(
        Array.from({ length: 8 }, () => clientWithSession(database.connection.db, server.url, coordinatorId)),
      );
      const writes: Write[] = [];
      const health: { status: number | 'network error'; at: number }[] = [];
      let running = true;
      let counter = 0;
      const load = writers.map(async (client, w) => {
        while (running) {
          const name = `Chaos ${mode} writer ${w} organisation ${++counter}`;
          const answer = await client
            .mutation('organizations.create', { name, type: 'local_ngo', country: 'KE', signedOn: '2024-01-01', disclosure: 'public' })
            .catch(() => null);
          writes.push({ name, status: answer?.status ?? 'network error', at: Date.now() });
          // While the database is down the answers come at once: do not spin.
          if (answer?.status !== 200) await sleep(20);
        }
      });
      const probe = (async () => {
        while (running) {
          const status = await fetch(`${server.url}/readyz`).then((r) => r.status, () => 'network error' as const);
          health.push({ status, at: Date.now() });
          await sleep(50);
        }
      })();

      await waitFor('some writes before the restart', async () => writes.filter((w) => w.status === 200).length >= 20);
      await database.pg.stopServer(mode);
      const stoppedAt = Date.now();
      // Down for a while, with the load still coming.
      await sleep(2000);
      const downUntil = Date.now();
      await database.pg.start();
      const backAt = Date.now();
      await waitFor('a write accepted after the restart', async () => writes.some((w) => w.at > backAt && w.status === 200), 15_000);
      const recoveredAt = writes.find((w) => w.at > backAt && w.status === 200)!.at;
      await sleep(1000);
      running = false;
      await Promise.all([...load, probe]);

      const statuses = new Set(writes.map((w) => w.status));
      // Only successes and "unavailable": no 500, no dropped connection, no crash.
      expect([...statuses].sort(), server.output().slice(-2000)).toEqual([200, 503]);
      expect(server.child.exitCode).toBeNull();
      // Answers that came once the server was surely down (a request under way at that moment may finish either way).
      const whileDown = writes.filter((w) => w.at > stoppedAt + 500 && w.at < downUntil);
      expect(whileDown.length).toBeGreaterThan(0);
      expect(whileDown.every((w) => w.status === 503)).toBe(true);
      expect(health.filter((h) => h.at > stoppedAt + 500 && h.at < downUntil).every((h) => h.status === 503)).toBe(true);
      expect(recoveredAt - backAt, 'recovery after the database returned (ms)').toBeLessThan(5000);
      expect(health.at(-1)!.status).toBe(200);

      // Every acknowledged write is there.
      const acknowledged = writes.filter((w) => w.status === 200).map((w) => w.name);
      const stored = new Set(
        (await database.connection.db.selectFrom('organizations').select('name').where('name', 'like', `Chaos ${mode} %`).execute()).map(
          (r) => r.name,
        ),
      );
      const missing = acknowledged.filter((name) => !stored.has(name));
      expect(missing).toEqual([]);
      // And each came with its audit row, in the same transaction.
      const audited = await database.connection.db
        .selectFrom('auditLog')
        .innerJoin('organizations', (join) => join.on((eb) => eb(eb.cast('organizations.id', 'text'), '=', eb.ref('auditLog.entityKey'))))
        .select('organizations.name')
        .where('auditLog.entity', '=', 'organization')
        .where('organizations.name', 'like', `Chaos ${mode} %`)
        .execute();
      expect(new Set(audited.map((r) => r.name))).toEqual(stored);
    });
  }
});
