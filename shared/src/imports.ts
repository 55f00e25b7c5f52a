// Bulk import of reports (issue 10): the file's format, its limits and what a preview and an import answer.
// One row per organisation and year; the columns are the API's report fields as dotted paths
// (`funding.<field>`, and a breakdown's `<section>.<field>.<category>`), after `organization` and
// `year`. Zod-free but for the upload's query: the web app reads the column list and the types.
import { commitments, sectionStatuses, type FileFormat, type ReportStatus } from './enums.ts';
import { fieldPath, fieldsOf, type ReportFieldKind } from './report/fields.ts';
import type { CodedIssue } from './messages.ts';
import { z } from 'zod';

/** Files over this size are refused (413) before a byte of them is parsed. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
/** Files with more data rows than this are refused; parsing stops at the first row over it. */
export const IMPORT_MAX_ROWS = 2000;
/** Header rows above them: the template's headers in the reader's language, then the API paths. */
export const IMPORT_MAX_HEADER_ROWS = 2;

/** How a column's cells are read. */
export type ImportColumnKind = Exclude<ReportFieldKind, 'breakdown'> | 'organization' | 'year' | 'currency' | 'status' | 'text';

/**
 * The vocabularies a cell may be chosen from, each named after its family of labels in the `common`
 * catalogue (`common:sectionStatus.<code>`, `common:answer.true`, `common:supportArea.<code>`).
 */
export const importChoiceSets = ['sectionStatus', 'answer', 'supportArea'] as const;
export type ImportChoiceSet = (typeof importChoiceSets)[number];

export interface ImportColumn {
  /** The column's name in the file's header row: the report field's dotted path. */
  name: string;
  kind: ImportColumnKind;
  /** The report field it fills (the path without its section for section fields). */
  path: string[];
  /** An enumerated column's codes and the family of their labels (the template's drop-down list). */
  choices?: { set: ImportChoiceSet; codes: readonly string[] };
}

/** Yes and no as the codes of the `answer` vocabulary (a boolean field's value, as text). */
export const answerCodes = ['true', 'false'] as const;

/** The codes a report field's cells are chosen from: a yes/no field's answers, a set's values (support areas, the one set vocabulary). */
const choicesOfField = (f: { kind: ReportFieldKind; values?: readonly string[] }): ImportColumn['choices'] =>
  f.kind === 'boolean' ? { set: 'answer', codes: answerCodes } : f.kind === 'set' ? { set: 'supportArea', codes: f.values ?? [] } : undefined;

const sectionText = ['narrative', 'notApplicableReason'] as const;

/** Every column of the import file, in the template's order. */
export const importColumns: readonly ImportColumn[] = [
  { name: 'organization', kind: 'organization', path: [] },
  { name: 'year', kind: 'year', path: [] },
  { name: 'currency', kind: 'currency', path: ['currency'] },
  ...commitments.flatMap((section): ImportColumn[] => [
    { name: `${section}.status`, kind: 'status', path: [section, 'status'], choices: { set: 'sectionStatus', codes: sectionStatuses } },
    ...sectionText.map((field): ImportColumn => ({ name: `${section}.${field}`, kind: 'text', path: [section, field] })),
    // The report fields, from the catalogue: a breakdown is one count column per category.
    ...fieldsOf(section).flatMap((f): ImportColumn[] =>
      f.kind === 'breakdown'
        ? f.values.map((category) => ({ name: `${fieldPath(f)}.${category}`, kind: 'count', path: [section, f.key, category] }))
        : [{ name: fieldPath(f), kind: f.kind, path: [section, f.key], ...(choicesOfField(f) ? { choices: choicesOfField(f)! } : {}) }],
    ),
  ]),
];

export const importColumnNames: readonly string[] = importColumns.map((c) => c.name);

/** Support areas in one cell are separated by semicolons: `governance_finance;digital_data`. */
export const SUPPORT_AREA_SEPARATOR = ';';

export type ImportFormat = FileFormat;

/** What the import does with one row. */
export type ImportRowOutcome = 'create' | 'replace' | 'unchanged' | 'refused';

export interface ImportRowPreview {
  /** The row's number in the file, as a spreadsheet counts it: the header is row 1. */
  row: number;
  organization: { id: number; name: string } | null;
  year: number | null;
  /** The status of the organisation's existing report for that year, if any. */
  existingStatus: ReportStatus | null;
  outcome: ImportRowOutcome;
  /** Every problem of the row; `field` is the column's name ('_' for the row as a whole). */
  issues: CodedIssue[];
}

export interface ImportPreview {
  fileName: string;
  format: ImportFormat;
  sha256: string;
  /** Problems of the file as a whole (its header row): unknown, missing or repeated columns. */
  fileIssues: CodedIssue[];
  rows: ImportRowPreview[];
  /** When this very file (same SHA-256) was imported before: importing it again changes nothing. */
  previousImport: { importedAt: string; importedBy: string } | null;
  /** True when importing would succeed as asked (no refused row, no file problem). */
  importable: boolean;
}

export interface ImportResult {
  fileName: string;
  /** False when the same file had already been imported: nothing was written. */
  imported: boolean;
  created: number;
  replaced: number;
  unchanged: number;
  /** The years the imported reports belong to, for the links to the dashboard. */
  years: number[];
}

/** A file's name as the browser gives it: no control characters, no folders. */
const noControl = /^[^\p{Cc}/\\]+$/u;
const fileNameSchema = z.string().trim().min(1, 'required').max(255, 'max_chars').regex(noControl, 'invalid');

/** The upload's query string: the file's name as the person chose it, and whether existing reports may be replaced. */
export const importQueryInput = z.strictObject({
  fileName: fileNameSchema,
  replace: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/** The Import page's form: a chosen file no larger than the limit, and the choice to replace. */
export const importUploadInput = z.strictObject({
  fileName: fileNameSchema,
  size: z.number().int().min(1, 'import_no_rows').max(IMPORT_MAX_BYTES, 'import_file_too_large'),
  replace: z.boolean(),
});
