// The public pages as a client without JavaScript gets them (plain fetch): the dashboard's HTML carries the
// year's headline figures, exactly as metrics.summary answers them and formatted the reader's way, and the
// trend chart's SVG with its 25 % line, in the language of the language cookie or else of Accept-Language;
// its answers travel in a JSON block, never in an inline script, and the Content-Security-Policy still
// allows no inline script. A signed-in reader's page is not rendered here (their figures are theirs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOSED_YEARS, seedDemo } from '@lpt/db/seed/demo';
import { SESSION_COOKIE, startSession } from '@lpt/server/features/auth/auth.service';
import { releaseClosedYears } from '@lpt/server/features/releases/releases.service';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { clientDist, ensureClientBuilt } from '../e2e/support/client-build.ts';
import enDashboard from '../../client/src/locales/en/dashboard.json' with { type: 'json' };
import frDashboard from '../../client/src/locales/fr/dashboard.json' with { type: 'json' };
import { startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
const year = Math.max(...DEMO_CLOSED_YEARS);

beforeAll(async () => {
  await Promise.all([ensureClientBuilt(), seedDemo(getDb().db).then(() => releaseClosedYears(getDb().db))]);
  server = await startTestServer(getDb().db, { clientDist });
}, 240_000);
afterAll(async () => {
  await server?.close();
});

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

async function publicSummary(): Promise<MetricsSummary> {
  const response = await fetch(`${server.url}/trpc/metrics.summary?input=${encodeURIComponent(JSON.stringify({ year }))}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: MetricsSummary } }).result.data;
}

/** A share as the web app writes it in `locale` (lib/format.ts): one decimal, a no-break space, %. */
function share(value: number | null, locale: string): string {
  if (value === null) throw new Error('the demo year has this figure');
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value * 100)}\u00a0%`;
}

/** The value a headline tile shows, as text. */
function tile(html: string, id: string): string | undefined {
  return new RegExp(`data-tile="${id}">.*?<dd class="tile__value[^"]*">([^<]*)<`).exec(html)?.[1];
}

/** The HTML of the chart card titled `title`, up to the end of its section. */
function chartCard(html: string, title: string): string {
  const start = html.indexOf(`>${title}</h2>`);
  expect(start, `a card titled ${title}`).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('the dashboard without JavaScript', () => {
  it('shows the year’s headline figures and the trend chart’s SVG, in English', async () => {
    const summary = await publicSummary();
    const { status, headers, html } = await page('/', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('content-language')).toBe('en');
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toMatch(/<title>Dashboard · /);
    expect(tile(html, 'weightedShare')).toBe(share(summary.funding.weightedShare, 'en-GB'));
    expect(tile(html, 'directShare')).toBe(share(summary.funding.directShare, 'en-GB'));
    expect(tile(html, 'medianShare')).toBe(share(summary.funding.medianShare, 'en-GB'));
    expect(tile(html, 'reportingRate')).toBe(share(summary.reportingRate, 'en-GB'));
    const trend = chartCard(html, enDashboard.trend.fundingTitle);
    expect(trend).toMatch(/<svg[^>]*class="recharts-surface"/);
    expect(trend).toContain('recharts-line-curve');
    expect(trend).toContain('recharts-reference-line');
    expect(trend).toContain(enDashboard.target);
  });

  it('is in French when the language cookie says so, and when the browser asks for French', async () => {
    const summary = await publicSummary();
    const asked: Record<string, string>[] = [{ cookie: 'lpt.locale=fr', 'accept-language': 'en' }, { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' }];
    for (const headers of asked) {
      const { html, headers: answer } = await page('/', headers);
      expect(answer.get('content-language')).toBe('fr');
      expect(html).toMatch(/<html lang="fr"/);
      const intl = headers.cookie ? 'fr' : 'fr-FR';
      expect(tile(html, 'weightedShare')).toBe(share(summary.funding.weightedShare, intl));
      expect(tile(html, 'weightedShare')).toContain(',');
      expect(tile(html, 'reportingRate')).toBe(share(summary.reportingRate, intl));
      const trend = chartCard(html, frDashboard.trend.fundingTitle);
      expect(trend).toMatch(/<svg[^>]*class="recharts-surface"/);
      expect(trend).toContain(frDashboard.target);
    }
  });

  it('draws the year the address asks for, and the filters are a GET form', async () => {
    const other = Math.min(...DEMO_CLOSED_YEARS);
    const response = await fetch(`${server.url}/trpc/metrics.summary?input=${encodeURIComponent(JSON.stringify({ year: other }))}`);
    const summary = ((await response.json()) as { result: { data: MetricsSummary } }).result.data;
    const { html } = await page(`/?year=${other}`, { 'accept-language': 'en' });
    expect(tile(html, 'weightedShare')).toBe(share(summary.funding.weightedShare, 'en'));
    expect(/<form class="filters"[^>]*action="\/" method="get"/.test(html), 'the filters are a GET form to /').toBe(true);
    expect(new RegExp(`<select id="filter-year" name="year">.*?<option value="${other}" selected=""`).test(html), 'the year selected').toBe(true);
  });

  it('carries its answers in a JSON block, with no inline script, under a CSP that allows none', async () => {
    const { headers, html } = await page('/', { 'accept-language': 'en' });
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(1);
    for (const attributes of scripts) expect(attributes).toMatch(/\bsrc="\/|type="application\/json"/);
    const state = /<script type="application\/json" id="lpt-page-state">([^<]*)<\/script>/.exec(html)?.[1];
    expect(state).toBeDefined();
    const parsed = JSON.parse(state!) as { lang: string; queries: { queries: { queryKey: unknown[] }[] } };
    expect(parsed.lang).toBe('en');
    expect(parsed.queries.queries.map((q) => JSON.stringify(q.queryKey))).toContain(JSON.stringify([['metrics', 'summary'], { input: { year }, type: 'query' }]));
  });

  it('renders the annual report and the corrections log too', async () => {
    const summary = await publicSummary();
    const report = await page(`/report-card/${year}`, { 'accept-language': 'en' });
    expect(report.html).toMatch(new RegExp(`<title>Annual report ${year} · `));
    expect(tile(report.html, 'weightedShare')).toBe(share(summary.funding.weightedShare, 'en'));
    expect(report.html).toContain('recharts-surface');
    const corrections = await page('/corrections', { 'accept-language': 'en' });
    expect(corrections.html).toContain('id="lpt-page-state"');
    expect(corrections.html).toMatch(/<title>Corrections · /);
  });
});

describe('a signed-in reader', () => {
  it('gets the page the browser renders: no figures of theirs leave in the HTML', async () => {
    const donor = await getDb().db.selectFrom('users').select('id').where('role', '=', 'donor').executeTakeFirstOrThrow();
    const { token } = await startSession(getDb().db, donor.id);
    const { status, html } = await page('/', { cookie: `${SESSION_COOKIE}=${token}` });
    expect(status).toBe(200);
    expect(html).not.toContain('lpt-page-state');
    expect(html).not.toContain('data-tile=');
    expect(html).toContain('class="page-loading"');
  });
});

describe('a public page kept per release', () => {
  it('answers the same reader’s second visit with 304 and no body, until what the page shows changes', async () => {
    const first = await page('/', { 'accept-language': 'en' });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"r\d+-/);
    const again = await page('/', { 'accept-language': 'en', 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.html).toBe('');
    // Another language is another page: the English tag does not answer for it.
    const french = await page('/', { 'accept-language': 'fr', 'if-none-match': etag! });
    expect(french.status).toBe(200);
    expect(french.html).toMatch(/<html lang="fr"/);
    // A year's due date is on the page: moving it gives the page a new tag, and the old one a full answer.
    const db = getDb().db;
    const cycle = await db.selectFrom('reportingCycles').select(['year', 'dueOn']).orderBy('year', 'desc').executeTakeFirstOrThrow();
    await db.updateTable('reportingCycles').set({ dueOn: '2099-12-31' }).where('year', '=', cycle.year).execute();
    try {
      const moved = await page('/', { 'accept-language': 'en', 'if-none-match': etag! });
      expect(moved.status).toBe(200);
      expect(moved.headers.get('etag')).not.toBe(etag);
    } finally {
      await db.updateTable('reportingCycles').set({ dueOn: cycle.dueOn }).where('year', '=', cycle.year).execute();
    }
  });

  it('never tags the corrections log, which also lists corrections not released yet', async () => {
    const { status, headers } = await page('/corrections', { 'accept-language': 'en' });
    expect(status).toBe(200);
    expect(headers.get('etag')).toBeNull();
    expect(headers.get('cache-control')).toBe('no-cache');
  });
});
