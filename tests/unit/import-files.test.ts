// Reading import files (server/src/features/imports/import-files.ts): what a spreadsheet program really
// writes reads as the person meant it — a byte-order mark and CRLF lines in CSV, quoted commas and line
// breaks, formula cells as their values, rich text as its text, blank rows skipped — and what is not a
// CSV or workbook, or too long, is refused with a coded message. Workbooks built to sink the server (issue
// 17: zip bombs, millions of blank rows or shared strings) are refused by their bounds, and the worker thread
// that reads them keeps to its time, memory and turn, stops when its caller gives up and leaves no file.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_HEADER_ROWS, IMPORT_MAX_ROWS } from '@lpt/shared/imports';

/** Rows a reader takes at most: the data rows and the header rows (the data rows are counted once the header is found). */
const FILE_ROWS = IMPORT_MAX_ROWS + IMPORT_MAX_HEADER_ROWS;
import {
  formatOf,
  IMPORT_MAX_CELLS,
  readCsv,
  readImportFile,
  readXlsx,
  WORKBOOK_MAX_PARTS,
  WORKBOOK_MAX_RATIO,
  WORKBOOK_MAX_SHARED_STRINGS,
  WORKBOOK_MAX_UNPACKED_MB,
} from '@lpt/server/features/imports/import-files';
import { IMPORT_READINGS_AT_ONCE, readImportFileApart, removeLeftoverImportFiles } from '@lpt/server/features/imports/import-reader';
import { blankRowsBomb, partsBomb, ratioBomb, sharedStringsBomb, unpackedSizeBomb, workbookOf as sheetXmlWorkbook } from '../factories/workbook-bombs.ts';

async function workbookOf(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('Reports'));
  workbook.addWorksheet('Definitions').addRow(['not', 'read']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('CSV files', () => {
  it('reads a byte-order mark, CRLF lines, quoted commas and line breaks, and empty cells as no value', () => {
    const text = '\uFEFForganization,year,collaboration.narrative\r\n"Smith, Jones & Co",2024,"Two lines\r\nof text"\r\n\r\nACME,2024,\r\n';
    expect(readCsv(Buffer.from(text))).toEqual([
      ['organization', 'year', 'collaboration.narrative'],
      ['Smith, Jones & Co', '2024', 'Two lines\r\nof text'],
      ['ACME', '2024', null],
    ]);
  });

  it('refuses bytes that are not UTF-8, and a file longer than the limit', () => {
    expect(() => readCsv(Buffer.from([0x6f, 0x72, 0x67, 0xff, 0x0a]))).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'import_unreadable' })] }));
    const long = ['organization', ...Array.from({ length: FILE_ROWS }, (_, i) => `Org ${i}`)].join('\n');
    expect(() => readCsv(Buffer.from(long))).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'import_too_many_rows' })] }));
    expect(readCsv(Buffer.from(long.split('\n').slice(0, -1).join('\n')))).toHaveLength(FILE_ROWS);
  });
});

describe('.xlsx workbooks', () => {
  it('reads the first sheet: numbers as numbers, booleans, formula results, rich text; blank rows skipped', async () => {
    const bytes = await workbookOf((sheet) => {
      sheet.addRow(['organization', 'year', 'funding.inScopeExpenditure', 'credit.hasCreditPolicy', 'collaboration.narrative']);
      sheet.addRow([]);
      sheet.addRow([
        'ACME',
        2024,
        { formula: '1000000+0.5', result: 1000000.5 },
        true,
        { richText: [{ text: 'Bold ' , font: { bold: true } }, { text: 'start' }] },
      ]);
    });
    expect(formatOf(bytes)).toBe('xlsx');
    expect(await readXlsx(bytes)).toEqual([
      ['organization', 'year', 'funding.inScopeExpenditure', 'credit.hasCreditPolicy', 'collaboration.narrative'],
      ['ACME', 2024, 1000000.5, true, 'Bold start'],
    ]);
  });

  it('refuses a broken workbook and one longer than the limit', async () => {
    const bytes = await workbookOf((sheet) => {
      sheet.addRow(['organization']);
      for (let i = 0; i < FILE_ROWS; i++) sheet.addRow([`Org ${i}`]);
    });
    await expect(readXlsx(bytes)).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'import_too_many_rows' })] });
    const broken = Buffer.concat([bytes.subarray(0, 4), Buffer.alloc(200, 1)]);
    await expect(readImportFile(broken)).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'import_unreadable' })] });
  });
});

describe('workbooks that would sink the server (issue 17)', () => {
  const codeOf = async (bytes: Uint8Array) => {
    const started = Date.now();
    const error = (await readXlsx(bytes).then(
      () => null,
      (e: unknown) => e,
    )) as { issues?: { code: string; params: Record<string, unknown> }[] } | null;
    return { code: error?.issues?.[0]?.code, params: error?.issues?.[0]?.params, ms: Date.now() - started };
  };

  it('refuses more shared strings than a file can have cells, before the sheet is read', async () => {
    const refused = await codeOf(sharedStringsBomb());
    expect(refused).toMatchObject({ code: 'import_workbook_strings', params: { max: WORKBOOK_MAX_SHARED_STRINGS } });
  });

  it('counts blank rows against the row limit, and stops at the first one past it', async () => {
    const refused = await codeOf(blankRowsBomb());
    expect(refused).toMatchObject({ code: 'import_too_many_blank_rows', params: { max: IMPORT_MAX_ROWS } });
    expect(refused.ms).toBeLessThan(5_000);
    // Within the limit, blank rows are read and left out.
    expect(await readXlsx(blankRowsBomb(IMPORT_MAX_ROWS - 10))).toEqual([['organization', 'year']]);
  });

  it('counts blank cells: a row whose last cell is far right costs all the cells before it', async () => {
    const far = Array.from({ length: 20 }, (_, i) => `<row r="${i + 1}"><c r="ZZ${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
    // 20 rows × 702 columns (ZZ) is under the limit; 300 rows are not.
    expect(await readXlsx(sheetXmlWorkbook(far))).toHaveLength(20);
    const farther = Array.from({ length: 300 }, (_, i) => `<row r="${i + 1}"><c r="ZZ${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
    expect(await codeOf(sheetXmlWorkbook(farther))).toMatchObject({ code: 'import_too_many_cells', params: { max: IMPORT_MAX_CELLS } });
  });

  it('refuses from the zip directory alone: a part packed a thousand times, too much unpacked, too many parts', async () => {
    const ratio = ratioBomb();
    expect(ratio.length).toBeLessThan(200_000);
    expect(await codeOf(ratio)).toMatchObject({ code: 'import_workbook_ratio', params: { max: WORKBOOK_MAX_RATIO, part: 'xl/media/padding.bin' } });
    expect(await codeOf(unpackedSizeBomb())).toMatchObject({ code: 'import_workbook_size', params: { max: WORKBOOK_MAX_UNPACKED_MB } });
    expect(await codeOf(partsBomb())).toMatchObject({ code: 'import_workbook_parts', params: { max: WORKBOOK_MAX_PARTS } });
  });

  it('never unpacks a part past the size its directory entry declares', async () => {
    // The sheet says it unpacks to 200 bytes; it holds a header and 2,002 data rows. Read as declared, it is cut short.
    const rows = Array.from({ length: FILE_ROWS + 1 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>Org</t></is></c></row>`).join('');
    const bytes = sheetXmlWorkbook(rows);
    const lying = Buffer.from(bytes);
    const directory = lying.readUInt32LE(lying.length - 22 + 16);
    for (let at = directory; lying.readUInt32LE(at) === 0x02014b50; at += 46 + lying.readUInt16LE(at + 28) + lying.readUInt16LE(at + 30) + lying.readUInt16LE(at + 32))
      if (lying.toString('utf8', at + 46, at + 46 + lying.readUInt16LE(at + 28)) === 'xl/worksheets/sheet1.xml') lying.writeUInt32LE(200, at + 24);
    expect(await codeOf(bytes)).toMatchObject({ code: 'import_too_many_rows' });
    expect(await readXlsx(lying).then((read) => read.length, () => 0)).toBeLessThan(5);
  });
});

describe('reading in a worker thread, with a temporary folder of its own', () => {
  it('refuses a bomb in the worker and leaves no temporary file, and removes what a crashed server left', async () => {
    const tempDir = await mkdtemp(path.join(tmpdir(), 'lpt-imports-test-'));
    try {
      // exceljs writes this sheet to a temporary file (it has no shared strings): the folder is emptied all the same.
      await expect(readImportFileApart(blankRowsBomb(), { tempDir })).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'import_too_many_blank_rows' })] });
      expect(await readdir(tempDir)).toEqual([]);
      expect((await readImportFileApart(sheetXmlWorkbook('<row r="1"><c r="A1" t="inlineStr"><is><t>organization</t></is></c></row>'), { tempDir })).rows).toEqual([['organization']]);
      expect(await readdir(tempDir)).toEqual([]);

      // A crashed server's folder (its process is gone), a stray file, and a running server's folder (this one's).
      await mkdir(path.join(tempDir, '999999999-abc'));
      await writeFile(path.join(tempDir, '999999999-abc', 'tmp-1-sheet'), 'x'.repeat(1000));
      await writeFile(path.join(tempDir, 'stray'), 'x');
      await mkdir(path.join(tempDir, `${process.pid}-running`));
      expect((await removeLeftoverImportFiles(tempDir)).sort()).toEqual(['999999999-abc', 'stray']);
      expect(await readdir(tempDir)).toEqual([`${process.pid}-running`]);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it('stops the worker when the caller gives up', async () => {
    const tempDir = await mkdtemp(path.join(tmpdir(), 'lpt-imports-test-'));
    try {
      const gone = new AbortController();
      const reading = readImportFileApart(blankRowsBomb(), { tempDir, signal: gone.signal });
      // Once the worker has its folder, the caller goes away.
      await expect.poll(() => readdir(tempDir), { timeout: 5_000, interval: 20 }).toHaveLength(1);
      gone.abort(new Error('client went away'));
      await expect(reading).rejects.toThrow('client went away');
      expect(await readdir(tempDir)).toEqual([]);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it('refuses a reading past its time or its memory, leaving no temporary file', async () => {
    const tempDir = await mkdtemp(path.join(tmpdir(), 'lpt-imports-test-'));
    try {
      const slow = readImportFileApart(blankRowsBomb(IMPORT_MAX_ROWS), { tempDir, limits: { seconds: 0.2 } });
      await expect(slow).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'import_read_too_long', params: { seconds: 0.2 } })] });
      const big = readImportFileApart(sharedStringsBomb(), { tempDir, limits: { memoryMb: 8 } });
      await expect(big).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'import_read_too_big' })] });
      expect(await readdir(tempDir)).toEqual([]);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it(`reads ${IMPORT_READINGS_AT_ONCE} workbooks at a time; the next waits its turn`, async () => {
    const tempDir = await mkdtemp(path.join(tmpdir(), 'lpt-imports-test-'));
    try {
      const file = sheetXmlWorkbook('<row r="1"><c r="A1" t="inlineStr"><is><t>organization</t></is></c></row>');
      let done = false;
      const all = Promise.all(Array.from({ length: IMPORT_READINGS_AT_ONCE + 1 }, () => readImportFileApart(file, { tempDir }))).finally(() => {
        done = true;
      });
      // Each reading has its own folder while its worker runs: never more of them than turns.
      const seen: number[] = [];
      while (!done) {
        seen.push((await readdir(tempDir)).length);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect((await all).map((read) => read.rows)).toEqual(Array.from({ length: IMPORT_READINGS_AT_ONCE + 1 }, () => [['organization']]));
      expect(Math.max(...seen)).toBe(IMPORT_READINGS_AT_ONCE);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });
});
