// The database refuses what the shared enums do not name, and nothing they name (issue 18). The migrations
// are frozen, so they write their CHECK lists as literals; this test reads the migrated database's own
// constraint definitions and holds every `column in (…)` list to its list in shared/src/enums.ts. An enum
// that gains a value fails here until a migration widens the constraint, and a migration that adds a list
// of values without a shared enum fails too.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as enums from '@lpt/shared/enums';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();

const reportTables = ['progress_reports', 'approved_reports'];

/** Each table.column whose values the database lists, with the shared enum that must hold the same ones. */
const expected: Record<string, readonly string[]> = {
  'organizations.type': enums.organizationTypes,
  'organizations.region': enums.regions,
  'organizations.disclosure': enums.disclosures,
  'users.role': enums.roles,
  'users.locale': enums.locales,
  'reporting_cycles.status': enums.cycleStatuses,
  'progress_reports.status': enums.reportStatuses,
  ...Object.fromEntries(reportTables.flatMap((table) => enums.commitments.map((c) => [`${table}.${c}_status`, enums.sectionStatuses]))),
  'report_history.action': enums.reportActions,
  'review_decisions.decision': enums.recordedDecisions,
  'audit_log.entity': enums.auditEntities,
  'metric_releases.trigger': enums.releaseTriggers,
  'metric_release_cells.viewer': enums.viewers,
  'outbox_messages.locale': enums.locales,
  'outbox_messages.kind': enums.outboxKinds,
  'outbox_messages.stage': enums.reminderStages,
  'outbox_messages.status': enums.outboxStatuses,
  'report_imports.format': enums.fileFormats,
  'login_attempts.kind': enums.loginAttemptKinds,
  'pending_sign_ins.purpose': enums.pendingSignInPurposes,
};

/** Every list CHECK of the schema, as 'table.column' → its values (PostgreSQL shows `in (…)` as `= ANY (ARRAY[…])`). */
async function listedValues(): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table: string; definition: string }>`
    select c.conrelid::regclass::text as table, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    where c.contype = 'c' and c.connamespace = current_schema()::regnamespace
  `.execute(getDb().db);
  const lists = new Map<string, string[]>();
  for (const { table, definition } of rows)
    for (const m of definition.matchAll(/\(?(\w+)\)? = ANY \(\(?ARRAY\[([^\]]*)\]/g)) {
      const values = [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1]!.replaceAll("''", "'"));
      lists.set(`${table}.${m[1]}`, values);
    }
  return lists;
}

describe('the database’s lists of values', () => {
  it('finds the CHECK lists of the schema', async () => {
    const lists = await listedValues();
    expect(lists.get('organizations.disclosure')?.sort()).toEqual(['aggregate_only', 'public']);
  });

  it('are the shared enums, each column with its own', async () => {
    const lists = await listedValues();
    const actual = Object.fromEntries([...lists].map(([column, values]) => [column, [...values].sort()]));
    const wanted = Object.fromEntries(Object.entries(expected).map(([column, values]) => [column, [...values].sort()]));
    expect(actual).toEqual(wanted);
  });
});
