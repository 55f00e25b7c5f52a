// The rules of the report workflow (SPEC §3): validation errors refused per field with nothing written,
// warnings that need a justification, optimistic concurrency, closed cycles, late marking, the exchange
// rate an approval needs, and the coordinator's lists.
import { describe, expect, it } from 'vitest';
import type { ReportData } from '@lpt/shared/report';
import { callerFor, completeReportData, createOrganization, createUser } from '../factories/index.ts';
import {
  approvedEarlierReport,
  approvedReport,
  createReportScenario,
  draftReport,
  failureOf,
  reportState,
  submittedReport,
  useReportDatabase,
  type ReportScenario,
} from '../factories/reports.ts';

const getDb = useReportDatabase();

/** A complete report with one dotted field set to any value, valid or not. */
function withField(path: string, value: unknown, data: ReportData = completeReportData()): ReportData {
  const copy = structuredClone(data) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy as unknown as ReportData;
}

/** A calendar date (UTC) `days` from today. */
function daysFromToday(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function stateOf(s: ReportScenario) {
  return reportState(s.db, s.organization.id, s.year);
}

describe('validation errors on save', () => {
  const rules: { rule: string; set: string; value: unknown; errorAt?: string; message: string }[] = [
    { rule: 'fora co-led larger than fora', set: 'collaboration.forumsCoLed', value: 5, message: 'Cannot exceed the number of fora' },
    {
      rule: 'a leadership category larger than the local partners',
      set: 'collaboration.partnersByLeadership.womenLed',
      value: 13,
      message: 'Cannot exceed the number of local partners',
    },
    {
      rule: 'the four transfer channels larger than the in-scope expenditure',
      set: 'funding.toLocalTwoPlusIntermediaries',
      value: 800_000,
      errorAt: 'funding.inScopeExpenditure',
      message: 'Transfers to local actors (all four channels) exceed the in-scope expenditure',
    },
    { rule: 'multi-year larger than the counted local funding', set: 'funding.multiYearToLocal', value: 240_000.01, message: 'Cannot exceed the counted local funding' },
    { rule: 'joint assessments larger than all assessments', set: 'needs.assessmentsJoint', value: 7, message: 'Cannot exceed the total assessments' },
    { rule: 'crediting materials larger than those reviewed', set: 'credit.publicationsCrediting', value: 21, message: 'Cannot exceed the materials reviewed' },
    { rule: 'requests supported larger than received', set: 'capacity.requestsSupported', value: 6, message: 'Cannot exceed the requests received' },
    { rule: 'a negative amount', set: 'funding.toLocalDirect', value: -1, message: 'Cannot be negative' },
    { rule: 'a negative count', set: 'needs.assessmentsTotal', value: -2, message: 'Cannot be negative' },
    { rule: 'a non-numeric amount', set: 'funding.inScopeExpenditure', value: '1,000,000', message: 'Enter an amount' },
    { rule: 'a non-numeric count', set: 'collaboration.localPartners', value: 'twelve', message: 'Enter a whole number' },
    { rule: 'a fractional count', set: 'collaboration.forums', value: 2.5, message: 'Enter a whole number' },
    { rule: 'an amount with three decimals', set: 'capacity.capacitySpend', value: 25_000.125, message: 'At most two decimals' },
    { rule: 'an unknown section status', set: 'needs.status', value: 'done', message: 'Choose a status' },
    { rule: 'an unknown support area', set: 'capacity.supportAreas', value: ['training'], errorAt: 'capacity.supportAreas.0', message: 'Unknown support area' },
    { rule: 'a yes/no answer that is neither', set: 'credit.hasCreditPolicy', value: 'yes', message: 'Answer yes or no' },
    { rule: 'a narrative over 3,000 characters', set: 'funding.narrative', value: 'x'.repeat(3001), message: 'At most 3000 characters' },
    { rule: 'a currency that is not an ISO code', set: 'currency', value: 'euro', message: 'Use a three-letter ISO 4217 code such as EUR' },
  ];

  it.each(rules)('refuses $rule, naming the field, and writes nothing', async ({ set, value, errorAt, message }) => {
    const s = await createReportScenario(getDb().db);
    await draftReport(s);
    const before = await stateOf(s);

    const error = await failureOf(s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 1, data: withField(set, value) }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors[`data.${errorAt ?? set}`]).toContain(message);
    expect(await stateOf(s)).toEqual(before);
  });

  it('creates nothing when the first save of a report is invalid', async () => {
    const s = await createReportScenario(getDb().db);
    const error = await failureOf(
      s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 0, data: withField('funding.toLocalDirect', -5) }),
    );
    expect(error.fieldErrors['data.funding.toLocalDirect']).toEqual(['Cannot be negative']);
    expect(await stateOf(s)).toEqual({ report: null, historyRows: 0, decisions: 0, approved: null });
  });

  it('accepts an incomplete draft and keeps every figure exactly', async () => {
    const s = await createReportScenario(getDb().db);
    const data = withField('funding.toLocalPooled', 30_000.07, withField('needs.assessmentsTotal', null));
    await draftReport(s, data);
    const view = await s.as.signatory.reports.get(s.key);
    expect(view.report?.data).toEqual(data);
  });
});

describe('submitting', () => {
  const missing: { rule: string; set: string; value: unknown; errorAt?: string; message: string }[] = [
    { rule: 'a missing figure', set: 'funding.inScopeExpenditure', value: null, message: 'Required to submit' },
    { rule: 'a missing currency', set: 'currency', value: null, message: 'Choose the report currency' },
    { rule: 'a missing section status', set: 'credit.status', value: null, message: 'Choose a status' },
    { rule: 'a missing leadership category', set: 'collaboration.partnersByLeadership.youthLed', value: null, message: 'Required to submit (0 if none)' },
    { rule: 'missing support areas', set: 'capacity.supportAreas', value: null, message: 'Required to submit' },
    {
      rule: 'not applicable without a reason',
      set: 'needs.status',
      value: 'not_applicable',
      errorAt: 'needs.notApplicableReason',
      message: 'Say why this does not apply',
    },
  ];

  it.each(missing)('refuses $rule with the field named, and writes nothing', async ({ set, value, errorAt, message }) => {
    const s = await createReportScenario(getDb().db);
    await draftReport(s, withField(set, value));
    const before = await stateOf(s);

    const error = await failureOf(s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fieldErrors[errorAt ?? set]).toContain(message);
    expect(await stateOf(s)).toEqual(before);
    expect(before.report?.status).toBe('draft');
  });

  it('accepts a section marked not applicable with a reason and keeps it, figures empty', async () => {
    const s = await createReportScenario(getDb().db);
    const data = completeReportData({
      needs: { status: 'not_applicable', notApplicableReason: 'We run no programmes of our own.', assessmentsTotal: null, assessmentsJoint: null },
    });
    await submittedReport(s, data);
    const view = await s.as.coordinator.reports.get(s.key);
    expect(view.report?.status).toBe('submitted');
    expect(view.report?.data.needs).toEqual({
      status: 'not_applicable',
      narrative: data.needs.narrative,
      notApplicableReason: 'We run no programmes of our own.',
      assessmentsTotal: null,
      assessmentsJoint: null,
    });
  });

  it('refuses to submit twice', async () => {
    const s = await createReportScenario(getDb().db);
    await submittedReport(s);
    const error = await failureOf(s.as.signatory.reports.submit({ ...s.key, expectedVersion: 2 }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/already submitted/);
  });

  it('refuses to save over a submitted report: it is with the reviewer', async () => {
    const s = await createReportScenario(getDb().db);
    await submittedReport(s);
    const before = await stateOf(s);
    const error = await failureOf(
      s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 2, data: withField('needs.assessmentsTotal', 9) }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/with the reviewer/);
    expect(await stateOf(s)).toEqual(before);
  });
});

describe('warnings', () => {
  const shareJump = withField('funding.toLocalDirect', 400_000); // 52 % against 24 % last year
  const cases: {
    code: string;
    field: string;
    data: ReportData;
    message: RegExp;
    lastYear?: ReportData;
  }[] = [
    {
      code: 'share_jump',
      field: 'funding.toLocalDirect',
      data: shareJump,
      lastYear: completeReportData(),
      message: /^The counted local share moved from 24\.0 % to 52\.0 %, more than 15 percentage points/,
    },
    {
      code: 'funding_without_partners',
      field: 'collaboration.localPartners',
      data: completeReportData({
        collaboration: {
          localPartners: 0,
          partnersByLeadership: {
            migrantLed: 0, hostCommunityLed: 0, womenLed: 0, youthLed: 0, disabilityLed: 0, informalOrMovement: 0, communityOrTraditional: 0,
          },
        },
      }),
      message: /^Funding to local actors is reported with zero local partners$/,
    },
    {
      code: 'fulfilled_without_narrative',
      field: 'needs.narrative',
      data: completeReportData({
        collaboration: { status: 'fulfilled' },
        funding: { status: 'fulfilled' },
        needs: { status: 'fulfilled', narrative: null },
        credit: { status: 'fulfilled' },
        capacity: { status: 'fulfilled' },
      }),
      message: /^Every commitment is marked fulfilled but needs has no narrative$/,
    },
  ];

  it.each(cases)('$code needs a justification to submit, which is stored and shown to the reviewer', async ({ code, field, data, message, lastYear }) => {
    const s = await createReportScenario(getDb().db);
    if (lastYear) await approvedEarlierReport(s, s.year - 1, lastYear);
    await draftReport(s, data);

    // The signatory sees the warning while editing.
    const editing = await s.as.signatory.reports.get(s.key);
    expect(editing.currentWarnings).toEqual([{ code, field, params: expect.any(Object), message: expect.stringMatching(message) }]);

    const before = await stateOf(s);
    const refused = await failureOf(s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fieldErrors[`justifications.${code}`]).toEqual([expect.stringMatching(message)]);
    expect(await stateOf(s)).toEqual(before);

    const justification = 'Explained in the annex: a one-off grant cycle.';
    await s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1, justifications: { [code]: justification } });
    const review = await s.as.coordinator.reports.get(s.key);
    expect(review.report?.status).toBe('submitted');
    expect(review.report?.warnings).toEqual([{ code, field, params: expect.any(Object), message: expect.stringMatching(message), justification }]);
  });

  it('shows last year’s approved figures beside this year’s, and no jump warning for a small change', async () => {
    const s = await createReportScenario(getDb().db);
    await approvedEarlierReport(s, s.year - 1, completeReportData());
    await draftReport(s, withField('funding.toLocalDirect', 200_000)); // 32 %: 8 points up
    const view = await s.as.signatory.reports.get(s.key);
    expect(view.previousYear).toEqual({ year: s.year - 1, data: completeReportData() });
    expect(view.currentWarnings).toEqual([]);
    expect(await s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 })).toMatchObject({ status: 'submitted', warnings: [] });
  });

  it('asks for each missing justification separately', async () => {
    const s = await createReportScenario(getDb().db);
    const data = completeReportData({
      collaboration: {
        status: 'fulfilled',
        localPartners: 0,
        partnersByLeadership: {
          migrantLed: 0, hostCommunityLed: 0, womenLed: 0, youthLed: 0, disabilityLed: 0, informalOrMovement: 0, communityOrTraditional: 0,
        },
      },
      funding: { status: 'fulfilled', narrative: '' },
      needs: { status: 'fulfilled' },
      credit: { status: 'fulfilled' },
      capacity: { status: 'fulfilled' },
    });
    await draftReport(s, data);
    const refused = await failureOf(
      s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1, justifications: { funding_without_partners: 'We fund through a network.' } }),
    );
    expect(Object.keys(refused.fieldErrors)).toEqual(['justifications.fulfilled_without_narrative']);
    await s.as.signatory.reports.submit({
      ...s.key,
      expectedVersion: 1,
      justifications: { funding_without_partners: 'We fund through a network.', fulfilled_without_narrative: 'See the annual report.' },
    });
    const stored = (await s.as.coordinator.reports.get(s.key)).report?.warnings;
    expect(stored?.map((w) => [w.code, w.justification])).toEqual([
      ['funding_without_partners', 'We fund through a network.'],
      ['fulfilled_without_narrative', 'See the annual report.'],
    ]);
  });
});

describe('optimistic concurrency', () => {
  it('refuses a save based on a stale version and keeps the other person’s changes', async () => {
    const { db } = getDb();
    const s = await createReportScenario(db);
    const colleague = callerFor(db, await createUser(db, 'signatory', s.organization.id));
    await draftReport(s);
    // Both opened version 1; the colleague saves first.
    expect(await colleague.reports.saveDraft({ ...s.key, expectedVersion: 1, data: withField('collaboration.localPartners', 20) })).toEqual({ version: 2 });
    const before = await stateOf(s);

    const error = await failureOf(s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 1, data: withField('collaboration.localPartners', 15) }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('This report was changed by someone else (now version 2); reload to see their changes');
    expect(await stateOf(s)).toEqual(before);
    expect((await s.as.signatory.reports.get(s.key)).report?.data.collaboration.localPartners).toBe(20);
  });

  it('lets only one of two simultaneous saves of the same version through', async () => {
    const { db } = getDb();
    const s = await createReportScenario(db);
    const colleague = callerFor(db, await createUser(db, 'signatory', s.organization.id));
    await draftReport(s);
    const results = await Promise.allSettled([
      s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 1, data: withField('needs.assessmentsTotal', 8) }),
      colleague.reports.saveDraft({ ...s.key, expectedVersion: 1, data: withField('needs.assessmentsTotal', 9) }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const state = await stateOf(s);
    expect(state).toMatchObject({ historyRows: 2, report: { version: 2 } });
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect(state.report?.assessmentsTotal).toBe(winner === 0 ? 8 : 9);
  });

  it('creates a report once when two people start it at the same time', async () => {
    const { db } = getDb();
    const s = await createReportScenario(db);
    const results = await Promise.allSettled([
      s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 0, data: withField('collaboration.forums', 4) }),
      s.as.coordinator.reports.saveDraft({ ...s.key, expectedVersion: 0, data: withField('collaboration.forums', 7) }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already exists \(version 1\)/) });
    const state = await stateOf(s);
    expect(state).toMatchObject({ historyRows: 1, report: { version: 1 } });
    expect(state.report?.forums).toBe(results[0]!.status === 'fulfilled' ? 4 : 7);
  });

  it('refuses a submit based on a stale version', async () => {
    const s = await createReportScenario(getDb().db);
    await draftReport(s);
    await s.as.coordinator.reports.saveDraft({ ...s.key, expectedVersion: 1, data: withField('credit.publicationsReviewed', 25) });
    const before = await stateOf(s);
    const error = await failureOf(s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/now version 2/);
    expect(await stateOf(s)).toEqual(before);
  });

  it('does not make a new version when an autosave changes nothing', async () => {
    const s = await createReportScenario(getDb().db);
    await draftReport(s);
    expect(await s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 1, data: completeReportData() })).toEqual({ version: 1 });
    expect(await stateOf(s)).toMatchObject({ historyRows: 1, report: { version: 1 } });
  });
});

describe('reporting cycles', () => {
  it('refuses saving, submitting and reviewing in a closed cycle, writing nothing', async () => {
    const { db } = getDb();
    const s = await createReportScenario(db);
    await draftReport(s);
    const other = await createOrganization(db);
    await s.as.coordinator.cycles.upsert({ year: s.year, opensOn: `${s.year}-01-01`, dueOn: '2099-12-31', status: 'closed' });
    const before = await stateOf(s);

    const save = await failureOf(s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 1, data: withField('needs.assessmentsTotal', 9) }));
    expect(save).toMatchObject({ code: 'FORBIDDEN', message: `The ${s.year} reporting cycle is closed: it accepts no changes` });
    const submit = await failureOf(s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 }));
    expect(submit.code).toBe('FORBIDDEN');
    expect(submit.message).toMatch(/closed/);
    const create = await failureOf(s.as.coordinator.reports.saveDraft({ organizationId: other.id, year: s.year, expectedVersion: 0, data: completeReportData() }));
    expect(create.code).toBe('FORBIDDEN');
    expect(await stateOf(s)).toEqual(before);
    expect(await reportState(db, other.id, s.year)).toMatchObject({ report: null });
  });

  it('refuses a review once the cycle is closed', async () => {
    const s = await createReportScenario(getDb().db);
    await submittedReport(s);
    await s.as.coordinator.cycles.upsert({ year: s.year, opensOn: `${s.year}-01-01`, dueOn: '2099-12-31', status: 'closed' });
    const before = await stateOf(s);
    const error = await failureOf(s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: '' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(await stateOf(s)).toEqual(before);
  });

  it('answers NOT_FOUND for a year without a cycle', async () => {
    const s = await createReportScenario(getDb().db);
    const error = await failureOf(s.as.signatory.reports.saveDraft({ ...s.key, year: 2031, expectedVersion: 0, data: completeReportData() }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'There is no reporting cycle for 2031' });
  });

  it('marks a report submitted after the due date as late, everywhere the coordinator looks', async () => {
    const s = await createReportScenario(getDb().db, { dueOn: daysFromToday(-1) });
    expect(await submittedReport(s)).toMatchObject({ status: 'submitted', late: true });
    expect((await s.as.coordinator.reports.get(s.key)).report?.late).toBe(true);
    expect(await s.as.coordinator.reports.list({ year: s.year })).toEqual([expect.objectContaining({ late: true })]);
    const compliance = await s.as.coordinator.reports.compliance({ year: s.year });
    expect(compliance.organizations.find((o) => o.organizationId === s.organization.id)).toMatchObject({ state: 'submitted', late: true });
    expect(compliance.counts.late).toBe(1);
  });

  it('does not mark a report submitted on the due date as late', async () => {
    const s = await createReportScenario(getDb().db, { dueOn: daysFromToday(0) });
    expect(await submittedReport(s)).toMatchObject({ late: false });
    expect((await s.as.coordinator.reports.get(s.key)).report?.late).toBe(false);
  });
});

describe('review', () => {
  it('refuses to approve without an exchange rate for the report currency and year', async () => {
    const s = await createReportScenario(getDb().db);
    await submittedReport(s, completeReportData({ currency: 'EUR' }));
    const before = await stateOf(s);

    const error = await failureOf(s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: '' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('No exchange rate for EUR in 2025: add it under Exchange rates before approving');
    expect(await stateOf(s)).toEqual(before);

    await s.as.coordinator.rates.upsert({ year: 2025, currency: 'EUR', usdPerUnit: 1.08 });
    expect(await s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: '' })).toEqual({ version: 3, status: 'approved' });
    expect((await stateOf(s)).approved).toMatchObject({ version: 3, currency: 'EUR', inScopeExpenditure: 1_000_000 });
  });

  it('approves a report in US dollars without any rate', async () => {
    const s = await createReportScenario(getDb().db);
    await submittedReport(s);
    expect(await s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: 'Clear and complete.' })).toMatchObject({ status: 'approved' });
    const state = await stateOf(s);
    expect(state.approved).toMatchObject({ version: 3, approvedBy: s.users.coordinator.id, toLocalDirect: 120_000, supportAreas: ['governance_finance', 'digital_data'] });
    expect(state.decisions).toBe(1);
  });

  it('reviews only submitted reports and reopens only approved ones', async () => {
    const s = await createReportScenario(getDb().db);
    await draftReport(s);
    const draftReturn = await failureOf(s.as.coordinator.reports.review({ ...s.key, decision: 'return', comment: 'Too early' }));
    expect(draftReturn).toMatchObject({ code: 'CONFLICT', message: 'Only a submitted report can be reviewed; this one is draft' });
    await s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 });
    const submittedReopen = await failureOf(s.as.coordinator.reports.reopen({ ...s.key, reason: 'A correction' }));
    expect(submittedReopen).toMatchObject({ code: 'CONFLICT', message: 'Only an approved report can be reopened; this one is submitted' });
    await s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: '' });
    const again = await failureOf(s.as.coordinator.reports.review({ ...s.key, decision: 'approve', comment: '' }));
    expect(again.code).toBe('CONFLICT');
    expect(await stateOf(s)).toMatchObject({ decisions: 1, report: { status: 'approved', version: 3 } });
  });

  it('asks for a comment when returning, and refuses comments on fields a report does not have', async () => {
    const s = await createReportScenario(getDb().db);
    await submittedReport(s);
    const before = await stateOf(s);
    const noComment = await failureOf(s.as.coordinator.reports.review({ ...s.key, decision: 'return', comment: ' ' }));
    expect(noComment.fieldErrors.comment).toEqual(['Say what needs to change']);
    const badField = await failureOf(
      s.as.coordinator.reports.review({ ...s.key, decision: 'return', comment: 'See fields', fieldComments: { 'funding.toLocalDirekt': 'Typo here' } }),
    );
    expect(badField.code).toBe('BAD_REQUEST');
    expect(badField.fieldErrors['fieldComments.funding.toLocalDirekt']).toEqual(['No field "funding.toLocalDirekt" in a report']);
    expect(await stateOf(s)).toEqual(before);
  });
});

describe('lists', () => {
  it('gives the coordinator every report, the review queue oldest first, and each report’s counted local share', async () => {
    const { db } = getDb();
    const s = await createReportScenario(db, { organizationName: 'Alpha Relief' });
    const second = await createOrganization(db, { name: 'Beta Aid' });
    const third = await createOrganization(db, { name: 'Gamma Community Fund' });
    await submittedReport(s);
    await s.as.coordinator.reports.saveDraft({ organizationId: second.id, year: s.year, expectedVersion: 0, data: completeReportData({ funding: { status: 'not_applicable', notApplicableReason: 'No programme budget' } }) });
    await s.as.coordinator.reports.submit({ organizationId: second.id, year: s.year, expectedVersion: 1 });
    await s.as.coordinator.reports.saveDraft({ organizationId: third.id, year: s.year, expectedVersion: 0, data: withField('funding.inScopeExpenditure', null) });

    const queue = await s.as.coordinator.reports.list({ status: 'submitted' });
    expect(queue.map((r) => [r.organizationName, r.countedLocalShare])).toEqual([
      ['Alpha Relief', 0.24],
      ['Beta Aid', null],
    ]);
    expect(queue[0]!.submittedAt! <= queue[1]!.submittedAt!).toBe(true);
    const all = await s.as.coordinator.reports.list({ year: s.year });
    expect(all.map((r) => [r.organizationName, r.status, r.version])).toEqual([
      ['Alpha Relief', 'submitted', 2],
      ['Beta Aid', 'submitted', 2],
      ['Gamma Community Fund', 'draft', 1],
    ]);
    expect(all[2]!.countedLocalShare).toBeNull();
    expect(await s.as.coordinator.reports.list({ year: 2024 })).toEqual([]);

    const own = await s.as.signatory.reports.list();
    expect(own.map((r) => r.organizationName)).toEqual(['Alpha Relief']);
  });

  it('tracks compliance of every organisation expected to report, with reminder addresses', async () => {
    const { db } = getDb();
    const due = daysFromToday(10);
    const s = await createReportScenario(db, { dueOn: due, organizationName: 'Approved Org' });
    const orgs = {
      submitted: await createOrganization(db, { name: 'Submitted Org' }),
      returned: await createOrganization(db, { name: 'Returned Org' }),
      draft: await createOrganization(db, { name: 'Draft Org' }),
      lateSigner: await createOrganization(db, { name: 'Late Signer', signedOn: daysFromToday(11) }),
      withdrawnBefore: await createOrganization(db, { name: 'Withdrawn Early', withdrawnOn: daysFromToday(-30) }),
      withdrawnAfter: await createOrganization(db, { name: 'Withdrawn Later', withdrawnOn: daysFromToday(20) }),
    };
    await createUser(db, 'signatory', s.organization.id, { email: 'inactive@approved.example', active: false });
    await createUser(db, 'signatory', orgs.draft.id, { email: 'b-editor@draft.example' });
    await createUser(db, 'signatory', orgs.draft.id, { email: 'a-editor@draft.example' });
    await approvedReport(s);
    const asCoordinator = s.as.coordinator.reports;
    for (const org of [orgs.submitted, orgs.returned, orgs.draft]) {
      await asCoordinator.saveDraft({ organizationId: org.id, year: s.year, expectedVersion: 0, data: completeReportData() });
      if (org !== orgs.draft) await asCoordinator.submit({ organizationId: org.id, year: s.year, expectedVersion: 1 });
    }
    await asCoordinator.review({ organizationId: orgs.returned.id, year: s.year, decision: 'return', comment: 'Check funding' });

    const result = await asCoordinator.compliance({ year: s.year });
    expect(result.cycle).toMatchObject({ year: s.year, dueOn: due });
    expect(result.organizations.map((o) => [o.organizationName, o.state, o.overdue])).toEqual([
      ['Approved Org', 'approved', false],
      ['Draft Org', 'draft', false],
      [s.otherOrganization.name, 'not_started', false],
      ['Returned Org', 'returned', false],
      ['Submitted Org', 'submitted', false],
      ['Withdrawn Later', 'not_started', false],
    ]);
    const byName = (name: string) => result.organizations.find((o) => o.organizationName === name)!;
    expect(byName('Approved Org').signatoryEmails).toEqual([s.users.signatory.email]);
    expect(byName('Draft Org').signatoryEmails).toEqual(['a-editor@draft.example', 'b-editor@draft.example']);
    expect(byName('Withdrawn Later').signatoryEmails).toEqual([]);
    expect(result.counts).toEqual({ eligible: 6, notStarted: 2, draft: 1, submitted: 1, returned: 1, approved: 1, late: 0 });
  });

  it('flags organisations that have not submitted after the due date as overdue', async () => {
    const s = await createReportScenario(getDb().db, { dueOn: daysFromToday(-1) });
    await draftReport(s);
    const result = await s.as.coordinator.reports.compliance({ year: s.year });
    expect(result.organizations.map((o) => [o.organizationId, o.state, o.overdue])).toEqual([
      [s.organization.id, 'draft', true],
      [s.otherOrganization.id, 'not_started', true],
    ]);
  });
});

describe('changes since the last submission', () => {
  it('shows the signatory what they changed after a return, and nothing before a first submission', async () => {
    const s = await createReportScenario(getDb().db);
    expect(await s.as.signatory.reports.changesSinceLastSubmission(s.key)).toEqual({
      currentVersion: 0,
      previousVersion: null,
      previousSubmittedAt: null,
      changes: [],
    });
    await draftReport(s);
    expect(await s.as.signatory.reports.changesSinceLastSubmission(s.key)).toMatchObject({ currentVersion: 1, previousVersion: null, changes: [] });

    await s.as.signatory.reports.submit({ ...s.key, expectedVersion: 1 });
    await s.as.coordinator.reports.review({ ...s.key, decision: 'return', comment: 'Joint assessments look high' });
    await s.as.signatory.reports.saveDraft({ ...s.key, expectedVersion: 3, data: withField('needs.assessmentsJoint', 3) });
    const diff = await s.as.signatory.reports.changesSinceLastSubmission(s.key);
    expect(diff).toMatchObject({ currentVersion: 4, previousVersion: 2, changes: [{ field: 'needs.assessmentsJoint', from: 4, to: 3 }] });
    expect(diff.previousSubmittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
