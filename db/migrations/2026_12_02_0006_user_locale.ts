// Each account's interface language (issue 8): null until the person picks one, when the web app follows
// the browser's languages instead. Frozen: the list of languages is written out here, not imported.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column locale text check (locale in ('en', 'fr', 'es'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column locale`.execute(db);
}
