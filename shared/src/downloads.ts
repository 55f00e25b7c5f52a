// The files people download from the dashboard: each chart and table has its own, as CSV at
// /csv/<table>.csv and as Excel at /xlsx/<table>.xlsx, with the query string of the metrics procedure it
// calls (plus `lang`, and `format=data` for the machine-readable CSV). Shared so that the dashboard's links
// and the server's routes name the same tables. No zod here: the dashboard imports it.
import { fileFormats, type FileFormat } from './enums.ts';

/** Each table, with the metrics procedure it calls (whose roles, input and errors it has). */
export const downloadTables = {
  /** Every figure of one year (the headline and the commitments' figures). */
  summary: 'summary',
  /** The funding figures and reporting, one row per year (the local funding share chart). */
  trend: 'trend',
  /** The other commitments' figures, one row per year (the "other commitments" chart). */
  'commitment-trend': 'trend',
  /** Every figure per region or per organisation type (`by=`; the two breakdown charts). */
  breakdown: 'breakdown',
  /** Signatories by their own local share (the spread chart). */
  distribution: 'summary',
  /** Signatories by the status reported for each commitment (the progress chart). */
  statuses: 'summary',
  /** Local partners by leadership (the leadership chart). */
  leadership: 'summary',
  /** One row per organisation (donors: public organisations only; coordinators: all). */
  organizations: 'organizations',
} as const;
export type DownloadTable = keyof typeof downloadTables;
export const downloadTableNames = Object.keys(downloadTables) as DownloadTable[];

export const downloadFormats = fileFormats;
export type DownloadFormat = FileFormat;

export const isDownloadTable = (name: string): name is DownloadTable => Object.hasOwn(downloadTables, name);
