// The audit trail: every change to a report, an organisation, a user, a cycle or a rate is recorded with
// who made it and when, and nothing reachable through the API rewrites or removes what was recorded.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { appRouter } from '@lpt/server/router';
import { callerFor, completeReportData, createUser } from '../factories/index.ts';
import { createSecurityFixture, validCalls, type SecurityFixture } from '../security/procedures.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let fx: SecurityFixture;

beforeAll(async () => {
  fx = await createSecurityFixture(getDb().db);
});

/** Calls a procedure by its dotted path on a direct caller. */
function invoke(caller: ReturnType<typeof callerFor>, path: string, input: unknown): Promise<unknown> {
  const [group, name] = path.split('.') as [string, string];
  return (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[group]![name]!(input);
}

async function auditSince(id: number) {
  return getDb()
    .db.selectFrom('auditLog')
    .select(['id', 'entity', 'entityKey', 'action', 'actorId', 'at', 'changes'])
    .where('id', '>', id)
    .orderBy('id')
    .execute();
}

async function lastAuditId() {
  const row = await getDb().db.selectFrom('auditLog').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Within the test's own time window: the database's clock and ours agree to the second. */
function expectRecent(at: string | Date, since: number) {
  const time = new Date(at).getTime();
  expect(time).toBeGreaterThanOrEqual(since - 1000);
  expect(time).toBeLessThanOrEqual(Date.now() + 1000);
}

describe('the audit log', () => {
  it('records each change to an organisation, a user, a cycle and a rate, with who and when', async () => {
    const since = Date.now();
    const start = await lastAuditId();
    const coordinatorId = fx.users.coordinator.id;
    const { coordinator } = fx;

    const { id: orgId } = await coordinator.organizations.create({
      name: 'Great Lakes Refugee Youth Union',
      type: 'migrant_led',
      country: 'UG',
      signedOn: '2024-06-01',
      disclosure: 'aggregate_only',
    });
    await coordinator.organizations.update({ id: orgId, disclosure: 'public' });
    const { id: userId } = await coordinator.users.create({
      email: 'audit.donor@test.example',
      name: 'Audit Donor',
      password: 'a-long-unusual-passphrase',
      role: 'donor',
    });
    await coordinator.users.update({ id: userId, active: false });
    const member = await createUser(getDb().db, 'donor');
    await callerFor(getDb().db, member).auth.changePassword({ currentPassword: member.password, newPassword: 'another-long-passphrase' });
    await coordinator.cycles.upsert({ year: 2031, opensOn: '2032-01-01', dueOn: '2032-03-31', status: 'open' });
    await coordinator.cycles.upsert({ year: 2031, opensOn: '2032-01-01', dueOn: '2032-04-30', status: 'closed' });
    await coordinator.rates.upsert({ year: 2025, currency: 'GBP', usdPerUnit: 1.27 });
    await coordinator.rates.upsert({ year: 2025, currency: 'GBP', usdPerUnit: 1.25 });

    const rows = await auditSince(start);
    const summary = rows.map((r) => [r.entity, r.entityKey, r.action, r.actorId]);
    expect(summary).toEqual([
      ['organization', String(orgId), 'create', coordinatorId],
      ['organization', String(orgId), 'update', coordinatorId],
      ['user', String(userId), 'create', coordinatorId],
      ['user', String(userId), 'update', coordinatorId],
      ['user', String(member.id), 'change_password', member.id],
      ['cycle', '2031', 'create', coordinatorId],
      ['cycle', '2031', 'update', coordinatorId],
      // Closing the cycle published the year's first release, in the same transaction.
      ['release', '2031-1', 'publish', coordinatorId],
      ['rate', '2025-GBP', 'create', coordinatorId],
      ['rate', '2025-GBP', 'update', coordinatorId],
    ]);
    for (const row of rows) expectRecent(row.at, since);
    const changes = rows.map((r) => (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes));
    expect(changes[1]).toEqual([{ field: 'disclosure', from: 'aggregate_only', to: 'public' }]);
    expect(changes[3]).toEqual([{ field: 'active', from: true, to: false }]);
    expect(changes[6]).toEqual(
      expect.arrayContaining([
        { field: 'dueOn', from: '2032-03-31', to: '2032-04-30' },
        { field: 'status', from: 'open', to: 'closed' },
      ]),
    );
    expect(changes[9]).toEqual([{ field: 'usdPerUnit', from: 1.27, to: 1.25 }]);
    // No secret is ever written into the log.
    expect(JSON.stringify(changes)).not.toMatch(/passphrase|argon2|passwordHash/);
  });

  it('records each step of a report with who, when, the version and what changed', async () => {
    const since = Date.now();
    const year = await fx.freshYear();
    const key = { organizationId: fx.own.id, year };
    const { signatory, coordinator } = fx;
    const signatoryId = fx.users.ownSignatory.id;
    const coordinatorId = fx.users.coordinator.id;

    await signatory.reports.saveDraft({ ...key, expectedVersion: 0, data: completeReportData() });
    await signatory.reports.saveDraft({ ...key, expectedVersion: 1, data: completeReportData({ funding: { toLocalDirect: 110_000 } }) });
    await signatory.reports.submit({ ...key, expectedVersion: 2 });
    await coordinator.reports.review({ ...key, decision: 'return', comment: 'Split the pooled fund.' });
    await coordinator.reports.saveDraft({ ...key, expectedVersion: 4, data: completeReportData({ funding: { toLocalPooled: 40_000 } }) });
    await signatory.reports.submit({ ...key, expectedVersion: 5 });
    await coordinator.reports.review({ ...key, decision: 'approve', comment: '' });
    await coordinator.reports.reopen({ ...key, reason: 'Audited figures arrived.' });

    const report = await getDb().db.selectFrom('progressReports').select('id').where('organizationId', '=', key.organizationId).where('year', '=', year).executeTakeFirstOrThrow();
    const history = await getDb()
      .db.selectFrom('reportHistory')
      .select(['version', 'action', 'actorId', 'at', 'changes', 'comment'])
      .where('reportId', '=', report.id)
      .orderBy('id')
      .execute();
    expect(history.map((h) => [h.version, h.action, h.actorId])).toEqual([
      [1, 'create', signatoryId],
      [2, 'save', signatoryId],
      [3, 'submit', signatoryId],
      [4, 'return', coordinatorId],
      [5, 'save', coordinatorId],
      [6, 'submit', signatoryId],
      [7, 'approve', coordinatorId],
      [8, 'reopen', coordinatorId],
    ]);
    for (const h of history) expectRecent(h.at, since);
    const changesOf = (i: number) => {
      const c = history[i]!.changes;
      return (typeof c === 'string' ? JSON.parse(c) : c) as { field: string; from: unknown; to: unknown }[];
    };
    expect(changesOf(1)).toEqual([{ field: 'funding.toLocalDirect', from: 120_000, to: 110_000 }]);
    expect(changesOf(4)).toEqual([
      { field: 'funding.toLocalDirect', from: 110_000, to: 120_000 },
      { field: 'funding.toLocalPooled', from: 30_000, to: 40_000 },
    ]);
    expect(history[3]!.comment).toBe('Split the pooled fund.');
    expect(history[7]!.comment).toBe('Audited figures arrived.');
    // What the signatory and the reviewer see through the API is the same record.
    const seen = await signatory.reports.history(key);
    expect(seen.map((h) => [h.version, h.action])).toEqual(history.map((h) => [h.version, h.action]));
  });
});

describe('the history cannot be changed through the API', () => {
  const historyTables = ['audit_log', 'report_history', 'review_decisions'] as const;

  async function historyRows() {
    const out: Record<string, string[]> = {};
    for (const table of historyTables) {
      const { rows } = await sql<{ line: string }>`select t::text as line from ${sql.table(table)} t order by id`.execute(getDb().db);
      out[table] = rows.map((r) => r.line);
    }
    return out;
  }

  it('offers no procedure that writes the audit log: the audit router only reads', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    const audit = Object.entries(procedures).filter(([path]) => path.startsWith('audit.'));
    expect(audit.length).toBeGreaterThan(0);
    for (const [path, procedure] of audit) expect(procedure._def.type, path).toBe('query');
  });

  it('keeps every recorded row exactly as it was, whatever mutation is called', async () => {
    const before = await historyRows();
    expect(before.audit_log!.length).toBeGreaterThan(0);
    expect(before.report_history!.length).toBeGreaterThan(0);
    expect(before.review_decisions!.length).toBeGreaterThan(0);
    const mutations = Object.entries(validCalls).filter(([, call]) => call.type === 'mutation');
    for (const [path, call] of mutations) {
      const caller = path === 'auth.changePassword' ? callerFor(getDb().db, await createUser(getDb().db, 'donor')) : fx.coordinator;
      await invoke(caller, path, await call.input(fx));
    }
    const after = await historyRows();
    for (const table of historyTables) {
      // Appended to, never rewritten: what was there is still there, in the same order, byte for byte.
      expect(after[table]!.slice(0, before[table]!.length), table).toEqual(before[table]);
      expect(after[table]!.length).toBeGreaterThan(before[table]!.length);
    }
  });

  it('is refused by the database itself on update or delete', async () => {
    const someColumn = { audit_log: 'action', report_history: 'comment', review_decisions: 'comment' } as const;
    for (const table of historyTables) {
      const column = sql.ref(someColumn[table]);
      const update = sql`update ${sql.table(table)} set ${column} = ${column}`.execute(getDb().db);
      await expect(update).rejects.toThrow(`history is append-only (${table})`);
      const remove = sql`delete from ${sql.table(table)}`.execute(getDb().db);
      await expect(remove).rejects.toThrow(`history is append-only (${table})`);
    }
  });
});
