// The embedded database (PGlite in DATA_DIR, the default without DATABASE_URL) survives its server being
// killed with SIGKILL in the middle of writes: the next server starts on the same directory, with every
// acknowledged write and the sessions that were open, and goes on writing. Twice, to be sure recovery
// itself leaves a directory that recovers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../security/http.ts';
import { runTs, sleep, startServer, waitFor, type ServerProcess } from './harness.ts';

const EMAIL = 'chaos.coordinator@test.example';
const PASSWORD = 'an-embedded-chaos-passphrase';
let dataDir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lpt-embedded-'));
  // The first account, the way an operator makes it (this also creates and migrates the database).
  await runTs(
    'server/src/cli/user-create.ts',
    ['--email', EMAIL, '--name', 'Chaos Coordinator', '--password', PASSWORD, '--role', 'coordinator'],
    { DATA_DIR: dataDir, DATABASE_URL: undefined },
  );
});
afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded database and SIGKILL', () => {
  it('starts again after SIGKILLs in the middle of writes, with every acknowledged write', async () => {
    const acknowledged: string[] = [];
    let session: string | undefined;
    for (let round = 1; round <= 2; round++) {
      server = await startServer({ dataDir });
      const url = server.url;
      const coordinator = new ApiClient(url);
      if (session) {
        // The session of before the kill is still there.
        coordinator.cookie = session;
        expect((await coordinator.query('auth.me')).data).toMatchObject({ email: EMAIL });
      } else {
        expect((await coordinator.login(EMAIL, PASSWORD)).status).toBe(200);
        session = coordinator.cookie;
      }
      // Everything acknowledged before every earlier kill.
      const names = new Set((await coordinator.query('organizations.list', {})).data.map((o: { name: string }) => o.name));
      expect(acknowledged.filter((n) => !names.has(n))).toEqual([]);

      let running = true;
      let counter = 0;
      const writers = Array.from({ length: 4 }, async (_, w) => {
        const client = new ApiClient(url);
        client.cookie = session;
        while (running) {
          const name = `Embedded round ${round} writer ${w} organisation ${++counter}`;
          const answer = await client
            .mutation('organizations.create', { name, type: 'national_ngo', country: 'GH', signedOn: '2024-01-01', disclosure: 'public' })
            .catch(() => null);
          if (answer === null) return;
          if (answer.status === 200) acknowledged.push(name);
        }
      });
      const before = acknowledged.length;
      await waitFor('writes under way', async () => acknowledged.length >= before + 15, 60_000);
      await server.kill();
      running = false;
      await Promise.all(writers);
      await sleep(100);
    }

    server = await startServer({ dataDir });
    const coordinator = new ApiClient(server.url);
    coordinator.cookie = session;
    const names = new Set((await coordinator.query('organizations.list', {})).data.map((o: { name: string }) => o.name));
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    expect(acknowledged.filter((n) => !names.has(n))).toEqual([]);
    const after = await coordinator.mutation('organizations.create', {
      name: 'Written after two crashes',
      type: 'national_ngo',
      country: 'GH',
      signedOn: '2024-01-01',
      disclosure: 'public',
    });
    expect(after.status).toBe(200);
    await server.stop();
    server = undefined;
  });
});
