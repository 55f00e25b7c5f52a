// A people's sheet as an Excel workbook (exceljs): the same rows and headers as the CSV, with typed cells
// (numbers as numbers, shares as fractions formatted in percent, US dollars rounded to cents, dates as
// dates), the header row frozen, columns as wide as their content, and a second sheet with each column's
// definition and the notes (what each withheld reason means, which release the figures are from). Text is
// written as text: a name starting with = is not a formula in a string cell, so it is kept as typed.
import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import type { CellKind, CellValue, Sheet, SheetColumn } from './downloads.tables.ts';

const numberFormats: Partial<Record<CellKind, string>> = {
  integer: '#,##0',
  percent: '0.0%',
  usd: '#,##0.00',
  rate: '0.0000##',
  date: 'yyyy-mm-dd',
};

function excelValue(column: SheetColumn, value: CellValue): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  if (column.kind === 'date' && typeof value === 'string') {
    const [y, m, d] = value.split('-').map(Number);
    return new Date(Date.UTC(y!, m! - 1, d!));
  }
  if (column.kind === 'usd' && typeof value === 'number') return Math.round(value * 100) / 100;
  return value;
}

/** Characters wide: the longest of the header and the cells as shown, within 10–60. */
function widthOf(column: SheetColumn, rows: Sheet['rows']): number {
  const shown = (value: CellValue) =>
    value === null ? 0 : typeof value === 'number' ? (column.kind === 'percent' ? 6 : value.toLocaleString('en').length + 3) : value.length;
  const longest = Math.max(column.header.length, ...rows.map((row) => shown(row[column.key] ?? null)));
  return Math.min(60, Math.max(10, longest + 2));
}

/** Adds a sheet of figures: typed and formatted cells, the header row bold, frozen and filterable. */
export function addFiguresSheet(workbook: ExcelJS.Workbook, name: string, sheet: Sheet): ExcelJS.Worksheet {
  const figures = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  figures.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: widthOf(c, sheet.rows) }));
  figures.getRow(1).font = { bold: true };
  for (const row of sheet.rows) {
    const added = figures.addRow(Object.fromEntries(sheet.columns.map((c) => [c.key, excelValue(c, row[c.key] ?? null)])));
    sheet.columns.forEach((c, index) => {
      const format = c.key === 'year' ? '0' : numberFormats[c.kind];
      if (format) added.getCell(index + 1).numFmt = format;
    });
  }
  figures.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  return figures;
}

export async function sheetToXlsx(sheet: Sheet, t: TFunction): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = t('common:brand');
  workbook.title = sheet.filename;

  addFiguresSheet(workbook, t('files:workbook.figuresSheet'), sheet);

  const definitions = workbook.addWorksheet(t('files:workbook.definitionsSheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  definitions.columns = [
    { header: t('files:workbook.column'), key: 'name', width: Math.min(60, Math.max(24, ...sheet.columns.map((c) => c.header.length + 2))) },
    { header: t('files:workbook.definition'), key: 'text', width: 100 },
  ];
  definitions.getRow(1).font = { bold: true };
  for (const c of sheet.columns) definitions.addRow({ name: c.header, text: c.definition });
  definitions.addRow({});
  definitions.addRow({ name: t('files:workbook.notes') }).font = { bold: true };
  for (const note of sheet.notes) definitions.addRow({ name: note.label, text: note.text });
  definitions.getColumn('text').alignment = { wrapText: true, vertical: 'top' };
  definitions.getColumn('name').alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
