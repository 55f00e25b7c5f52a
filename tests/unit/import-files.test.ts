// Reading import files (server/src/features/imports/import-files.ts): what a spreadsheet program really
// writes reads as the person meant it — a byte-order mark and CRLF lines in CSV, quoted commas and line
// breaks, formula cells as their values, rich text as its text, blank rows skipped — and what is not a
// CSV or workbook, or too long, is refused with a coded message.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_ROWS } from '@lpt/shared/imports';
import { formatOf, readCsv, readImportFile, readXlsx } from '@lpt/server/features/imports/import-files';

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
    const long = ['organization', ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `Org ${i}`)].join('\n');
    expect(() => readCsv(Buffer.from(long))).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'import_too_many_rows' })] }));
    expect(readCsv(Buffer.from(long.split('\n').slice(0, -1).join('\n')))).toHaveLength(IMPORT_MAX_ROWS + 1);
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
      for (let i = 0; i <= IMPORT_MAX_ROWS; i++) sheet.addRow([`Org ${i}`]);
    });
    await expect(readXlsx(bytes)).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'import_too_many_rows' })] });
    const broken = Buffer.concat([bytes.subarray(0, 4), Buffer.alloc(200, 1)]);
    await expect(readImportFile(broken)).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'import_unreadable' })] });
  });
});
