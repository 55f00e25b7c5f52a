// Import files as a coordinator makes them: the downloaded template filled with rows of report data.
// A row is the report's data flattened to the template's columns (importColumns), so a test writes the
// same ReportData it would save through the form.
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { importColumns, SUPPORT_AREA_SEPARATOR } from '@lpt/shared/imports';
import type { ReportData } from '@lpt/shared/report';

export type ImportCell = string | number | boolean | null;
export type ImportRow = Record<string, ImportCell>;

/** One row of an import file: the organisation (id, name or acronym), the year and the report's fields. */
export function importRowOf(organization: string | number, year: number, data: ReportData): ImportRow {
  const row: ImportRow = { organization, year };
  for (const column of importColumns) {
    if (column.path.length === 0) continue;
    let value: unknown = data;
    for (const key of column.path) value = (value as Record<string, unknown> | null)?.[key] ?? null;
    row[column.name] = Array.isArray(value) ? value.join(SUPPORT_AREA_SEPARATOR) : (value as ImportCell);
  }
  return row;
}

/** A CSV file with the template's header and these rows (numbers written with a decimal point). */
export function csvFileOf(rows: ImportRow[], columns: readonly string[] = importColumns.map((c) => c.name)): Buffer {
  const cells = rows.map((row) => columns.map((name) => (row[name] ?? null) === null ? '' : String(row[name])));
  return Buffer.from(stringify([[...columns], ...cells]));
}

/**
 * The .xlsx template (as downloaded) with these rows added to its first sheet, under its two header rows
 * (the headers in the reader's language, then the API paths the rows are keyed by), numbers as numeric cells.
 */
export async function filledXlsxTemplate(template: Uint8Array, rows: ImportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(template) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
  for (const row of rows) sheet.addRow(header.map((name) => row[name] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
