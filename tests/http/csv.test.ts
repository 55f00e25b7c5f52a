// CSV downloads over real HTTP: the server on a free port, files fetched with a session cookie (or none),
// parsed back and checked cell by cell. Fixture (2025, cycle due 2026-03-31, EUR at 1.2):
//
//   org               region  disclosure      cur  in-scope    counted (direct)  share
//   Alpha Aid         africa  public          USD  1,000,000   200,000           0.20
//   =Equity Forum     africa  public          USD  1,000,000   100,000           0.10
//   @Home Network     africa  public          USD  1,000,000   300,000           0.30
//   Delta Community   africa  aggregate_only  EUR  1,000,000   600,000           0.60   (×1.2 → 1,200,000 / 720,000)
//   Echo Europe       europe  public          USD    500,000         0           0.00
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, completeReportData, createCycle, createOrganization, createRate, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { ApiClient, clientWithSession, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let anonymous: ApiClient;
let donor: ApiClient;
let coordinator: ApiClient;
let coordinatorUser: Awaited<ReturnType<typeof createUser>>;
let signatory: ApiClient;

const funding = (inScope: number, direct: number) => ({
  inScopeExpenditure: inScope,
  toLocalDirect: direct,
  toLocalPooled: 0,
  toLocalOneIntermediary: 0,
  toLocalTwoPlusIntermediaries: 0,
  multiYearToLocal: 0,
});

beforeAll(async () => {
  const { db } = getDb();
  await createCycle(db, 2024, { dueOn: '2025-03-31' });
  await createCycle(db, 2025, { dueOn: '2026-03-31' });
  await createRate(db, 2025, 'EUR', 1.2);
  coordinatorUser = await createUser(db, 'coordinator');
  const orgs = [
    { name: 'Alpha Aid', country: 'KE', disclosure: 'public', currency: 'USD', inScope: 1_000_000, direct: 200_000 },
    { name: '=Equity Forum', country: 'KE', disclosure: 'public', currency: 'USD', inScope: 1_000_000, direct: 100_000 },
    { name: '@Home Network', country: 'NG', disclosure: 'public', currency: 'USD', inScope: 1_000_000, direct: 300_000 },
    { name: 'Delta Community', country: 'KE', disclosure: 'aggregate_only', currency: 'EUR', inScope: 1_000_000, direct: 600_000 },
    { name: 'Echo Europe', country: 'DE', disclosure: 'public', currency: 'USD', inScope: 500_000, direct: 0 },
  ] as const;
  let first: number | undefined;
  for (const o of orgs) {
    const { id } = await createOrganization(db, { name: o.name, country: o.country, disclosure: o.disclosure, signedOn: '2020-01-01' });
    first ??= id;
    await createApprovedReport(db, {
      organizationId: id,
      year: 2025,
      data: completeReportData({ currency: o.currency, funding: funding(o.inScope, o.direct) }),
      approvedBy: coordinatorUser.id,
    });
  }
  // Donors and the public download what is released.
  for (const year of [2024, 2025]) await callerFor(db, coordinatorUser).metrics.publishRelease({ year });
  server = await startTestServer(db);
  anonymous = new ApiClient(server.url);
  // The donor signs in for real: the session cookie from auth.login is what the download uses.
  const donorUser = await createUser(db, 'donor');
  donor = new ApiClient(server.url);
  expect((await donor.login(donorUser.email, donorUser.password)).ok).toBe(true);
  coordinator = await clientWithSession(db, server.url, coordinatorUser.id);
  signatory = await clientWithSession(db, server.url, (await createUser(db, 'signatory', first!)).id);
});
afterAll(async () => {
  await server?.close();
});

/** Downloads a CSV and parses it into records keyed by the header. */
async function download(client: ApiClient, path: string) {
  const answer = await client.raw(path);
  expect(answer.status, answer.text.slice(0, 300)).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const records = parse(answer.text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const header = (parse(answer.text, { bom: true, to_line: 1 }) as string[][])[0]!;
  return { answer, records, header, filename: answer.headers.get('content-disposition') };
}

describe('summary.csv', () => {
  it('downloads the public summary with the figures of the API', async () => {
    const { records, header, filename } = await download(anonymous, '/csv/summary.csv?year=2025');
    expect(filename).toBe('attachment; filename="summary-2025.csv"');
    // A byte order mark, so that spreadsheet programs read the names as UTF-8 (fetch's text() drops it).
    const bytes = new Uint8Array(await (await fetch(`${server.url}/csv/summary.csv?year=2025`)).arrayBuffer());
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(header.slice(0, 13)).toEqual([
      'year',
      'basis',
      'suppressed',
      'suppressedBecause',
      'release.id',
      'release.year',
      'release.number',
      'release.publishedAt',
      'withheldFigures',
      'organizationsEligible',
      'organizationsReporting',
      'reportingRate',
      'funding.inScopeExpenditureUsd',
    ]);
    expect(header).toContain('statusCounts.funding.not_applicable');
    expect(header).toContain('distribution.from25to50');
    expect(records).toHaveLength(1);
    // Released to the public, the total is withheld (see the trend below); coordinators' live file has it.
    expect(records[0]!.suppressed).toBe('true');
    const live = await download(coordinator, '/csv/summary.csv?year=2025');
    expect(live.header).toEqual(header);
    const row = live.records[0]!;
    expect(row.year).toBe('2025');
    expect(row.suppressed).toBe('false');
    expect(row['release.id']).toBe('');
    expect(row.organizationsReporting).toBe('5');
    expect(row.reportingRate).toBe('1');
    // in-scope 3 × 1,000,000 + 1,000,000 × 1.2 + 500,000; counted 200,000 + 100,000 + 300,000 + 720,000 + 0
    expect(row['funding.inScopeExpenditureUsd']).toBe('4700000');
    expect(row['funding.countedLocalUsd']).toBe('1320000');
    expect(Number(row['funding.weightedShare'])).toBeCloseTo(1_320_000 / 4_700_000, 12);
    // shares 0, 0.1, 0.2, 0.3, 0.6: median 0.2; at or above 25 %: 0.3 and 0.6
    expect(Number(row['funding.medianShare'])).toBeCloseTo(0.2, 12);
    expect(row['funding.atOrAbove25']).toBe('2');
    expect(row['distribution.under10']).toBe('1');

    // The same numbers as the API gives.
    const api = await callerFor(getDb().db, coordinatorUser).metrics.summary({ year: 2025 });
    expect(Number(row['funding.weightedShare'])).toBe(api.funding.weightedShare);
  });

  it('says which cells are withheld below 5 reporting organisations', async () => {
    const { records } = await download(anonymous, '/csv/summary.csv?year=2025&region=europe');
    const row = records[0]!;
    expect(row.suppressed).toBe('true');
    expect(row.suppressedBecause).toBe('fewer_than_5');
    // A withheld cell says nothing that helps the arithmetic, not even how many could report.
    expect(row.organizationsEligible).toBe('fewer than 5 reporting');
    expect(row.organizationsReporting).toBe('fewer than 5 reporting');
    expect(row['funding.weightedShare']).toBe('fewer than 5 reporting');
    expect(row['statusCounts.credit.fulfilled']).toBe('fewer than 5 reporting');
    // The coordinator's file has the figures.
    const full = (await download(coordinator, '/csv/summary.csv?year=2025&region=europe')).records[0]!;
    expect(full.suppressed).toBe('false');
    expect(full['funding.weightedShare']).toBe('0');
  });

  it('leaves a share without data empty', async () => {
    const { records, filename } = await download(coordinator, '/csv/summary.csv?year=2025&region=oceania');
    expect(filename).toBe('attachment; filename="summary-2025-oceania.csv"');
    const row = records[0]!;
    expect(row.organizationsReporting).toBe('0');
    expect(row.reportingRate).toBe('');
    expect(row['funding.weightedShare']).toBe('');
    expect(row['funding.inScopeExpenditureUsd']).toBe('0');
  });
});

describe('trend.csv and breakdown.csv', () => {
  it('has one row per year, each suppressed on its own', async () => {
    const { records, filename } = await download(anonymous, '/csv/trend.csv?fromYear=2024&toYear=2025');
    expect(filename).toBe('attachment; filename="trend-2024-2025.csv"');
    expect(records.map((r) => [r.year, r.suppressed, r.organizationsReporting])).toEqual([
      // A year with no reports has nobody to protect: its zeros are shown.
      ['2024', 'false', '0'],
      // Europe's one organisation passes nothing to local actors, so the year's counted funding would be
      // exactly Africa's four (withheld): interval protection withholds the total too.
      ['2025', 'true', 'withheld so that a protected figure cannot be worked out from the others'],
    ]);
  });

  it('has one row per region', async () => {
    const { records, header } = await download(coordinator, '/csv/breakdown.csv?year=2025&by=region');
    expect(header[0]).toBe('region');
    expect(records.map((r) => [r.region, r.organizationsReporting])).toEqual([
      ['africa', '4'],
      ['americas', '0'],
      ['asia', '0'],
      ['europe', '1'],
      ['oceania', '0'],
    ]);
    // Africa: counted 200,000 + 100,000 + 300,000 + 720,000 over 3,000,000 + 1,200,000
    expect(Number(records[0]!['funding.weightedShare'])).toBeCloseTo(1_320_000 / 4_200_000, 12);
    const publicFile = await download(anonymous, '/csv/breakdown.csv?year=2025&by=region');
    expect(
      publicFile.records.every((r) => r['funding.weightedShare'] === 'fewer than 5 reporting' || r.organizationsReporting === '0'),
    ).toBe(true);
  });
});

describe('organizations.csv', () => {
  it('lists public organisations for donors, with names that cannot run as formulas', async () => {
    const { records, filename } = await download(donor, '/csv/organizations.csv?year=2025');
    expect(filename).toBe('attachment; filename="organizations-2025.csv"');
    expect(records.map((r) => r.name).sort()).toEqual(["'=Equity Forum", "'@Home Network", 'Alpha Aid', 'Echo Europe']);
    const alpha = records.find((r) => r.name === 'Alpha Aid')!;
    expect(alpha).toMatchObject({ currency: 'USD', localShare: '0.2', inScopeExpenditureUsd: '1000000', 'statuses.funding': 'in_progress' });
    expect(Object.keys(alpha)).not.toContain('funding.narrative');
  });

  it('lists every organisation for coordinators', async () => {
    const { records } = await download(coordinator, '/csv/organizations.csv?year=2025');
    const delta = records.find((r) => r.name === 'Delta Community')!;
    expect(delta).toMatchObject({ disclosure: 'aggregate_only', currency: 'EUR', usdPerUnit: '1.2', inScopeExpenditureUsd: '1200000', countedLocalUsd: '720000', localShare: '0.6' });
    expect(records).toHaveLength(5);
  });

  it('refuses anonymous callers (401) and signatories (403)', async () => {
    const unsigned = await anonymous.raw('/csv/organizations.csv?year=2025');
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error.data.code).toBe('UNAUTHORIZED');
    const refused = await signatory.raw('/csv/organizations.csv?year=2025');
    expect(refused.status).toBe(403);
    expect(refused.json.error.data.code).toBe('FORBIDDEN');
  });
});

describe('bad requests', () => {
  it.each([
    ['/csv/summary.csv'],
    ['/csv/summary.csv?year=last'],
    ['/csv/summary.csv?year=2025&region=atlantis'],
    ['/csv/summary.csv?year=2025&color=red'],
    ['/csv/trend.csv?fromYear=2025&toYear=2020'],
    ['/csv/breakdown.csv?year=2025&by=country'],
    ['/csv/organizations.csv?year=1900'],
  ])('%s is a 400', async (path) => {
    const answer = await coordinator.raw(path);
    expect(answer.status).toBe(400);
    expect(answer.json.error.data.code).toBe('BAD_REQUEST');
  });

  it('refuses submitted data to a donor (403) and has no unknown table (404)', async () => {
    expect((await donor.raw('/csv/summary.csv?year=2025&includeSubmitted=true')).status).toBe(403);
    expect((await coordinator.raw('/csv/summary.csv?year=2025&includeSubmitted=true')).status).toBe(200);
    expect((await anonymous.raw('/csv/users.csv')).status).toBe(404);
  });
});
