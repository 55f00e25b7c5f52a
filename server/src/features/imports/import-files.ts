// Reading an import file into rows of cells, and writing the templates. Parsing is csv-parse's and
// exceljs's, never our own; both stop at the row limit, so a file with too many rows is refused without
// being read to its end (its size was refused earlier, at the HTTP edge, before a byte was parsed).
// A cell is a string (trimmed), a number (xlsx numeric cells), a boolean (xlsx), or null when empty.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { LeadershipCategory, Locale } from '@lpt/shared/enums';
import {
  IMPORT_MAX_ROWS,
  importColumns,
  SUPPORT_AREA_SEPARATOR,
  type ImportColumn,
  type ImportFormat,
} from '@lpt/shared/imports';
import { indicatorAt, leadershipCategoryLabels } from '@lpt/shared/indicators';
import { AppError } from '../../errors.ts';
import { translatorFor } from '../../i18n/translate.ts';

export type Cell = string | number | boolean | null;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** An .xlsx workbook is a zip archive; anything else is read as CSV. */
export function formatOf(bytes: Uint8Array): ImportFormat {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? 'xlsx' : 'csv';
}

const unreadable = () =>
  new AppError('VALIDATION', 'The file cannot be read as CSV (UTF-8) or as an .xlsx workbook', [
    { code: 'import_unreadable', field: '_', params: {}, message: 'The file cannot be read as CSV (UTF-8) or as an .xlsx workbook' },
  ]);

const tooManyRows = () =>
  new AppError('VALIDATION', `At most ${IMPORT_MAX_ROWS} report rows per file`, [
    { code: 'import_too_many_rows', field: '_', params: { max: IMPORT_MAX_ROWS }, message: `At most ${IMPORT_MAX_ROWS} report rows per file` },
  ]);

function cellOf(value: unknown): Cell {
  if (value == null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown };
    // A formula cell counts as the value it last computed; rich text as its plain text; a hyperlink as its text.
    if ('result' in v) return cellOf(v.result);
    if (Array.isArray(v.richText)) return cellOf(v.richText.map((part) => part.text).join(''));
    if (typeof v.text === 'string') return cellOf(v.text);
  }
  return String(value);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Rows of a comma-separated UTF-8 file (a byte-order mark is allowed), the header first. */
export function readCsv(bytes: Uint8Array): Cell[][] {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw unreadable();
  }
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // The header and one row more than allowed: enough to know the file is too long.
      to: IMPORT_MAX_ROWS + 2,
    }) as string[][];
  } catch {
    throw unreadable();
  }
  if (records.length > IMPORT_MAX_ROWS + 1) throw tooManyRows();
  return records.map((record) => record.map(cellOf));
}

/** Rows of the workbook's first sheet, the header first; blank rows are left out. */
export async function readXlsx(bytes: Uint8Array): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1).map(cellOf);
        if (values.every((v) => v === null)) continue;
        rows.push(values);
        if (rows.length > IMPORT_MAX_ROWS + 1) throw tooManyRows();
      }
      break;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable();
  }
  return rows;
}

export async function readImportFile(bytes: Uint8Array): Promise<{ format: ImportFormat; rows: Cell[][] }> {
  const format = formatOf(bytes);
  return { format, rows: format === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes) };
}

// --- the templates

/** The unit or accepted values of a column, in the reader's language (files:import.unit.*). */
function unitOf(column: ImportColumn, t: ReturnType<typeof translatorFor>): string {
  switch (column.kind) {
    case 'count':
      return t('files:import.unit.count');
    case 'money':
      return t('files:import.unit.money');
    case 'boolean':
      return t('files:import.unit.boolean');
    case 'areas':
      return t('files:import.unit.areas', { separator: SUPPORT_AREA_SEPARATOR });
    case 'status':
      return t('files:import.unit.status');
    case 'year':
      return t('files:import.unit.year');
    case 'currency':
      return t('files:import.unit.currency');
    case 'organization':
      return t('files:import.unit.organization');
    default:
      return t('files:import.unit.text');
  }
}

/** A column's definition: the indicator catalogue's (shared/src/indicators.ts) or the file's own words. */
function definitionOf(column: ImportColumn, t: ReturnType<typeof translatorFor>): string {
  const [section, field, category] = column.path;
  if (column.kind === 'organization') return t('files:import.definition.organization');
  if (column.kind === 'year') return t('files:import.definition.year');
  if (column.kind === 'currency') return t('files:import.definition.currency');
  if (field === 'status') return t('files:import.definition.status');
  if (field === 'narrative') return t('files:import.definition.narrative');
  if (field === 'notApplicableReason') return t('files:import.definition.notApplicableReason');
  const indicator = indicatorAt(`${section}.${field}`);
  if (!indicator) return '';
  const own = `${indicator.label}. ${indicator.help}`;
  return category ? `${own} ${leadershipCategoryLabels[category as LeadershipCategory]}.` : own;
}

export function csvTemplate(): string {
  return stringify([importColumns.map((c) => c.name)]);
}

export async function xlsxTemplate(locale: Locale): Promise<Buffer> {
  const t = translatorFor(locale);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Localization Pledge Tracker';
  const reports = workbook.addWorksheet(t('files:import.sheet.reports'), { views: [{ state: 'frozen', ySplit: 1 }] });
  reports.columns = importColumns.map((c) => ({ header: c.name, key: c.name, width: Math.max(14, c.name.length + 2) }));
  reports.getRow(1).font = { bold: true };
  const definitions = workbook.addWorksheet(t('files:import.sheet.definitions'), { views: [{ state: 'frozen', ySplit: 1 }] });
  definitions.columns = [
    { header: t('files:import.heading.column'), key: 'column', width: 44 },
    { header: t('files:import.heading.definition'), key: 'definition', width: 100 },
    { header: t('files:import.heading.unit'), key: 'unit', width: 40 },
  ];
  definitions.getRow(1).font = { bold: true };
  for (const column of importColumns)
    definitions.addRow({ column: column.name, definition: definitionOf(column, t), unit: unitOf(column, t) });
  definitions.getColumn('definition').alignment = { wrapText: true, vertical: 'top' };
  definitions.addRow({});
  definitions.addRow({ column: t('files:import.notes.title'), definition: t('files:import.notes.text', { max: IMPORT_MAX_ROWS }) });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
