// The report workflow is written once (db/src/workflow.ts): no other code of the server, the seeds, the
// bench or the test factories inserts a report, moves its version or status, or records its history,
// decisions or published copy. This test reads the sources, so a hand-written shortcut fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The workflow's tables, as Kysely and as SQL name them. */
const tables = ['progressReports', 'reportHistory', 'reviewDecisions', 'approvedReports'];
const sqlTables = ['progress_reports', 'report_history', 'review_decisions', 'approved_reports'];
const writes = new RegExp(
  [
    `(insertInto|updateTable|deleteFrom)\\(\\s*'(${tables.join('|')})'`,
    `insert(InBatches|JsonBatches)\\(\\s*\\w+,\\s*'(${tables.join('|')})'`,
    `(insert\\s+into|update|delete\\s+from)\\s+(${sqlTables.join('|')})\\b`,
  ].join('|'),
  'i',
);

/** The one writer, and the exceptions with their reason. */
const allowed: Record<string, string> = {
  'db/src/workflow.ts': 'the workflow itself',
  // Bench data of up to 100,000 reports, written in bulk without history on purpose (its header says why).
  'db/seed/synthetic.ts': 'the synthetic bench data set',
  // The bench's measurement of raw report writes.
  'bench/lib/writes.ts': 'the write benchmark',
};

const writers = ['server/src', 'db/src', 'db/seed', 'bench', 'tests/factories']
  .flatMap((dir) => files(path.join(root, dir)))
  .map((file) => path.relative(root, file))
  .filter((file) => writes.test(readFileSync(path.join(root, file), 'utf8')));

describe('one workflow writes the reports', () => {
  it('finds the workflow writing its tables', () => {
    expect(writers).toContain('db/src/workflow.ts');
  });

  it('has no other code writing a report, its history, its decisions or its published copy', () => {
    expect(writers.filter((file) => !(file in allowed))).toEqual([]);
  });
});
