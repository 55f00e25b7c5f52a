// Bulk import of reports (issue 10). A coordinator's file of reports, one row per organisation and year,
// is first previewed: each row matched to an organisation (by id, name or acronym, compared as the unique
// index compares names), each value checked by the report form's own rules (reportDataSchema, then
// completeness, as on submit: an imported report is approved), each problem coded on its row and column.
// Importing repeats the preview inside one transaction and writes only when no row is refused: every
// report becomes approved by the workflow's `imported` step (db/src/workflow.ts: the published copy and
// its metric cells, the decision, a history entry naming the file). A file already imported (same SHA-256) changes nothing; a row
// whose values equal the approved report's is left as it is; an existing report is replaced only when the
// coordinator asked, and replacing an approved one is a correction (a reopen decision, then the approval).
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '@lpt/db/connect';
import { dataFromFigures, figureColumns, figuresFromData } from '@lpt/db/figures';
import { ReportChangedElsewhere, type NewReport, type TimedStep, type WorkingCopy } from '@lpt/db/workflow';
import type { DB, ReportFigures } from '@lpt/db/schema';
import { commitments, type ReportStatus } from '@lpt/shared/enums';
import {
  IMPORT_MAX_ROWS,
  importColumnNames,
  importColumns,
  SUPPORT_AREA_SEPARATOR,
  type ImportColumn,
  type ImportFormat,
  type ImportPreview,
  type ImportResult,
  type ImportRowPreview,
} from '@lpt/shared/imports';
import { englishMessage, type CodedIssue, type MessageCode, type MessageParams } from '@lpt/shared/messages';
import { completenessIssues, reportDataSchema, type ReportData } from '@lpt/shared/report';
import { yearSchema } from '@lpt/shared/schemas';
import { AppError, codedIssuesOf, refusal } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { recordAudit } from '../audit/audit.queries.ts';
import { reportWorkflow } from '../reports/workflow.ts';
import { tooManyRows, type Cell } from './import-files.ts';
import { readImportFileApart, type ReadOptions } from './import-reader.ts';
import { choiceLabel, headerOfFile, readChoice } from './import-words.ts';
import { translatorFor } from '../../i18n/translate.ts';
import * as q from './imports.queries.ts';

type Trx = Transaction<DB>;

export interface ImportFile {
  fileName: string;
  bytes: Uint8Array;
}

/** Only the secretariat imports reports. */
export function assertCanImport(user: SessionUser | null): asserts user is SessionUser {
  if (!user) throw new AppError('UNAUTHENTICATED', refusal('sign_in_first'));
  if (user.role !== 'coordinator') throw new AppError('FORBIDDEN', refusal('imports_for_coordinators'));
}

const coded = (code: MessageCode, field: string, params: MessageParams = {}): CodedIssue => ({
  code,
  field,
  params,
  message: englishMessage(code, params),
});

// --- reading one row

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A cell as its column's field takes it; what cannot be converted is passed on for the schema to refuse.
 * Statuses, yes/no and support areas are read as the template's lists write them in any language (import-words.ts).
 */
function valueOf(column: ImportColumn, cell: Cell): unknown {
  if (cell === null) return null;
  switch (column.kind) {
    case 'count':
    case 'money':
    case 'year':
      // Numbers are plain: an xlsx numeric cell, or text with a decimal point and no thousands separator.
      return typeof cell === 'string' && PLAIN_NUMBER.test(cell) ? Number(cell) : cell;
    case 'boolean': {
      if (typeof cell === 'boolean') return cell;
      const answer = readChoice('answer', String(cell));
      return answer === undefined ? cell : answer === 'true';
    }
    case 'status':
      return readChoice('sectionStatus', String(cell)) ?? String(cell);
    case 'set':
      return String(cell)
        .split(SUPPORT_AREA_SEPARATOR)
        .map((area) => area.trim())
        .filter(Boolean)
        .map((area) => readChoice('supportArea', area) ?? area);
    case 'currency':
      return String(cell).toUpperCase();
    default:
      return String(cell);
  }
}

/** The schema's refusals of a value outside an enumerated column's vocabulary. */
const notAChoice = new Set<MessageCode>(['choose_status', 'yes_or_no', 'unknown_support_area']);
const english = translatorFor('en');

/**
 * An enumerated cell the schema refused, said as the column's accepted values: their codes and the family
 * of their labels, for the web app to word in the reader's language (English labels in `message`).
 */
function acceptedValuesIssue(column: ImportColumn): CodedIssue {
  const { set, codes } = column.choices!;
  const code = column.kind === 'set' ? 'import_choose_values' : 'import_choose_value';
  const params = { choices: codes, choiceSet: set, ...(column.kind === 'set' ? { separator: SUPPORT_AREA_SEPARATOR } : {}) };
  return { code, field: column.name, params, message: englishMessage(code, { ...params, choices: codes.map((c) => choiceLabel(english, set, c)) }) };
}

function withAcceptedValues(issues: CodedIssue[]): CodedIssue[] {
  const said = new Set<string>();
  return issues.flatMap((issue) => {
    const column = notAChoice.has(issue.code)
      ? importColumns.find((c) => c.choices && (issue.field === c.name || issue.field.startsWith(`${c.name}.`)))
      : undefined;
    if (!column) return [issue];
    // Two unknown areas in one cell: one list of the accepted values.
    if (said.has(column.name)) return [];
    said.add(column.name);
    return [acceptedValuesIssue(column)];
  });
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

/** The report data of a row, checked by the form's schema and the submit's completeness rules. */
function reportDataOf(cells: Map<string, Cell>): { data: ReportData | null; issues: CodedIssue[] } {
  const candidate: Record<string, unknown> = Object.fromEntries(commitments.map((c) => [c, {}]));
  for (const column of importColumns) {
    if (column.path.length === 0) continue;
    setAt(candidate, column.path, valueOf(column, cells.get(column.name) ?? null));
  }
  const parsed = reportDataSchema.safeParse(candidate);
  if (!parsed.success) return { data: null, issues: withAcceptedValues(codedIssuesOf(parsed.error.issues)) };
  return { data: parsed.data, issues: codedIssuesOf(completenessIssues(parsed.data)) };
}

// --- the preview

interface Matching {
  organizations: Awaited<ReturnType<typeof q.organizationKeys>>;
  keys: Map<string, string>;
}

function matchOrganization(cell: Cell, matching: Matching): { organization: { id: number; name: string } | null; issue: CodedIssue | null } {
  if (cell === null) return { organization: null, issue: coded('required', 'organization') };
  const text = String(cell);
  if (typeof cell === 'number' || /^\d+$/.test(text)) {
    const byId = matching.organizations.find((o) => o.id === Number(text));
    if (byId) return { organization: { id: byId.id, name: byId.name }, issue: null };
  }
  const key = matching.keys.get(text);
  const byName = matching.organizations.filter((o) => o.nameKey === key);
  const candidates = byName.length > 0 ? byName : matching.organizations.filter((o) => o.acronymKey !== null && o.acronymKey === key);
  if (candidates.length === 1) return { organization: { id: candidates[0]!.id, name: candidates[0]!.name }, issue: null };
  if (candidates.length > 1) return { organization: null, issue: coded('import_ambiguous_organization', 'organization') };
  return { organization: null, issue: coded('import_unknown_organization', 'organization') };
}

function yearOf(cell: Cell): { year: number | null; issue: CodedIssue | null } {
  const value = typeof cell === 'string' && /^\d+$/.test(cell) ? Number(cell) : cell;
  const parsed = yearSchema.safeParse(value);
  if (parsed.success) return { year: parsed.data, issue: null };
  return { year: null, issue: codedIssuesOf(parsed.error.issues.map((i) => ({ ...i, path: ['year'] })))[0]! };
}

const sameFigures = (a: ReportFigures, b: ReportFigures) =>
  figureColumns.every((c) => JSON.stringify(a[c] ?? null) === JSON.stringify(b[c] ?? null));

interface PlannedRow extends ImportRowPreview {
  data: ReportData | null;
  existing: { id: number; version: number; status: ReportStatus; data: ReportData } | null;
  /** Its values are those of the approved report already there: importing it writes nothing. */
  unchanged: boolean;
}

interface ImportOptions {
  replace: boolean;
  /** Where and until when the file is read (import-reader.ts). */
  reading?: ReadOptions;
}

/** The file read into rows, in a worker thread and before any transaction (reading may take seconds). */
async function readFile(file: ImportFile, options: ImportOptions) {
  if (file.bytes.length === 0) throw new AppError('VALIDATION', 'The file is empty', [coded('import_no_rows', '_')]);
  return readImportFileApart(file.bytes, options.reading);
}

async function plan(db: Database | Trx, file: ImportFile, read: { format: ImportFormat; rows: Cell[][] }, options: ImportOptions) {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const { format, rows } = read;
  // The header: one row (API paths, or headers in a reader's language), or the template's two.
  const header = headerOfFile(rows);
  const names = header.names;
  const body = rows.slice(header.rows);
  if (body.length > IMPORT_MAX_ROWS) throw tooManyRows();

  const fileIssues: CodedIssue[] = [];
  const seen = new Set<string>();
  names.forEach((name) => {
    if (name === '') return;
    if (!importColumnNames.includes(name)) fileIssues.push(coded('import_unknown_column', name, { column: name }));
    else if (seen.has(name)) fileIssues.push(coded('import_repeated_column', name, { column: name }));
    seen.add(name);
  });
  for (const required of ['organization', 'year'])
    if (!seen.has(required)) fileIssues.push(coded('import_missing_column', required, { column: required }));
  if (body.length === 0) fileIssues.push(coded('import_no_rows', '_'));

  const cellsOf = (row: Cell[]) => {
    const cells = new Map<string, Cell>();
    names.forEach((name, i) => {
      if (name && !cells.has(name)) cells.set(name, row[i] ?? null);
    });
    return cells;
  };
  const bodyCells = body.map(cellsOf);

  const organizationTexts = [...new Set(bodyCells.map((c) => c.get('organization')).filter((v) => v != null).map(String))];
  const [organizations, keys, cycles, previousImport] = await Promise.all([
    q.organizationKeys(db),
    q.lookupKeys(db, organizationTexts),
    q.allCycles(db),
    q.findImport(db, sha256),
  ]);
  const matching: Matching = { organizations, keys };

  const planned: PlannedRow[] = bodyCells.map((cells, index) => {
    const { organization, issue: organizationIssue } = matchOrganization(cells.get('organization') ?? null, matching);
    const { year, issue: yearIssue } = yearOf(cells.get('year') ?? null);
    const { data, issues } = reportDataOf(cells);
    return {
      row: index + header.rows + 1,
      organization,
      year,
      existingStatus: null,
      outcome: 'refused',
      issues: [...(organizationIssue ? [organizationIssue] : []), ...(yearIssue ? [yearIssue] : []), ...issues],
      data,
      existing: null,
      unchanged: false,
    };
  });

  const years = [...new Set(planned.map((r) => r.year).filter((y): y is number => y !== null))];
  const organizationIds = [...new Set(planned.map((r) => r.organization?.id).filter((id): id is number => id !== undefined))];
  const [rates, reports] = await Promise.all([q.ratesOf(db, years), q.reportsOf(db, organizationIds, years)]);
  const cycleOf = new Map(cycles.map((c) => [c.year, c.status]));
  const hasRate = new Set(rates.map((r) => `${r.year}:${r.currency}`));
  const reportOf = new Map(reports.map((r) => [`${r.organizationId}:${r.year}`, r]));
  const firstRowOf = new Map<string, number>();

  for (const row of planned) {
    if (row.year !== null) {
      const status = cycleOf.get(row.year);
      if (!status) row.issues.push(coded('import_no_cycle', 'year', { year: row.year }));
      else if (status === 'closed') row.issues.push(coded('import_cycle_closed', 'year', { year: row.year }));
      const currency = row.data?.currency;
      if (currency && currency !== 'USD' && !hasRate.has(`${row.year}:${currency}`))
        row.issues.push(coded('import_no_rate', 'currency', { currency, year: row.year }));
    }
    if (!row.organization || row.year === null) continue;
    const key = `${row.organization.id}:${row.year}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) row.issues.push(coded('import_repeated_row', 'organization', { row: first }));
    else firstRowOf.set(key, row.row);
    const existing = reportOf.get(key);
    if (!existing) continue;
    row.existingStatus = existing.status;
    row.existing = { id: existing.id, version: existing.version, status: existing.status, data: dataFromFigures(existing) };
    if (!row.data || row.issues.length > 0) continue;
    row.unchanged = existing.status === 'approved' && sameFigures(figuresFromData(row.data), existing);
    if (!row.unchanged && !options.replace)
      row.issues.push(coded(existing.status === 'approved' ? 'import_report_approved' : 'import_report_in_progress', '_'));
  }

  for (const row of planned) {
    if (row.issues.length > 0 || !row.data) row.outcome = 'refused';
    else if (!row.existing) row.outcome = 'create';
    else if (row.unchanged) row.outcome = 'unchanged';
    else row.outcome = 'replace';
  }

  const preview: ImportPreview = {
    fileName: file.fileName,
    format,
    sha256,
    fileIssues,
    rows: planned.map(({ data: _data, existing: _existing, unchanged: _unchanged, ...row }) => row),
    previousImport: previousImport ? { importedAt: previousImport.importedAt, importedBy: previousImport.importedBy } : null,
    importable: fileIssues.length === 0 && planned.every((r) => r.outcome !== 'refused'),
  };
  return { preview, planned };
}

export async function previewImport(db: Database, user: SessionUser | null, file: ImportFile, options: ImportOptions) {
  assertCanImport(user);
  return (await plan(db, file, await readFile(file, options), options)).preview;
}

/** Every refused row's problems as one list, each naming its row (params.row) and column (field). */
function refusedImport(preview: ImportPreview): AppError {
  const issues = [
    ...preview.fileIssues.map((i) => ({ ...i, params: { ...i.params, row: 1 } })),
    ...preview.rows.flatMap((r) => r.issues.map((i) => ({ ...i, params: { ...i.params, row: r.row }, message: `Row ${r.row}, ${i.field}: ${i.message}` }))),
  ];
  const rows = preview.rows.filter((r) => r.outcome === 'refused').length;
  return new AppError(
    'VALIDATION',
    preview.fileIssues.length > 0
      ? 'The file cannot be imported: its header row needs attention'
      : `Nothing was imported: ${rows} ${rows === 1 ? 'row needs' : 'rows need'} attention`,
    issues,
  );
}

export async function importReports(
  db: Database,
  user: SessionUser | null,
  file: ImportFile,
  options: ImportOptions,
): Promise<ImportResult> {
  assertCanImport(user);
  const coordinator = user;
  const read = await readFile(file, options);
  return db.transaction().execute(async (trx) => {
    const { preview, planned } = await plan(trx, file, read, options);
    const years = [...new Set(planned.map((r) => r.year).filter((y): y is number => y !== null))].sort();
    if (preview.previousImport)
      return { fileName: file.fileName, imported: false, created: 0, replaced: 0, unchanged: planned.length, years };
    if (!preview.importable) throw refusedImport(preview);

    const comment = `Imported from "${file.fileName}"`;
    const toCreate = planned.filter((r) => r.outcome === 'create');
    const toReplace = planned.filter((r) => r.outcome === 'replace');
    const importedStep = (row: PlannedRow): TimedStep => {
      const existing = row.existing;
      return {
        action: 'imported',
        data: row.data!,
        comment,
        actorId: coordinator.id,
        ...(existing?.status === 'approved'
          ? { correction: { reason: `Replaced by the import of "${file.fileName}"`, historyComment: `${comment}, replacing approved version ${existing.version}` } }
          : {}),
      };
    };
    const reportOf = (row: PlannedRow): WorkingCopy | NewReport => {
      const key = { organizationId: row.organization!.id, year: row.year! };
      return row.existing ? { ...key, id: row.existing.id, version: row.existing.version, status: row.existing.status, data: row.existing.data } : key;
    };
    // Every row in a few multi-row statements: the import's cost grows with its rows, not their square.
    try {
      await reportWorkflow.replay(trx, [...toCreate, ...toReplace].map((row) => ({ report: reportOf(row), steps: [importedStep(row)] })));
    } catch (error) {
      if (!(error instanceof ReportChangedElsewhere)) throw error;
      if (error.reason === 'exists') throw new AppError('CONFLICT', refusal('import_reports_created_elsewhere'));
      const name = planned.find((r) => r.existing?.id === error.report.id)?.organization?.name ?? '';
      throw new AppError('CONFLICT', refusal('import_report_changed_elsewhere', { year: error.report.year, name }));
    }
    const created = toCreate.length;
    const replaced = toReplace.length;
    const unchanged = planned.length - created - replaced;
    const record = await q.insertImport(trx, {
      sha256: preview.sha256,
      fileName: file.fileName,
      format: preview.format,
      importedBy: coordinator.id,
      rows: planned.length,
      created,
      replaced,
      unchanged,
    });
    // Two coordinators importing the same file at once: the second finds the first's record and writes nothing.
    if (!record) throw new AppError('CONFLICT', refusal('import_file_imported_elsewhere'));
    await recordAudit(trx, {
      entity: 'import',
      entityKey: String(record.id),
      action: 'import',
      actorId: coordinator.id,
      changes: [
        { field: 'fileName', from: null, to: file.fileName },
        { field: 'sha256', from: null, to: preview.sha256 },
        { field: 'created', from: null, to: created },
        { field: 'replaced', from: null, to: replaced },
        { field: 'unchanged', from: null, to: unchanged },
      ],
    });
    return { fileName: file.fileName, imported: true, created, replaced, unchanged, years };
  });
}
