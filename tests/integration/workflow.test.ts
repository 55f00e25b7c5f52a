// The whole life of one report, as its signatory and the coordinator live it: draft, submit, return with
// comments, edit, resubmit, approve, reopen for a correction, approve again. Public figures
// (approved_reports, which metrics read) change only on approval.
import { beforeEach, describe, expect, it } from 'vitest';
import { completeReportData, createRate } from '../factories/index.ts';
import { createReportScenario, failureOf, reportState } from '../factories/reports.ts';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();

beforeEach(async () => {
  await resetDatabase(getDb().db);
});

async function publishedFigures(organizationId: number, year: number) {
  return getDb()
    .db.selectFrom('approvedReports')
    .select(['version', 'currency', 'toLocalDirect', 'inScopeExpenditure', 'fundingNarrative'])
    .where('organizationId', '=', organizationId)
    .where('year', '=', year)
    .executeTakeFirst();
}

describe('report workflow', () => {
  it('goes from draft to approval, through a return, a reopening and a second approval', async () => {
    const { db } = getDb();
    const s = await createReportScenario(db, { organizationName: 'Coastal Migrant Women Network' });
    const { signatory, coordinator } = s.as;
    const key = s.key;
    await createRate(db, s.year, 'EUR', 1.08);

    // A draft may be incomplete.
    const partial = completeReportData({ currency: 'EUR', funding: { inScopeExpenditure: null, multiYearToLocal: null } });
    const created = await signatory.reports.saveDraft({ ...key, expectedVersion: 0, data: partial });
    expect(created).toEqual({ version: 1 });
    let view = await signatory.reports.get(key);
    expect(view.report).toMatchObject({ status: 'draft', version: 1, currency: 'EUR', organizationName: 'Coastal Migrant Women Network' });
    expect(view.report?.data.funding.inScopeExpenditure).toBeNull();
    expect(view.cycle).toMatchObject({ year: 2025, status: 'open' });
    expect(view.lastReturn).toBeNull();
    expect(view.published).toBeNull();

    const complete = completeReportData({ currency: 'EUR' });
    expect(await signatory.reports.saveDraft({ ...key, expectedVersion: 1, data: complete })).toEqual({ version: 2 });
    const submitted = await signatory.reports.submit({ ...key, expectedVersion: 2 });
    expect(submitted).toMatchObject({ version: 3, status: 'submitted', late: false, warnings: [] });

    // The coordinator's review queue.
    const queue = await coordinator.reports.list({ status: 'submitted' });
    expect(queue).toEqual([
      expect.objectContaining({ organizationId: key.organizationId, organizationName: 'Coastal Migrant Women Network', year: 2025, version: 3, late: false, countedLocalShare: 0.24 }),
    ]);
    const first = await coordinator.reports.changesSinceLastSubmission(key);
    expect(first).toMatchObject({ currentVersion: 3, previousVersion: null, changes: [] });

    // Returned with a comment that names fields.
    const returned = await coordinator.reports.review({
      ...key,
      decision: 'return',
      comment: 'Please separate pooled funds from direct transfers.',
      fieldComments: { 'funding.toLocalDirect': 'This seems to include the pooled fund.', 'needs.assessmentsJoint': 'Which were joint?' },
    });
    expect(returned).toEqual({ version: 4, status: 'returned' });
    view = await signatory.reports.get(key);
    expect(view.report?.status).toBe('returned');
    expect(view.lastReturn).toMatchObject({
      comment: 'Please separate pooled funds from direct transfers.',
      fieldComments: { 'funding.toLocalDirect': 'This seems to include the pooled fund.', 'needs.assessmentsJoint': 'Which were joint?' },
      reviewerName: s.users.coordinator.name,
    });
    expect(view.lastReturn?.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // Edited and resubmitted; the reviewer sees exactly what changed.
    const corrected = completeReportData({ currency: 'EUR', funding: { toLocalDirect: 100_000, toLocalPooled: 50_000 } });
    expect(await signatory.reports.saveDraft({ ...key, expectedVersion: 4, data: corrected })).toEqual({ version: 5 });
    expect(await signatory.reports.submit({ ...key, expectedVersion: 5 })).toMatchObject({ version: 6, status: 'submitted' });
    const diff = await coordinator.reports.changesSinceLastSubmission(key);
    expect(diff).toMatchObject({ currentVersion: 6, previousVersion: 3 });
    expect(diff.changes).toEqual([
      { field: 'funding.toLocalDirect', from: 120_000, to: 100_000 },
      { field: 'funding.toLocalPooled', from: 30_000, to: 50_000 },
    ]);

    // Approved: published, and locked.
    expect(await coordinator.reports.review({ ...key, decision: 'approve', comment: 'Thank you.' })).toEqual({ version: 7, status: 'approved' });
    expect(await publishedFigures(key.organizationId, 2025)).toEqual({
      version: 7,
      currency: 'EUR',
      toLocalDirect: 100_000,
      inScopeExpenditure: 1_000_000,
      fundingNarrative: corrected.funding.narrative,
    });
    view = await signatory.reports.get(key);
    expect(view.published).toMatchObject({ version: 7 });
    const locked = await failureOf(signatory.reports.saveDraft({ ...key, expectedVersion: 7, data: complete }));
    expect(locked.code).toBe('CONFLICT');
    expect(locked.message).toMatch(/approved and locked/);

    // Reopened for a correction: in the corrections log at once, while the published figures stay as approved.
    // (Coordinators read it here: donors and the public read a year's corrections only while its release
    // shows them the year's total, which one organisation never is: tests/integration/disclosure.test.ts.)
    const reopened = await coordinator.reports.reopen({ ...key, reason: 'The pooled fund figure double-counts a 2024 grant.' });
    expect(reopened).toEqual({ version: 8, status: 'returned' });
    expect(await db.selectFrom('approvedReports').select('version').execute()).toEqual([{ version: 7 }]);
    expect(await s.as.anonymous.reports.corrections({ year: 2025 })).toEqual([]);
    let log = await s.as.coordinator.reports.corrections({ year: 2025 });
    expect(log).toEqual([
      {
        year: 2025,
        organizationName: 'Coastal Migrant Women Network',
        reopenedAt: expect.stringMatching(/^\d{4}-/),
        reason: 'The pooled fund figure double-counts a 2024 grant.',
        reapproved: false,
        reapprovedAt: null,
      },
    ]);
    view = await signatory.reports.get(key);
    expect(view.lastReturn).toMatchObject({ decision: 'reopen', comment: 'The pooled fund figure double-counts a 2024 grant.' });

    const correction = completeReportData({ currency: 'EUR', funding: { toLocalDirect: 100_000, toLocalPooled: 20_000 } });
    expect(await signatory.reports.saveDraft({ ...key, expectedVersion: 8, data: correction })).toEqual({ version: 9 });
    expect((await publishedFigures(key.organizationId, 2025))?.version).toBe(7);
    expect(await signatory.reports.submit({ ...key, expectedVersion: 9 })).toMatchObject({ version: 10 });
    expect(await publishedFigures(key.organizationId, 2025)).toMatchObject({ version: 7, toLocalDirect: 100_000 });
    expect((await coordinator.reports.changesSinceLastSubmission(key)).changes).toEqual([
      { field: 'funding.toLocalPooled', from: 50_000, to: 20_000 },
    ]);

    // Approved again: the correction is published and the log says so.
    expect(await coordinator.reports.review({ ...key, decision: 'approve', comment: '' })).toEqual({ version: 11, status: 'approved' });
    const republished = await db
      .selectFrom('approvedReports')
      .select(['version', 'toLocalPooled'])
      .where('organizationId', '=', key.organizationId)
      .execute();
    expect(republished).toEqual([{ version: 11, toLocalPooled: 20_000 }]);
    log = await s.as.coordinator.reports.corrections();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ reapproved: true });
    expect(log[0]!.reapprovedAt! >= log[0]!.reopenedAt).toBe(true);

    // Every step is in the history, with who did it.
    const history = await signatory.reports.history(key);
    expect(history.map((h) => [h.version, h.action, h.actorName])).toEqual([
      [1, 'create', s.users.signatory.name],
      [2, 'save', s.users.signatory.name],
      [3, 'submit', s.users.signatory.name],
      [4, 'return', s.users.coordinator.name],
      [5, 'save', s.users.signatory.name],
      [6, 'submit', s.users.signatory.name],
      [7, 'approve', s.users.coordinator.name],
      [8, 'reopen', s.users.coordinator.name],
      [9, 'save', s.users.signatory.name],
      [10, 'submit', s.users.signatory.name],
      [11, 'approve', s.users.coordinator.name],
    ]);
    expect(history[1]!.changes).toEqual([
      { field: 'funding.inScopeExpenditure', from: null, to: 1_000_000 },
      { field: 'funding.multiYearToLocal', from: null, to: 60_000 },
    ]);
    expect(history[3]!.comment).toBe('Please separate pooled funds from direct transfers.');
    expect(history[7]!.comment).toBe('The pooled fund figure double-counts a 2024 grant.');
    const state = await reportState(db, key.organizationId, 2025);
    expect(state).toMatchObject({ historyRows: 11, decisions: 4 });
  });

  // Read as a coordinator (the log names no aggregate_only organisation to anyone); the public's reading of a
  // year it sees the total of: tests/integration/disclosure.test.ts.
  it('names aggregate-only organisations nowhere in the corrections log', async () => {
    const { db } = getDb();
    const s = await createReportScenario(db, { disclosure: 'aggregate_only', organizationName: 'Quiet Partner Trust' });
    await s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 0, data: completeReportData() });
    await s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 });
    await s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: '' });
    await s.as.coordinator.reports.reopen({ ...s.key, reason: 'Expenditure was in thousands, not units.' });

    const log = await s.as.coordinator.reports.corrections();
    expect(log).toEqual([expect.objectContaining({ organizationName: 'A signatory (aggregate only)', reason: 'Expenditure was in thousands, not units.' })]);
    expect(JSON.stringify(log)).not.toContain('Quiet Partner Trust');
    expect(await s.as.coordinator.reports.corrections({ year: 2024 })).toEqual([]);
  });
});
