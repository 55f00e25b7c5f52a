// The audit log covers review decisions and releases (issue 19): entity 'report' (an approval, a return or
// a reopening, keyed by the report's id) and 'release' (a publication, keyed "<year>-<number>"). Frozen:
// the list of entities is written out here, not imported.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `alter table audit_log drop constraint audit_log_entity_check;
alter table audit_log add constraint audit_log_entity_check
  check (entity in ('organization','user','cycle','rate','import','report','release'));`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `delete from audit_log where entity in ('report','release');
alter table audit_log drop constraint audit_log_entity_check;
alter table audit_log add constraint audit_log_entity_check
  check (entity in ('organization','user','cycle','rate','import'));`,
  );
}
