// Organisation names are unique after Unicode NFC normalisation as well as case: "née" typed with a
// combining accent (ne\u0301e) is the same name as "née" with a precomposed é. Names are stored as sent.
// Frozen: a migration never imports application code.
import type { Kysely } from 'kysely';
import { runScript } from '../src/sql-script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `drop index organizations_name_key;
create unique index organizations_name_key on organizations (lower(normalize(name, NFC)));`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(
    db,
    `drop index organizations_name_key;
create unique index organizations_name_key on organizations (lower(name));`,
  );
}
