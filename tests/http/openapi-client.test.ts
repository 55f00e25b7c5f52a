// A client generated from the API document, as a donor's developer would make one: the set-up reads
// /openapi.json from the running server, generates its types with openapi-typescript into a temporary
// folder beside a small client written against them (openapi-fetch), and type-checks that client strictly
// (a call of a path the document does not have must fail to check). The same client then reads
// metrics.summary with a donor's API token, and is refused after the token is revoked.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiTypesOf, typeErrorsOf } from '@lpt/openapi-client/generate';
import { createApiToken, revokeApiToken } from '@lpt/server/features/auth/api-tokens.service';
import { createCycle, createUser } from '../factories/index.ts';
import { ApiClient, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

/** The client, written against the generated types; createClient comes in as an argument (a type-only import). */
const clientSource = `
import type createClient from 'openapi-fetch';
import type { paths } from './api.ts';

export function clientFor(create: typeof createClient, baseUrl: string, token: string) {
  return create<paths>({ baseUrl, headers: { Authorization: 'Bearer ' + token } });
}

export async function readSummary(client: ReturnType<typeof clientFor>, year: number) {
  // The document's "input" parameter is the input as JSON (application/json content), sent URL-encoded.
  const { data, error, response } = await client.GET('/trpc/metrics.summary', { params: { query: { input: JSON.stringify({ year }) } } });
  const answered: number | undefined = data?.result.data?.year;
  return { status: response.status, year: answered, message: error?.error.message, refusal: error?.error.data.refusal?.code };
}
`;

/** What the test calls of the generated client (checked against the generated types in the first test). */
interface GeneratedClient {
  clientFor(create: typeof createClient, baseUrl: string, token: string): unknown;
  readSummary(client: unknown, year: number): Promise<{ status: number; year?: number; message?: string; refusal?: string }>;
}

const getDb = useTestDatabase();
let server: TestServer;
let folder: string;
let openapiFetchTypes: string;

beforeAll(async () => {
  server = await startTestServer(getDb().db);
  const document = (await new ApiClient(server.url).raw('/openapi.json')).json;
  folder = await mkdtemp(path.join(os.tmpdir(), 'lpt-openapi-client-'));
  await writeFile(path.join(folder, 'api.ts'), await openApiTypesOf(document));
  await writeFile(path.join(folder, 'client.ts'), clientSource);
  openapiFetchTypes = path.join(path.dirname(fileURLToPath(import.meta.resolve('openapi-fetch'))), 'index.d.mts');
}, 60_000);
afterAll(async () => {
  await server?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('a client generated from /openapi.json', () => {
  it('type-checks against the generated types, which know the paths and their inputs and answers', async () => {
    expect(typeErrorsOf([path.join(folder, 'client.ts')], { 'openapi-fetch': openapiFetchTypes })).toEqual([]);
    // The check is real: a path the document does not have, or a field its answer does not have, fails.
    const wrongPath = clientSource.replace("'/trpc/metrics.summary'", "'/trpc/metrics.nothing'");
    const wrongField = clientSource.replace('data?.result.data?.year;', 'data?.result.data?.yearOfRelease;');
    for (const [name, source] of [['wrong-path.ts', wrongPath], ['wrong-field.ts', wrongField]] as const) {
      expect(source).not.toBe(clientSource);
      await writeFile(path.join(folder, name), source);
      expect(typeErrorsOf([path.join(folder, name)], { 'openapi-fetch': openapiFetchTypes }).length, name).toBeGreaterThan(0);
    }
  }, 60_000);

  it('reads metrics.summary with a donor token, and is refused once the token is revoked', async () => {
    const { db } = getDb();
    await createCycle(db, 2025, { dueOn: '2026-03-31' });
    const donor = await createUser(db, 'donor');
    const { token, apiToken } = await createApiToken(db, donor, { name: 'Generated client', expiresInDays: 7 });
    const generated = (await import(/* @vite-ignore */ path.join(folder, 'client.ts'))) as GeneratedClient;
    const client = generated.clientFor(createClient, server.url, token);

    const summary = await generated.readSummary(client, 2025);
    expect(summary).toMatchObject({ status: 200, year: 2025 });

    await revokeApiToken(db, donor, apiToken.id);
    const refused = await generated.readSummary(client, 2025);
    expect(refused).toMatchObject({ status: 401, year: undefined, refusal: 'api_token_revoked' });
    expect(refused.message).toMatch(/revoked/);
  });
});
