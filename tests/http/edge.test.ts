// The HTTP edge over real HTTP: paths that mean what they say (health and readiness, 404s that are never the
// web app, page routes that are), bad URLs and methods (400, 405, never 500), files outside the web app's
// folder never served, cache headers, precompressed files and compressed answers, and the request log.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSections } from '@lpt/server/http/web-app';
import { createUser } from '../factories/index.ts';
import { ApiClient, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let parent: string;
let clientDist: string;
const logLines: string[] = [];

const INDEX = '<!doctype html><title>Tracker</title><script type="module" src="/assets/app-4f9c2a.js"></script>';
const SCRIPT = `console.log(${JSON.stringify('the app '.repeat(400))});`;
const SECRET = 'the contents of a sibling folder';

beforeAll(async () => {
  // <parent>/dist is the web app; <parent>/dist-secret shares its name's prefix and must never be served.
  parent = mkdtempSync(path.join(tmpdir(), 'lpt-edge-'));
  clientDist = path.join(parent, 'dist');
  mkdirSync(path.join(clientDist, 'assets'), { recursive: true });
  mkdirSync(path.join(parent, 'dist-secret'));
  writeFileSync(path.join(parent, 'dist-secret', 'secret.txt'), SECRET);
  writeFileSync(path.join(parent, 'secret.txt'), SECRET);
  writeFileSync(path.join(clientDist, '.env'), SECRET);
  writeFileSync(path.join(clientDist, 'index.html'), INDEX);
  writeFileSync(path.join(clientDist, 'robots.txt'), 'User-agent: *');
  writeFileSync(path.join(clientDist, 'assets', 'app-4f9c2a.js'), SCRIPT);
  writeFileSync(path.join(clientDist, 'assets', 'app-4f9c2a.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(path.join(clientDist, 'assets', 'app-4f9c2a.js.gz'), gzipSync(SCRIPT));
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  server = await startTestServer(getDb().db, { clientDist, logger: pino({ level: 'info' }, logStream) });
});
afterAll(async () => {
  await server?.close();
  rmSync(parent, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request exactly as written (fetch would normalise the path and decode the body). */
function raw(method: string, target: string, headers: Record<string, string> = {}): Promise<Raw> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A CONNECT written on a bare socket (Node's client hands its answer over as a tunnel), read until closed. */
function connectRequest(target: string): Promise<{ statusLine: string; headers: Record<string, string>; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer to CONNECT ${target}`)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString();
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ statusLine, headers, body });
    });
  });
}

describe('health and readiness', () => {
  it('/healthz says the process is up', async () => {
    const answer = await raw('GET', '/healthz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 when the database answers and every migration is applied, 503 when one is missing', async () => {
    const { db } = getDb();
    expect((await raw('GET', '/readyz')).status).toBe(200);
    const row = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name desc limit 1`.execute(db);
    const last = row.rows[0]!;
    await sql`delete from kysely_migration where name = ${last.name}`.execute(db);
    try {
      const answer = await raw('GET', '/readyz');
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body.toString())).toEqual({ status: 'migrations pending', pending: [last.name] });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${last.name}, ${last.timestamp})`.execute(db);
    }
    expect((await raw('GET', '/readyz')).status).toBe(200);
  });
});

describe('paths that mean what they say', () => {
  it('answers an unknown API path with a 404 in the API error format', async () => {
    for (const target of ['/trpc/no.such.procedure', '/trpc', '/trpc/', '/trpc/a/b', '/csv/nothing.csv', '/csv/summary', '/csv/', '/xlsx/nothing.xlsx', '/xlsx/summary', '/xlsx/']) {
      const answer = await raw('GET', target);
      expect(answer.status, target).toBe(404);
      expect(JSON.parse(answer.body.toString()).error.data.code, target).toBe('NOT_FOUND');
    }
  });

  it('answers any other unknown path with a plain 404, never the web app', async () => {
    for (const target of ['/trpc-typo', '/readyzz', '/assets/missing.js', '/assets/', '/favicon.ico', '/api-docs', '/unknown/page', '/.env']) {
      const answer = await raw('GET', target);
      expect(answer.status, target).toBe(404);
      expect(answer.headers['content-type'], target).toMatch(/^text\/plain/);
      expect(answer.body.toString(), target).not.toContain('<!doctype html>');
    }
  });

  it('shows a browser a 404 page of its own, not the app, at an unknown address', async () => {
    const answer = await raw('GET', '/no-such-page', { accept: 'text/html,application/xhtml+xml' });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.body.toString()).toMatch(/<h1>Page not found<\/h1>/);
    expect(answer.body.toString()).not.toContain(INDEX);
  });

  it('answers every page route of the web app with index.html, revalidated each time', async () => {
    // The client's routes (client/src/app/routes.tsx) must all be pages the server knows.
    const routes = readFileSync(path.resolve(import.meta.dirname, '../../client/src/app/routes.tsx'), 'utf8');
    const sections = [...routes.matchAll(/path: '([^']*)'/g)].map((m) => m[1]!.replace(/^\//, '').split('/')[0]!).filter((s) => s !== '*');
    expect(sections.length).toBeGreaterThan(5);
    for (const section of sections) expect(pageSections).toContain(section);
    for (const target of ['/', '/login', '/corrections', '/report', '/report/2025', '/report-card/2025', '/review/3/2025', '/admin/users', '/index.html']) {
      const answer = await raw('GET', target);
      expect(answer.status, target).toBe(200);
      expect(answer.body.toString(), target).toBe(INDEX);
      expect(answer.headers['cache-control'], target).toBe('no-cache');
    }
  });

  it('serves other files of the web app', async () => {
    const answer = await raw('GET', '/robots.txt');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('User-agent: *');
  });

  it('answers bad percent-encoding with a 400, never a 500', async () => {
    for (const target of ['/%', '/%E0%A4%A', '/trpc/%E0%A4%A', '/csv/%zz.csv', '/assets/%', '/report/%c0%af']) {
      const answer = await raw('GET', target);
      expect(answer.status, target).toBe(400);
      expect(answer.headers['x-content-type-options'], target).toBe('nosniff');
      expect(answer.headers['content-security-policy'], target).toMatch(/frame-ancestors 'none'/);
    }
  });

  it('answers unsupported methods with a 405, never a 500', async () => {
    for (const [method, target] of [
      ['TRACE', '/trpc/cycles.list'],
      ['PUT', '/trpc/cycles.list'],
      ['DELETE', '/trpc/organizations.create'],
      ['OPTIONS', '/trpc/organizations.create'],
      ['TRACE', '/'],
      ['POST', '/login'],
    ] as const) {
      const answer = await raw(method, target);
      expect(answer.status, `${method} ${target}`).toBe(405);
      expect(answer.headers.allow, `${method} ${target}`).toBeTruthy();
    }
  });

  it('answers CONNECT with a 405 in the usual error format, where the socket used to close unanswered', async () => {
    for (const [target, api] of [
      ['example.org:443', false],
      ['127.0.0.1:5432', false],
      ['/trpc/cycles.list', true],
    ] as const) {
      const answer = await connectRequest(target);
      expect(answer.statusLine, target).toBe('HTTP/1.1 405 Method Not Allowed');
      expect(answer.headers.allow, target).toBe('GET, HEAD, POST');
      expect(answer.headers['x-content-type-options'], target).toBe('nosniff');
      expect(answer.headers['x-request-id'], target).toBeTruthy();
      if (api) {
        expect(answer.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(answer.body).error).toMatchObject({ message: 'CONNECT is not supported', data: { code: 'METHOD_NOT_SUPPORTED', httpStatus: 405 } });
      } else {
        expect(answer.body, target).toBe('Method not allowed');
      }
    }
    // The server is still up for the next caller.
    expect((await raw('GET', '/healthz')).status).toBe(200);
  });

  it('never serves a file outside the web app folder, a sibling sharing its name included', async () => {
    const attempts = [
      '/..%2fdist-secret%2fsecret.txt',
      '/../dist-secret/secret.txt',
      '/%2e%2e/dist-secret/secret.txt',
      '/assets/..%2f..%2fdist-secret%2fsecret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/.env',
    ];
    for (const target of attempts) {
      const answer = await raw('GET', target);
      expect(answer.status, target).toBeGreaterThanOrEqual(400);
      expect(answer.status, target).toBeLessThan(500);
      expect(answer.body.toString(), target).not.toContain(SECRET);
    }
  });
});

describe('caching and compression', () => {
  it('caches hashed assets for a year and revalidates index.html', async () => {
    expect((await raw('GET', '/assets/app-4f9c2a.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await raw('GET', '/')).headers['cache-control']).toBe('no-cache');
    expect((await raw('GET', '/robots.txt')).headers['cache-control']).toBe('no-cache');
  });

  it('sends the brotli or gzip copy the build made when the browser accepts it', async () => {
    const br = await raw('GET', '/assets/app-4f9c2a.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    const gz = await raw('GET', '/assets/app-4f9c2a.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    const plain = await raw('GET', '/assets/app-4f9c2a.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('compresses API answers that the build could not', async () => {
    const answer = await raw('GET', '/openapi.json', { 'accept-encoding': 'br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(answer.body).toString()).openapi).toMatch(/^3\.1/);
  });
});

describe('the request log', () => {
  it('has one JSON line per request with its id, method, route, status, duration and user, and no secret', async () => {
    const user = await createUser(getDb().db, 'donor');
    const client = new ApiClient(server.url);
    const signIn = await client.login(user.email, user.password);
    expect(signIn.status).toBe(200);
    const token = client.cookie!.split('=')[1]!;
    const me = await client.query('auth.me');
    expect(me.data.id).toBe(user.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const loginLines = entries.filter((e) => e.reqId === signIn.headers.get('x-request-id'));
    expect(loginLines).toHaveLength(1);
    expect(loginLines[0]).toMatchObject({ level: 30, method: 'POST', route: '/trpc/auth.login', status: 200, userId: null });
    expect(typeof loginLines[0]!.ms).toBe('number');
    expect(entries.filter((e) => e.reqId === me.headers.get('x-request-id'))).toEqual([
      expect.objectContaining({ method: 'GET', route: '/trpc/auth.me', status: 200, userId: user.id }),
    ]);
    const all = logLines.join('\n');
    expect(all).not.toContain(user.password);
    expect(all).not.toContain(token);
    expect(all).not.toContain(user.email);
  });

  it('gives every answer a request id of its own', async () => {
    const ids = await Promise.all([raw('GET', '/healthz'), raw('GET', '/nothing'), raw('GET', '/%')]).then((answers) =>
      answers.map((a) => a.headers['x-request-id']),
    );
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
