// A deterministic text dump of the whole database (every table of the schema, every row as PostgreSQL
// prints it, in a fixed order, plus every sequence's position), so that "nothing was written" can be
// asserted byte for byte: dump before, do the hostile thing, dump after, compare.
import { sql } from 'kysely';
import type { Database } from '@lpt/db/connect';

let tableList: { db: Database; names: string[] } | undefined;

export async function dumpDatabase(db: Database): Promise<string> {
  if (tableList?.db !== db) {
    const { rows } = await sql<{ name: string }>`
      select tablename as name from pg_catalog.pg_tables
      where schemaname = current_schema() order by tablename
    `.execute(db);
    tableList = { db, names: rows.map((r) => r.name) };
  }
  // One statement: each table's rows in their text form (every column), sorted, then the sequences
  // (a refused insert that reached the database would still have moved its identity sequence).
  const parts = tableList.names.map(
    (name) => sql`select ${name}::text as name,
      (select count(*) from ${sql.table(name)})::text || E'\n' ||
      coalesce((select string_agg(t::text, E'\n' order by t::text collate "C") from ${sql.table(name)} t), '') as body`,
  );
  parts.push(sql`select '~sequences' as name,
    coalesce((select string_agg(sequencename || ' ' || coalesce(last_value::text, 'unused'), E'\n' order by sequencename)
      from pg_catalog.pg_sequences where schemaname = current_schema()), '') as body`);
  const { rows } = await sql<{ name: string; body: string }>`${sql.join(parts, sql` union all `)} order by name`.execute(db);
  return rows.map((r) => `-- ${r.name} ${r.body}`).join('\n');
}
