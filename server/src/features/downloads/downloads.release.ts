// A release's files (issue 20): every table of the year as published by one release, as one Excel
// workbook (a sheet per table and a definitions sheet) and as a Frictionless tabular data package
// (datapackage.json with a Table Schema per CSV file, the licence and the release's provenance), alone or
// zipped with its CSV files. The figures are metrics.release's answer through the request's tRPC caller,
// so donors and the public each get their own cells, and the people's sheets (downloads.tables.ts) choose
// the columns and words, so a release's files read like the dashboard's. Releases never change: the files
// of an earlier release keep its figures after a newer one.
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { stringify } from 'csv-stringify/sync';
import { SUPPRESSION_THRESHOLD, suppressionReasons, type Locale, type CycleStatus } from '@lpt/shared/enums';
import { dataLicence, releasePath } from '@lpt/shared/citation';
import type { ReleaseFigures, BreakdownDimension } from '@lpt/shared/metrics';
import type { TFunction } from 'i18next';
import { translatorFor } from '../../i18n/translate.ts';
import { csvQuoting, neutralizeFormula } from './downloads.data.ts';
import { organizationsSheet, summarySheet, type CellKind, type Sheet, type SheetContext } from './downloads.tables.ts';
import { addFiguresSheet } from './downloads.xlsx.ts';

/** The procedures a release's files call: those of a tRPC caller made with the request's context. */
export interface ReleaseProcedures {
  metrics: { release(input: { year: number; number: number }): Promise<ReleaseFigures> };
  cycles: { list(): Promise<{ year: number; status: CycleStatus }[]> };
}

/** The tables of a release, in the order of its workbook's sheets and its package's resources. */
export const releaseTables = [
  'summary',
  'breakdown-region',
  'breakdown-organization-type',
  'breakdown-type-group',
  'distribution',
  'statuses',
  'leadership',
  'organizations',
] as const;
export type ReleaseTable = (typeof releaseTables)[number];

const breakdownOf: Partial<Record<ReleaseTable, BreakdownDimension>> = {
  'breakdown-region': 'region',
  'breakdown-organization-type': 'organizationType',
  'breakdown-type-group': 'typeGroup',
};

export interface ReleaseSheet {
  table: ReleaseTable;
  /** The sheet's title in the reader's language (an Excel sheet name: at most 31 characters). */
  title: string;
  sheet: Sheet;
  /** The columns that name a row on their own, where there are such (Table Schema primaryKey). */
  primaryKey: string[] | null;
}

export interface ReleaseContents {
  figures: ReleaseFigures;
  sheets: ReleaseSheet[];
  t: TFunction;
  locale: Locale;
}

/** The release's tables as people's sheets: the year's total, its breakdowns, its charts, and (donors) the organisations. */
export async function releaseContents(
  year: number,
  number: number,
  procedures: ReleaseProcedures,
  locale: Locale,
): Promise<ReleaseContents> {
  const t = translatorFor(locale);
  const [figures, cycles] = await Promise.all([procedures.metrics.release({ year, number }), procedures.cycles.list()]);
  const yearsOf = (status: CycleStatus) => new Set(cycles.filter((c) => c.status === status).map((c) => c.year));
  const context: SheetContext = { t, locale, openYears: yearsOf('open'), closedYears: yearsOf('closed') };
  const sheets: ReleaseSheet[] = [];
  for (const table of releaseTables) {
    const title = t(`files:release.table.${table}`).slice(0, 31);
    const by = breakdownOf[table];
    if (by) {
      const rows = figures.breakdowns[by];
      const sheet = summarySheet(context, 'breakdown', table, rows, { by, keys: rows.map((r) => r.key) });
      sheets.push({ table, title, sheet, primaryKey: [by] });
    } else if (table === 'organizations') {
      if (!figures.organizations) continue;
      const sheet = organizationsSheet(context, table, { year, basis: 'approved', release: figures.release, organizations: figures.organizations });
      sheets.push({ table, title, sheet, primaryKey: null });
    } else {
      const chart = table as 'summary' | 'distribution' | 'statuses' | 'leadership';
      sheets.push({ table, title, sheet: summarySheet(context, chart, table, [figures.summary]), primaryKey: ['year'] });
    }
  }
  return { figures, sheets, t, locale };
}

/** The file names of a release: lpt-2025-release-1 (and -public or -donors: whose figures they are). */
export const releaseFileStem = ({ figures }: Pick<ReleaseContents, 'figures'>) =>
  `lpt-${figures.release.year}-release-${figures.release.number}-${figures.viewer === 'donor' ? 'donors' : 'public'}`;

/** The citation's title and publisher in the reader's language. */
export const citationWords = (t: TFunction, figures: ReleaseFigures) => ({
  title: t('common:citation.title', { year: figures.release.year, number: figures.release.number }),
  author: t('common:citation.author'),
});

/** One workbook: a sheet per table, then the definitions of every table's columns, the notes and the citation. */
export async function releaseWorkbook({ figures, sheets, t }: ReleaseContents, origin: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const words = citationWords(t, figures);
  workbook.creator = words.author;
  workbook.title = words.title;
  workbook.created = new Date(figures.release.publishedAt);
  for (const { title, sheet } of sheets) addFiguresSheet(workbook, title, sheet);

  const definitions = workbook.addWorksheet(t('files:workbook.definitionsSheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  definitions.columns = [
    { header: t('files:release.sheet'), key: 'sheet', width: 28 },
    { header: t('files:workbook.column'), key: 'name', width: 40 },
    { header: t('files:workbook.definition'), key: 'text', width: 100 },
  ];
  definitions.getRow(1).font = { bold: true };
  for (const { title, sheet } of sheets) for (const c of sheet.columns) definitions.addRow({ sheet: title, name: c.header, text: c.definition });
  definitions.addRow({});
  definitions.addRow({ sheet: t('files:workbook.notes') }).font = { bold: true };
  for (const note of sheets[0]!.sheet.notes) definitions.addRow({ name: note.label, text: note.text });
  definitions.addRow({ name: t('files:release.citeLabel'), text: citationText(t, figures, origin) });
  definitions.addRow({ name: t('files:release.licenceLabel'), text: `${dataLicence.title} (${dataLicence.path})` });
  for (const key of ['sheet', 'name', 'text']) definitions.getColumn(key).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The citation as one line: secretariat (year). Title. Published date. Permanent address. */
function citationText(t: TFunction, figures: ReleaseFigures, origin: string): string {
  const { title, author } = citationWords(t, figures);
  return t('common:citation.text', {
    author,
    title,
    year: figures.release.publishedAt.slice(0, 4),
    date: figures.release.publishedAt.slice(0, 10),
    url: `${origin}${releasePath(figures.release.year, figures.release.number)}`,
  });
}

/** Table Schema types of the sheets' cells: shares are fractions (0.281), money in US dollars, dates ISO. */
const fieldTypes: Record<CellKind, 'string' | 'integer' | 'number' | 'date'> = {
  text: 'string',
  integer: 'integer',
  percent: 'number',
  usd: 'number',
  rate: 'number',
  date: 'date',
};

/** A resource's CSV: the fields' names as its header, raw numbers, an empty cell where a figure is withheld. */
export function resourceCsv(sheet: Sheet): string {
  const cell = (kind: CellKind, value: string | number | null) => {
    if (value === null || value === '') return '';
    if (typeof value === 'string') return neutralizeFormula(value);
    if (kind === 'usd') return (Math.round(value * 100) / 100).toFixed(2);
    if (kind === 'integer') return String(Math.round(value));
    return String(value);
  };
  return stringify(
    sheet.rows.map((row) => sheet.columns.map((c) => cell(c.kind, row[c.key] ?? null))),
    { header: true, columns: sheet.columns.map((c) => c.key), record_delimiter: 'windows', ...csvQuoting },
  );
}

/** datapackage.json (Frictionless tabular-data-package, v1 profiles): the resources' schemas, licence and provenance. */
export function dataPackage({ figures, sheets, t, locale }: ReleaseContents, origin: string) {
  const { release } = figures;
  const words = citationWords(t, figures);
  const page = `${origin}${releasePath(release.year, release.number)}`;
  return {
    profile: 'tabular-data-package',
    name: releaseFileStem({ figures }),
    id: page,
    title: words.title,
    description: t(`files:release.description.${figures.viewer}`, { year: release.year, number: release.number }),
    homepage: page,
    version: `${release.number}.0.0`,
    created: release.publishedAt,
    keywords: ['localization', 'local funding', 'humanitarian', String(release.year)],
    contributors: [{ title: words.author, role: 'publisher' }],
    licenses: [dataLicence],
    sources: [{ title: words.title, path: page }],
    // Provenance: which release these files are, for whom, and the disclosure rules its figures passed.
    release: {
      year: release.year,
      number: release.number,
      publishedAt: release.publishedAt,
      trigger: release.trigger,
      supersededBy: figures.latestNumber > release.number ? figures.latestNumber : null,
      audience: figures.viewer,
      language: locale,
      disclosure: {
        threshold: SUPPRESSION_THRESHOLD,
        rules: suppressionReasons.map((reason) => ({
          code: reason,
          label: t(`common:withheld.${reason}`, { count: SUPPRESSION_THRESHOLD }),
          description: t(`files:meaning.${reason}`, { count: SUPPRESSION_THRESHOLD }),
        })),
      },
    },
    resources: sheets.map(({ table, title, sheet, primaryKey }) => ({
      profile: 'tabular-data-resource',
      name: table,
      path: `data/${table}.csv`,
      title,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', doubleQuote: true, quoteChar: '"', lineTerminator: '\r\n', header: true },
      schema: {
        fields: sheet.columns.map((c) => ({
          name: c.key,
          title: c.header,
          type: fieldTypes[c.kind],
          description: c.kind === 'percent' ? `${c.definition} ${t('files:release.fraction')}` : c.definition,
        })),
        // An empty cell is a figure withheld (the row's status column says why) or a share with nothing to divide by.
        missingValues: [''],
        ...(primaryKey ? { primaryKey } : {}),
      },
    })),
  };
}

/** The data package as one zip: datapackage.json beside data/<table>.csv, in a folder named after the release. */
export function dataPackageZip(contents: ReleaseContents, origin: string): Buffer {
  const folder = releaseFileStem(contents);
  const files: Record<string, Uint8Array> = {
    [`${folder}/datapackage.json`]: strToU8(JSON.stringify(dataPackage(contents, origin), null, 2)),
  };
  for (const { table, sheet } of contents.sheets) files[`${folder}/data/${table}.csv`] = strToU8(resourceCsv(sheet));
  return Buffer.from(zipSync(files, { level: 6, mtime: new Date(contents.figures.release.publishedAt) }));
}
