// Runs the frozen migrations in db/migrations, listed here so that bundlers and tsx see them statically.
import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import * as initial from '../migrations/2026_11_27_0001_initial.ts';
import * as metricCells from '../migrations/2026_11_27_0003_metric_cells.ts';
import * as nameNormalization from '../migrations/2026_11_28_0004_name_normalization.ts';
import * as releases from '../migrations/2026_12_01_0005_releases.ts';
import * as userLocale from '../migrations/2026_12_02_0006_user_locale.ts';
import * as outbox from '../migrations/2026_12_03_0007_outbox.ts';
import * as reportImport from '../migrations/2026_12_03_0008_report_import.ts';
import * as commentReplies from '../migrations/2026_12_04_0009_comment_replies.ts';
import * as nameSkeleton from '../migrations/2026_12_07_0014_name_skeleton.ts';
import * as releaseTypeGroups from '../migrations/2026_12_07_0012_release_type_groups.ts';
import * as secretLinks from '../migrations/2026_12_07_0010_secret_links.ts';
import * as twoFactor from '../migrations/2026_12_07_0011_two_factor.ts';
import * as invitations from '../migrations/2026_12_07_0016_invitations.ts';
import * as metricCellsByField from '../migrations/2026_12_07_0015_metric_cells_by_field.ts';
import * as auditReportsReleases from '../migrations/2026_12_07_0017_audit_reports_releases.ts';
import * as reportAssignments from '../migrations/2026_12_07_0018_report_assignments.ts';

const migrations: Record<string, Migration> = {
  '2026_11_27_0001_initial': initial,
  '2026_11_27_0003_metric_cells': metricCells,
  '2026_11_28_0004_name_normalization': nameNormalization,
  '2026_12_01_0005_releases': releases,
  '2026_12_02_0006_user_locale': userLocale,
  '2026_12_03_0007_outbox': outbox,
  '2026_12_03_0008_report_import': reportImport,
  '2026_12_04_0009_comment_replies': commentReplies,
  '2026_12_07_0010_secret_links': secretLinks,
  '2026_12_07_0011_two_factor': twoFactor,
  '2026_12_07_0012_release_type_groups': releaseTypeGroups,
  '2026_12_07_0014_name_skeleton': nameSkeleton,
  '2026_12_07_0016_invitations': invitations,
  '2026_12_07_0015_metric_cells_by_field': metricCellsByField,
  '2026_12_07_0017_audit_reports_releases': auditReportsReleases,
  '2026_12_07_0018_report_assignments': reportAssignments,
};

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this code knows that the database has not applied (readiness: empty when up to date). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const known = await migrator.getMigrations();
  return known.filter((m) => !m.executedAt).map((m) => m.name);
}
