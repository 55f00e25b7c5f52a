// Landed migrations are frozen: a database that has run one never runs it again, so editing it changes
// nothing there and makes new databases differ from old ones. frozen-migrations.json holds the SHA-256 of
// each landed migration file; this test fails when one changes, disappears or is added without its line.
// A migration also imports nothing of the application (STYLE.md, "Database"): a shared enum or the
// report-field catalogue changing later would change what an old migration does.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import landed from './frozen-migrations.json' with { type: 'json' };

const migrationsDir = path.resolve(import.meta.dirname, '../../db/migrations');
const listFile = 'tests/unit/frozen-migrations.json';
const files = readdirSync(migrationsDir).filter((name) => name.endsWith('.ts')).sort();
const sha256 = (name: string) => createHash('sha256').update(readFileSync(path.join(migrationsDir, name))).digest('hex');
const frozen: Record<string, string> = landed;

describe('landed migrations', () => {
  it('are all still there, unchanged', () => {
    const problems = Object.entries(frozen).flatMap(([name, sum]) => {
      if (!files.includes(name))
        return [`db/migrations/${name} has landed and is gone: databases have run it. Put it back; undo it with a new migration.`];
      if (sha256(name) !== sum)
        return [
          `db/migrations/${name} has changed since it landed: databases that ran it will not run it again. ` +
            `Restore it (git checkout main -- db/migrations/${name}) and write the change as a new migration ` +
            `(db/migrations/<date>_<next number>_<name>.ts, registered in db/src/migrate.ts).`,
        ];
      return [];
    });
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('lists every migration file, so that a new one is frozen once it lands', () => {
    const unlisted = files.filter((name) => !Object.hasOwn(frozen, name));
    const lines = unlisted.map((name) => `  "${name}": "${sha256(name)}"`);
    expect(
      unlisted,
      `New migrations: once final, add their lines to ${listFile} (the output of sha256sum db/migrations/<file>):\n${lines.join(',\n')}`,
    ).toEqual([]);
  });

  it('import nothing of the application, only kysely, packages and db/src/sql-script.ts', () => {
    const imports = files.flatMap((name) =>
      [...readFileSync(path.join(migrationsDir, name), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => [name, m[1]!]),
    );
    expect(imports.length).toBeGreaterThan(0);
    const application = imports.filter(([, spec]) => (spec!.startsWith('.') && spec !== '../src/sql-script.ts') || spec!.startsWith('@lpt/'));
    expect(application).toEqual([]);
  });
});
