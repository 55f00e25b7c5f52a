// The review desk (issue 19), on PGlite and on PostgreSQL: the queue filters (status, region, type, late,
// assignment) and sorts in SQL and marks resubmissions and justified warnings; a report can be assigned to
// an active coordinator only, a refused assignment writes nothing, and each assignment is in the audit log.
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@lpt/db/connect';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { failureOf, useReportDatabase } from '../factories/reports.ts';
import { dumpDatabase } from '../security/dump.ts';

const getDb = useReportDatabase();
const YEAR = 2025;

/** Every commitment fulfilled and one narrative missing: a warning the signatory must justify. */
const warnedData = () =>
  completeReportData({
    collaboration: { status: 'fulfilled' },
    funding: { status: 'fulfilled' },
    needs: { status: 'fulfilled', narrative: null },
    credit: { status: 'fulfilled' },
    capacity: { status: 'fulfilled' },
  });

async function signatoryOf(db: Database, organization: { id: number }) {
  return callerFor(db, await createUser(db, 'signatory', organization.id));
}

/** A desk of five reports (submitted on different days, some late, one resubmitted, one justified, one draft). */
async function desk(db: Database) {
  await createCycle(db, YEAR, { opensOn: `${YEAR}-01-01`, dueOn: '2099-12-31' });
  const coordinator = await createUser(db, 'coordinator', null, { name: 'Aïcha Bello' });
  const colleague = await createUser(db, 'coordinator', null, { name: 'Bruno Castillo' });
  const as = callerFor(db, coordinator);
  const orgs = {
    kenyan: await createOrganization(db, { name: 'Amani Migrant Network', type: 'migrant_led', country: 'KE' }),
    peruvian: await createOrganization(db, { name: 'Red Andina de Acogida', type: 'national_ngo', country: 'PE' }),
    fijian: await createOrganization(db, { name: 'Pacific Returnees Forum', type: 'migrant_led', country: 'FJ' }),
    german: await createOrganization(db, { name: 'Brücke Hamburg', type: 'international_ngo', country: 'DE' }),
    drafting: await createOrganization(db, { name: 'Sahel Drafting Collective', type: 'national_ngo', country: 'NE' }),
  };
  const submit = async (org: { id: number }, data = completeReportData(), justifications?: Record<string, string>) => {
    const signatory = await signatoryOf(db, org);
    const key = { organizationId: org.id, year: YEAR };
    const { version } = await signatory.reports.saveDraft({ ...key, expectedVersion: 0, data });
    return { signatory, key, ...(await signatory.reports.submit({ ...key, expectedVersion: version, ...(justifications ? { justifications } : {}) })) };
  };
  // On time: the Kenyan report (then returned and submitted again), the Peruvian one (with a justification).
  const kenyan = await submit(orgs.kenyan);
  await as.reports.review({ ...kenyan.key, decision: 'return', comment: 'Split the pooled funds.' });
  await submit(orgs.peruvian, warnedData(), { fulfilled_without_narrative: 'The needs narrative is in the annex.' });
  await kenyan.signatory.reports.submit({ ...kenyan.key, expectedVersion: kenyan.version + 1 });
  const drafting = await signatoryOf(db, orgs.drafting);
  await drafting.reports.saveDraft({ organizationId: orgs.drafting.id, year: YEAR, expectedVersion: 0, data: completeReportData() });
  // The due date passes: the next two are submitted late, and the draft is overdue.
  await sql`update reporting_cycles set due_on = '2025-03-31' where year = ${YEAR}`.execute(db);
  await submit(orgs.fijian);
  await submit(orgs.german);
  // Submission times one day apart, in the order above, so that the sort is not decided by the clock's grain.
  const order = [orgs.peruvian, orgs.kenyan, orgs.fijian, orgs.german];
  for (const [i, org] of order.entries())
    await sql`update progress_reports set submitted_at = ${`2026-04-0${i + 1}T09:00:00Z`} where organization_id = ${org.id}`.execute(db);
  return { coordinator, colleague, as, orgs };
}

const names = (rows: { organizationName: string }[]) => rows.map((r) => r.organizationName);

describe('the review queue', () => {
  let d: Awaited<ReturnType<typeof desk>>;
  beforeEach(async () => {
    d = await desk(getDb().db);
  });

  it('sorts submitted reports by submission date, oldest or newest first', async () => {
    const oldest = await d.as.reports.queue({ year: YEAR, status: 'submitted' });
    expect(names(oldest)).toEqual(['Red Andina de Acogida', 'Amani Migrant Network', 'Pacific Returnees Forum', 'Brücke Hamburg']);
    const newest = await d.as.reports.queue({ year: YEAR, status: 'submitted', sort: 'newest' });
    expect(names(newest)).toEqual(['Brücke Hamburg', 'Pacific Returnees Forum', 'Amani Migrant Network', 'Red Andina de Acogida']);
  });

  it('filters by status, region, organisation type and lateness, together', async () => {
    expect(names(await d.as.reports.queue({ year: YEAR, status: 'draft' }))).toEqual(['Sahel Drafting Collective']);
    expect(names(await d.as.reports.queue({ year: YEAR, region: 'americas' }))).toEqual(['Red Andina de Acogida']);
    expect(names(await d.as.reports.queue({ year: YEAR, organizationType: 'migrant_led' }))).toEqual([
      'Amani Migrant Network',
      'Pacific Returnees Forum',
    ]);
    // Late: submitted after the due date, or a draft whose due date has passed.
    expect(names(await d.as.reports.queue({ year: YEAR, late: true }))).toEqual(['Pacific Returnees Forum', 'Brücke Hamburg', 'Sahel Drafting Collective']);
    expect(names(await d.as.reports.queue({ year: YEAR, status: 'submitted', late: false }))).toEqual(['Red Andina de Acogida', 'Amani Migrant Network']);
    expect(names(await d.as.reports.queue({ year: YEAR, status: 'submitted', late: true, organizationType: 'migrant_led', region: 'oceania' }))).toEqual([
      'Pacific Returnees Forum',
    ]);
    expect(await d.as.reports.queue({ year: YEAR + 1 })).toEqual([]);
  });

  it('marks a resubmission, a report with justified warnings, and lateness', async () => {
    const rows = await d.as.reports.queue({ year: YEAR, status: 'submitted' });
    const marks = Object.fromEntries(rows.map((r) => [r.organizationName, { resubmission: r.resubmission, justified: r.justified, late: r.late }]));
    expect(marks).toEqual({
      'Red Andina de Acogida': { resubmission: false, justified: true, late: false },
      'Amani Migrant Network': { resubmission: true, justified: false, late: false },
      'Pacific Returnees Forum': { resubmission: false, justified: false, late: true },
      'Brücke Hamburg': { resubmission: false, justified: false, late: true },
    });
  });

  it('refuses a filter it does not know, in the validated input', async () => {
    const refused = await failureOf(d.as.reports.queue({ year: YEAR, region: 'atlantis' as never }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(Object.keys(refused.fieldErrors)).toEqual(['region']);
  });
});

describe('assigning a report', () => {
  let d: Awaited<ReturnType<typeof desk>>;
  beforeEach(async () => {
    d = await desk(getDb().db);
  });

  const keyOf = (org: { id: number }) => ({ organizationId: org.id, year: YEAR });

  it('assigns to oneself or a colleague; the queue shows "assigned to me" and unassigned; each change is audited', async () => {
    const db = getDb().db;
    await d.as.reports.assign({ ...keyOf(d.orgs.kenyan), assigneeId: d.coordinator.id });
    await d.as.reports.assign({ ...keyOf(d.orgs.fijian), assigneeId: d.colleague.id });

    expect(names(await d.as.reports.queue({ year: YEAR, status: 'submitted', assigned: 'me' }))).toEqual(['Amani Migrant Network']);
    expect(names(await callerFor(db, d.colleague).reports.queue({ year: YEAR, status: 'submitted', assigned: 'me' }))).toEqual([
      'Pacific Returnees Forum',
    ]);
    expect(names(await d.as.reports.queue({ year: YEAR, status: 'submitted', assigned: 'unassigned' }))).toEqual([
      'Red Andina de Acogida',
      'Brücke Hamburg',
    ]);
    const fijian = (await d.as.reports.queue({ year: YEAR, region: 'oceania' }))[0]!;
    expect({ id: fijian.assigneeId, name: fijian.assigneeName }).toEqual({ id: d.colleague.id, name: 'Bruno Castillo' });

    // Reassigned, then unassigned: one audit row each, with who did it and the names before and after.
    await d.as.reports.assign({ ...keyOf(d.orgs.fijian), assigneeId: d.coordinator.id });
    await d.as.reports.assign({ ...keyOf(d.orgs.fijian), assigneeId: null });
    // The same assignment again changes nothing and records nothing.
    await d.as.reports.assign({ ...keyOf(d.orgs.fijian), assigneeId: null });
    const reportId = (await db.selectFrom('progressReports').select('id').where('organizationId', '=', d.orgs.fijian.id).executeTakeFirstOrThrow()).id;
    const audit = await d.as.audit.list({ entity: 'report', entityKey: String(reportId) });
    expect(audit.filter((e) => e.action === 'assign').map((e) => ({ actorId: e.actorId, subject: e.subjectName, changes: e.changes }))).toEqual([
      { actorId: d.coordinator.id, subject: `Pacific Returnees Forum · ${YEAR}`, changes: [{ field: 'assignee', from: 'Aïcha Bello', to: null }] },
      { actorId: d.coordinator.id, subject: `Pacific Returnees Forum · ${YEAR}`, changes: [{ field: 'assignee', from: 'Bruno Castillo', to: 'Aïcha Bello' }] },
      { actorId: d.coordinator.id, subject: `Pacific Returnees Forum · ${YEAR}`, changes: [{ field: 'assignee', from: null, to: 'Bruno Castillo' }] },
    ]);
    expect(names(await d.as.reports.queue({ year: YEAR, region: 'oceania', assigned: 'unassigned' }))).toEqual(['Pacific Returnees Forum']);
  });

  it('lists the active coordinators as the reviewers to assign to', async () => {
    const db = getDb().db;
    await createUser(db, 'coordinator', null, { name: 'Zora Inactive', active: false });
    await createUser(db, 'donor', null, { name: 'Daniel Donor' });
    expect(await d.as.reports.reviewers()).toEqual([
      { id: d.coordinator.id, name: 'Aïcha Bello' },
      { id: d.colleague.id, name: 'Bruno Castillo' },
    ]);
  });

  it('refuses a donor, a signatory, a deactivated coordinator and an unknown account, and writes nothing', async () => {
    const db = getDb().db;
    const donor = await createUser(db, 'donor', null, { name: 'Daniel Donor' });
    const signatory = await createUser(db, 'signatory', d.orgs.kenyan.id, { name: 'Sami Signatory' });
    const inactive = await createUser(db, 'coordinator', null, { name: 'Zora Inactive', active: false });
    await d.as.reports.assign({ ...keyOf(d.orgs.kenyan), assigneeId: d.colleague.id });
    const before = await dumpDatabase(db);

    const notCoordinator = await failureOf(d.as.reports.assign({ ...keyOf(d.orgs.kenyan), assigneeId: donor.id }));
    expect(notCoordinator).toMatchObject({ code: 'BAD_REQUEST', message: 'Daniel Donor is not a coordinator: a report can only be assigned to a coordinator' });
    expect(notCoordinator.fieldErrors).toEqual({ assigneeId: [notCoordinator.message] });
    expect((await failureOf(d.as.reports.assign({ ...keyOf(d.orgs.kenyan), assigneeId: signatory.id }))).message).toMatch(/^Sami Signatory is not a coordinator/);
    const deactivated = await failureOf(d.as.reports.assign({ ...keyOf(d.orgs.kenyan), assigneeId: inactive.id }));
    expect(deactivated).toMatchObject({ code: 'BAD_REQUEST', message: "Zora Inactive's account is deactivated: assign the report to an active coordinator" });
    expect((await failureOf(d.as.reports.assign({ ...keyOf(d.orgs.kenyan), assigneeId: 999_999 }))).code).toBe('NOT_FOUND');
    expect((await failureOf(d.as.reports.assign({ organizationId: d.orgs.kenyan.id, year: YEAR + 1, assigneeId: d.coordinator.id }))).code).toBe('NOT_FOUND');

    expect(await dumpDatabase(db)).toEqual(before);
    const kenyan = (await d.as.reports.queue({ year: YEAR, region: 'africa', status: 'submitted' }))[0]!;
    expect(kenyan.assigneeName).toBe('Bruno Castillo');
  });

  it('is for coordinators only: a signatory or a donor can neither assign nor read the queue, and writes nothing', async () => {
    const db = getDb().db;
    const asSignatory = await signatoryOf(db, d.orgs.kenyan);
    const asDonor = callerFor(db, await createUser(db, 'donor'));
    const before = await dumpDatabase(db);
    for (const caller of [asSignatory, asDonor]) {
      expect((await failureOf(caller.reports.assign({ ...keyOf(d.orgs.kenyan), assigneeId: d.coordinator.id }))).code).toBe('FORBIDDEN');
      expect((await failureOf(caller.reports.queue({ year: YEAR }))).code).toBe('FORBIDDEN');
      expect((await failureOf(caller.reports.reviewers())).code).toBe('FORBIDDEN');
    }
    expect((await failureOf(callerFor(db, null).reports.assign({ ...keyOf(d.orgs.kenyan), assigneeId: d.coordinator.id }))).code).toBe('UNAUTHORIZED');
    expect(await dumpDatabase(db)).toEqual(before);
  });
});
