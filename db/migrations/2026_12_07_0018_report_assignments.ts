// Review assignments (issue 19): which coordinator a report on the review desk is assigned to. One row per
// assigned report (none: unassigned); replaced when it is assigned again. Kept beside progress_reports, not
// in it, because the working copy is written by the report workflow alone. Who assigned whom, and when, is
// in the audit log (entity 'report', action 'assign').
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `
    create table report_assignments (
      report_id integer primary key references progress_reports(id) on delete cascade,
      assignee_id integer not null references users(id),
      assigned_by integer not null references users(id),
      assigned_at timestamptz not null default now()
    );
    create index report_assignments_assignee on report_assignments (assignee_id);
`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop table report_assignments;`);
}
