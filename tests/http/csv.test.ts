// Downloads over real HTTP: the server on a free port, files fetched with a session cookie (or none),
// parsed back (CSV with csv-parse, Excel with exceljs) and checked cell by cell: the people's files
// (/csv/<table>.csv and /xlsx/<table>.xlsx, in the reader's language) and the machine-readable CSV
// (?format=data), which stays as it was before the people's files existed. Fixture (2025, cycle due 2026-03-31, EUR at 1.2):
//
//   org               region  disclosure      cur  in-scope    counted (direct)  share
//   Alpha Aid         africa  public          USD  1,000,000   200,000           0.20
//   =Equity Forum     africa  public          USD  1,000,000   100,000           0.10
//   @Home Network     africa  public          USD  1,000,000   300,000           0.30
//   Delta Community   africa  aggregate_only  EUR  1,000,000   600,000           0.60   (×1.2 → 1,200,000 / 720,000)
//   Echo Europe       europe  public          USD    500,000         0           0.00
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
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
  const approve = (id: number, o: (typeof orgs)[number]) =>
    createApprovedReport(db, {
      organizationId: id,
      year: 2025,
      data: completeReportData({ currency: o.currency, funding: funding(o.inScope, o.direct) }),
      approvedBy: coordinatorUser.id,
    });
  const later: (() => Promise<unknown>)[] = [];
  for (const o of orgs) {
    const { id } = await createOrganization(db, { name: o.name, country: o.country, disclosure: o.disclosure, signedOn: '2020-01-01' });
    first ??= id;
    if (o.disclosure === 'public') await approve(id, o);
    else later.push(() => approve(id, o));
  }
  // Donors and the public download what is released. The public organisations' rows are released first
  // (2025's first release), so donors have read them: the release with Delta Community cannot withhold
  // them from donors to show the total (disclosure/donor-rows.ts), and the total stays withheld.
  const publish = (year: number) => callerFor(db, coordinatorUser).releases.publish({ year });
  for (const year of [2024, 2025]) await publish(year);
  for (const approveLater of later) await approveLater();
  await publish(2025);
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

describe('summary.csv?format=data (machine-readable)', () => {
  it('downloads the public summary with the figures of the API', async () => {
    const { records, header, filename } = await download(anonymous, '/csv/summary.csv?year=2025&format=data');
    expect(filename).toBe('attachment; filename="summary-2025.csv"');
    // A byte order mark, so that spreadsheet programs read the names as UTF-8 (fetch's text() drops it).
    const bytes = new Uint8Array(await (await fetch(`${server.url}/csv/summary.csv?year=2025&format=data`)).arrayBuffer());
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
    const live = await download(coordinator, '/csv/summary.csv?year=2025&format=data');
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
    const { records } = await download(anonymous, '/csv/summary.csv?year=2025&region=europe&format=data');
    const row = records[0]!;
    expect(row.suppressed).toBe('true');
    expect(row.suppressedBecause).toBe('fewer_than_5');
    // A withheld cell says nothing that helps the arithmetic, not even how many could report.
    expect(row.organizationsEligible).toBe('Withheld: fewer than 5 reporting');
    expect(row.organizationsReporting).toBe('Withheld: fewer than 5 reporting');
    expect(row['funding.weightedShare']).toBe('Withheld: fewer than 5 reporting');
    expect(row['statusCounts.credit.fulfilled']).toBe('Withheld: fewer than 5 reporting');
    // The coordinator's file has the figures.
    const full = (await download(coordinator, '/csv/summary.csv?year=2025&region=europe&format=data')).records[0]!;
    expect(full.suppressed).toBe('false');
    expect(full['funding.weightedShare']).toBe('0');
  });

  it('leaves a share without data empty', async () => {
    const { records, filename } = await download(coordinator, '/csv/summary.csv?year=2025&region=oceania&format=data');
    expect(filename).toBe('attachment; filename="summary-2025-oceania.csv"');
    const row = records[0]!;
    expect(row.organizationsReporting).toBe('0');
    expect(row.reportingRate).toBe('');
    expect(row['funding.weightedShare']).toBe('');
    expect(row['funding.inScopeExpenditureUsd']).toBe('0');
  });
});

describe('trend.csv and breakdown.csv?format=data', () => {
  it('has one row per year, each suppressed on its own', async () => {
    const { records, filename } = await download(anonymous, '/csv/trend.csv?fromYear=2024&toYear=2025&format=data');
    expect(filename).toBe('attachment; filename="trend-2024-2025.csv"');
    expect(records.map((r) => [r.year, r.suppressed, r.organizationsReporting])).toEqual([
      // A year with no reports has nobody to protect: its zeros are shown.
      ['2024', 'false', '0'],
      // Europe's one organisation passes nothing to local actors, so the year's counted funding would be
      // exactly Africa's four (withheld): interval protection withholds the total too.
      ['2025', 'true', 'Withheld: a protected figure could otherwise be worked out from the others'],
    ]);
  });

  it('has one row per region', async () => {
    const { records, header } = await download(coordinator, '/csv/breakdown.csv?year=2025&by=region&format=data');
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
    const publicFile = await download(anonymous, '/csv/breakdown.csv?year=2025&by=region&format=data');
    expect(
      publicFile.records.every((r) => r['funding.weightedShare'] === 'Withheld: fewer than 5 reporting' || r.organizationsReporting === '0'),
    ).toBe(true);
  });
});

describe('organizations.csv?format=data', () => {
  it('lists public organisations for donors, with names that cannot run as formulas', async () => {
    const { records, filename } = await download(donor, '/csv/organizations.csv?year=2025&format=data');
    expect(filename).toBe('attachment; filename="organizations-2025.csv"');
    expect(records.map((r) => r.name).sort()).toEqual(["'=Equity Forum", "'@Home Network", 'Alpha Aid', 'Echo Europe']);
    const alpha = records.find((r) => r.name === 'Alpha Aid')!;
    expect(alpha).toMatchObject({ currency: 'USD', localShare: '0.2', inScopeExpenditureUsd: '1000000', 'statuses.funding': 'in_progress' });
    expect(Object.keys(alpha)).not.toContain('funding.narrative');
  });

  it('lists every organisation for coordinators', async () => {
    const { records } = await download(coordinator, '/csv/organizations.csv?year=2025&format=data');
    const delta = records.find((r) => r.name === 'Delta Community')!;
    expect(delta).toMatchObject({ disclosure: 'aggregate_only', currency: 'EUR', usdPerUnit: '1.2', inScopeExpenditureUsd: '1200000', countedLocalUsd: '720000', localShare: '0.6' });
    expect(records).toHaveLength(5);
  });

  it('refuses anonymous callers (401) and signatories (403)', async () => {
    const unsigned = await anonymous.raw('/csv/organizations.csv?year=2025&format=data');
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error.data.code).toBe('UNAUTHORIZED');
    const refused = await signatory.raw('/csv/organizations.csv?year=2025&format=data');
    expect(refused.status).toBe(403);
    expect(refused.json.error.data.code).toBe('FORBIDDEN');
  });
});

describe("the charts' own tables, machine-readable", () => {
  it('keep the API names, raw numbers and status codes, with only that chart’s figures', async () => {
    const context = ['year', 'basis', 'suppressed', 'suppressedBecause', 'release.id', 'release.year', 'release.number', 'release.publishedAt', 'withheldFigures'];
    const distribution = await download(coordinator, '/csv/distribution.csv?year=2025&format=data');
    expect(distribution.filename).toBe('attachment; filename="distribution-2025.csv"');
    expect(distribution.header).toEqual([...context, 'distribution.under10', 'distribution.from10to25', 'distribution.from25to50', 'distribution.atLeast50', 'fundingOrganizations']);
    expect(distribution.records[0]).toMatchObject({ 'distribution.under10': '1', 'distribution.from10to25': '2', fundingOrganizations: '5' });
    const commitments = await download(coordinator, '/csv/commitment-trend.csv?fromYear=2024&toYear=2025&format=data');
    expect(commitments.header.slice(0, context.length)).toEqual(context);
    expect(commitments.header).toContain('collaboration.coLedShare');
    expect(commitments.header).not.toContain('funding.weightedShare');
    expect(commitments.records[1]!['collaboration.coLedShare']).toBe('0.25');
    const statuses = await download(anonymous, '/csv/statuses.csv?year=2025&region=europe&format=data');
    expect(statuses.records[0]).toMatchObject({ suppressed: 'true', suppressedBecause: 'fewer_than_5', 'statusCounts.funding.in_progress': 'Withheld: fewer than 5 reporting' });
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

/** A people's CSV as rows of cells (header first), fetched with the client's session and extra headers. */
async function peopleCsv(client: ApiClient, path: string, headers: Record<string, string> = {}) {
  const answer = await client.raw(path, { headers });
  expect(answer.status, answer.text.slice(0, 300)).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const [header, ...rows] = parse(answer.text, { bom: true, skip_empty_lines: true }) as string[][];
  const cell = (row: string[], name: string) => {
    const index = header!.indexOf(name);
    expect(index, `no column "${name}" in ${header!.join(' | ')}`).toBeGreaterThanOrEqual(0);
    return row[index]!;
  };
  return { header: header!, rows, cell, answer };
}

/** An Excel download, read back with exceljs. */
async function workbookOf(client: ApiClient, path: string) {
  const response = await fetch(`${server.url}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  const body = Buffer.from(await response.arrayBuffer());
  expect(response.status, body.toString('utf8').slice(0, 300)).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as never);
  const [figures, definitions] = workbook.worksheets;
  const values = (sheet: ExcelJS.Worksheet) => {
    const out: ExcelJS.CellValue[][] = [];
    sheet.eachRow((row) => out.push((row.values as ExcelJS.CellValue[]).slice(1)));
    return out;
  };
  return { workbook, figures: figures!, definitions: definitions!, values, disposition: response.headers.get('content-disposition') };
}

describe("people's CSV files", () => {
  it('head their columns in the language of ?lang', async () => {
    const english = await peopleCsv(coordinator, '/csv/summary.csv?year=2025&lang=en');
    expect(english.header.slice(0, 6)).toEqual(['Year', 'Reporting cycle', 'Status', 'Reports counted', 'Release', 'Release published on']);
    // The fixture's cycles are open: the figures are provisional, and the file says so.
    expect(english.cell(english.rows[0]!, 'Reporting cycle')).toBe('Open: provisional figures');
    expect(english.header).toContain('Weighted local share (%)');
    expect(english.header).toContain('In-scope expenditure (USD)');
    const french = await peopleCsv(coordinator, '/csv/summary.csv?year=2025&lang=fr');
    expect(french.header.slice(0, 3)).toEqual(['Année', 'Cycle de rapport', 'Statut']);
    expect(french.header).toContain('Part locale pondérée (%)');
    expect(french.header).toContain('Dépenses concernées (USD)');
    expect(french.cell(french.rows[0]!, 'Rapports pris en compte')).toBe('Rapports approuvés');
    const spanish = await peopleCsv(coordinator, '/csv/summary.csv?year=2025&lang=es');
    expect(spanish.header.slice(0, 3)).toEqual(['Año', 'Ciclo de informes', 'Estado']);
    expect(spanish.header).toContain('Proporción local ponderada (%)');
    expect(spanish.cell(spanish.rows[0]!, 'Estado')).toBe('Mostrado');
    // Same columns, same figures, only the words change.
    expect(french.header).toHaveLength(english.header.length);
    expect(french.rows[0]![english.header.indexOf('Weighted local share (%)')]).toBe(english.cell(english.rows[0]!, 'Weighted local share (%)'));
    expect(french.answer.headers.get('content-language')).toBe('fr');
  });

  it('follow Accept-Language without ?lang, and the account’s language over it', async () => {
    const spanish = await peopleCsv(anonymous, '/csv/trend.csv?fromYear=2024&toYear=2025', { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' });
    expect(spanish.header[0]).toBe('Año');
    const french = await peopleCsv(anonymous, '/csv/trend.csv?fromYear=2024&toYear=2025', { 'accept-language': 'de-CH, fr;q=0.8, en;q=0.3' });
    expect(french.header[0]).toBe('Année');
    const unknown = await peopleCsv(anonymous, '/csv/trend.csv?fromYear=2024&toYear=2025', { 'accept-language': 'de' });
    expect(unknown.header[0]).toBe('Year');
    // ?lang (the web app's links) wins over the browser.
    const chosen = await peopleCsv(anonymous, '/csv/trend.csv?fromYear=2024&toYear=2025&lang=en', { 'accept-language': 'fr' });
    expect(chosen.header[0]).toBe('Year');
    // A signed-in reader who chose a language gets it whatever the browser says.
    const reader = await clientWithSession(getDb().db, server.url, (await createUser(getDb().db, 'donor')).id);
    expect((await reader.mutation('auth.setLocale', { locale: 'es' })).ok).toBe(true);
    const accountLanguage = await peopleCsv(reader, '/csv/trend.csv?fromYear=2024&toYear=2025', { 'accept-language': 'fr' });
    expect(accountLanguage.header[0]).toBe('Año');
  });

  it('round shares to one decimal in percent and money to cents', async () => {
    const { rows, cell } = await peopleCsv(coordinator, '/csv/summary.csv?year=2025&lang=en');
    const row = rows[0]!;
    // 1,320,000 ÷ 4,700,000 = 0.280851…
    expect(cell(row, 'Weighted local share (%)')).toBe('28.1');
    expect(cell(row, 'Median of signatories’ local shares (%)')).toBe('20.0');
    expect(cell(row, 'Reporting rate (%)')).toBe('100.0');
    expect(cell(row, 'In-scope expenditure (USD)')).toBe('4700000.00');
    expect(cell(row, 'Counted local funding (USD)')).toBe('1320000.00');
    expect(cell(row, 'Signatories at or above 25 %')).toBe('2');
    // Live figures: no release, and the status says they are shown.
    expect(cell(row, 'Release')).toBe('');
    expect(cell(row, 'Status')).toBe('Shown');
    // No raw fraction anywhere in the file.
    expect(rows.flat().some((c) => /^\d+\.\d{3,}$/.test(c))).toBe(false);
  });

  it('leave a withheld figure empty and say why in the status column', async () => {
    const { header, rows, cell } = await peopleCsv(anonymous, '/csv/summary.csv?year=2025&region=europe&lang=en');
    const row = rows[0]!;
    expect(cell(row, 'Status')).toBe('Withheld: fewer than 5 reporting');
    const figures = header.slice(header.indexOf('Release published on') + 1);
    expect(figures.length).toBeGreaterThan(40);
    expect(figures.map((name) => cell(row, name))).toEqual(figures.map(() => ''));
    // The public trend: 2024 is shown (zeros: nobody to protect), 2025 withheld as a complement.
    const trend = await peopleCsv(anonymous, '/csv/trend.csv?fromYear=2024&toYear=2025&lang=fr');
    expect(trend.rows.map((r) => [trend.cell(r, 'Année'), trend.cell(r, 'Statut'), trend.cell(r, 'Signataires déclarants')])).toEqual([
      ['2024', 'Affiché', '0'],
      ['2025', 'Masqué\u00a0: sinon, un chiffre protégé pourrait être déduit des autres', ''],
    ]);
    expect(trend.cell(trend.rows[0]!, 'Publication')).toBe('1');
    expect(trend.cell(trend.rows[0]!, 'Date de la publication')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('name regions, types, disclosures and statuses in words', async () => {
    const regions = await peopleCsv(coordinator, '/csv/breakdown.csv?year=2025&by=region&lang=es');
    expect(regions.header[0]).toBe('Región');
    expect(regions.rows.map((r) => [r[0], regions.cell(r, 'Signatarios informantes')])).toEqual([
      ['África', '4'],
      ['Américas', '0'],
      ['Asia', '0'],
      ['Europa', '1'],
      ['Oceanía', '0'],
    ]);
    const types = await peopleCsv(coordinator, '/csv/breakdown.csv?year=2025&by=organizationType&lang=en');
    expect(types.header[0]).toBe('Organisation type');
    expect(types.rows.map((r) => r[0])).toContain('National NGO');
    // By type group: the four groups in words, their rows adding up to the year (all five are national NGOs).
    const groups = await peopleCsv(coordinator, '/csv/breakdown.csv?year=2025&by=typeGroup&lang=fr');
    expect(groups.answer.headers.get('content-disposition')).toBe('attachment; filename="breakdown-2025-typeGroup.csv"');
    expect(groups.header[0]).toBe('Groupe de types');
    expect(groups.rows.map((r) => [r[0], groups.cell(r, 'Signataires déclarants')])).toEqual([
      ['ONU et organisations intergouvernementales', '0'],
      ['ONG internationales et Croix-Rouge / Croissant-Rouge', '0'],
      ['Acteurs locaux et nationaux', '5'],
      ['Bailleurs, secteur privé et autres', '0'],
    ]);
    const local = await peopleCsv(coordinator, '/csv/summary.csv?year=2025&typeGroup=local_national&region=africa&lang=en');
    expect(local.answer.headers.get('content-disposition')).toBe('attachment; filename="summary-2025-africa-local_national.csv"');
    expect(local.cell(local.rows[0]!, 'Signatories reporting')).toBe('4');
    const machine = await download(coordinator, '/csv/breakdown.csv?year=2025&by=typeGroup&format=data');
    expect(machine.header[0]).toBe('typeGroup');
    expect(machine.records.map((r) => r.typeGroup)).toEqual(['un_intergovernmental', 'international_ngo_rcrc', 'local_national', 'other']);
    const organizations = await peopleCsv(donor, '/csv/organizations.csv?year=2025&lang=fr');
    const alpha = organizations.rows.find((r) => organizations.cell(r, 'Organisation') === 'Alpha Aid')!;
    expect(organizations.cell(alpha, 'Type d’organisation')).toBe('ONG nationale');
    expect(organizations.cell(alpha, 'Région')).toBe('Afrique');
    expect(organizations.cell(alpha, 'Pays')).toBe('Kenya');
    expect(organizations.cell(alpha, 'Diffusion')).toBe('Publie ses propres chiffres');
    expect(organizations.cell(alpha, 'Statut du rapport')).toBe('Approuvé');
    expect(organizations.cell(alpha, 'Statut : Financement')).toBe('En cours');
    expect(organizations.cell(alpha, 'Part locale comptabilisée (%)')).toBe('20.0');
    expect(organizations.cell(alpha, 'Dépenses concernées (USD)')).toBe('1000000.00');
    // A donor's file has the public organisations only; names cannot run as formulas in a spreadsheet.
    expect(organizations.rows.map((r) => organizations.cell(r, 'Organisation')).sort()).toEqual(["'=Equity Forum", "'@Home Network", 'Alpha Aid', 'Echo Europe']);
  });

  it('give each chart its own figures', async () => {
    const distribution = await peopleCsv(coordinator, '/csv/distribution.csv?year=2025&lang=en');
    expect(distribution.answer.headers.get('content-disposition')).toBe('attachment; filename="distribution-2025.csv"');
    // shares 0, 0.1, 0.2, 0.3, 0.6
    expect(
      ['0–10 %', '10–25 %', '25–50 %', '≥ 50 %'].map((b) => distribution.cell(distribution.rows[0]!, `Signatories with a local share of ${b}`)),
    ).toEqual(['1', '2', '1', '1']);
    expect(distribution.header).not.toContain('Weighted local share (%)');
    const statuses = await peopleCsv(coordinator, '/csv/statuses.csv?year=2025&lang=en');
    expect(statuses.cell(statuses.rows[0]!, 'Funding: In progress')).toBe('5');
    expect(statuses.cell(statuses.rows[0]!, 'Crediting local actors: Fulfilled')).toBe('5');
    expect(statuses.header).not.toContain('In-scope expenditure (USD)');
    const leadership = await peopleCsv(coordinator, '/csv/leadership.csv?year=2025&lang=en');
    expect(leadership.cell(leadership.rows[0]!, 'Local partners: Led by women')).toBe('25');
    expect(leadership.cell(leadership.rows[0]!, 'Local and national partners')).toBe('60');
    const commitments = await peopleCsv(coordinator, '/csv/commitment-trend.csv?fromYear=2024&toYear=2025&lang=en');
    expect(commitments.rows.map((r) => commitments.cell(r, 'Year'))).toEqual(['2024', '2025']);
    // 5 × 1 co-led of 5 × 4 fora
    expect(commitments.cell(commitments.rows[1]!, 'Share of fora co-led by local actors (%)')).toBe('25.0');
    expect(commitments.header).not.toContain('Weighted local share (%)');
    const trend = await peopleCsv(coordinator, '/csv/trend.csv?fromYear=2024&toYear=2025&lang=en');
    expect(trend.header).toContain('Weighted local share (%)');
    expect(trend.header).not.toContain('Share of fora co-led by local actors (%)');
  });
});

describe('Excel twins', () => {
  it('have typed cells, percent formats, a frozen header row and a definitions sheet', async () => {
    const { figures, definitions, values, disposition } = await workbookOf(coordinator, '/xlsx/summary.xlsx?year=2025&lang=en');
    expect(disposition).toBe('attachment; filename="summary-2025.xlsx"');
    const [header, row] = values(figures) as [string[], ExcelJS.CellValue[]];
    const at = (name: string) => figures.getRow(2).getCell(header.indexOf(name) + 1);
    expect(at('Year').value).toBe(2025);
    const share = at('Weighted local share (%)');
    expect(typeof share.value).toBe('number');
    expect(share.value as number).toBeCloseTo(1_320_000 / 4_700_000, 10);
    expect(share.numFmt).toBe('0.0%');
    expect(at('In-scope expenditure (USD)').value).toBe(4_700_000);
    expect(at('In-scope expenditure (USD)').numFmt).toBe('#,##0.00');
    expect(at('Signatories reporting').value).toBe(5);
    expect(at('Status').value).toBe('Shown');
    expect(row).toHaveLength(header.length);
    expect(figures.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(figures.getColumn(header.indexOf('Weighted local share (%)') + 1).width).toBeGreaterThanOrEqual(10);

    expect(definitions.name).toBe('Definitions');
    const notes = values(definitions) as string[][];
    expect(notes[0]).toEqual(['Column', 'Definition']);
    const definitionOf = (name: string) => notes.find((n) => n[0] === name)?.[1];
    for (const name of header) expect(definitionOf(name), name).toBeTruthy();
    expect(definitionOf('Weighted local share (%)')).toMatch(/Counted local funding ÷ in-scope expenditure/);
    // What each withheld reason means, and which figures these are (live, for a coordinator).
    expect(definitionOf('fewer than 5 reporting')).toMatch(/Fewer than 5 signatories/);
    expect(definitionOf('one organisation makes up most of this figure')).toMatch(/p % rule/);
    expect(definitionOf('Figures from')).toMatch(/^Live figures/);
  });

  it('are in the reader’s language, with the release the figures are from and dates as dates', async () => {
    const { figures, definitions, values } = await workbookOf(anonymous, '/xlsx/trend.xlsx?fromYear=2024&toYear=2025&lang=es');
    expect(figures.name).toBe('Cifras');
    expect(definitions.name).toBe('Definiciones');
    const [header, first, second] = values(figures) as [string[], ExcelJS.CellValue[], ExcelJS.CellValue[]];
    expect(header.slice(0, 4)).toEqual(['Año', 'Ciclo de informes', 'Estado', 'Informes considerados']);
    expect(first[header.indexOf('Fecha de la publicación')]).toBeInstanceOf(Date);
    // The withheld year: empty cells (no value at all), the reason in words.
    // "Oculto" once, then the reason (it read "Oculto: oculto para que…").
    expect(second[header.indexOf('Estado')]).toBe('Oculto: de lo contrario, una cifra protegida podría deducirse de las demás');
    expect(second[header.indexOf('Proporción local ponderada (%)')] ?? null).toBeNull();
    const notes = values(definitions) as string[][];
    expect(notes.some((n) => n[0] === 'Cifras de' && n[1]!.startsWith('Publicación 1 de 2024'))).toBe(true);
    expect(notes.some((n) => n[0] === 'Cifras de' && n[1]!.startsWith('Publicación 2 de 2025'))).toBe(true);
  });

  it.each([
    ['summary', 'year=2025'],
    ['trend', 'fromYear=2024&toYear=2025'],
    ['commitment-trend', 'fromYear=2024&toYear=2025'],
    ['breakdown', 'year=2025&by=region'],
    ['breakdown', 'year=2025&by=organizationType'],
    ['breakdown', 'year=2025&by=typeGroup'],
    ['breakdown', 'year=2025&by=region&typeGroup=local_national'],
    ['distribution', 'year=2025'],
    ['statuses', 'year=2025'],
    ['leadership', 'year=2025'],
    ['organizations', 'year=2025'],
  ])('%s (%s) has the rows of its CSV', async (table, query) => {
    const csv = await peopleCsv(donor, `/csv/${table}.csv?${query}&lang=fr`);
    const { figures, values } = await workbookOf(donor, `/xlsx/${table}.xlsx?${query}&lang=fr`);
    const [header, ...rows] = values(figures);
    expect(header).toEqual(csv.header);
    expect(rows).toHaveLength(csv.rows.length);
    rows.forEach((row, r) =>
      csv.header.forEach((name, c) => {
        const cell = figures.getRow(r + 2).getCell(c + 1);
        const expected = csv.rows[r]![c]!;
        const value = row[c] ?? null;
        if (value === null) expect(expected, `${name}, row ${r + 1}`).toBe('');
        else if (value instanceof Date) expect(value.toISOString().slice(0, 10)).toBe(expected);
        else if (typeof value === 'number')
          expect(cell.numFmt === '0.0%' ? (Math.round(value * 1000) / 10).toFixed(1) : cell.numFmt === '#,##0.00' ? value.toFixed(2) : String(value)).toBe(expected);
        // Text is kept as typed in Excel (a string cell never runs as a formula); the CSV neutralises it.
        else expect(String(value).replace(/^([=+\-@])/, "'$1")).toBe(expected);
      }),
    );
  });

  it('refuse what the CSV refuses: who may not see it, bad inputs, unknown tables', async () => {
    const unsigned = await fetch(`${server.url}/xlsx/organizations.xlsx?year=2025`);
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { data: { code: string } } }).error.data.code).toBe('UNAUTHORIZED');
    const refused = await signatory.raw('/xlsx/organizations.xlsx?year=2025');
    expect(refused.status).toBe(403);
    expect(refused.json.error.data.code).toBe('FORBIDDEN');
    expect((await donor.raw('/xlsx/summary.xlsx?year=2025&includeSubmitted=true')).status).toBe(403);
    expect((await coordinator.raw('/xlsx/summary.xlsx?year=2025&region=atlantis')).json.error.data.code).toBe('BAD_REQUEST');
    expect((await coordinator.raw('/xlsx/summary.xlsx?year=2025&typeGroup=local_national&organizationType=local_ngo')).json.error.data.code).toBe('BAD_REQUEST');
    expect((await coordinator.raw('/csv/breakdown.csv?year=2025&by=typeGroup&typeGroup=other')).status).toBe(400);
    expect((await coordinator.raw('/xlsx/users.xlsx?year=2025')).status).toBe(404);
    expect((await coordinator.raw('/xlsx/summary.csv?year=2025')).status).toBe(404);
    // The machine-readable variant is a CSV file only; an unknown format is refused, not ignored.
    expect((await coordinator.raw('/xlsx/summary.xlsx?year=2025&format=data')).status).toBe(400);
    expect((await coordinator.raw('/csv/summary.csv?year=2025&format=json')).status).toBe(400);
  });

  it('show donors and the public no more than the CSV and the API do', async () => {
    // A donor's organisations: the public ones, never the aggregate_only one.
    const { figures, values } = await workbookOf(donor, '/xlsx/organizations.xlsx?year=2025&lang=en');
    const [header, ...rows] = values(figures) as [string[], ...ExcelJS.CellValue[][]];
    const names = rows.map((r) => r[header.indexOf('Organisation')]);
    expect(names).toHaveLength(4);
    expect(names).not.toContain('Delta Community');
    expect(JSON.stringify(rows)).not.toContain('720000');
    // The public's withheld region: no figure in any cell.
    const europe = await workbookOf(anonymous, '/xlsx/summary.xlsx?year=2025&region=europe&lang=en');
    const [europeHeader, europeRow] = europe.values(europe.figures) as [string[], ExcelJS.CellValue[]];
    const firstFigure = europeHeader.indexOf('Release published on') + 1;
    expect(europeRow.slice(firstFigure).filter((v) => v !== null && v !== undefined)).toEqual([]);
    expect(europeRow[europeHeader.indexOf('Status')]).toBe('Withheld: fewer than 5 reporting');
  });
});

describe('formula-safe files in every language (issue 17)', () => {
  // Names a coordinator could type: formulas behind a semicolon (Excel in French, Spanish or German splits
  // on it), a comma and a tab; the download parsed the way each convention does must hold no formula.
  const hostile = ["JPDR;=1+1;=cmd|' /C calc'!A0", 'Tabbed\t@SUM(A1)', 'Comma Org,+1+1;-2+3'];
  const TRIGGER = /^[=+\-@\t\r]/;
  const NUMBER = /^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i;

  beforeAll(async () => {
    const { db } = getDb();
    for (const name of hostile) {
      const { id } = await createOrganization(db, { name, country: 'KE', disclosure: 'public', signedOn: '2020-01-01' });
      await createApprovedReport(db, {
        organizationId: id,
        year: 2025,
        data: completeReportData({ currency: 'USD', funding: funding(1_000_000, 100_000) }),
        approvedBy: coordinatorUser.id,
      });
    }
  });

  /** Every cell of a CSV text split the most naive way on `delimiter`, quotes or not (what a wrong guess does). */
  const cellsSplitOn = (text: string, delimiter: string) =>
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .flatMap((line) => line.split(delimiter))
      // A quoted cell's text starts after its quote.
      .map((cell) => cell.replace(/^"/, ''));

  it.each(['en', 'fr', 'es'])('%s: organisations as CSV (people’s and machine-readable) and Excel', async (lang) => {
    for (const path of [`/csv/organizations.csv?year=2025&lang=${lang}`, `/csv/organizations.csv?year=2025&format=data&lang=${lang}`]) {
      const answer = await coordinator.raw(path);
      expect(answer.status).toBe(200);
      for (const delimiter of [',', ';', '\t']) {
        const formulas = cellsSplitOn(answer.text, delimiter).filter((cell) => TRIGGER.test(cell) && !NUMBER.test(cell));
        expect(formulas, `${path} split on ${JSON.stringify(delimiter)}`).toEqual([]);
      }
      // Read with its own delimiter, each name is one cell, kept readable.
      const cells = (parse(answer.text, { bom: true }) as string[][]).flat();
      expect(cells).toContain("JPDR;'=1+1;'=cmd|' /C calc'!A0");
      expect(cells).toContain("Tabbed\t'@SUM(A1)");
      expect(cells).toContain("Comma Org,'+1+1;'-2+3");
    }

    const response = await fetch(`${server.url}/xlsx/organizations.xlsx?year=2025&lang=${lang}`, { headers: { cookie: coordinator.cookie! } });
    const bytes = Buffer.from(await response.arrayBuffer());
    // Excel: the names as typed, in text cells; no cell of the sheet is a formula.
    const { figures, values } = await workbookOf(coordinator, `/xlsx/organizations.xlsx?year=2025&lang=${lang}`);
    const names = values(figures).flat().filter((v) => typeof v === 'string' && hostile.includes(v));
    expect(names.sort()).toEqual([...hostile].sort());
    figures.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (hostile.includes(cell.value as string)) expect(cell.type).toBe(ExcelJS.ValueType.String);
      }),
    );
    const sheetXml = new TextDecoder().decode(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(sheetXml).not.toMatch(/<f[\s>]/);
  });
});
