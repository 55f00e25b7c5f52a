// Bulk import of reports (issue 10). An imported report is approved with an `imported` entry in its
// history; each imported file is kept by its SHA-256, so that importing the same file again changes
// nothing; and an import is audited (audit_log entity 'import'). Frozen: the lists of actions and
// entities are written out here, not imported.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `alter table report_history drop constraint report_history_action_check;
alter table report_history add constraint report_history_action_check
  check (action in ('create','save','submit','return','approve','reopen','imported'));

alter table audit_log drop constraint audit_log_entity_check;
alter table audit_log add constraint audit_log_entity_check
  check (entity in ('organization','user','cycle','rate','import'));

-- One row per file imported: what it was (its SHA-256, name and format), who imported it and when, and
-- what it did. Append-only, like the history it explains.
create table report_imports (
  id integer generated always as identity primary key,
  sha256 char(64) not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text not null check (char_length(file_name) between 1 and 255),
  format text not null check (format in ('csv','xlsx')),
  imported_by integer not null references users(id),
  imported_at timestamptz not null default now(),
  rows integer not null check (rows >= 0),
  created integer not null check (created >= 0),
  replaced integer not null check (replaced >= 0),
  unchanged integer not null check (unchanged >= 0)
);
create trigger report_imports_append_only before update or delete on report_imports
  for each row execute function refuse_history_change();`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `drop table report_imports;
alter table audit_log drop constraint audit_log_entity_check;
alter table audit_log add constraint audit_log_entity_check
  check (entity in ('organization','user','cycle','rate'));
alter table report_history drop constraint report_history_action_check;
alter table report_history add constraint report_history_action_check
  check (action in ('create','save','submit','return','approve','reopen'));`,
  );
}
