// Cross-site requests and browser protections, over real HTTP: a page on another site cannot make a
// signed-in browser change anything (mutations check Origin and Sec-Fetch-Site), and every answer — the
// web app, its assets, the API, CSV files, errors — carries the security headers.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../factories/index.ts';
import { dumpDatabase } from '../security/dump.ts';
import { clientWithSession, rawRequest, startTestServer, type ApiClient, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let proxied: TestServer;
let coordinator: ApiClient;
let clientDist: string;

const newOrganization = () => ({
  name: `Horn of Africa Returnee Network ${Math.random().toString(36).slice(2)}`,
  type: 'migrant_led',
  country: 'ET',
  signedOn: '2024-03-01',
  disclosure: 'public',
});

beforeAll(async () => {
  clientDist = mkdtempSync(join(tmpdir(), 'lpt-client-'));
  mkdirSync(join(clientDist, 'assets'));
  writeFileSync(join(clientDist, 'index.html'), '<!doctype html><title>Tracker</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(clientDist, 'assets', 'app.js'), 'console.log("app")');
  server = await startTestServer(getDb().db, { clientDist });
  proxied = await startTestServer(getDb().db, { clientDist, trustProxy: true });
  coordinator = await clientWithSession(getDb().db, server.url, (await createUser(getDb().db, 'coordinator')).id);
});
afterAll(async () => {
  await Promise.all([server?.close(), proxied?.close()]);
  rmSync(clientDist, { recursive: true, force: true });
});

describe('mutations from another site', () => {
  const foreign: [string, Record<string, string>][] = [
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a look-alike Origin', { origin: 'http://127.0.0.1.evil.example' }],
    ['the same host on another port', { origin: 'http://127.0.0.1:1' }],
    ['an opaque (null) Origin', { origin: 'null' }],
    ['a malformed Origin', { origin: '::::' }],
    ['Sec-Fetch-Site: cross-site without an Origin', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: cross-site with our own Origin', { 'sec-fetch-site': 'cross-site', origin: 'SELF' }],
  ];
  for (const [name, headers] of foreign)
    it(`refuses ${name} with 403 and writes nothing`, async () => {
      const before = await dumpDatabase(getDb().db);
      const sent = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'SELF' ? server.url : v]));
      const answer = await coordinator.mutation('organizations.create', newOrganization(), sent);
      expect(answer.status).toBe(403);
      expect(answer.error).toMatchObject({ code: 'FORBIDDEN', message: 'Cross-site request refused' });
      expect(await dumpDatabase(getDb().db)).toBe(before);
    });

  it('refuses a sign-in from another site (login CSRF)', async () => {
    const user = await createUser(getDb().db, 'donor');
    const answer = await coordinator.anonymous().login(user.email, user.password);
    expect(answer.status).toBe(200);
    const forged = await coordinator
      .anonymous()
      .mutation('auth.login', { email: user.email, password: user.password }, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie()).toEqual([]);
  });

  it('accepts the same origin, a same-origin fetch, and callers that send no Origin (scripts, curl)', async () => {
    const cases: Record<string, string>[] = [{ origin: server.url }, { 'sec-fetch-site': 'same-origin', origin: server.url }, {}];
    for (const headers of cases) {
      const answer = await coordinator.mutation('organizations.create', newOrganization(), headers);
      expect(answer.status, answer.text).toBe(200);
    }
  });

  it('behind a trusted proxy, compares the Origin with the host the browser asked for', async () => {
    const viaProxy = await clientWithSession(getDb().db, proxied.url, (await createUser(getDb().db, 'coordinator')).id);
    const headers = { origin: 'https://tracker.example.org', 'x-forwarded-host': 'tracker.example.org', 'x-forwarded-proto': 'https' };
    expect((await viaProxy.mutation('organizations.create', newOrganization(), headers)).status).toBe(200);
    const other = { ...headers, origin: 'https://evil.example' };
    expect((await viaProxy.mutation('organizations.create', newOrganization(), other)).status).toBe(403);
    // Without trust, a forwarded host is no excuse.
    expect((await coordinator.mutation('organizations.create', newOrganization(), headers)).status).toBe(403);
  });

  it('never grants another site access to answers (no CORS headers), even for reads', async () => {
    const answer = await coordinator.query('auth.me', undefined, { origin: 'https://evil.example' });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await coordinator.raw('/trpc/organizations.create', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('security headers', () => {
  const pages: [string, () => Promise<{ status: number | null; headers: Headers }>][] = [
    ['the web app', () => coordinator.raw('/')],
    ['a client-side route', () => coordinator.raw('/review/2025')],
    ['a script asset', () => coordinator.raw('/assets/app.js')],
    ['a missing asset (404)', () => coordinator.raw('/assets/missing.js')],
    ['/healthz', () => coordinator.raw('/healthz')],
    ['a tRPC query', () => coordinator.query('auth.me')],
    ['a tRPC error', () => coordinator.query('no.such.procedure')],
    ['a refused mutation (415)', () => coordinator.postRaw('organizations.create', '{}', { 'content-type': 'text/plain' })],
    ['a CSV download', () => coordinator.raw('/csv/summary.csv?year=2025')],
    ['a refused CSV download (400)', () => coordinator.raw('/csv/summary.csv?year=abc')],
    ['an unknown CSV table (404)', () => coordinator.raw('/csv/nothing.csv')],
    ['a path escaping the web app (400/404)', () => coordinator.raw('/..%2f..%2fetc%2fpasswd')],
  ];
  for (const [name, load] of pages)
    it(`are on ${name}`, async () => {
      const { headers } = await load();
      const csp = headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp.split(';').map((d) => d.trim().split(/\s+/)).map(([directive, ...values]) => [directive, values]),
      ) as Record<string, string[]>;
      const scripts = directives['script-src'] ?? directives['default-src'] ?? [];
      expect(scripts, csp).toContain("'self'");
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(scripts).not.toContain('*');
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['base-uri']).toEqual(["'self'"]);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('referrer-policy')).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
      expect(headers.get('x-powered-by')).toBeNull();
    });

  it('are on the answer to an oversize upload (413)', async () => {
    const answer = await rawRequest(server.url, {
      method: 'POST',
      path: '/trpc/organizations.create',
      headers: { 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) },
      body: Buffer.alloc(0),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });

  it('keep API answers and CSV files out of caches', async () => {
    expect((await coordinator.query('auth.me')).headers.get('cache-control')).toBe('no-store');
    expect((await coordinator.raw('/csv/summary.csv?year=2025')).headers.get('cache-control')).toBe('no-store');
  });
});
