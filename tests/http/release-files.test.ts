// A release's files over real HTTP (issue 20): datapackage.json validated against the Frictionless
// profiles (the official JSON Schemas, vendored in tests/fixtures/frictionless) with Ajv, each CSV checked
// against its Table Schema (header = fields, every cell parses as its type or is a declared missing
// value), the zip holding the same files, the workbook opened with exceljs (a sheet per table, the
// definitions), donors' and the public's own figures, and an earlier release keeping its figures after a
// newer one. Fixture: 2025, seven public signatories in Africa (one an international NGO) in release 1, five more before release 2.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { ApiClient, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let anonymous: ApiClient;
let donor: ApiClient;

const profiles = path.resolve(import.meta.dirname, '../fixtures/frictionless');
const profile = (name: string) => JSON.parse(readFileSync(path.join(profiles, name), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// The profiles mark long texts with a format for form builders, not for validation.
ajv.addFormat('textarea', true);
const validatePackage = ajv.compile(profile('tabular-data-package.json'));
const validateTableSchema = ajv.compile(profile('table-schema.json'));

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
  await createCycle(db, 2025, { dueOn: '2026-03-31' });
  const coordinator = await createUser(db, 'coordinator');
  const approve = async (name: string, country: string, direct: number, type = 'national_ngo') => {
    const { id } = await createOrganization(db, { name, country, type, disclosure: 'public', signedOn: '2020-01-01' });
    await createApprovedReport(db, {
      organizationId: id,
      year: 2025,
      data: completeReportData({ currency: 'USD', funding: funding(1_000_000, direct) }),
      approvedBy: coordinator.id,
    });
  };
  const firstSix = [
    ['Alpha Aid', 'KE', 200_000],
    ['Bravo Relief', 'KE', 250_000],
    ['Charlie Care', 'NG', 150_000],
    ['Delta Help', 'NG', 300_000],
    ['Echo Assist', 'SN', 220_000],
    ['Foxtrot Fund', 'GH', 180_000],
  ] as const;
  for (const [name, country, direct] of firstSix) await approve(name, country, direct);
  // One international NGO: its type's cell is about one organisation.
  await approve('Lima International', 'KE', 100_000, 'international_ngo');
  const publish = () => callerFor(db, coordinator).releases.publish({ year: 2025 });
  await publish();
  // Five arrive together: one alone would move the year's total by one organisation's figures, and wait.
  for (const [name, country] of [['Golf Partners', 'KE'], ['Hotel Hope', 'NG'], ['India Initiative', 'SN'], ['Juliet Just', 'GH'], ['Kilo Kin', 'KE']] as const)
    await approve(name, country, 260_000);
  await publish();
  server = await startTestServer(db);
  anonymous = new ApiClient(server.url);
  const donorUser = await createUser(db, 'donor');
  donor = new ApiClient(server.url);
  expect((await donor.login(donorUser.email, donorUser.password)).ok).toBe(true);
});
afterAll(async () => {
  await server?.close();
});

/** The bytes of a file, with the client's session (if any). */
async function bytesOf(client: ApiClient, url: string) {
  const response = await fetch(`${server.url}${url}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: response.status, type: response.headers.get('content-type'), body: new Uint8Array(await response.arrayBuffer()) };
}

interface Field {
  name: string;
  type: string;
  title: string;
  description: string;
}
interface Resource {
  name: string;
  path: string;
  title: string;
  schema: { fields: Field[]; missingValues: string[]; primaryKey?: string[] };
}

/** Every cell of a CSV parses as its field's type, or is one of the declared missing values. */
function checkAgainstSchema(csv: string, resource: Resource) {
  const rows = parse(csv, { skip_empty_lines: true, relax_column_count: false }) as string[][];
  const [header, ...records] = rows;
  expect(header).toEqual(resource.schema.fields.map((f) => f.name));
  expect(records.length).toBeGreaterThan(0);
  const parses: Record<string, (v: string) => boolean> = {
    string: () => true,
    integer: (v) => /^-?\d+$/.test(v),
    number: (v) => /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v) && Number.isFinite(Number(v)),
    date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  };
  for (const record of records)
    resource.schema.fields.forEach((field, i) => {
      const value = record[i]!;
      if (resource.schema.missingValues.includes(value)) return;
      expect(parses[field.type]!(value), `${resource.name}.${field.name} = ${JSON.stringify(value)} is not a ${field.type}`).toBe(true);
    });
  // A primary key names each row once.
  if (resource.schema.primaryKey) {
    const at = resource.schema.primaryKey.map((k) => header!.indexOf(k));
    const keys = records.map((r) => at.map((i) => r[i]).join('|'));
    expect(new Set(keys).size).toBe(keys.length);
  }
  return records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

describe('the data package of a release', () => {
  it('validates against the Tabular Data Package profile, with its provenance, licence and a Table Schema per CSV', async () => {
    const answer = await anonymous.raw('/releases/2025/1/datapackage.json');
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const pkg = answer.json;
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors?.slice(0, 3))).toBe(true);
    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.licenses[0].name).toBe('CC-BY-4.0');
    expect(pkg.homepage).toBe(`${server.url}/releases/2025/1`);
    expect(pkg.release).toMatchObject({ year: 2025, number: 1, trigger: 'manual', supersededBy: 2, audience: 'public' });
    expect(pkg.release.disclosure.threshold).toBe(5);
    expect(pkg.release.disclosure.rules.map((r: { code: string }) => r.code)).toContain('fewer_than_5');
    expect(pkg.created).toBe(pkg.release.publishedAt);

    const resources = pkg.resources as Resource[];
    // Every table of the year; the organisations' rows are donors' only.
    expect(resources.map((r) => r.name)).toEqual([
      'summary',
      'breakdown-region',
      'breakdown-organization-type',
      'breakdown-type-group',
      'distribution',
      'statuses',
      'leadership',
    ]);
    for (const resource of resources) {
      expect(validateTableSchema(resource.schema), `${resource.name}: ${JSON.stringify(validateTableSchema.errors?.slice(0, 3))}`).toBe(true);
      expect(resource.schema.missingValues).toEqual(['']);
      for (const field of resource.schema.fields) expect(field.description.length, field.name).toBeGreaterThan(10);
      // The resource's path, resolved against datapackage.json's address, is its CSV.
      const csv = await anonymous.raw(new URL(resource.path, `${server.url}/releases/2025/1/datapackage.json`).pathname);
      expect(csv.status).toBe(200);
      checkAgainstSchema(csv.text, resource);
    }

    const summary = checkAgainstSchema((await anonymous.raw('/releases/2025/1/data/summary.csv')).text, resources[0]!);
    expect(summary[0]!.organizationsReporting).toBe('7');
    // A type with fewer than five signatories is withheld: empty cells, the status says why.
    const byType = checkAgainstSchema((await anonymous.raw('/releases/2025/1/data/breakdown-organization-type.csv')).text, resources[2]!);
    const international = byType.find((r) => r.organizationType === 'International NGO')!;
    expect(international['funding.weightedShare']).toBe('');
    expect(international.status).toMatch(/withheld/i);
  });

  it('zips datapackage.json with its CSV files, the same files the addresses serve', async () => {
    const zip = await bytesOf(anonymous, '/releases/2025/1/datapackage.zip');
    expect(zip.status).toBe(200);
    expect(zip.type).toBe('application/zip');
    const files = unzipSync(zip.body);
    const folder = 'lpt-2025-release-1-public';
    const pkg = JSON.parse(strFromU8(files[`${folder}/datapackage.json`]!));
    expect(pkg).toEqual((await anonymous.raw('/releases/2025/1/datapackage.json')).json);
    for (const resource of pkg.resources as Resource[]) {
      const inZip = strFromU8(files[`${folder}/${resource.path}`]!);
      expect(inZip).toBe((await anonymous.raw(`/releases/2025/1/${resource.path}`)).text);
    }
    expect(Object.keys(files)).toHaveLength(pkg.resources.length + 1);
  });

  it('gives donors their own figures: each public organisation’s row as a resource', async () => {
    const pkg = (await donor.raw('/releases/2025/2/datapackage.json')).json;
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors?.slice(0, 3))).toBe(true);
    expect(pkg.release.audience).toBe('donor');
    expect(pkg.release.supersededBy).toBeNull();
    const organizations = (pkg.resources as Resource[]).find((r) => r.name === 'organizations')!;
    const rows = checkAgainstSchema((await donor.raw('/releases/2025/2/data/organizations.csv')).text, organizations);
    expect(rows.map((r) => r.name)).toContain('Golf Partners');
    // The public has no such file.
    const refused = await anonymous.raw('/releases/2025/2/data/organizations.csv');
    expect(refused.status).toBe(404);
  });

  it('keeps an earlier release’s figures after a newer release', async () => {
    const first = (await anonymous.raw('/releases/2025/1/data/summary.csv')).text;
    const second = (await anonymous.raw('/releases/2025/2/data/summary.csv')).text;
    const reporting = (csv: string) => (parse(csv, { columns: true }) as Record<string, string>[])[0]!.organizationsReporting;
    expect(reporting(first)).toBe('7');
    expect(reporting(second)).toBe('12');
  });

  it('answers in the reader’s language, and refuses a release that does not exist', async () => {
    const fr = (await anonymous.raw('/releases/2025/1/datapackage.json?lang=fr')).json;
    expect(fr.title).toBe('Chiffres de l’engagement pour la localisation 2025, publication 1');
    expect(fr.resources[1].title).toBe('Par région');
    expect(fr.release.language).toBe('fr');
    const missing = await anonymous.raw('/releases/2025/9/datapackage.json');
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe('No such release');
    const malformed = await anonymous.raw('/releases/2025/one/workbook.xlsx');
    expect(malformed.status).toBe(400);
  });
});

describe('the workbook of a release', () => {
  it('opens with a sheet per table and a definitions sheet covering every column', async () => {
    const file = await bytesOf(donor, '/releases/2025/1/workbook.xlsx');
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    const pkg = (await donor.raw('/releases/2025/1/datapackage.json')).json;
    const resources = pkg.resources as Resource[];
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...resources.map((r) => r.title), 'Definitions']);
    for (const resource of resources) {
      const sheet = workbook.getWorksheet(resource.title)!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(resource.schema.fields.map((f) => f.title));
      expect(sheet.rowCount).toBeGreaterThan(1);
    }
    const total = workbook.getWorksheet('Year total')!;
    const reportingColumn = resources[0]!.schema.fields.findIndex((f) => f.name === 'organizationsReporting') + 1;
    expect(total.getRow(2).getCell(reportingColumn).value).toBe(7);

    const definitions = workbook.getWorksheet('Definitions')!;
    const defined = new Set<string>();
    definitions.eachRow((row) => defined.add(`${String(row.getCell(1).value)}|${String(row.getCell(2).value)}`));
    for (const resource of resources) for (const field of resource.schema.fields) expect(defined, `${resource.title}: ${field.title}`).toContain(`${resource.title}|${field.title}`);
    const texts: string[] = [];
    definitions.eachRow((row) => texts.push(String(row.getCell(3).value ?? '')));
    expect(texts.some((t) => t.includes(`${server.url}/releases/2025/1`))).toBe(true);
    expect(texts.some((t) => t.includes('Creative Commons Attribution 4.0'))).toBe(true);
  });
});
