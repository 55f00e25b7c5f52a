// Disclosure control at scale (issue 16): the information-loss table (bench/lib/information-loss.ts) of the
// demo data, as `pnpm start` publishes it (each closed year's first release, as its closing would have),
// and of the synthetic data sets (every seeded year, published as a coordinator), each release timed; then
// a year of ten releases: the open year of the synthetic data published, one more report approved, published
// again, ten times, to compare the tenth release's time with the first's.
import type { SessionUser } from '@lpt/server/trpc';
import { connect } from '@lpt/db/connect';
import { migrateToLatest } from '@lpt/db/migrate';
import { seedDemo } from '@lpt/db/seed/demo';
import { seedSynthetic, syntheticAccounts } from '@lpt/db/seed/synthetic';
import { AppError } from '@lpt/server/errors';
import { reviewReport } from '@lpt/server/features/reports/reports.service';
import { publishRelease, publishReleaseIn } from '@lpt/server/features/releases/releases.service';
import { warmUpPlanning } from '@lpt/server/features/releases/disclosure/pool';
import { closedYearsWithoutRelease } from '@lpt/server/features/releases/releases.queries';
import { dropDatabase, freshDatabase, type BenchPostgres } from './database.ts';
import { informationLoss, lossTable, LOSS_TABLE_HEADER, goalsOf, type ReleaseLoss } from './information-loss.ts';
import { publishEveryYear } from './releases.ts';
import { int } from './stats.ts';

export const targets = { demoYearMs: 2000, tenThousandYearMs: 10_000, tenthOverFirstMs: 2000 } as const;

export interface DataSetLoss {
  label: string;
  /** Organisations in the data set (all years). */
  organizations: number;
  releases: (ReleaseLoss & { planningMs: number | null })[];
  /** Years whose release was refused or failed, and why. */
  notPublished: { year: number; outcome: string; message: string | null }[];
}

export interface ReleaseSequence {
  label: string;
  year: number;
  /** Each attempt: the release's number (null when refused) and its time. */
  attempts: { number: number | null; ms: number; organizations: number; message: string | null }[];
}

export interface DisclosureResult {
  dataSets: DataSetLoss[];
  sequences: ReleaseSequence[];
}

const YEARS = 10;

async function lossesOf(url: string, planning: Map<number, number>) {
  const { db, close } = await connect({ databaseUrl: url, maxConnections: 4 });
  try {
    const releases = await db.selectFrom('metricReleases').select(['id', 'year']).orderBy('year').orderBy('number').execute();
    const out: DataSetLoss['releases'] = [];
    for (const r of releases) out.push({ ...(await informationLoss(db, r.id)), planningMs: planning.get(r.id) ?? null });
    return out;
  } finally {
    await close();
  }
}

/** The demo data, each closed year released as the server's start releases it (publishReleaseIn, `cycle_closed`). */
async function demo(pgServer: BenchPostgres, log: (m: string) => void): Promise<DataSetLoss> {
  const name = 'lpt_bench_demo';
  const url = await freshDatabase(pgServer, name);
  const { db, close } = await connect({ databaseUrl: url, maxConnections: 4 });
  const planning = new Map<number, number>();
  const notPublished: DataSetLoss['notPublished'] = [];
  let organizations = 0;
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    organizations = Number((await db.selectFrom('organizations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    for (const year of await closedYearsWithoutRelease(db)) {
      const t0 = performance.now();
      const release = await db.transaction().execute((trx) => publishReleaseIn(trx, year, null, 'cycle_closed'));
      const ms = performance.now() - t0;
      log(`    demo ${year}: ${release ? `release ${release.number}` : 'waits (the audit refused it)'} in ${(ms / 1000).toFixed(1)} s`);
      if (release) planning.set(release.id, ms);
      else notPublished.push({ year, outcome: 'waits', message: 'the audit found an exposure' });
    }
  } finally {
    await close();
  }
  const releases = await lossesOf(url, planning);
  await dropDatabase(pgServer, name);
  return { label: 'demo', organizations, releases, notPublished };
}

async function synthetic(pgServer: BenchPostgres, reports: number, seed: number, log: (m: string) => void, sequenceLength: number) {
  const name = `lpt_bench_disclosure_${reports}`;
  const url = await freshDatabase(pgServer, name);
  const organizations = Math.round(reports / YEARS);
  {
    const { db, close } = await connect({ databaseUrl: url, maxConnections: 4 });
    try {
      await migrateToLatest(db);
      await seedSynthetic(db, { organizations, years: YEARS, seed });
    } finally {
      await close();
    }
  }
  const label = `synthetic ${int(reports)}`;
  const published = await publishEveryYear(url);
  const { db, close } = await connect({ databaseUrl: url, maxConnections: 4 });
  const planning = new Map<number, number>();
  let sequence: ReleaseSequence | null = null;
  let releases: DataSetLoss['releases'] = [];
  try {
    const ids = await db.selectFrom('metricReleases').select(['id', 'year']).execute();
    for (const y of published.years) {
      log(`    ${label} ${y.year}: ${y.outcome} in ${(y.ms / 1000).toFixed(1)} s${y.message ? `: ${y.message}` : ''}`);
      const release = ids.find((r) => r.year === y.year);
      if (release && y.outcome === 'published') planning.set(release.id, y.ms);
    }
    // Before the open year's later approvals: which cells have organisations is read live.
    releases = await lossesOf(url, planning);
    if (sequenceLength > 1) sequence = await releaseSequence(db, label, published, sequenceLength, log);
  } finally {
    await close();
  }
  await dropDatabase(pgServer, name);
  return {
    loss: {
      label,
      organizations,
      releases,
      notPublished: published.years.filter((y) => y.outcome !== 'published').map((y) => ({ year: y.year, outcome: y.outcome, message: y.message })),
    },
    sequence,
  };
}

/** The open year's releases: its first (already published), then one more approval before each of the next. */
async function releaseSequence(
  db: Awaited<ReturnType<typeof connect>>['db'],
  label: string,
  published: Awaited<ReturnType<typeof publishEveryYear>>,
  length: number,
  log: (m: string) => void,
): Promise<ReleaseSequence> {
  const open = published.years.find((y) => y.cycle === 'open')!;
  const coordinator = await db.selectFrom('users').selectAll().where('email', '=', syntheticAccounts.coordinator).executeTakeFirstOrThrow();
  const reviewer = { id: coordinator.id, email: coordinator.email, name: coordinator.name, role: 'coordinator', organizationId: null, locale: null, sessionId: '' } as unknown as SessionUser;
  const waiting = await db
    .selectFrom('progressReports')
    .select('organizationId')
    .where('year', '=', open.year)
    .where('status', '=', 'submitted')
    .orderBy('organizationId')
    .execute();
  const attempts: ReleaseSequence['attempts'] = [
    { number: open.outcome === 'published' ? 1 : null, ms: open.ms, organizations: open.organizations ?? 0, message: open.message },
  ];
  let released = attempts[0]!.number ?? 0;
  let refusedInARow = 0;
  for (const { organizationId } of waiting) {
    // Three refusals in a row: the year's late approvals wait (each would expose its organisation), reported as such.
    if (released >= length || refusedInARow >= 3) break;
    await reviewReport(db, reviewer, { organizationId, year: open.year, decision: 'approve', comment: '' });
    const t0 = performance.now();
    try {
      const release = await publishRelease(db, reviewer.id, open.year);
      released = release.number;
      refusedInARow = 0;
      attempts.push({ number: release.number, ms: performance.now() - t0, organizations: 0, message: null });
    } catch (error) {
      const refused = error instanceof AppError && error.code === 'CONFLICT';
      refusedInARow++;
      attempts.push({ number: null, ms: performance.now() - t0, organizations: 0, message: refused ? `refused: ${error.message}` : String(error) });
    }
    const last = attempts.at(-1)!;
    log(`    ${label} ${open.year}: ${last.number ? `release ${last.number}` : last.message} in ${(last.ms / 1000).toFixed(1)} s`);
  }
  return { label, year: open.year, attempts };
}

export async function measureDisclosure(
  pgServer: BenchPostgres,
  sizes: readonly number[],
  seed: number,
  log: (m: string) => void,
  sequenceLength = 10,
): Promise<DisclosureResult> {
  const dataSets: DataSetLoss[] = [];
  const sequences: ReleaseSequence[] = [];
  // As the server does at its start: the first release timed is not the one that waits for the worker.
  warmUpPlanning();
  log('  demo data: each closed year released as the server start does');
  dataSets.push(await demo(pgServer, log));
  for (const reports of sizes) {
    log(`  synthetic ${int(reports)} reports: every year published, then ${sequenceLength} releases of the open year`);
    const { loss, sequence } = await synthetic(pgServer, reports, seed, log, sequenceLength);
    dataSets.push(loss);
    if (sequence) sequences.push(sequence);
  }
  return { dataSets, sequences };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The Markdown section: the table, then the goals met and missed, with why where it is known. */
export function disclosureReport(result: DisclosureResult): { markdown: string; unmet: string[] } {
  const unmet: string[] = [];
  const rows = result.dataSets.flatMap((d) => lossTable(d.label, d.releases));
  for (const d of result.dataSets) {
    for (const r of d.releases)
      for (const v of r.viewers) {
        const goals = goalsOf(v);
        if (!goals.marginsOk)
          unmet.push(`${d.label} ${r.year}, ${v.viewer}: ${v.margins.shown} of ${v.margins.passingAlone} total/region/type-group cells passing alone are shown (goal ≥ 80 %)`);
        if (!goals.totalOk) unmet.push(`${d.label} ${r.year}, ${v.viewer}: the total (${v.total.reporting} reporting, no dominance) ${v.total.shown ? `withholds ${v.total.headlineWithheld.join(', ')}` : 'is withheld'}`);
      }
    const slowest = Math.max(0, ...d.releases.map((r) => r.planningMs ?? 0));
    const limit = d.label === 'demo' ? targets.demoYearMs : d.label === `synthetic ${int(10_000)}` ? targets.tenThousandYearMs : null;
    if (limit !== null && slowest > limit) unmet.push(`${d.label}: the slowest year took ${seconds(slowest)} to publish (goal ≤ ${seconds(limit)})`);
    for (const n of d.notPublished) unmet.push(`${d.label} ${n.year}: not published (${n.outcome}${n.message ? `: ${n.message}` : ''})`);
  }
  const sequenceLines = result.sequences.map((s) => {
    const releases = s.attempts.filter((a) => a.number !== null);
    const first = releases.find((a) => a.number === 1);
    const tenth = releases.at(-1);
    const refused = s.attempts.filter((a) => a.number === null).length;
    const growth = first && tenth && tenth !== first ? tenth.ms - first.ms : null;
    const ok = growth !== null && growth <= targets.tenthOverFirstMs;
    if (!ok)
      unmet.push(
        growth === null
          ? `${s.label} ${s.year}: no later release could be published (${refused} refused: each late approval would expose its organisation), so the tenth release was not measured`
          : `${s.label} ${s.year}: release ${tenth?.number} took ${seconds(growth)} more than release 1 (goal ≤ ${seconds(targets.tenthOverFirstMs)} more)`,
      );
    return (
      `| ${s.label} | ${s.year} | ${first ? seconds(first.ms) : '–'} | ${tenth ? `${seconds(tenth.ms)} (release ${tenth.number})` : '–'} | ` +
      `${growth === null ? '–' : `${growth >= 0 ? '+' : ''}${seconds(growth)}`} ${growth === null ? '' : ok ? '✅' : '❌'} | ${releases.map((a) => seconds(a.ms)).join(', ')}${refused ? `; ${refused} refused` : ''} |`
    );
  });
  const markdown = [
    '## Disclosure: information lost, and planning time',
    '',
    'Per release and viewer: cells shown / cells no primary rule withholds by themselves / cells with organisations (of all the cells a release publishes); ' +
      'the figures shown in the cells with organisations; the total, region and type-group cells shown of those that pass the primary rules by themselves; ' +
      "whether the year's total shows its headline (reporting organisations, in-scope expenditure, counted local, direct, pooled and one-intermediary funding, weighted and direct share) " +
      'where 5 or more report and no one dominates it; and the time to publish the release (both viewers: plan, audit, store). ' +
      `Goals: ≥ 80 % of those margins; every such total with its headline; a year published in ≤ ${seconds(targets.demoYearMs)} at the demo's size and ≤ ${seconds(targets.tenThousandYearMs)} at 10,000 reports; ` +
      `the tenth release of a year ≤ ${seconds(targets.tenthOverFirstMs)} slower than its first.`,
    '',
    ...LOSS_TABLE_HEADER,
    ...rows,
    '',
    '| Data | Year | Release 1 | Last release | Difference (goal ≤ +2 s) | Every release |',
    '| --- | --- | --- | --- | --- | --- |',
    ...sequenceLines,
    '',
    unmet.length ? `Disclosure goals not met (${unmet.length}):\n${unmet.map((u) => `- ${u}`).join('\n')}` : 'Every disclosure goal met.',
  ].join('\n');
  return { markdown, unmet };
}
