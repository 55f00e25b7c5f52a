// Look-alike organisation names (issue 17): beside the NFC and case uniqueness of 0004, a name's Unicode
// confusable skeleton (UTS #39) is unique too, so "Pamoja" written with a Cyrillic "а", a Greek "ο", a
// fullwidth "Ｐ", a no-break or a double space is the name it imitates. Two keys, each unique: the skeleton
// of the name as written ("PayPaI" is "PayPal") and of its lower case ("РАMOJA" in Cyrillic capitals is
// "Pamoja"); see db/src/names.ts. The skeleton needs confusables.txt's mapping, which PostgreSQL does not
// have: the server computes the keys and stores them; this migration fills them for the rows there are.
// Frozen: the keys are computed here as they were defined on that day, with the same library, not by
// importing application code.
//
// Names already stored that look alike cannot both hold a key: the oldest keeps it, each later one gets
// the key with its id appended (unique, and no name's key) and keeps its name; it can still be edited, and
// a rename gives it its true keys (a rename to another look-alike is refused).
import { sql, type Kysely } from 'kysely';
import unhomoglyph from 'unhomoglyph';

const skeleton = (text: string) => unhomoglyph(text.normalize('NFD')).normalize('NFD');
const key = (text: string) => skeleton(skeleton(text).toLowerCase());

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations add column name_skeleton text, add column name_skeleton_caseless text`.execute(db);
  const rows: { id: number; name: string }[] = await db.selectFrom('organizations').select(['id', 'name']).orderBy('id').execute();
  const taken = { asWritten: new Set<string>(), caseless: new Set<string>() };
  const unique = (set: Set<string>, value: string, id: number) => {
    const kept = set.has(value) ? `${value}\u0001${id}` : value;
    set.add(kept);
    return kept;
  };
  const keys = rows.map(({ id, name }) => {
    const folded = name.replace(/\s+/gu, ' ').trim();
    return { id, asWritten: unique(taken.asWritten, key(folded), id), caseless: unique(taken.caseless, key(folded.toLowerCase()), id) };
  });
  // One statement per thousand rows (the organisations' update trigger runs once per statement).
  for (let i = 0; i < keys.length; i += 1000) {
    const values = keys.slice(i, i + 1000).map((k) => sql`(${k.id}::integer, ${k.asWritten}::text, ${k.caseless}::text)`);
    await sql`update organizations o set name_skeleton = v.as_written, name_skeleton_caseless = v.caseless
      from (values ${sql.join(values)}) as v(id, as_written, caseless)
      where o.id = v.id`.execute(db);
  }
  await sql`alter table organizations alter column name_skeleton set not null, alter column name_skeleton_caseless set not null`.execute(db);
  await sql`create unique index organizations_name_skeleton_key on organizations (name_skeleton)`.execute(db);
  await sql`create unique index organizations_name_skeleton_caseless_key on organizations (name_skeleton_caseless)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations drop column name_skeleton, drop column name_skeleton_caseless`.execute(db);
}
