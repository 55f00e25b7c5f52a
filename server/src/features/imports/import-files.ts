// Reading an import file into rows of cells, and writing the templates. Parsing is csv-parse's and
// exceljs's, never our own; both stop at the row limit, so a file with too many rows is refused without
// being read to its end (its size was refused earlier, at the HTTP edge, before a byte was parsed).
// A cell is a string (trimmed), a number (xlsx numeric cells), a boolean (xlsx), or null when empty.
// A workbook is a zip archive, and 2 MB of zip can unpack to gigabytes: its central directory is checked
// first (parts, unpacked size, compression ratio), every row and cell counts against the limits (blank
// ones too) and so do its shared strings. The server runs all this in a worker thread with memory and time
// limits (import-reader.ts); these functions are what that worker runs.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync, type Unzipped } from 'fflate';
import type { Locale } from '@lpt/shared/enums';
import {
  IMPORT_MAX_HEADER_ROWS,
  IMPORT_MAX_ROWS,
  importChoiceSets,
  importColumns,
  SUPPORT_AREA_SEPARATOR,
  type ImportChoiceSet,
  type ImportColumn,
  type ImportFormat,
} from '@lpt/shared/imports';
import { englishMessage, type MessageCode, type MessageParams } from '@lpt/shared/messages';
import { AppError } from '../../errors.ts';
import { translatorFor } from '../../i18n/translate.ts';
import { choiceLabel, headerOf, type Cell } from './import-words.ts';

export type { Cell } from './import-words.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** An .xlsx workbook is a zip archive; anything else is read as CSV. */
export function formatOf(bytes: Uint8Array): ImportFormat {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? 'xlsx' : 'csv';
}

/** Parts of a workbook: Excel writes about a dozen; thousands are a zip bomb's. */
export const WORKBOOK_MAX_PARTS = 500;
/** The parts' unpacked size, all together (a full 2,000-row workbook is a few MB). */
export const WORKBOOK_MAX_UNPACKED_MB = 50;
/** How many times its packed size a part may unpack to; spreadsheet XML packs 5 to 30 times. */
export const WORKBOOK_MAX_RATIO = 100;
/** Parts smaller than this unpack to little whatever their ratio. */
const RATIO_CHECKED_FROM_BYTES = 1024 * 1024;
/** Rows of a file, its header rows included (the rows of data are counted once the header is found). */
const IMPORT_MAX_FILE_ROWS = IMPORT_MAX_ROWS + IMPORT_MAX_HEADER_ROWS;
/** Cells of a file, empty ones included: the header rows and every row at 100 columns (the template has 43). */
export const IMPORT_MAX_CELLS = IMPORT_MAX_FILE_ROWS * 100;
/** A workbook's shared strings (each different text is one): 50 per row, more than the template has columns... */
export const WORKBOOK_MAX_SHARED_STRINGS = IMPORT_MAX_FILE_ROWS * 50;
/** ...and no more characters in all than this. */
export const WORKBOOK_MAX_SHARED_CHARACTERS = 16 * 1024 * 1024;

/** A refusal of the file as a whole, coded for the web app. */
export const fileRefusal = (code: MessageCode, params: MessageParams = {}) =>
  new AppError('VALIDATION', englishMessage(code, params), [{ code, field: '_', params, message: englishMessage(code, params) }]);

const unreadable = () => fileRefusal('import_unreadable');
export const tooManyRows = () => fileRefusal('import_too_many_rows', { max: IMPORT_MAX_ROWS });
const tooManyCells = () => fileRefusal('import_too_many_cells', { max: IMPORT_MAX_CELLS });

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
      // The header rows and one row more than allowed: enough to know the file is too long.
      to: IMPORT_MAX_FILE_ROWS + 1,
    }) as string[][];
  } catch {
    throw unreadable();
  }
  if (records.length > IMPORT_MAX_FILE_ROWS) throw tooManyRows();
  if (records.reduce((cells, record) => cells + record.length, 0) > IMPORT_MAX_CELLS) throw tooManyCells();
  return records.map((record) => record.map(cellOf));
}

const unzipped = (bytes: Uint8Array, filter: (entry: { name: string; size: number; originalSize: number }) => boolean): Unzipped => {
  try {
    return unzipSync(bytes, { filter });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable();
  }
};

/** Refuses a workbook by its zip central directory alone (nothing is unpacked): cheap enough for any thread. */
export function checkWorkbookDirectory(bytes: Uint8Array): void {
  let parts = 0;
  let unpacked = 0;
  unzipped(bytes, (entry) => {
    if (++parts > WORKBOOK_MAX_PARTS) throw fileRefusal('import_workbook_parts', { max: WORKBOOK_MAX_PARTS });
    unpacked += entry.originalSize;
    if (unpacked > WORKBOOK_MAX_UNPACKED_MB * 1024 * 1024) throw fileRefusal('import_workbook_size', { max: WORKBOOK_MAX_UNPACKED_MB });
    if (entry.originalSize > RATIO_CHECKED_FROM_BYTES && entry.originalSize > Math.max(entry.size, 1) * WORKBOOK_MAX_RATIO)
      throw fileRefusal('import_workbook_ratio', { max: WORKBOOK_MAX_RATIO, part: entry.name });
    return false;
  });
}

/**
 * The workbook's parts that exceljs reads, after its central directory was checked: zipped again, without
 * compression, with the shared strings before the sheets, so that exceljs reads each sheet as it goes
 * instead of writing it to a temporary file first (it does that when the strings come after the sheets).
 * fflate unpacks each part into a buffer of the size the directory declares, so a part that lies about its
 * size is cut there, never bigger.
 */
export function checkedWorkbook(bytes: Uint8Array): Uint8Array {
  checkWorkbookDirectory(bytes);
  const first = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml'];
  const parts = unzipped(bytes, (entry) => first.includes(entry.name) || /^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name));
  const ordered: Unzipped = {};
  for (const name of first) if (parts[name]) ordered[name] = parts[name];
  for (const [name, data] of Object.entries(parts)) ordered[name] ??= data;
  return zipSync(ordered, { level: 0 });
}

type SharedString = string | { richText: { text: string }[] } | null;
const charactersOf = (s: SharedString) =>
  s === null ? 0 : typeof s === 'string' ? s.length : s.richText.reduce((n, part) => n + (part.text?.length ?? 0), 0);

/**
 * exceljs keeps a workbook's shared strings in an array it creates on the reader (`sharedStrings`) and
 * pushes each one onto; this makes that array refuse the string past the limits, so that reading stops there.
 */
function boundSharedStrings(reader: object): void {
  let strings: SharedString[] | undefined;
  Object.defineProperty(reader, 'sharedStrings', {
    get: () => strings,
    set(value: SharedString[] | undefined) {
      strings = value;
      if (!value) return;
      let characters = 0;
      value.push = (...items: SharedString[]) => {
        for (const item of items) characters += charactersOf(item);
        if (value.length + items.length > WORKBOOK_MAX_SHARED_STRINGS)
          throw fileRefusal('import_workbook_strings', { max: WORKBOOK_MAX_SHARED_STRINGS });
        if (characters > WORKBOOK_MAX_SHARED_CHARACTERS)
          throw fileRefusal('import_workbook_text_size', { max: WORKBOOK_MAX_SHARED_CHARACTERS });
        return Array.prototype.push.apply(value, items);
      };
    },
  });
}

/**
 * Rows of the workbook's first sheet, the header first; blank rows are left out of the answer but count
 * against the row limit (a sheet of a million blank rows is refused at row 2,002, not read to its end).
 */
export async function readXlsx(bytes: Uint8Array): Promise<Cell[][]> {
  const workbook = checkedWorkbook(bytes);
  const rows: Cell[][] = [];
  let rowsRead = 0;
  let cellsRead = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(workbook)), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    boundSharedStrings(reader);
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        // cellCount is the row's last column: the blank cells before it are read (and cost) as well.
        cellsRead += row.cellCount;
        if (cellsRead > IMPORT_MAX_CELLS) throw tooManyCells();
        const values = (row.values as unknown[]).slice(1).map(cellOf);
        const blank = values.every((v) => v === null);
        if (++rowsRead > IMPORT_MAX_FILE_ROWS)
          // Said apart, since the fix differs: delete the blank rows under the data.
          throw blank || rows.length < rowsRead - 1 ? fileRefusal('import_too_many_blank_rows', { max: IMPORT_MAX_ROWS }) : tooManyRows();
        if (!blank) rows.push(values);
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

type Translate = ReturnType<typeof translatorFor>;

/** The accepted values of an enumerated column, as its drop-down list writes them. */
const labelsOf = (t: Translate, set: ImportChoiceSet, codes: readonly string[]) => codes.map((code) => choiceLabel(t, set, code));

/** The unit or accepted values of a column, in the reader's language (files:import.unit.*). */
function unitOf(column: ImportColumn, t: Translate): string {
  const values = column.choices ? labelsOf(t, column.choices.set, column.choices.codes).join(', ') : '';
  switch (column.kind) {
    case 'count':
      return t('files:import.unit.count');
    case 'money':
      return t('files:import.unit.money');
    case 'boolean':
      return t('files:import.unit.boolean', { values });
    case 'set':
      return t('files:import.unit.areas', { separator: SUPPORT_AREA_SEPARATOR, values });
    case 'status':
      return t('files:import.unit.status', { values });
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

/** A column's definition: the field's label and definition (the indicators catalogue) or the file's own words. */
function definitionOf(column: ImportColumn, t: Translate): string {
  const [section, field, category] = column.path;
  if (column.kind === 'organization') return t('files:import.definition.organization');
  if (column.kind === 'year') return t('files:import.definition.year');
  if (column.kind === 'currency') return t('files:import.definition.currency');
  if (field === 'status') return t('files:import.definition.status');
  if (field === 'narrative') return t('files:import.definition.narrative');
  if (field === 'notApplicableReason') return t('files:import.definition.notApplicableReason');
  const own = `${t(`indicators:${section}.${field}.label`)}. ${t(`indicators:${section}.${field}.help`)}`;
  return category ? `${own} ${t(`common:leadership.${category}`)}.` : own;
}

/** The template's two header rows: the columns in the reader's language, then their API paths. */
const headerRows = (t: Translate) => [importColumns.map((c) => headerOf(c, t)), importColumns.map((c) => c.name)];

export function csvTemplate(locale: Locale): string {
  return stringify(headerRows(translatorFor(locale)));
}

/**
 * A sheet's data validations by range. exceljs has them (its cells' `dataValidation` is one cell's) but its
 * types omit the sheet's; a range keeps the data rows empty, where a validation per cell would create
 * 2,000 rows that the reader then counts as blank rows.
 */
const validationsOf = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;

/** A sheet's name in a formula, quoted ('Listes'!$A$1). */
const sheetRef = (name: string) => `'${name.replace(/'/g, "''")}'`;

export async function xlsxTemplate(locale: Locale): Promise<Buffer> {
  const t = translatorFor(locale);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Localization Pledge Tracker';
  const [headers, paths] = headerRows(t);
  const reports = workbook.addWorksheet(t('files:import.sheet.reports'), { views: [{ state: 'frozen', ySplit: 2 }] });
  reports.columns = importColumns.map((c, i) => ({ header: headers![i], key: c.name, width: Math.min(40, Math.max(14, headers![i]!.length + 2, c.name.length + 2)) }));
  const headerRow = reports.getRow(1);
  headerRow.font = { bold: true };
  headerRow.alignment = { wrapText: true, vertical: 'top' };
  // The API paths, for scripts: the reader takes them as the header when they are there.
  const pathRow = reports.addRow(paths);
  pathRow.font = { italic: true, color: { argb: 'FF595959' }, size: 9 };

  const definitions = workbook.addWorksheet(t('files:import.sheet.definitions'), { views: [{ state: 'frozen', ySplit: 1 }] });
  definitions.columns = [
    { header: t('files:import.heading.column'), key: 'column', width: 44 },
    { header: t('files:import.heading.path'), key: 'path', width: 44 },
    { header: t('files:import.heading.definition'), key: 'definition', width: 100 },
    { header: t('files:import.heading.unit'), key: 'unit', width: 40 },
  ];
  definitions.getRow(1).font = { bold: true };
  importColumns.forEach((column, i) =>
    definitions.addRow({ column: headers![i], path: column.name, definition: definitionOf(column, t), unit: unitOf(column, t) }),
  );
  definitions.getColumn('definition').alignment = { wrapText: true, vertical: 'top' };
  definitions.getColumn('unit').alignment = { wrapText: true, vertical: 'top' };
  definitions.addRow({});
  definitions.addRow({ column: t('files:import.notes.title'), definition: t('files:import.notes.text', { max: IMPORT_MAX_ROWS }) });
  // The drop-down lists' values, one column per vocabulary, on a sheet of their own (a list written in the
  // validation itself is limited to 255 characters, less than the support areas take in French).
  const lists = workbook.addWorksheet(t('files:import.sheet.lists'), { state: 'hidden' });
  const listOf = new Map<ImportChoiceSet, string>();
  importChoiceSets.forEach((set, i) => {
    const codes = importColumns.find((c) => c.choices?.set === set)?.choices?.codes;
    if (!codes) return;
    const letter = lists.getColumn(i + 1).letter;
    labelsOf(t, set, codes).forEach((label, row) => (lists.getCell(`${letter}${row + 1}`).value = label));
    listOf.set(set, `${sheetRef(lists.name)}!$${letter}$1:$${letter}$${codes.length}`);
  });
  const firstDataRow = 3;
  const lastDataRow = IMPORT_MAX_ROWS + firstDataRow - 1;
  importColumns.forEach((column, i) => {
    if (!column.choices) return;
    const letter = reports.getColumn(i + 1).letter;
    const several = column.kind === 'set';
    validationsOf(reports).add(`${letter}${firstDataRow}:${letter}${lastDataRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [listOf.get(column.choices.set)],
      showInputMessage: several,
      prompt: several ? t('files:import.validation.several', { separator: SUPPORT_AREA_SEPARATOR }) : undefined,
      // Several support areas in one cell are not one of the list's values: Excel accepts them then.
      showErrorMessage: !several,
      errorStyle: 'stop',
      errorTitle: t('files:import.validation.errorTitle'),
      error: t('files:import.validation.error'),
    });
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
