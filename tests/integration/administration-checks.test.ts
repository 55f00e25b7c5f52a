// Administration that checks (issue 19): exchange rates only in ISO 4217 currencies; a rate removed only
// when no approved report converts with it, the refusal naming those reports' organisations; review
// decisions, releases and imports in the audit log, written in the step's transaction so that a refused
// step leaves no row.
import { describe, expect, it } from 'vitest';
import { importReports } from '@lpt/server/features/imports/imports.service';
import { completeReportData, createOrganization, createRate, createUser, callerFor } from '../factories/index.ts';
import { csvFileOf, importRowOf } from '../factories/imports.ts';
import {
  approvedReport,
  createReportScenario,
  draftReport,
  failureOf,
  submittedReport,
  useReportDatabase,
  type ReportScenario,
} from '../factories/reports.ts';
import { dumpDatabase } from '../security/dump.ts';

const getDb = useReportDatabase();

async function auditRows() {
  const rows = await getDb().db.selectFrom('auditLog').select(['entity', 'entityKey', 'action', 'actorId', 'changes']).orderBy('id').execute();
  return rows.map((r) => ({ ...r, changes: typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes }));
}

async function reportIdOf(s: ReportScenario) {
  const row = await s.db.selectFrom('progressReports').select('id').where('organizationId', '=', s.organization.id).where('year', '=', s.year).executeTakeFirstOrThrow();
  return String(row.id);
}

describe('exchange-rate currencies', () => {
  it('refuses a code outside ISO 4217 with a coded message, and writes nothing', async () => {
    const s = await createReportScenario(getDb().db);
    const before = await dumpDatabase(s.db);
    const error = await failureOf(s.as.coordinator.rates.upsert({ year: s.year, currency: 'XYZ', usdPerUnit: 1.2 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors).toEqual({ currency: ['Not an ISO 4217 currency code: choose one from the list'] });
    expect(await dumpDatabase(s.db)).toBe(before);

    // A real currency is kept.
    await s.as.coordinator.rates.upsert({ year: s.year, currency: 'KES', usdPerUnit: 0.0077 });
    expect(await s.as.coordinator.rates.list({ year: s.year })).toEqual([expect.objectContaining({ currency: 'KES', usdPerUnit: 0.0077 })]);
  });
});

describe('removing a rate', () => {
  it('removes a rate no approved report converts with, and audits it', async () => {
    const s = await createReportScenario(getDb().db);
    await s.as.coordinator.rates.upsert({ year: s.year, currency: 'EUR', usdPerUnit: 1.08 });
    // A submitted report in euros does not hold the rate: it needs one only when it is approved.
    await submittedReport(s, completeReportData({ currency: 'EUR' }));

    expect(await s.as.coordinator.rates.remove({ year: s.year, currency: 'EUR' })).toEqual({ year: s.year, currency: 'EUR', usdPerUnit: 1.08 });
    expect(await s.as.coordinator.rates.list({ year: s.year })).toEqual([]);
    expect(await s.as.coordinator.rates.missing()).toEqual([{ year: s.year, currency: 'EUR', reports: 1 }]);
    expect((await auditRows()).at(-1)).toEqual({
      entity: 'rate',
      entityKey: `${s.year}-EUR`,
      action: 'delete',
      actorId: s.users.coordinator.id,
      changes: [{ field: 'usdPerUnit', from: 1.08, to: null }],
    });
  });

  it('refuses while approved reports convert with it, naming their organisations, and writes nothing', async () => {
    const s = await createReportScenario(getDb().db, { organizationName: 'Kampala Urban Refugee Network' });
    await createRate(s.db, s.year, 'EUR', 1.08);
    await approvedReport(s, completeReportData({ currency: 'EUR' }));
    // Another organisation's approved report, reopened: its published figures still convert with the rate.
    const other = await createOrganization(s.db, { name: 'Balkan Route Solidarity' });
    const otherSignatory = callerFor(s.db, await createUser(s.db, 'signatory', other.id));
    const key = { organizationId: other.id, year: s.year };
    const { version } = await otherSignatory.reports.saveDraft({ ...key, expectedVersion: 0, data: completeReportData({ currency: 'EUR' }) });
    await otherSignatory.reports.submit({ ...key, expectedVersion: version });
    await s.as.coordinator.reports.review({ ...key, decision: 'approve', comment: '' });
    await s.as.coordinator.reports.reopen({ ...key, reason: 'Audited figures arrived.' });

    const before = await dumpDatabase(s.db);
    const error = await failureOf(s.as.coordinator.rates.remove({ year: s.year, currency: 'EUR' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      `The ${s.year} rate for EUR converts 2 approved reports (Balkan Route Solidarity, Kampala Urban Refugee Network): it cannot be removed`,
    );
    expect(await dumpDatabase(s.db)).toBe(before);
  });

  it('removes a rate stored before currencies were checked against ISO 4217', async () => {
    const s = await createReportScenario(getDb().db);
    await createRate(s.db, s.year, 'XYZ', 2);
    expect(await s.as.coordinator.rates.remove({ year: s.year, currency: 'XYZ' })).toEqual({ year: s.year, currency: 'XYZ', usdPerUnit: 2 });
    expect(await s.as.coordinator.rates.list({ year: s.year })).toEqual([]);
  });

  it('says so when there is no such rate', async () => {
    const s = await createReportScenario(getDb().db);
    const error = await failureOf(s.as.coordinator.rates.remove({ year: s.year, currency: 'CHF' }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: `There is no ${s.year} rate for CHF; reload the page` });
  });
});

describe('the audit log of review decisions, releases and imports', () => {
  it('records an approval, a return and a reopening with who and what; a refused one records nothing', async () => {
    const s = await createReportScenario(getDb().db);
    const coordinatorId = s.users.coordinator.id;

    // Refused: returning a draft, approving without a rate, reopening a submitted report.
    await draftReport(s, completeReportData({ currency: 'EUR' }));
    await expect(s.as.coordinator.reports.review({ ...s.key, decision: 'return', comment: 'Too early.' })).rejects.toThrow();
    await s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 });
    await expect(s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: '' })).rejects.toThrow(/No exchange rate/);
    await expect(s.as.coordinator.reports.reopen({ ...s.key, reason: 'Not yet.' })).rejects.toThrow(/Only an approved report/);
    expect((await auditRows()).filter((r) => r.entity === 'report')).toEqual([]);

    await s.as.coordinator.reports.review({ ...s.key, decision: 'return', comment: 'Split the pooled fund.' });
    await s.as.signatory.reports.submit({ ...s.key, expectedVersion: 3 });
    await createRate(s.db, s.year, 'EUR', 1.08);
    await s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: '' });
    await s.as.coordinator.reports.reopen({ ...s.key, reason: 'Audited figures arrived.' });

    const reportId = await reportIdOf(s);
    expect((await auditRows()).filter((r) => r.entity === 'report')).toEqual([
      {
        entity: 'report',
        entityKey: reportId,
        action: 'return',
        actorId: coordinatorId,
        changes: [
          { field: 'status', from: 'submitted', to: 'returned' },
          { field: 'version', from: 2, to: 3 },
          { field: 'comment', from: null, to: 'Split the pooled fund.' },
        ],
      },
      {
        entity: 'report',
        entityKey: reportId,
        action: 'approve',
        actorId: coordinatorId,
        changes: [
          { field: 'status', from: 'submitted', to: 'approved' },
          { field: 'version', from: 4, to: 5 },
        ],
      },
      {
        entity: 'report',
        entityKey: reportId,
        action: 'reopen',
        actorId: coordinatorId,
        changes: [
          { field: 'status', from: 'approved', to: 'returned' },
          { field: 'version', from: 5, to: 6 },
          { field: 'reason', from: null, to: 'Audited figures arrived.' },
        ],
      },
    ]);

    // The coordinators' log names the report by its organisation and year.
    const listed = await s.as.coordinator.audit.list({ entity: 'report' });
    expect(listed.map((e) => [e.action, e.actorName, e.subjectName])).toEqual([
      ['reopen', s.users.coordinator.name, `${s.organization.name} · ${s.year}`],
      ['approve', s.users.coordinator.name, `${s.organization.name} · ${s.year}`],
      ['return', s.users.coordinator.name, `${s.organization.name} · ${s.year}`],
    ]);
  });

  it('records a publication with who and which release; a refused one records nothing', async () => {
    const s = await createReportScenario(getDb().db);
    await approvedReport(s);
    const release = await s.as.coordinator.releases.publish({ year: s.year });
    const releaseRows = async () => (await auditRows()).filter((r) => r.entity === 'release');
    expect(await releaseRows()).toEqual([
      {
        entity: 'release',
        entityKey: `${s.year}-${release.number}`,
        action: 'publish',
        actorId: s.users.coordinator.id,
        changes: [
          { field: 'year', from: null, to: s.year },
          { field: 'number', from: null, to: release.number },
          { field: 'trigger', from: null, to: 'manual' },
        ],
      },
    ]);

    // The same release again would change nothing: refused, and not audited.
    await expect(s.as.coordinator.releases.publish({ year: s.year })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await releaseRows()).toHaveLength(1);
  });

  it('records an import with who and which file; a refused one records nothing', async () => {
    const s = await createReportScenario(getDb().db);
    const coordinator = s.users.coordinator;
    const bad = importRowOf(s.organization.id, s.year, completeReportData());
    bad['funding.toLocalDirect'] = '50,000.25';
    const before = await dumpDatabase(s.db);
    await expect(importReports(s.db, coordinator, { fileName: 'bad.csv', bytes: csvFileOf([bad]) }, { replace: false })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(await dumpDatabase(s.db)).toBe(before);

    const file = { fileName: 'reports.csv', bytes: csvFileOf([importRowOf(s.organization.id, s.year, completeReportData())]) };
    await importReports(s.db, coordinator, file, { replace: false });
    const rows = (await auditRows()).filter((r) => r.entity === 'import');
    expect(rows).toEqual([
      expect.objectContaining({ action: 'import', actorId: coordinator.id, changes: expect.arrayContaining([{ field: 'fileName', from: null, to: 'reports.csv' }, { field: 'created', from: null, to: 1 }]) }),
    ]);
  });
});
