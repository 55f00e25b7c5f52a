// One report workflow for every writer (issue 18), on PGlite and on PostgreSQL: the demo seed, the reports
// service, the import and the test factories all write through db/src/workflow.ts, so the same steps leave
// the same rows (history, decisions, the published copy, the outbox), and a step the state machine does
// not allow is refused by the module itself with nothing written, whoever calls it.
import { describe, expect, it } from 'vitest';
import type { Database } from '@lpt/db/connect';
import { dataFromFigures, figureColumns } from '@lpt/db/figures';
import type { ReportAction } from '@lpt/db/schema';
import { demoAccounts, DEMO_OPEN_YEAR, seedDemo } from '@lpt/db/seed/demo';
import { assertTransition, ReportChangedElsewhere, TransitionRefused, type WorkingCopy } from '@lpt/db/workflow';
import { reportStatuses, type ReportStatus } from '@lpt/shared/enums';
import type { ReportData } from '@lpt/shared/report';
import { importReports } from '@lpt/server/features/imports/imports.service';
import { reportWorkflow } from '@lpt/server/features/reports/workflow';
import { callerFor, completeReportData, createOrganization, createUser } from '../factories/index.ts';
import { csvFileOf, importRowOf } from '../factories/imports.ts';
import { createSubmittedReport } from '../factories/metrics.ts';
import { dumpDatabase } from '../security/dump.ts';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
const YEAR = DEMO_OPEN_YEAR;

/** Every row the workflow wrote about a report, without ids, times and actors (they differ by writer). */
async function rowsOf(db: Database, reportId: number) {
  const [history, decisions, approved, outbox, report] = await Promise.all([
    db.selectFrom('reportHistory').select(['version', 'action', 'changes', 'data', 'comment']).where('reportId', '=', reportId).orderBy('id').execute(),
    db.selectFrom('reviewDecisions').select(['version', 'decision', 'comment', 'fieldComments']).where('reportId', '=', reportId).orderBy('id').execute(),
    db.selectFrom('approvedReports').select(['version', ...figureColumns]).where('reportId', '=', reportId).executeTakeFirst(),
    db.selectFrom('outboxMessages').select(['kind', 'userId', 'dedupeKey']).where('dedupeKey', 'like', `%:${reportId}:v%`).orderBy('id').execute(),
    db.selectFrom('progressReports').select(['version', 'status', 'late', ...figureColumns]).where('id', '=', reportId).executeTakeFirstOrThrow(),
  ]);
  return {
    report,
    history,
    decisions,
    approved: approved ?? null,
    // Each message as its kind, recipient and the version it is about.
    outbox: outbox.map((m) => ({ kind: m.kind, userId: m.userId, version: /:v(\d+):/.exec(m.dedupeKey)?.[1] })),
  };
}

async function reportIdOf(db: Database, organizationId: number, year = YEAR) {
  const row = await db.selectFrom('progressReports').select(['id']).where('organizationId', '=', organizationId).where('year', '=', year).executeTakeFirstOrThrow();
  return row.id;
}

/** A demo organisation's open-year report and its id. */
async function demoReport(db: Database, acronym: string) {
  const row = await db
    .selectFrom('progressReports')
    .innerJoin('organizations', 'organizations.id', 'progressReports.organizationId')
    .select(['progressReports.id', 'progressReports.warnings'])
    .where('organizations.acronym', '=', acronym)
    .where('progressReports.year', '=', YEAR)
    .executeTakeFirstOrThrow();
  return row;
}

async function seeded() {
  const { db } = getDb();
  await resetDatabase(db);
  await seedDemo(db, { passwordHash: 'not-used-by-this-test' });
  const coordinator = await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'organizationId', 'locale']).where('email', '=', demoAccounts.coordinator.email).executeTakeFirstOrThrow();
  const coordinatorCaller = callerFor(db, { ...coordinator, sessionId: 'demo-coordinator' });
  /** A new organisation with its signatory, reporting in the demo's open cycle. */
  const newcomer = async () => {
    const organization = await createOrganization(db, { signedOn: '2021-01-01' });
    const signatory = await createUser(db, 'signatory', organization.id);
    return { organization, signatory, as: callerFor(db, signatory) };
  };
  return { db, coordinator, coordinatorCaller, newcomer };
}

describe('every writer through one workflow', () => {
  it('the demo seed and the reports service leave the same rows for the same steps; the service’s submission is mailed', async () => {
    const { db, coordinator, coordinatorCaller, newcomer } = await seeded();
    // A demo report returned in the open year (created, saved, submitted, returned) and one approved.
    const demoSteps = { SAB: ['create', 'save', 'submit', 'return'], OHMC: ['create', 'save', 'submit', 'approve'] };
    for (const [acronym, steps] of Object.entries(demoSteps)) {
      const demo = await demoReport(db, acronym);
      const seededRows = await rowsOf(db, demo.id);
      expect(seededRows.history.map((h) => h.action)).toEqual(steps);
      const justifications = Object.fromEntries(demo.warnings.map((w) => [w.code, w.justification ?? 'As reported.']));

      // The same steps taken by people through the API, for a new organisation.
      const { organization, as } = await newcomer();
      const key = { organizationId: organization.id, year: YEAR };
      for (const step of seededRows.history) {
        const expectedVersion = step.version - 1;
        if (step.action === 'create' || step.action === 'save')
          await as.reports.saveDraft({ ...key, expectedVersion, data: step.data as ReportData });
        else if (step.action === 'submit') await as.reports.submit({ ...key, expectedVersion, justifications });
        else {
          const decision = seededRows.decisions.find((d) => d.version === step.version)!;
          await coordinatorCaller.reports.review({
            ...key,
            decision: step.action as 'approve' | 'return',
            comment: decision.comment,
            ...(step.action === 'return' ? { fieldComments: decision.fieldComments } : {}),
          });
        }
      }
      const serviceRows = await rowsOf(db, await reportIdOf(db, organization.id));

      expect(serviceRows.history).toEqual(seededRows.history);
      expect(serviceRows.decisions).toEqual(seededRows.decisions);
      expect(serviceRows.approved).toEqual(seededRows.approved);
      expect(serviceRows.report).toEqual(seededRows.report);
      expect(seededRows.approved !== null).toBe(acronym === 'OHMC');
      // The seed's events are past: it queues no mail. The service's submission is mailed to the
      // coordinator, and a return to the organisation's signatory; an approval mails nobody.
      expect(seededRows.outbox).toEqual([]);
      const submitted = String(seededRows.history.find((h) => h.action === 'submit')!.version);
      expect(serviceRows.outbox.filter((m) => m.kind === 'report_submitted')).toContainEqual({ kind: 'report_submitted', userId: coordinator.id, version: submitted });
      expect(serviceRows.outbox.some((m) => m.kind === 'report_returned')).toBe(acronym === 'SAB');
      expect(serviceRows.outbox.every((m) => m.version === submitted || m.kind === 'report_returned')).toBe(true);
    }
  });

  it('an approval by import leaves the rows of an approval by review, and the factories’ submission those of the service', async () => {
    const { db, coordinatorCaller, coordinator, newcomer } = await seeded();
    const data = completeReportData();

    // Two reports submitted through the API: the coordinator approves one, the other is approved by import.
    const [reviewed, imported] = [await newcomer(), await newcomer()];
    for (const { organization, as } of [reviewed, imported]) {
      const { version } = await as.reports.saveDraft({ organizationId: organization.id, year: YEAR, expectedVersion: 0, data });
      await as.reports.submit({ organizationId: organization.id, year: YEAR, expectedVersion: version });
    }
    await coordinatorCaller.reports.review({ organizationId: reviewed.organization.id, year: YEAR, decision: 'approve', comment: 'Imported from "approvals.csv"' });
    const result = await importReports(db, { ...coordinator, sessionId: 'demo-coordinator' }, { fileName: 'approvals.csv', bytes: csvFileOf([importRowOf(imported.organization.id, YEAR, data)]) }, { replace: true });
    expect(result).toMatchObject({ imported: true, replaced: 1 });

    const byReview = await rowsOf(db, await reportIdOf(db, reviewed.organization.id));
    const byImport = await rowsOf(db, await reportIdOf(db, imported.organization.id));
    // The same move (submitted → approved at version 3), the same decision, the same published copy and
    // no mail; only the history entry's name says which way it came.
    expect(byImport.history.at(-1)).toEqual({ ...byReview.history.at(-1), action: 'imported' });
    expect(byImport.history.at(-1)!.changes).toEqual([{ field: 'status', from: 'submitted', to: 'approved' }]);
    expect(byImport.decisions).toEqual(byReview.decisions);
    expect(byImport.approved).toEqual(byReview.approved);
    expect(byImport.approved).toMatchObject({ version: 3 });
    expect(byImport.report).toEqual(byReview.report);
    expect(byImport.outbox).toEqual(byReview.outbox);
    expect(byImport.outbox.filter((m) => m.version === '3')).toEqual([]);

    // A factory's submitted report: the history and the mails of a submission through the API.
    const viaFactory = await newcomer();
    await createSubmittedReport(db, { organizationId: viaFactory.organization.id, year: YEAR, data, submittedBy: viaFactory.signatory.id });
    const byFactory = await rowsOf(db, await reportIdOf(db, viaFactory.organization.id));
    expect(byFactory.history).toEqual(byReview.history.slice(0, 2));
    expect(byFactory.outbox).toEqual(byReview.outbox);
    expect(byFactory.outbox.map((m) => m.kind)).toContain('report_submitted');
  });
});

describe('the state machine', () => {
  const expected: Record<string, (ReportStatus | null)[]> = {
    create: [null],
    save: ['draft', 'returned'],
    submit: ['draft', 'returned'],
    return: ['submitted'],
    approve: ['submitted'],
    reopen: ['approved'],
    imported: [null, 'draft', 'submitted', 'returned', 'approved'],
  };
  it('allows each step only from the statuses of SPEC §3', () => {
    for (const [action, allowed] of Object.entries(expected))
      for (const from of [null, ...reportStatuses]) {
        const check = () => assertTransition(from, action as ReportAction);
        if (allowed.includes(from)) expect(check).not.toThrow();
        else expect(check).toThrow(TransitionRefused);
      }
  });

  it('refuses a step the status does not allow, whoever calls it, and writes nothing', async () => {
    const { db, coordinator, coordinatorCaller, newcomer } = await seeded();
    const { organization, signatory, as } = await newcomer();
    const other = await newcomer();
    await as.reports.saveDraft({ organizationId: organization.id, year: YEAR, expectedVersion: 0, data: completeReportData() });
    const id = await reportIdOf(db, organization.id);
    const row = await db.selectFrom('progressReports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const draft: WorkingCopy = { id, organizationId: organization.id, year: YEAR, version: row.version, status: row.status, data: dataFromFigures(row) };
    const before = await dumpDatabase(db);
    const inTransaction = (write: Parameters<typeof reportWorkflow.replay>[1]) => db.transaction().execute((trx) => reportWorkflow.replay(trx, write));

    // Approving a draft, reopening it, creating it again.
    await expect(inTransaction([{ report: draft, steps: [{ action: 'approve', comment: '', actorId: coordinator.id }] }])).rejects.toBeInstanceOf(TransitionRefused);
    await expect(inTransaction([{ report: draft, steps: [{ action: 'reopen', reason: 'Why not', actorId: coordinator.id }] }])).rejects.toBeInstanceOf(TransitionRefused);
    await expect(inTransaction([{ report: draft, steps: [{ action: 'create', data: draft.data, actorId: signatory.id }] }])).rejects.toBeInstanceOf(TransitionRefused);
    // A batch with one refused step writes none of its other, allowed, steps either.
    const refused = await inTransaction([
      { report: { organizationId: other.organization.id, year: YEAR }, steps: [{ action: 'create', data: draft.data, actorId: other.signatory.id }, { action: 'submit', late: false, warnings: [], actorId: other.signatory.id }] },
      { report: draft, steps: [{ action: 'return', comment: 'No', fieldComments: {}, actorId: coordinator.id }] },
    ]).catch((error: unknown) => error);
    expect(refused).toMatchObject({ action: 'return', from: 'draft' });
    // Replacing an approved report without saying why is no correction: refused.
    const approvedCopy: WorkingCopy = { ...draft, status: 'approved' };
    await expect(inTransaction([{ report: approvedCopy, steps: [{ action: 'imported', data: draft.data, comment: 'Imported', actorId: coordinator.id }] }])).rejects.toBeInstanceOf(TransitionRefused);
    expect(await dumpDatabase(db)).toBe(before);

    // Through the API, the same refusal in the user's words, and nothing written.
    await expect(coordinatorCaller.reports.reopen({ organizationId: organization.id, year: YEAR, reason: 'Why not' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await dumpDatabase(db)).toBe(before);
  });

  it('rolls back what a step wrote when a later one fails halfway', async () => {
    const { db, newcomer } = await seeded();
    const { organization, signatory, as } = await newcomer();
    const other = await newcomer();
    await as.reports.saveDraft({ organizationId: organization.id, year: YEAR, expectedVersion: 0, data: completeReportData() });
    const id = await reportIdOf(db, organization.id);
    const row = await db.selectFrom('progressReports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // A copy read at a version someone has since moved on from: its guarded update finds nothing.
    const stale: WorkingCopy = { id, organizationId: organization.id, year: YEAR, version: row.version - 1, status: 'draft', data: dataFromFigures(row) };
    const withoutSequences = (dump: string) => dump.slice(0, dump.indexOf('-- ~sequences'));
    const before = await dumpDatabase(db);

    const failure = await db
      .transaction()
      .execute((trx) =>
        reportWorkflow.replay(trx, [
          // Written first (the new report is inserted before the updates)...
          { report: { organizationId: other.organization.id, year: YEAR }, steps: [{ action: 'create', data: completeReportData(), actorId: other.signatory.id }] },
          // ...then this one fails.
          { report: stale, steps: [{ action: 'save', data: completeReportData({ currency: 'EUR' }), actorId: signatory.id }] },
        ]),
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReportChangedElsewhere);
    expect(await db.selectFrom('progressReports').select('id').where('organizationId', '=', other.organization.id).execute()).toEqual([]);
    // Every row as it was (an identity sequence is not transactional: a rolled-back insert still moved it).
    expect(withoutSequences(await dumpDatabase(db))).toBe(withoutSequences(before));
  });
});
