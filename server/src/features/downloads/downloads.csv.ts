// A people's sheet as CSV: UTF-8 with a byte order mark (so that spreadsheet programs read names as
// UTF-8), CRLF lines, the headers in the reader's language. Numbers are written as numbers with a decimal
// point in every language, so that any program reads them as numbers (the Excel twin shows them the
// reader's way): shares in percent with one decimal (82.9), US dollars with cents, exchange rates as they
// are, dates as YYYY-MM-DD, and an empty cell where the figure is withheld or has no data. Text cannot run
// as a formula whichever delimiter a spreadsheet splits it on (neutralizeFormula).
import { stringify } from 'csv-stringify/sync';
import { csvQuoting, neutralizeFormula } from './downloads.data.ts';
import type { CellKind, CellValue, Sheet } from './downloads.tables.ts';

function csvCell(kind: CellKind, value: CellValue): string {
  if (value === null || value === '') return '';
  if (typeof value === 'string') return kind === 'text' ? neutralizeFormula(value) : value;
  switch (kind) {
    case 'percent':
      return (Math.round(value * 1000) / 10).toFixed(1);
    case 'usd':
      return (Math.round(value * 100) / 100).toFixed(2);
    case 'integer':
      return String(Math.round(value));
    default:
      return String(value);
  }
}

export function sheetToCsv(sheet: Sheet): string {
  return stringify(
    sheet.rows.map((row) => sheet.columns.map((c) => csvCell(c.kind, row[c.key] ?? null))),
    { header: true, columns: sheet.columns.map((c) => neutralizeFormula(c.header)), bom: true, record_delimiter: 'windows', ...csvQuoting },
  );
}
