// Links to the downloads of the dashboard's charts and tables: each has its own table
// (shared/src/downloads.ts), as CSV (/csv/<table>.csv) and Excel (/xlsx/<table>.xlsx), with the inputs of
// the API call and the reader's language, so that the file is headed in the language of the page.
import type { DownloadTable } from '@lpt/shared/downloads';

export interface DownloadLinks {
  csv: string;
  xlsx: string;
}

export function downloadLinks(
  table: DownloadTable,
  query: Record<string, string | number | boolean | undefined>,
  lang: string | undefined,
): DownloadLinks {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== false) params.set(key, String(value));
  }
  if (lang) params.set('lang', lang);
  const search = params.toString();
  return { csv: `/csv/${table}.csv?${search}`, xlsx: `/xlsx/${table}.xlsx?${search}` };
}
