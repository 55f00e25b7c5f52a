// The import's HTTP edge (/import/…) over real HTTP: the templates download, a file is previewed and
// imported as the body; too large and too long files are refused before they are parsed; only
// coordinators get anywhere, and a refused request writes nothing. Workbooks built to sink the server
// (issue 17) are refused with their code, leave no temporary file, and the server answers meanwhile.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, importColumnNames } from '@lpt/shared/imports';
import { completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { csvFileOf, filledXlsxTemplate, importRowOf } from '../factories/imports.ts';
import { dumpDatabase } from '../security/dump.ts';
import { clientWithSession, rawRequest, startTestServer, type ApiClient, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';
import { blankRowsBomb, partsBomb, ratioBomb, sharedStringsBomb, workbookAtTheLimits } from '../factories/workbook-bombs.ts';
import { IMPORT_READ_SECONDS } from '@lpt/server/features/imports/import-reader';

const getDb = useTestDatabase();
const YEAR = 2022;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let server: TestServer;
let coordinator: ApiClient;
let organization: { id: number; name: string };
/** The server's folder for import files; a crashed server's leftover is put there before it starts. */
let importTempDir: string;
const leftover = path.join('999999999-crashed', 'tmp-1234-sheet1');

beforeAll(async () => {
  const { db } = getDb();
  importTempDir = await mkdtemp(path.join(tmpdir(), 'lpt-imports-http-'));
  await mkdir(path.join(importTempDir, path.dirname(leftover)));
  await writeFile(path.join(importTempDir, leftover), '<row r="1"/>'.repeat(1000));
  server = await startTestServer(db, { importTempDir });
  coordinator = await clientWithSession(db, server.url, (await createUser(db, 'coordinator')).id);
  organization = await createOrganization(db, { name: 'Mekong Migrant Workers Association', country: 'TH' });
  await createCycle(db, YEAR);
});
afterAll(async () => {
  await server?.close();
  await rm(importTempDir, { recursive: true, force: true });
});

function upload(client: ApiClient, path: string, body: Uint8Array, type = 'text/csv', query = 'fileName=reports.csv') {
  return client.raw(`/import/${path}?${query}`, { method: 'POST', body, headers: { 'content-type': type } });
}

describe('the templates', () => {
  it('downloads a CSV template with the headers in the reader’s language above the import columns’ API paths', async () => {
    const answer = await coordinator.raw('/import/template.csv?lang=fr');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toContain('report-import-template.csv');
    const [headers, paths] = parse(answer.text) as string[][];
    expect(paths).toEqual([...importColumnNames]);
    expect(headers![0]).toBe('Organisation');
    expect(headers![importColumnNames.indexOf('funding.status')]).toBe('Financement : Statut');
  });

  it('downloads an .xlsx template with the headers and a definitions sheet in the reader’s language', async () => {
    const response = await fetch(`${server.url}/import/template.xlsx?lang=es`, { headers: { cookie: coordinator.cookie! } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    // The lists of the drop-down lists are on a hidden sheet.
    expect(workbook.worksheets.filter((s) => s.state !== 'hidden').map((s) => s.name)).toEqual(['Informes', 'Definiciones']);
    const reports = workbook.worksheets[0]!;
    expect((reports.getRow(1).values as unknown[]).slice(1, 3)).toEqual(['Organización', 'Año del informe']);
    expect((reports.getRow(2).values as unknown[]).slice(1)).toEqual([...importColumnNames]);
    const definitions = workbook.getWorksheet('Definiciones')!;
    expect((definitions.getRow(1).values as unknown[]).slice(1)).toEqual(['Columna', 'Ruta en la API', 'Definición', 'Unidad o valores']);
    const funding = definitions.getRows(2, importColumnNames.length)!.find((r) => r.getCell(2).value === 'funding.inScopeExpenditure')!;
    expect(String(funding.getCell(1).value)).toBe('Financiación: Gasto pertinente');
    expect(String(funding.getCell(3).value)).toContain('Gasto pertinente');
    expect(String(funding.getCell(4).value)).toContain('Importe en la moneda del informe');
    const status = definitions.getRows(2, importColumnNames.length)!.find((r) => r.getCell(2).value === 'funding.status')!;
    expect(String(status.getCell(4).value)).toContain('Sin iniciar, En planificación, En curso, Cumplido, No aplica');
  });
});

describe('previewing and importing over HTTP', () => {
  it('previews the filled .xlsx template, then imports it', async () => {
    const template = new Uint8Array(await (await fetch(`${server.url}/import/template.xlsx`, { headers: { cookie: coordinator.cookie! } })).arrayBuffer());
    const file = await filledXlsxTemplate(template, [importRowOf(organization.name, YEAR, completeReportData())]);
    const preview = await upload(coordinator, 'preview', file, XLSX, 'fileName=mekong.xlsx');
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ fileName: 'mekong.xlsx', format: 'xlsx', importable: true, rows: [{ row: 3, outcome: 'create', organization: { id: organization.id } }] });
    const imported = await upload(coordinator, 'reports', file, 'application/octet-stream', 'fileName=mekong.xlsx');
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({ imported: true, created: 1, years: [YEAR] });
  });

  it('imports the French template filled in words (« En cours », « oui »), and refuses a status it cannot read with the accepted values', async () => {
    const french = await coordinator.raw('/import/template.csv?lang=fr');
    const [headers, paths] = parse(french.text) as string[][];
    const other = await createOrganization(getDb().db, { name: 'Asociación Andina de Retorno', country: 'PE' });
    const row = importRowOf(other.name, YEAR, completeReportData());
    for (const [column, value] of Object.entries(row)) {
      if (value === 'in_progress') row[column] = 'En cours';
      if (value === 'fulfilled') row[column] = 'Réalisé';
      if (value === true) row[column] = 'oui';
    }
    const written = (values: typeof row) => Buffer.from([headers, paths, paths!.map((p) => String(values[p] ?? ''))].map((r) => r!.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'));

    const refused = await upload(coordinator, 'reports', written({ ...row, 'needs.status': 'Terminé' }), 'text/csv', 'fileName=rapports.csv');
    expect(refused.status).toBe(400);
    expect(refused.json.error.data.issues).toEqual([
      expect.objectContaining({
        code: 'import_choose_value',
        field: 'needs.status',
        params: { choices: ['not_started', 'planning', 'in_progress', 'fulfilled', 'not_applicable'], choiceSet: 'sectionStatus', row: 3 },
        message: 'Row 3, needs.status: Choose one of: Not started, Planning, In progress, Fulfilled, Not applicable',
      }),
    ]);

    const imported = await upload(coordinator, 'reports', written(row), 'text/csv', 'fileName=rapports.csv');
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({ imported: true, created: 1 });
    const report = await getDb().db.selectFrom('progressReports').selectAll().where('organizationId', '=', other.id).executeTakeFirstOrThrow();
    expect(report.status).toBe('approved');
  });

  it('answers a refused import with 400 and each problem on its row and column', async () => {
    const row = importRowOf(organization.id, YEAR + 50, completeReportData({ needs: { assessmentsJoint: 60 } }));
    const before = await dumpDatabase(getDb().db);
    const answer = await upload(coordinator, 'reports', csvFileOf([row]), 'text/csv', 'fileName=bad.csv&replace=true');
    expect(answer.status).toBe(400);
    expect(answer.json.error.data.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'import_no_cycle', field: 'year', params: { year: YEAR + 50, row: 2 } }),
        expect.objectContaining({ code: 'part_exceeds_whole', field: 'needs.assessmentsJoint', params: expect.objectContaining({ row: 2 }) }),
      ]),
    );
    expect(await dumpDatabase(getDb().db)).toBe(before);
  });
});

describe('limits, refused before parsing', () => {
  it('refuses a file over the size limit with 413 at once, from its Content-Length', async () => {
    const before = await dumpDatabase(getDb().db);
    const big = Buffer.alloc(IMPORT_MAX_BYTES + 1, 'a');
    const answer = await upload(coordinator, 'preview', big);
    expect(answer.status).toBe(413);
    expect(answer.json.error.message).toBe('Files over 2 MB cannot be imported');
    expect(await dumpDatabase(getDb().db)).toBe(before);
  });

  it('refuses a chunked upload as soon as it passes the limit, without reading the rest', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'b');
    const chunks = Array.from({ length: 160 }, () => chunk); // 10 MB offered
    const answer = await rawRequest(server.url, {
      method: 'POST',
      path: '/import/preview?fileName=big.csv',
      headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked', cookie: coordinator.cookie! },
      body: chunks,
    });
    expect(answer.error).toBeNull();
    expect(answer.status).toBe(413);
    expect(answer.bytesWrittenAtAnswer).toBeLessThan(6 * 1024 * 1024);
  });

  it(`refuses a file of more than ${IMPORT_MAX_ROWS} rows before checking any of them`, async () => {
    // Rows that are all wrong: a file refused for its length says so, not what is wrong in its rows.
    const lines = ['organization,year', ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `Nobody ${i},1900`)];
    const answer = await upload(coordinator, 'preview', Buffer.from(lines.join('\n')));
    expect(answer.status).toBe(400);
    expect(answer.json.error.data.issues).toEqual([expect.objectContaining({ code: 'import_too_many_rows', params: { max: IMPORT_MAX_ROWS } })]);
    const atTheLimit = await upload(coordinator, 'preview', Buffer.from(lines.slice(0, -1).join('\n')));
    expect(atTheLimit.status).toBe(200);
    expect(atTheLimit.json.rows).toHaveLength(IMPORT_MAX_ROWS);
  });

  it('refuses a body that is not a file type (415), a post from another site (403) and a missing file name (400)', async () => {
    expect((await upload(coordinator, 'preview', Buffer.from('a'), 'application/json')).status).toBe(415);
    const crossSite = await coordinator.raw('/import/reports?fileName=x.csv', {
      method: 'POST',
      body: csvFileOf([]),
      headers: { 'content-type': 'text/csv', origin: 'https://elsewhere.example' },
    });
    expect(crossSite.status).toBe(403);
    const unnamed = await upload(coordinator, 'preview', csvFileOf([]), 'text/csv', 'replace=true');
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.error.data.issues).toEqual([expect.objectContaining({ field: 'fileName' })]);
  });
});

describe('who may import', () => {
  it('refuses anonymous callers (401), signatories and donors (403) on every import path, writing nothing', async () => {
    const { db } = getDb();
    const signatory = await clientWithSession(db, server.url, (await createUser(db, 'signatory', organization.id)).id);
    const donor = await clientWithSession(db, server.url, (await createUser(db, 'donor')).id);
    const file = csvFileOf([importRowOf(organization.id, YEAR, completeReportData())]);
    const before = await dumpDatabase(db);
    for (const [client, status] of [
      [coordinator.anonymous(), 401],
      [signatory, 403],
      [donor, 403],
    ] as const) {
      expect((await client.raw('/import/template.csv')).status).toBe(status);
      expect((await client.raw('/import/template.xlsx')).status).toBe(status);
      expect((await upload(client, 'preview', file)).status).toBe(status);
      expect((await upload(client, 'reports', file, 'text/csv', 'fileName=x.csv&replace=true')).status).toBe(status);
    }
    expect(await dumpDatabase(db)).toBe(before);
  });
});

describe('workbooks that would sink the server (issue 17)', () => {
  it('removed, at start, the temporary files a crashed server left', async () => {
    expect(await readdir(importTempDir)).toEqual([]);
  });

  it.each([
    ['47 million shared strings (here: one more than allowed)', sharedStringsBomb, 'import_workbook_strings'],
    ['100 million blank rows (here: 100,000)', blankRowsBomb, 'import_too_many_blank_rows'],
    ['a part packed a thousand times', ratioBomb, 'import_workbook_ratio'],
    ['more parts than a workbook has', partsBomb, 'import_workbook_parts'],
  ])('refuses %s with its code, quickly, leaving no temporary file', async (_name, bomb, code) => {
    const bytes = bomb();
    expect(bytes.length).toBeLessThan(IMPORT_MAX_BYTES);
    const started = Date.now();
    const answer = await upload(coordinator, 'preview', bytes, XLSX, 'fileName=bomb.xlsx');
    expect(answer.status).toBe(400);
    expect(answer.json.error.data.issues).toEqual([expect.objectContaining({ code, field: '_' })]);
    // Refused by its bound, before the reading's time limit (the worker's start is most of this).
    expect(Date.now() - started).toBeLessThan(IMPORT_READ_SECONDS * 1000);
    expect(await readdir(importTempDir)).toEqual([]);
  });

  it('answers /healthz while a bomb is being refused', async () => {
    let refused = false;
    const bomb = upload(coordinator, 'reports', sharedStringsBomb(), XLSX, 'fileName=bomb.xlsx&replace=true').finally(() => {
      refused = true;
    });
    const answeredMeanwhile: number[] = [];
    while (!refused) {
      const started = Date.now();
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      if (!refused) answeredMeanwhile.push(Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await bomb).json.error.data.issues).toEqual([expect.objectContaining({ code: 'import_workbook_strings' })]);
    expect(answeredMeanwhile.length).toBeGreaterThan(3);
    // Each within two seconds on two busy cores: the reading does not hold the thread that answers.
    expect(Math.max(...answeredMeanwhile)).toBeLessThan(2_000);
  });

  it('stops reading when the client goes away, and removes the reading’s temporary folder', async () => {
    const file = workbookAtTheLimits(IMPORT_MAX_ROWS);
    expect(file.length).toBeLessThan(IMPORT_MAX_BYTES);
    const post = (signal?: AbortSignal) =>
      fetch(`${server.url}/import/preview?fileName=big.xlsx`, { method: 'POST', body: Buffer.from(file), headers: { cookie: coordinator.cookie!, 'content-type': XLSX }, signal });
    // Read to its end, it takes this long (the preview then says its columns are unknown).
    let started = Date.now();
    expect((await post()).status).toBe(200);
    const wholeReading = Date.now() - started;

    const gone = new AbortController();
    const answer = post(gone.signal).catch((error: Error) => error.name);
    await expect.poll(() => readdir(importTempDir), { timeout: 10_000, interval: 20 }).toHaveLength(1);
    gone.abort();
    expect(await answer).toBe('AbortError');
    started = Date.now();
    await expect.poll(() => readdir(importTempDir), { timeout: 10_000, interval: 20 }).toEqual([]);
    expect(Date.now() - started).toBeLessThan(wholeReading / 2);
  });
});
