// A reproducible synthetic data set of a chosen size for benchmarks: `organizations` signatories, each
// with one report in each of `years` reporting cycles (the last one open). Every type, region, report
// status and currency occurs (given enough organisations); most reports are approved and published.
// The same options and seed give the same data.
//
// For speed it writes no report_history: its rows would triple the volume and the benchmarks do not read
// them. Approved copies and review decisions are made in SQL (INSERT … SELECT) from progress_reports,
// and reports go in as multi-row inserts of 1,000 rows each sent as one JSON parameter.
import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import { regionOf } from '@lpt/shared/countries';
import { commitments, organizationTypes, type ReportStatus } from '@lpt/shared/enums';
import { derivedWholes, type ReportData } from '@lpt/shared/report';
import { MAX_YEAR, MIN_YEAR } from '@lpt/shared/schemas';
import { figureColumns, figuresFromData } from '../src/figures.ts';
import { nameSkeletons } from '../src/names.ts';
import { isDatabaseEmpty, type SeedSummary } from './demo.ts';
import {
  addDays,
  atWorkingHour,
  DEMO_PASSWORD,
  draftOf,
  generateReportData,
  insertInBatches,
  insertJsonBatches,
  notApplicableReasons,
  PASSWORD_HASH_OPTIONS,
  randomProfile,
  usdPerUnit,
  type Db,
} from './generate.ts';
import { createRandom } from './random.ts';

export interface SyntheticOptions {
  organizations: number;
  years: number;
  seed: number;
  /** A ready argon2id hash of the password (tests pass one to skip hashing). */
  passwordHash?: string;
  /** Called after each batch of reports, e.g. to print progress. */
  onProgress?: (reportsWritten: number, reportsTotal: number) => void;
}

export const syntheticAccounts = {
  password: DEMO_PASSWORD,
  coordinator: 'bench-coordinator@example.org',
  donor: 'bench-donor@example.org',
  /** bench-signatory-1@example.org … for the first organisations (up to 10). */
  signatory: (n: number) => `bench-signatory-${n}@example.org`,
} as const;

/** The last cycle of a synthetic set is the open one; it ends in 2026 when the years allow. */
export function syntheticYears(years: number): number[] {
  const last = Math.max(2026, MIN_YEAR + years - 1);
  return Array.from({ length: years }, (_, i) => last - years + 1 + i);
}

/** Countries (and the currency their organisations report in) covering every region. */
const places: readonly (readonly [string, string])[] = [
  ['KE', 'KES'], ['UG', 'USD'], ['NG', 'USD'], ['SN', 'USD'], ['ET', 'USD'],
  ['CO', 'COP'], ['MX', 'USD'], ['GT', 'USD'], ['EC', 'USD'], ['US', 'USD'],
  ['PH', 'PHP'], ['JO', 'JOD'], ['TH', 'USD'], ['BD', 'USD'], ['LB', 'USD'],
  ['DE', 'EUR'], ['IT', 'EUR'], ['GB', 'GBP'], ['CH', 'CHF'], ['XK', 'EUR'],
  ['FJ', 'USD'], ['NZ', 'USD'], ['AU', 'USD'], ['PG', 'USD'], ['WS', 'USD'],
];

const closedYearStatuses = [['approved', 92], ['submitted', 3], ['returned', 2], ['draft', 3]] as const;
const openYearStatuses = [['approved', 30], ['submitted', 30], ['returned', 10], ['draft', 30]] as const;
const BATCH = 1000;

export async function seedSynthetic(db: Db, options: SyntheticOptions): Promise<SeedSummary> {
  const { organizations: orgCount, years: yearCount } = options;
  if (!Number.isInteger(orgCount) || orgCount < 1 || orgCount > 1_000_000)
    throw new Error('organizations must be a whole number from 1 to 1,000,000');
  if (!Number.isInteger(yearCount) || yearCount < 1 || yearCount > MAX_YEAR - MIN_YEAR)
    throw new Error(`years must be a whole number from 1 to ${MAX_YEAR - MIN_YEAR}`);
  const passwordHash = options.passwordHash ?? (await hash(DEMO_PASSWORD, PASSWORD_HASH_OPTIONS));
  const run = async (trx: Db) => {
    if (!(await isDatabaseEmpty(trx)))
      throw new Error('The database already holds organisations; synthetic data loads only into an empty database.');
    return insertSynthetic(trx, { ...options, passwordHash });
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function insertSynthetic(trx: Db, options: SyntheticOptions & { passwordHash: string }): Promise<SeedSummary> {
  const { organizations: orgCount, seed, passwordHash } = options;
  const years = syntheticYears(options.years);
  const openYear = years[years.length - 1] as number;
  const firstYear = years[0] as number;
  const rng = createRandom(seed);

  const cycles = years.map((year) => ({
    year,
    opensOn: `${year}-11-01`,
    dueOn: `${year + 1}-03-31`,
    status: year === openYear ? ('open' as const) : ('closed' as const),
  }));
  await insertInBatches(trx, 'reportingCycles', cycles);
  const currencies = [...new Set(places.map(([, c]) => c))];
  const rates = years.flatMap((year) => currencies.map((currency) => ({ year, currency, usdPerUnit: usdPerUnit(currency, year) })));
  await insertInBatches(trx, 'exchangeRates', rates);

  // Organisations, all signed before the first cycle was due.
  const orgs = Array.from({ length: orgCount }, (_, i) => {
    const [country, currency] = places[i % places.length] as readonly [string, string];
    return {
      name: `Synthetic Signatory ${String(i + 1).padStart(6, '0')}`,
      acronym: `SYN${i + 1}`,
      type: organizationTypes[i % organizationTypes.length] as (typeof organizationTypes)[number],
      country,
      currency,
      region: regionOf(country) as NonNullable<ReturnType<typeof regionOf>>,
      signedOn: `${firstYear - 1}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      disclosure: rng.chance(0.6) ? ('public' as const) : ('aggregate_only' as const),
    };
  });
  const orgIds: number[] = [];
  for (let i = 0; i < orgs.length; i += BATCH) {
    const rows = orgs.slice(i, i + BATCH).map(({ currency: _currency, ...o }) => ({ ...o, ...nameSkeletons(o.name) }));
    const inserted = await trx.insertInto('organizations').values(rows).returning('id').execute();
    orgIds.push(...inserted.map((r) => r.id));
  }

  const users = [
    { email: syntheticAccounts.coordinator, name: 'Bench Coordinator', role: 'coordinator' as const, organizationId: null as number | null },
    { email: syntheticAccounts.donor, name: 'Bench Donor', role: 'donor' as const, organizationId: null as number | null },
    ...orgIds.slice(0, 10).map((id, i) => ({
      email: syntheticAccounts.signatory(i + 1),
      name: `Bench Signatory ${i + 1}`,
      role: 'signatory' as const,
      organizationId: id as number | null,
    })),
  ].map((u) => ({ ...u, passwordHash }));
  const insertedUsers = await trx.insertInto('users').values(users).returning(['id', 'email']).execute();
  const coordinatorId = insertedUsers.find((u) => u.email === syntheticAccounts.coordinator)?.id as number;

  // Reports, organisation by organisation (each keeps its profile across the years).
  const total = orgCount * years.length;
  let written = 0;
  let buffer: Record<string, unknown>[] = [];
  // One batch is written while the next is generated: the database and the generator overlap.
  let pending: Promise<void> = Promise.resolve();
  const flush = async () => {
    await pending;
    if (buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    pending = insertJsonBatches(trx, 'progressReports', rows, BATCH).then(() => {
      written += rows.length;
      options.onProgress?.(written, total);
    });
    // Handled when awaited at the next flush; this only keeps an early failure from counting as unhandled.
    pending.catch(() => {});
    // Let the query reach the database before the generator takes the thread again.
    await new Promise((resolve) => setImmediate(resolve));
  };
  for (let i = 0; i < orgCount; i++) {
    const org = orgs[i] as (typeof orgs)[number];
    const profile = randomProfile(rng, org.type, org.currency);
    for (const key of commitments)
      if (rng.chance(0.04)) profile.notApplicable[key] = rng.pick(notApplicableReasons[key]);
    years.forEach((year, yearIndex) => {
      const data = generateReportData(rng, profile, { yearIndex, usdPerUnit: usdPerUnit(org.currency, year), brief: true });
      const status: ReportStatus = rng.weighted(year === openYear ? openYearStatuses : closedYearStatuses);
      buffer.push(reportRow(rng, { organizationId: orgIds[i] as number, year, openYear, status, data, coordinatorId }));
    });
    if (buffer.length >= BATCH) await flush();
  }
  await flush();
  await pending;

  // The published copies of approved reports, and a decision row for each review, made in SQL.
  const approved = await trx
    .insertInto('approvedReports')
    .columns(['reportId', 'organizationId', 'year', 'version', 'approvedAt', 'approvedBy', ...figureColumns])
    .expression(
      trx
        .selectFrom('progressReports')
        .select(['id', 'organizationId', 'year', 'version', 'updatedAt', sql.lit(coordinatorId).as('approvedBy'), ...figureColumns])
        .where('status', '=', 'approved'),
    )
    .executeTakeFirst();
  // A returned report's comment is on the local share's denominator (in-scope expenditure).
  const returnComments = JSON.stringify({ [derivedWholes['funding.countedLocalFunding'].shareOf]: 'Differs from the audited accounts.' });
  const decisions = await trx
    .insertInto('reviewDecisions')
    .columns(['reportId', 'version', 'decision', 'comment', 'fieldComments', 'reviewerId', 'decidedAt'])
    .expression(
      trx
        .selectFrom('progressReports')
        .select([
          'id',
          'version',
          sql<string>`case when status = 'approved' then 'approve' else 'return' end`.as('decision'),
          sql<string>`case when status = 'approved' then '' else 'Please check the in-scope expenditure against your audited accounts.' end`.as('comment'),
          sql<string>`case when status = 'approved' then '{}'::jsonb else ${returnComments}::jsonb end`.as('fieldComments'),
          sql.lit(coordinatorId).as('reviewerId'),
          'updatedAt',
        ])
        .where('status', 'in', ['approved', 'returned']),
    )
    .executeTakeFirst();

  return {
    organizations: orgCount,
    users: users.length,
    cycles: cycles.length,
    exchangeRates: rates.length,
    reports: written,
    approvedReports: Number(approved.numInsertedOrUpdatedRows ?? 0),
    reportHistory: 0,
    reviewDecisions: Number(decisions.numInsertedOrUpdatedRows ?? 0),
  };
}

function reportRow(
  rng: ReturnType<typeof createRandom>,
  r: { organizationId: number; year: number; openYear: number; status: ReportStatus; data: ReportData; coordinatorId: number },
): Record<string, unknown> {
  const open = r.year === r.openYear;
  const createdAt = open
    ? atWorkingHour(rng, addDays(`${r.year}-11-02T00:00:00.000Z`, rng.int(0, 20)).slice(0, 10))
    : atWorkingHour(rng, addDays(`${r.year + 1}-01-05T00:00:00.000Z`, rng.int(0, 70)).slice(0, 10));
  const submittedAt = r.status === 'draft' ? null : addDays(createdAt, rng.between(1, open ? 4 : 30));
  const reviewedAt = submittedAt && (r.status === 'approved' || r.status === 'returned') ? addDays(submittedAt, rng.between(1, open ? 3 : 20)) : null;
  const version = { draft: rng.int(1, 2), submitted: 3, returned: 4, approved: 4 }[r.status];
  const data = r.status === 'draft' ? draftOf(r.data, rng.int(0, 4)) : r.data;
  return {
    organizationId: r.organizationId,
    year: r.year,
    version,
    status: r.status,
    submittedAt,
    late: submittedAt != null && submittedAt.slice(0, 10) > `${r.year + 1}-03-31`,
    createdAt,
    updatedAt: reviewedAt ?? submittedAt ?? createdAt,
    updatedBy: reviewedAt ? r.coordinatorId : null,
    ...figuresFromData(data),
  };
}
