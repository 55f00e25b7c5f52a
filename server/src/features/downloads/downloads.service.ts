// Which file a download is: the people's sheet of a table as CSV or Excel, in the reader's language, or
// the machine-readable CSV (`format=data`: the API's names, raw numbers and status codes, no language).
import { translatorFor } from '../../i18n/translate.ts';
import type { DownloadFormat, DownloadTable } from '@lpt/shared/downloads';
import type { CycleStatus, Locale } from '@lpt/shared/enums';
import { dataDownload } from './downloads.data.ts';
import type { MetricsProcedures } from './downloads.request.ts';
import { sheetToCsv } from './downloads.csv.ts';
import { peopleSheet } from './downloads.tables.ts';
import { sheetToXlsx } from './downloads.xlsx.ts';

export type DownloadVariant = 'people' | 'data';

export interface DownloadFile {
  filename: string;
  contentType: string;
  body: string | Buffer;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv; charset=utf-8';

/** The procedures a download calls: those of a tRPC caller made with the request's context. */
export interface DownloadProcedures {
  metrics: MetricsProcedures;
  cycles: { list(): Promise<{ year: number; status: CycleStatus }[]> };
}

export async function downloadFile(
  table: DownloadTable,
  format: DownloadFormat,
  variant: DownloadVariant,
  query: URLSearchParams,
  procedures: DownloadProcedures,
  locale: Locale,
): Promise<DownloadFile> {
  const { metrics } = procedures;
  if (variant === 'data') {
    const file = (await dataDownload(table, query, metrics))!;
    return { filename: file.filename, contentType: CSV_TYPE, body: file.csv };
  }
  const t = translatorFor(locale);
  // Which years are still open: their rows say the figures are provisional (cycles.list is public).
  const cycles = await procedures.cycles.list();
  const yearsOf = (status: CycleStatus) => new Set(cycles.filter((c) => c.status === status).map((c) => c.year));
  const sheet = await peopleSheet(table, query, metrics, { t, locale, openYears: yearsOf('open'), closedYears: yearsOf('closed') });
  if (format === 'xlsx') return { filename: `${sheet.filename}.xlsx`, contentType: XLSX_TYPE, body: await sheetToXlsx(sheet, t) };
  return { filename: `${sheet.filename}.csv`, contentType: CSV_TYPE, body: sheetToCsv(sheet) };
}
