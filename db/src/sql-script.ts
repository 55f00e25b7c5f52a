// Runs a SQL script (several statements, PL/pgSQL bodies between $$) one statement at a time: both
// PGlite's and pg's prepared statements take one statement each. Used by the migrations.
import { sql, type Kysely } from 'kysely';

export async function runScript(db: Kysely<any>, script: string): Promise<void> {
  const statements: string[] = [];
  let current = '';
  script.split('$$').forEach((part, i) => {
    // Odd parts are $$ bodies: kept whole, semicolons and all.
    if (i % 2 === 1) {
      current += `$$${part}$$`;
      return;
    }
    const pieces = part.split(';');
    pieces.forEach((piece, j) => {
      current += piece;
      if (j < pieces.length - 1) {
        if (current.trim()) statements.push(current.trim());
        current = '';
      }
    });
  });
  if (current.trim()) statements.push(current.trim());
  for (const statement of statements) await sql.raw(statement).execute(db);
}
