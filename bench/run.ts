// `pnpm bench`: performance at scale, measured against raw SQL, in one run.
//
// Starts a throwaway PostgreSQL server (or uses DATABASE_URL), loads synthetic data sets of 1,000, 10,000
// and 100,000 reports (a fixed seed: the same data on every machine), publishes a release of every seeded
// year as a coordinator (timed: planning and auditing run at publish time), starts the real server as a
// child process on each, and measures over HTTP with the real client: the public's metrics calls (released
// cells) beside their own SQL replayed through pg and beside the coordinators' live SQL for the same input, the growth from 10,000 to 100,000 reports, throughput and errors under 64
// connections, report writes beside raw INSERTs, the embedded default's start, and in Chromium the
// dashboard's JavaScript and first chart beside a blank Vite + React page, and Lighthouse's mobile CLS of the
// dashboard. Prints the table and writes it
// to bench/results/latest.md and latest.json.
//
// Environment (all optional): BENCH_SIZES=1000,10000,100000  BENCH_SKIP=client,load,writes,embedded,disclosure
// BENCH_SEED=20261127  DATABASE_URL=postgres://… (a server whose role may CREATE DATABASE).
import { cpus, totalmem, release, platform } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from '@lpt/db/connect';
import { migrateToLatest } from '@lpt/db/migrate';
import { seedSynthetic } from '@lpt/db/seed/synthetic';
import { sql } from 'kysely';
import { BLANK_DIST, buildBlankPage, buildClient, measureClient, type ClientResult } from './lib/client.ts';
import { dropDatabase, freshDatabase, startBenchPostgres, type BenchPostgres } from './lib/database.ts';
import { measureEmbeddedStart, type EmbeddedStart } from './lib/embedded.ts';
import { measureLighthouse, type LighthouseResult } from './lib/lighthouse.ts';
import { publishEveryYear, type ReleaseResult } from './lib/releases.ts';
import { describeQueries } from './lib/floor.ts';
import { measureFixedCost, measureLatency, type CallSpec, type FixedCostResult, type LatencyResult } from './lib/latency.ts';
import { loadTest, type LoadResult } from './lib/load.ts';
import { ROOT, startServer, type RunningServer } from './lib/server.ts';
import { int, kb, median, ms, ratio } from './lib/stats.ts';
import { measureWrites, type WriteResult } from './lib/writes.ts';
import { checkEquivalence } from './lib/equivalence.ts';
import { disclosureReport, measureDisclosure, type DisclosureResult } from './lib/disclosure.ts';
import { apiCacheRows, measureApiCache, type ApiCacheResult } from './lib/api-cache.ts';

const SEED = Number(process.env.BENCH_SEED ?? 20261127);
/** Years of reporting in every data set; organisations = reports ÷ years. */
const YEARS = 10;
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
/** The size at which the ratio targets apply, and the one the growth is measured from. */
const TARGET_SIZE = 10_000;
const LARGEST = Math.max(...SIZES);
const RESULTS = path.join(ROOT, 'bench/results');

const targets = {
  metricsRatio: 1.3,
  growth: 2,
  loadErrors: 0,
  jsGzipKb: 250,
  firstChartRatio: 1.5,
  /** Lighthouse mobile Cumulative Layout Shift of the dashboard. */
  cls: 0.1,
  /** Bytes over the wire before the dashboard's first chart is painted (compressed). */
  bytesBeforeChartKb: 100,
  /** Lighthouse mobile performance score of the dashboard. */
  lighthousePerformance: 95,
} as const;

interface SizeResult {
  reports: number;
  organizations: number;
  years: number;
  approvedReports: number;
  loadSeconds: number;
  equivalence: string;
  releases: ReleaseResult;
  latency: LatencyResult[];
  fixedCost: FixedCostResult;
}

const started = performance.now();
/** Parts that could not be measured (no Chromium, say), with why: reported, not fatal. */
const failures: { part: string; error: string }[] = [];
async function attempt(part: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    failures.push({ part, error: message });
    log(`  ${part}: NOT MEASURED: ${message}`);
  }
}
const log = (message: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

function callsFor(fromYear: number, toYear: number): CallSpec[] {
  return [
    { label: 'metrics.summary', procedure: 'metrics.summary', input: { year: toYear } },
    { label: 'metrics.trend', procedure: 'metrics.trend', input: { fromYear, toYear } },
    { label: 'metrics.breakdown (region)', procedure: 'metrics.breakdown', input: { year: toYear, by: 'region' } },
    { label: 'metrics.breakdown (type)', procedure: 'metrics.breakdown', input: { year: toYear, by: 'organizationType' } },
  ];
}

async function loadDataSet(pgServer: BenchPostgres, reports: number) {
  const name = `lpt_bench_${reports}`;
  const url = await freshDatabase(pgServer, name);
  const { db, close } = await connect({ databaseUrl: url, maxConnections: 4 });
  try {
    await migrateToLatest(db);
    const organizations = Math.round(reports / YEARS);
    const t0 = performance.now();
    await seedSynthetic(db, { organizations, years: YEARS, seed: SEED });
    // What autovacuum does on a live server: planner statistics and the visibility map.
    await sql`vacuum analyze`.execute(db);
    const loadSeconds = (performance.now() - t0) / 1000;
    // The dashboard's year is the last closed cycle; the trend covers every cycle.
    const counts = await sql<{ reports: number; approved: number; from_year: number; to_year: number }>`
      select (select count(*)::int from progress_reports) as reports,
             (select count(*)::int from approved_reports) as approved,
             (select min(year) from reporting_cycles) as from_year,
             (select max(year) from reporting_cycles where status = 'closed') as to_year`.execute(db.withoutPlugins());
    const c = counts.rows[0]!;
    return { name, url, organizations, loadSeconds, reports: c.reports, approved: c.approved, fromYear: c.from_year, toYear: c.to_year };
  } finally {
    await close();
  }
}

/** Runs per call: enough for a stable p95, within about 25 s per call. */
function runsFor(estimateMs: number): number {
  return Math.max(30, Math.min(200, Math.floor(25_000 / Math.max(1, 2 * estimateMs))));
}

async function main() {
  const machine = {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    postgres: '',
    date: new Date().toISOString(),
  };
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}`);

  if (!SKIP.has('client')) {
    log('building (pnpm build: the web app and the server) and the blank page');
    await attempt('client', async () => {
      await buildClient();
      await buildBlankPage();
    });
    if (failures.some((f) => f.part === 'client')) SKIP.add('client');
  }

  const pgServer = await startBenchPostgres();
  machine.postgres = `${pgServer.version} (${pgServer.source})`;
  log(`PostgreSQL ${machine.postgres}`);

  const sizes: SizeResult[] = [];
  let client: ClientResult | null = null;
  let lighthouseResult: LighthouseResult | null = null;
  let load: LoadResult | null = null;
  let writes: WriteResult | null = null;
  let embedded: EmbeddedStart[] | null = null;
  let dashboardPaths: string[] = [];
  let disclosure: DisclosureResult | null = null;
  let apiCache: ApiCacheResult | null = null;

  try {
    for (const reports of SIZES) {
      log(`loading ${int(reports)} reports (${int(reports / YEARS)} organisations × ${YEARS} years, seed ${SEED})`);
      const data = await loadDataSet(pgServer, reports);
      log(`  ${int(data.reports)} reports, ${int(data.approved)} approved, years ${data.fromYear}–${data.toYear}, in ${data.loadSeconds.toFixed(1)} s`);
      // Before the server starts (whose start would otherwise release the closed years itself).
      log('  publishing a release of every seeded year (publishRelease, as a coordinator)');
      const releases = await publishEveryYear(data.url);
      for (const y of releases.years)
        log(`    ${y.year} (${y.cycle}): ${y.outcome} in ${ms(y.ms)}${y.outcome === 'published' ? `, ${int(y.organizations ?? 0)} organisations, withheld public ${y.withheld?.public} / donor ${y.withheld?.donor}, ${int(y.linearPrograms ?? 0)} LPs` : `: ${y.message}`}`);
      log(`  releases: ${releases.published} published, ${releases.refused} refused, ${releases.failed} failed, in ${ms(releases.totalMs)}`);
      const equivalence = await checkEquivalence(data.url, data.fromYear, data.toYear);
      log(`  metrics = straightforward SQL: ${equivalence}`);
      let server: RunningServer | undefined = await startServer({ databaseUrl: data.url });
      try {
        const fixedCost = await measureFixedCost(server.url, data.url, 200);
        log(`  fixed cost: auth.me ${ms(fixedCost.httpMedianMs)} vs select 1 ${ms(fixedCost.floorMedianMs)}`);
        const latency: LatencyResult[] = [];
        for (const spec of callsFor(data.fromYear, data.toYear)) {
          const probe = await measureLatency(server.url, data.url, spec, { warmup: 3, runs: 3 });
          const runs = runsFor(probe.httpMedianMs + probe.floorMedianMs);
          const result = await measureLatency(server.url, data.url, spec, { warmup: 10, runs });
          latency.push(result);
          log(`  ${spec.label}: ${ms(result.httpMedianMs)} (p95 ${ms(result.httpP95Ms)}) vs SQL ${ms(result.floorMedianMs)}${result.floorReadsReleases ? ' (released cells)' : ' (NOT released cells)'} → ${ratio(result.ratio)}; coordinators' live SQL ${ms(result.liveFloorMedianMs)} [${runs} runs]`);
        }
        sizes.push({
          reports: data.reports,
          organizations: data.organizations,
          years: YEARS,
          approvedReports: data.approved,
          loadSeconds: data.loadSeconds,
          equivalence,
          releases,
          latency,
          fixedCost,
        });
        if (reports === TARGET_SIZE)
          writeFileSync(
            path.join(RESULTS, 'metrics-sql.txt'),
            latency
              .map(
                (l) =>
                  `-- ${l.label} ${JSON.stringify(l.input)}, the public (released cells)\n${describeQueries(l.queries)}\n\n` +
                  `-- ${l.label} ${JSON.stringify(l.input)}, a coordinator (live aggregates)\n${describeQueries(l.liveQueries)}`,
              )
              .join('\n\n\n') + '\n',
          );

        if (reports === (SIZES.includes(TARGET_SIZE) ? TARGET_SIZE : LARGEST)) {
          log('  API edge: public metrics.summary (kept per release), and with If-None-Match, vs a bare Fastify route');
          const serverUrl = server.url;
          await attempt('api-cache', async () => {
            const result = await measureApiCache(serverUrl, data.reports, { year: data.toYear });
            apiCache = result;
            log(`  summary ${ms(result.summaryMedianMs)}, 304 ${ms(result.notModifiedMedianMs)}, bare route ${ms(result.bareMedianMs)} → ${ratio(result.summaryRatio)}, ${ratio(result.notModifiedRatio)}`);
          });
        }

        if (reports === (SIZES.includes(TARGET_SIZE) ? TARGET_SIZE : LARGEST) && !SKIP.has('client')) {
          log('  Chromium: dashboard vs blank page');
          const serverUrl = server.url;
          await attempt('client', async () => {
            const blank = await startServer({ databaseUrl: data.url, clientDist: BLANK_DIST });
            try {
              client = await measureClient(`${serverUrl}/`, `${blank.url}/`, 7);
              dashboardPaths = client.apiPaths;
              log(`  dashboard JS ${kb(client.jsGzipBytes)} gzip, ${kb(client.jsTransferredBytes)} transferred; first chart ${ms(client.dashboardFirstChartMs)} vs blank FCP ${ms(client.blankFcpMs)} → ${ratio(client.ratio)}`);
            } finally {
              await blank.stop();
            }
          });
          log('  Lighthouse (mobile): the dashboard');
          await attempt('lighthouse', async () => {
            lighthouseResult = await measureLighthouse(`${serverUrl}/`, 3);
            log(`  Lighthouse mobile: CLS ${lighthouseResult.cls.toFixed(3)}, performance ${lighthouseResult.performance}`);
          });
        }

        if (reports === LARGEST) {
          if (!SKIP.has('load')) {
            const paths = dashboardPaths.length
              ? dashboardPaths
              : callsFor(data.fromYear, data.toYear).map((c) => `/trpc/${c.procedure}?input=${encodeURIComponent(JSON.stringify(c.input))}`);
            log(`  load: 64 connections × 20 s on ${paths.length} dashboard requests`);
            const serverUrl = server.url;
            await attempt('load', async () => {
              const result = await loadTest(serverUrl, paths, 64, 20);
              load = result;
              log(`  ${int(result.requestsPerSecond)} requests/s, ${result.errors} errors, p99 ${ms(result.latencyP99Ms)}`);
            });
          }
          if (!SKIP.has('writes')) {
            log('  writes: saveDraft + submit vs raw INSERT, 64 signatories');
            const serverUrl = server.url;
            await attempt('writes', async () => {
              const result = await measureWrites(serverUrl, data.url, { concurrency: 64, yearsEach: 30, maxSeconds: 15 });
              writes = result;
              log(`  API ${result.apiReportsPerSecond.toFixed(0)} reports/s (${result.apiErrors} errors) vs INSERT ${result.rawReportsPerSecond.toFixed(0)}/s`);
            });
          }
        }
      } finally {
        await server.stop();
        server = undefined;
      }
      if (reports !== LARGEST) await dropDatabase(pgServer, data.name);
    }
    if (!SKIP.has('disclosure')) {
      log('disclosure: information lost per viewer, and planning times (bench/lib/disclosure.ts)');
      await attempt('disclosure', async () => {
        disclosure = await measureDisclosure(pgServer, SIZES.filter((size) => size <= TARGET_SIZE), SEED, log);
      });
    }
  } finally {
    await pgServer.stop();
  }

  if (!SKIP.has('embedded')) {
    log('embedded default: pnpm start on PGlite until the first metrics.summary');
    await attempt('embedded', async () => {
      embedded = await measureEmbeddedStart(2025);
      for (const e of embedded) log(`  ${e.run}: listening ${ms(e.listeningMs)}, first summary ${ms(e.firstSummaryMs)}`);
    });
  }

  const totalSeconds = (performance.now() - started) / 1000;
  const report = buildReport({ machine, sizes, client, lighthouse: lighthouseResult, load, writes, embedded, disclosure, totalSeconds, failures, apiCache });
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, 'latest.md'), report.markdown);
  writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(report.json, null, 2)}\n`);
  console.log(`\n${report.markdown}`);
  log(`done in ${totalSeconds.toFixed(0)} s; written to bench/results/latest.md and latest.json`);
}

// --- the table

interface Row {
  measure: string;
  value: string;
  floor: string;
  ratio: string;
  target: string;
  met: '✅' | '❌' | '';
}

const check = (ok: boolean): '✅' | '❌' => (ok ? '✅' : '❌');

function buildReport(r: {
  machine: Record<string, string | number>;
  sizes: SizeResult[];
  client: ClientResult | null;
  lighthouse: LighthouseResult | null;
  load: LoadResult | null;
  writes: WriteResult | null;
  embedded: EmbeddedStart[] | null;
  disclosure: DisclosureResult | null;
  totalSeconds: number;
  failures: { part: string; error: string }[];
  apiCache: ApiCacheResult | null;
}) {
  const rows: Row[] = [];
  const verdicts: { target: string; met: boolean; detail: string }[] = [];
  const target = r.sizes.find((s) => s.reports === TARGET_SIZE);
  const largest = r.sizes.find((s) => s.reports === Math.max(...r.sizes.map((x) => x.reports)));

  for (const size of r.sizes) {
    const rel = size.releases;
    const publishedYears = rel.years.filter((y) => y.outcome === 'published');
    const slowest = [...rel.years].sort((a, b) => b.ms - a.ms)[0];
    const notPublished = rel.years.filter((y) => y.outcome !== 'published').map((y) => `${y.year} ${y.outcome}`);
    rows.push({
      measure: `release of every seeded year @ ${int(size.reports)}: publishRelease as a coordinator (plan, HiGHS audit, store), ${rel.years.length} years one after another`,
      value: `${ms(rel.totalMs)} in all; ${rel.published} published${notPublished.length ? `, ${notPublished.join(', ')}` : ''}`,
      floor: `per year: median ${ms(median(rel.years.map((y) => y.ms)))}, slowest ${slowest ? `${ms(slowest.ms)} (${slowest.year})` : '—'}${publishedYears.length ? `; ${int(median(publishedYears.map((y) => y.organizations ?? 0)))} organisations a year` : ''}`,
      ratio: '',
      target: '',
      met: '',
    });
    rows.push({
      measure: `fixed cost of any call @ ${int(size.reports)}: auth.me (no database work)`,
      value: `${ms(size.fixedCost.httpMedianMs)} (p95 ${ms(size.fixedCost.httpP95Ms)})`,
      floor: `select 1: ${ms(size.fixedCost.floorMedianMs)}`,
      ratio: '',
      target: '',
      met: '',
    });
    for (const l of size.latency) {
      const atTarget = size.reports === TARGET_SIZE;
      const ok = l.ratio <= targets.metricsRatio;
      rows.push({
        measure: `${l.label} @ ${int(size.reports)}`,
        value: `${ms(l.httpMedianMs)} (p95 ${ms(l.httpP95Ms)})`,
        floor: `${ms(l.floorMedianMs)} (p95 ${ms(l.floorP95Ms)})`,
        ratio: ratio(l.ratio),
        target: atTarget ? `≤ ${targets.metricsRatio}×` : '',
        met: atTarget ? check(ok) : '',
      });
      if (atTarget)
        verdicts.push({ target: `${l.label} ≤ ${targets.metricsRatio}× raw SQL at ${int(TARGET_SIZE)}`, met: ok, detail: ratio(l.ratio) });
      rows.push({
        measure: `↳ the same call's live SQL (a coordinator's path: the aggregates every caller read before releases) @ ${int(size.reports)}`,
        value: '',
        floor: `${ms(l.liveFloorMedianMs)} (p95 ${ms(l.liveFloorP95Ms)})`,
        ratio: '',
        target: '',
        met: '',
      });
    }
  }
  if (r.apiCache) {
    const cache = apiCacheRows(r.apiCache);
    rows.push(...cache.rows);
    verdicts.push(...cache.verdicts);
  }
  if (target && largest && largest !== target) {
    for (const l of largest.latency) {
      const base = target.latency.find((t) => t.label === l.label);
      if (!base) continue;
      const growth = l.httpMedianMs / base.httpMedianMs;
      const ok = growth <= targets.growth;
      rows.push({
        measure: `growth ${l.label}, ${int(largest.reports)} ÷ ${int(target.reports)}`,
        value: `${ms(l.httpMedianMs)} ÷ ${ms(base.httpMedianMs)}`,
        floor: `SQL ${ratio(l.floorMedianMs / base.floorMedianMs)}`,
        ratio: ratio(growth),
        target: `≤ ${targets.growth}×`,
        met: check(ok),
      });
      verdicts.push({ target: `${l.label}: ${int(largest.reports)} reports ≤ ${targets.growth}× the time at ${int(target.reports)}`, met: ok, detail: ratio(growth) });
    }
  }
  if (r.load) {
    const ok = r.load.errors <= targets.loadErrors;
    rows.push({
      measure: `load: ${r.load.connections} connections × ${r.load.durationS} s, dashboard calls @ ${int(largest?.reports ?? 0)}`,
      value: `${int(r.load.requestsPerSecond)} req/s, p50 ${ms(r.load.latencyP50Ms)}, p99 ${ms(r.load.latencyP99Ms)}`,
      floor: '',
      ratio: '',
      target: `${r.load.errors} errors (0)`,
      met: check(ok),
    });
    verdicts.push({ target: 'zero errors under load', met: ok, detail: `${r.load.errors} errors of ${int(r.load.requests)} requests` });
  }
  if (r.writes) {
    rows.push({
      measure: `writes: saveDraft + submit, ${r.writes.concurrency} signatories @ ${int(largest?.reports ?? 0)}`,
      value: `${r.writes.apiReportsPerSecond.toFixed(0)} reports/s (${r.writes.apiErrors} errors)`,
      floor: `raw INSERT ${r.writes.rawReportsPerSecond.toFixed(0)}/s`,
      ratio: ratio(r.writes.ratio),
      target: '',
      met: '',
    });
  }
  if (r.embedded) {
    for (const e of r.embedded)
      rows.push({
        measure: `embedded: pnpm start → first metrics.summary, ${e.run}`,
        value: ms(e.firstSummaryMs),
        floor: `listening after ${ms(e.listeningMs)}`,
        ratio: '',
        target: '',
        met: '',
      });
  }
  if (r.client) {
    const jsOk = r.client.jsGzipBytes / 1024 <= targets.jsGzipKb;
    rows.push({
      measure: `dashboard JavaScript (gzip, ${r.client.scripts.length} files)`,
      value: kb(r.client.jsGzipBytes),
      floor: `${kb(r.client.jsBytes)} raw`,
      ratio: '',
      target: `≤ ${targets.jsGzipKb} KB`,
      met: check(jsOk),
    });
    verdicts.push({ target: `dashboard JS ≤ ${targets.jsGzipKb} KB gzip`, met: jsOk, detail: kb(r.client.jsGzipBytes) });
    rows.push({
      measure: `dashboard JavaScript transferred (as the server sends it: precompressed, ${r.client.scripts.length} files)`,
      value: kb(r.client.jsTransferredBytes),
      floor: `${kb(r.client.jsBytes)} raw`,
      ratio: '',
      target: '',
      met: '',
    });
    const chartOk = r.client.ratio <= targets.firstChartRatio;
    rows.push({
      measure: `first chart painted (Chromium, median of ${r.client.runs})`,
      value: ms(r.client.dashboardFirstChartMs),
      floor: `blank page FCP ${ms(r.client.blankFcpMs)}`,
      ratio: ratio(r.client.ratio),
      target: `≤ ${targets.firstChartRatio}×`,
      met: check(chartOk),
    });
    verdicts.push({ target: `first chart ≤ ${targets.firstChartRatio}× the blank page`, met: chartOk, detail: ratio(r.client.ratio) });
    const slow = r.client.throttled;
    const slowOk = slow.ratio <= targets.firstChartRatio;
    rows.push({
      measure: `first chart painted, slow 4G and 4× slower CPU (Chromium emulation, median of ${slow.runs})`,
      value: ms(slow.dashboardFirstChartMs),
      floor: `blank page FCP ${ms(slow.blankFcpMs)}`,
      ratio: ratio(slow.ratio),
      target: `≤ ${targets.firstChartRatio}×`,
      met: check(slowOk),
    });
    verdicts.push({ target: `first chart ≤ ${targets.firstChartRatio}× the blank page, throttled`, met: slowOk, detail: ratio(slow.ratio) });
    const bytesOk = r.client.bytesBeforeChart / 1024 < targets.bytesBeforeChartKb;
    rows.push({
      measure: `bytes transferred before the first chart (page and files arrived by then, median of ${r.client.runs})`,
      value: kb(r.client.bytesBeforeChart),
      floor: '',
      ratio: '',
      target: `< ${targets.bytesBeforeChartKb} KB`,
      met: check(bytesOk),
    });
    verdicts.push({ target: `bytes before the first chart < ${targets.bytesBeforeChartKb} KB`, met: bytesOk, detail: kb(r.client.bytesBeforeChart) });
  }
  if (r.lighthouse) {
    const clsOk = r.lighthouse.cls < targets.cls;
    rows.push({
      measure: `Lighthouse mobile CLS of the dashboard (median of ${r.lighthouse.runs}; performance score ${r.lighthouse.performance}, LCP ${ms(r.lighthouse.largestContentfulPaintMs)}, TBT ${ms(r.lighthouse.totalBlockingTimeMs)})`,
      value: r.lighthouse.cls.toFixed(3),
      floor: '0 (nothing moves)',
      ratio: '–',
      target: `< ${targets.cls}`,
      met: check(clsOk),
    });
    verdicts.push({ target: `dashboard CLS < ${targets.cls} (Lighthouse mobile)`, met: clsOk, detail: r.lighthouse.cls.toFixed(3) });
    const performanceOk = r.lighthouse.performance >= targets.lighthousePerformance;
    rows.push({
      measure: `Lighthouse mobile performance of the dashboard (median of ${r.lighthouse.runs}; accessibility ${r.lighthouse.accessibility}, best practices ${r.lighthouse.bestPractices})`,
      value: String(r.lighthouse.performance),
      floor: '100',
      ratio: '–',
      target: `≥ ${targets.lighthousePerformance}`,
      met: check(performanceOk),
    });
    verdicts.push({ target: `dashboard Lighthouse mobile performance ≥ ${targets.lighthousePerformance}`, met: performanceOk, detail: String(r.lighthouse.performance) });
  }

  const m = r.machine;
  const header = `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}. Run ${m.date}, ${r.totalSeconds.toFixed(0)} s in all.`;
  const dataLines = r.sizes.map(
    (s) =>
      `- ${int(s.reports)} reports (${int(s.organizations)} organisations × ${s.years} years, seed ${SEED}; ${int(s.approvedReports)} approved): loaded in ${s.loadSeconds.toFixed(1)} s; metrics = straightforward SQL: ${s.equivalence}`,
  );
  const table = [
    '| Measure | Server (HTTP, real client) | Floor / baseline | Ratio | Target | Met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((x) => `| ${x.measure} | ${x.value} | ${x.floor} | ${x.ratio} | ${x.target} | ${x.met} |`),
  ].join('\n');
  const disclosure = r.disclosure ? disclosureReport(r.disclosure) : null;
  if (disclosure) verdicts.push({ target: 'disclosure goals (information loss, planning time)', met: !disclosure.unmet.length, detail: disclosure.unmet.join('; ') });
  for (const f of r.failures) verdicts.push({ target: `${f.part} measured`, met: false, detail: `not measured: ${f.error}` });
  const unmet = verdicts.filter((v) => !v.met);
  const summary = unmet.length
    ? `Targets not met (${unmet.length} of ${verdicts.length}):\n${unmet.map((v) => `- ${v.target}: ${v.detail}`).join('\n')}`
    : `Every target met (${verdicts.length}).`;
  const releaseTable = releasesTable(r.sizes);
  const floorNote =
    'The public metrics calls (no session) read released cells: their floor replays the `releasedCells` statement the server sends for that input. ' +
    "The ↳ rows replay, for the same input, the statements a coordinator's call sends (live aggregates from `metric_cells`), SQL only." +
    ' Public answers are kept per release after the first call (server/src/features/releases/release-cache.ts: one statement, the newest release, per call), so their HTTP time is mostly a kept answer; the floor is still the statements of the call that makes it.' +
    (r.sizes.some((s) => s.latency.some((l) => !l.floorReadsReleases)) ? ' **Some public floors did not read released cells: see latest.json.**' : '');
  const markdown = `# Benchmark results\n\n${header}\n\n${dataLines.join('\n')}\n\n${floorNote}\n\n${table}\n\n${summary}\n\n${releaseTable}\n${disclosure ? `\n${disclosure.markdown}\n` : ''}`;
  const json = {
    machine: r.machine,
    seed: SEED,
    totalSeconds: r.totalSeconds,
    targets,
    verdicts,
    sizes: r.sizes.map((s) => ({
      ...s,
      latency: s.latency.map(({ queries, liveQueries, ...rest }) => ({
        ...rest,
        statementsPerRound: queries.map((g) => g.length),
        liveStatementsPerRound: liveQueries.map((g) => g.length),
      })),
    })),
    load: r.load,
    writes: r.writes,
    embedded: r.embedded,
    client: r.client,
    lighthouse: r.lighthouse,
    disclosure: r.disclosure,
    apiCache: r.apiCache,
    failures: r.failures,
  };
  return { markdown, json };
}

/** Each year's release time at every size (and why a year was not published). */
function releasesTable(sizes: SizeResult[]): string {
  if (!sizes.length) return '';
  const years = [...new Set(sizes.flatMap((s) => s.releases.years.map((y) => y.year)))].sort((a, b) => a - b);
  const cell = (s: SizeResult, year: number) => {
    const y = s.releases.years.find((x) => x.year === year);
    if (!y) return '';
    if (y.outcome !== 'published') return `${y.outcome} after ${ms(y.ms)}: ${(y.message ?? '').replace(/\|/g, '/')}`;
    return `${ms(y.ms)} (withheld ${y.withheld?.public ?? '?'} / ${y.withheld?.donor ?? '?'}, ${int(y.linearPrograms ?? 0)} LPs)`;
  };
  const cycleOf = (year: number) => sizes.flatMap((s) => s.releases.years).find((y) => y.year === year)?.cycle ?? '';
  return [
    '## Releases: publishing each seeded year',
    '',
    "`publishRelease` as a coordinator, in a fresh database right after loading, one year after another (the first release of each year). " +
      'Per year: wall time, then the cells withheld whole for the public / for donors, and the linear programs HiGHS solved (headline plan and audit, both viewers).',
    '',
    `| Year (cycle) | ${sizes.map((s) => `${int(s.reports)} reports`).join(' | ')} |`,
    `| --- | ${sizes.map(() => '---').join(' | ')} |`,
    ...years.map((year) => `| ${year} (${cycleOf(year)}) | ${sizes.map((s) => cell(s, year)).join(' | ')} |`),
    `| all years | ${sizes.map((s) => `${ms(s.releases.totalMs)} (${s.releases.published} published${s.releases.refused ? `, ${s.releases.refused} refused` : ''}${s.releases.failed ? `, ${s.releases.failed} failed` : ''})`).join(' | ')} |`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
