// SQL of the bulk import: what a file's rows are matched against (organisations, cycles, rates, existing
// reports), the record of imported files (report_imports, append-only, keyed by SHA-256), and the creation
// of an imported report. The report workflow's own writes (history, decisions, the published copy) are
// reports.queries.ts's.
import { sql, type Kysely, type Transaction } from 'kysely';
import { figureColumns } from '@lpt/db/figures';
import type { DB, ReportFigures } from '@lpt/db/schema';
import type { FileFormat } from '@lpt/shared/enums';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Every organisation with its name and acronym as the unique index compares them: NFC, then lower case
 * (PostgreSQL's lower(normalize(…, NFC)), migration 0004), so the file's cells are matched the same way.
 */
export function organizationKeys(db: Db) {
  return db
    .selectFrom('organizations')
    .select([
      'id',
      'name',
      sql<string>`lower(normalize(name, NFC))`.as('nameKey'),
      sql<string | null>`lower(normalize(acronym, NFC))`.as('acronymKey'),
    ])
    .orderBy('id')
    .execute();
}

/** Normalises a cell as organisationKeys does, in SQL, so that both sides agree exactly. */
export async function lookupKeys(db: Db, texts: string[]): Promise<Map<string, string>> {
  if (texts.length === 0) return new Map();
  const { rows } = await sql<{ text: string; key: string }>`
    select t as text, lower(normalize(t, NFC)) as key from unnest(${texts}::text[]) as t`.execute(db);
  return new Map(rows.map((r) => [r.text, r.key]));
}

export function allCycles(db: Db) {
  return db.selectFrom('reportingCycles').select(['year', 'status']).execute();
}

export function ratesOf(db: Db, years: number[]) {
  if (years.length === 0) return Promise.resolve([]);
  return db.selectFrom('exchangeRates').select(['year', 'currency']).where('year', 'in', years).execute();
}

/** The working copies of the given organisations' reports in the given years. */
export function reportsOf(db: Db, organizationIds: number[], years: number[]) {
  if (organizationIds.length === 0 || years.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('progressReports')
    .select([
      'progressReports.id',
      'progressReports.organizationId',
      'progressReports.year',
      'progressReports.version',
      'progressReports.status',
      ...figureColumns.map((c) => `progressReports.${c}` as const),
    ])
    .where('organizationId', 'in', organizationIds)
    .where('year', 'in', years)
    .execute();
}

/**
 * Imported reports start approved at version 1 (the history and the decisions say by whom and from which
 * file), in multi-row statements; one that already exists is skipped (the caller counts what came back).
 */
export async function insertImportedReports(
  db: Db,
  reports: readonly { organizationId: number; year: number; actorId: number; figures: ReportFigures }[],
) {
  const out: { id: number; version: number; organizationId: number; year: number }[] = [];
  for (let i = 0; i < reports.length; i += 500) {
    const rows = await db
      .insertInto('progressReports')
      .values(
        reports.slice(i, i + 500).map((report) => ({
          organizationId: report.organizationId,
          year: report.year,
          version: 1,
          status: 'approved' as const,
          warnings: '[]',
          updatedBy: report.actorId,
          ...report.figures,
        })),
      )
      .onConflict((oc) => oc.columns(['organizationId', 'year']).doNothing())
      .returning(['id', 'version', 'organizationId', 'year'])
      .execute();
    out.push(...rows);
  }
  return out;
}

export function findImport(db: Db, sha256: string) {
  return db
    .selectFrom('reportImports')
    .innerJoin('users', 'users.id', 'reportImports.importedBy')
    .select(['reportImports.id', 'reportImports.importedAt', 'users.name as importedBy'])
    .where('reportImports.sha256', '=', sha256)
    .executeTakeFirst();
}

export function insertImport(
  db: Db,
  record: {
    sha256: string;
    fileName: string;
    format: FileFormat;
    importedBy: number;
    rows: number;
    created: number;
    replaced: number;
    unchanged: number;
  },
) {
  return db
    .insertInto('reportImports')
    .values(record)
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning('id')
    .executeTakeFirst();
}
