// Embeddable charts over real HTTP: /embed/<chart> is the one place other sites may frame (frame-ancestors *,
// no X-Frame-Options) while every other answer keeps frame-ancestors 'none' and DENY; a bad address gets a
// clear error page in the reader's language (frameable too, so the host shows it instead of a blank
// frame); the embed page is its own small page, not the app.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedPath } from '@lpt/shared/embed';
import { startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let parent: string;

const INDEX = '<!doctype html><title>Tracker</title><div id="root"></div><script type="module" src="/assets/app.js"></script>';
const EMBED = '<!doctype html><title>Embed</title><div id="embed"></div><script type="module" src="/assets/embed.js"></script>';

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'lpt-embed-'));
  const clientDist = path.join(parent, 'dist');
  mkdirSync(path.join(clientDist, 'assets'), { recursive: true });
  writeFileSync(path.join(clientDist, 'index.html'), INDEX);
  writeFileSync(path.join(clientDist, 'embed.html'), EMBED);
  server = await startTestServer(getDb().db, { clientDist });
});
afterAll(async () => {
  await server?.close();
  rmSync(parent, { recursive: true, force: true });
});

function directivesOf(headers: Headers): Record<string, string[]> {
  const csp = headers.get('content-security-policy') ?? '';
  return Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([directive, ...values]) => [directive, values]));
}

const get = (target: string, headers: Record<string, string> = {}) => fetch(`${server.url}${target}`, { headers: { accept: 'text/html', ...headers } });

describe('the embed pages', () => {
  it('may be framed by any site, and are the embed page, not the app', async () => {
    for (const target of ['/embed/trend', embedPath('headline', { year: 2025, region: 'africa', lang: 'fr' }), '/embed/by-region?type=local_ngo', '/embed/by-type-group?typeGroup=local_national&utm_source=x']) {
      const answer = await get(target);
      expect(answer.status, target).toBe(200);
      const directives = directivesOf(answer.headers);
      expect(directives['frame-ancestors'], target).toEqual(['*']);
      expect(answer.headers.get('x-frame-options'), target).toBeNull();
      // The rest of the policy holds: no inline or foreign script in a framed page either.
      expect(directives['script-src'], target).toEqual(["'self'"]);
      expect(directives['object-src'], target).toEqual(["'none'"]);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await answer.text()).toBe(EMBED);
    }
  });

  it('refuses a bad address with an error page in the reader’s language, which the host can still show', async () => {
    const cases: [string, number, RegExp, Record<string, string>?][] = [
      ['/embed/pie-chart', 404, /There is no chart of that name to embed\. The charts are: headline, trend, by-region, by-type-group\./],
      ['/embed/trend?year=20x5', 400, /The year in the address is not a year of the pledge/],
      ['/embed/trend?region=atlantis', 400, /The region in the address is not one of the pledge’s regions/],
      ['/embed/by-region?type=local_ngo&typeGroup=other', 400, /names both an organisation type and a type group/],
      ['/embed/headline?lang=de', 400, /The language in the address is not one the tracker speaks/],
      ['/embed/headline?year=2025&year=2024', 400, /The year in the address/],
      ['/embed/trend?region=atlantis&lang=fr', 400, /La région de l’adresse n’est pas l’une des régions de l’engagement/],
      ['/embed/trend?region=atlantis', 400, /La región de la dirección no es una de las regiones del compromiso/, { 'accept-language': 'es-MX,es;q=0.9' }],
    ];
    for (const [target, status, message, headers] of cases) {
      const answer = await get(target, headers);
      expect(answer.status, target).toBe(status);
      expect(answer.headers.get('content-type'), target).toMatch(/^text\/html/);
      expect(directivesOf(answer.headers)['frame-ancestors'], target).toEqual(['*']);
      expect(answer.headers.get('x-frame-options'), target).toBeNull();
      const body = await answer.text();
      expect(body, target).toMatch(message);
      expect(body, target).toMatch(/<a href="\/" target="_blank" rel="noopener">/);
      expect(body, target).not.toContain('<script');
    }
  });

  it('leave every other answer unframeable', async () => {
    const others = ['/', '/report-card/2025', '/embed.html', '/embed', '/embed/trend/more', '/trpc/cycles.list', '/healthz', '/csv/summary.csv?year=2025', '/no/such/page'];
    for (const target of others) {
      const answer = await get(target);
      expect(directivesOf(answer.headers)['frame-ancestors'], target).toEqual(["'none'"]);
      expect(answer.headers.get('x-frame-options'), target).toBe('DENY');
    }
  });
});
