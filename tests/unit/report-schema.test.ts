// The shared report rules (shared/src/report/) that both the form and the server apply: what is an error
// in a draft, what a submission still lacks, which figures raise a warning, and the derived shares.
import { describe, expect, it } from 'vitest';
import {
  completenessIssues,
  consistencyIssues,
  countedLocalFunding,
  diffReportData,
  emptyReportData,
  localShare,
  reportDataSchema,
  reportFields,
  reportWarnings,
  type ReportData,
} from '@lpt/shared/report';
import { codedIssueOf } from '@lpt/shared/messages';
import { submitInput } from '@lpt/shared/schemas';
import { completeReportData } from '../factories/index.ts';

function errorsOf(data: unknown): Record<string, string[]> {
  const result = reportDataSchema.safeParse(data);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  // The schema names message codes; the English sentence is what the API sends beside each code.
  for (const issue of result.error.issues.map((i) => codedIssueOf(i))) (out[issue.field] ??= []).push(issue.message);
  return out;
}

const paths = (issues: { path: (string | number)[] }[]) => issues.map((i) => i.path.join('.'));

describe('reportDataSchema', () => {
  it('accepts a complete report and an empty draft', () => {
    expect(errorsOf(completeReportData())).toEqual({});
    expect(errorsOf(emptyReportData())).toEqual({});
  });

  it('refuses wrong values with a message on the field', () => {
    const data = completeReportData() as unknown as Record<string, Record<string, unknown>>;
    data.funding!.toLocalDirect = -10;
    data.funding!.toLocalPooled = 10.005;
    data.funding!.inScopeExpenditure = '1000';
    data.collaboration!.forums = 1.5;
    data.needs!.status = 'finished';
    data.credit!.narrative = 'a'.repeat(3001);
    data.capacity!.supportAreas = ['digital_data', 'digital_data'];
    expect(errorsOf(data)).toEqual({
      'funding.toLocalDirect': ['Cannot be negative'],
      'funding.toLocalPooled': ['At most two decimals'],
      'funding.inScopeExpenditure': ['Enter an amount'],
      'collaboration.forums': ['Enter a whole number'],
      'needs.status': ['Choose a status'],
      'credit.narrative': ['At most 3000 characters'],
      'capacity.supportAreas': ['Each area once'],
    });
  });

  it('accepts exactly 3,000 characters of narrative and two decimals', () => {
    expect(errorsOf(completeReportData({ funding: { narrative: 'a'.repeat(3000), toLocalPooled: 30_000.99 } }))).toEqual({});
  });

  it('refuses fields the report does not have', () => {
    const data = { ...completeReportData(), funding: { ...completeReportData().funding, toLocalCash: 5 } };
    expect(Object.keys(errorsOf(data))).toEqual(['funding']);
  });

  it('reports every part larger than its whole, even in a draft', () => {
    const data = completeReportData({
      collaboration: { forums: 2, forumsCoLed: 3, localPartners: 1 },
      funding: { inScopeExpenditure: 100, toLocalDirect: 50, toLocalPooled: 20, toLocalOneIntermediary: 20, toLocalTwoPlusIntermediaries: 20, multiYearToLocal: 91 },
      needs: { assessmentsTotal: 1, assessmentsJoint: 2 },
      credit: { publicationsReviewed: 0, publicationsCrediting: 1 },
      capacity: { requestsReceived: 3, requestsSupported: 4 },
    });
    expect(paths(consistencyIssues(data))).toEqual([
      'collaboration.forumsCoLed',
      'collaboration.partnersByLeadership.migrantLed',
      'collaboration.partnersByLeadership.hostCommunityLed',
      'collaboration.partnersByLeadership.womenLed',
      'funding.inScopeExpenditure',
      'funding.multiYearToLocal',
      'needs.assessmentsJoint',
      'credit.publicationsCrediting',
      'capacity.requestsSupported',
    ]);
    expect(Object.keys(errorsOf(data))).toContain('funding.multiYearToLocal');
  });

  it('compares money to the cent, so floating-point sums do not raise false errors', () => {
    const data = completeReportData({
      funding: { inScopeExpenditure: 0.3, toLocalDirect: 0.1, toLocalPooled: 0.2, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0.3 },
    });
    expect(consistencyIssues(data)).toEqual([]);
  });
});

describe('completenessIssues', () => {
  it('is empty for a complete report', () => {
    expect(completenessIssues(completeReportData())).toEqual([]);
  });

  it('lists everything an empty report lacks at once: the currency, each section status and the figures it would need', () => {
    const issues = completenessIssues(emptyReportData());
    expect(paths(issues).slice(0, 3)).toEqual(['currency', 'collaboration.status', 'collaboration.localPartners']);
    expect(paths(issues)).toEqual(expect.arrayContaining(['funding.inScopeExpenditure', 'capacity.supportAreas', 'collaboration.partnersByLeadership.youthLed']));
    // 1 currency + 5 statuses + every catalogue field, a breakdown's categories each (25 figures today).
    const figures = reportFields.reduce((n, f) => n + (f.kind === 'breakdown' ? f.values.length : 1), 0);
    expect(figures).toBeGreaterThanOrEqual(3 + 7 + 6 + 2 + 3 + 4);
    expect(issues).toHaveLength(1 + 5 + figures);
    expect(issues.find((i) => i.path.join('.') === 'funding.inScopeExpenditure')).toMatchObject({
      code: 'required_unless_not_applicable',
      message: 'Required to submit, unless the section does not apply',
    });
  });

  it('reveals nothing new once a status is chosen: one round of problems (issue 9)', () => {
    const empty = emptyReportData('USD');
    const before = new Set(paths(completenessIssues(empty)));
    for (const status of ['planning', 'in_progress', 'fulfilled', 'not_applicable'] as const) {
      const chosen = structuredClone(empty);
      for (const key of ['collaboration', 'funding', 'needs', 'credit', 'capacity'] as const) chosen[key].status = status;
      // Filling one leadership category does not reveal the six others either.
      chosen.collaboration.partnersByLeadership = { migrantLed: 2, hostCommunityLed: null, womenLed: null, youthLed: null, disabilityLed: null, informalOrMovement: null, communityOrTraditional: null };
      const after = paths(completenessIssues(chosen));
      expect(after.length).toBeGreaterThan(0);
      // Marking a section not applicable asks for its reason instead of its figures.
      const revealed = after.filter((p) => !before.has(p));
      expect(revealed).toEqual(status === 'not_applicable' ? ['collaboration', 'funding', 'needs', 'credit', 'capacity'].map((k) => `${k}.notApplicableReason`) : []);
    }
  });

  it('asks for each indicator of a section once it has a status, and each leadership category', () => {
    const data = completeReportData({
      funding: { toLocalOneIntermediary: null },
      collaboration: { partnersByLeadership: { migrantLed: 1, hostCommunityLed: null, womenLed: 0, youthLed: 0, disabilityLed: 0, informalOrMovement: 0, communityOrTraditional: 0 } },
      credit: { hasCreditPolicy: null },
    });
    expect(completenessIssues(data)).toEqual([
      { path: ['collaboration', 'partnersByLeadership', 'hostCommunityLed'], code: 'required_to_submit_if_none', params: {}, message: 'Required to submit (0 if none)' },
      { path: ['funding', 'toLocalOneIntermediary'], code: 'required_to_submit', params: {}, message: 'Required to submit' },
      { path: ['credit', 'hasCreditPolicy'], code: 'required_to_submit', params: {}, message: 'Required to submit' },
    ]);
  });

  it('needs a reason, and no figures, for a section that does not apply', () => {
    const blankNeeds = { assessmentsTotal: null, assessmentsJoint: null };
    expect(completenessIssues(completeReportData({ needs: { status: 'not_applicable', notApplicableReason: '  ', ...blankNeeds } }))).toEqual([
      { path: ['needs', 'notApplicableReason'], code: 'say_why_not_applicable', params: {}, message: 'Say why this does not apply' },
    ]);
    expect(completenessIssues(completeReportData({ needs: { status: 'not_applicable', notApplicableReason: 'No field presence', ...blankNeeds } }))).toEqual([]);
  });
});

describe('counted local funding and share', () => {
  it('counts direct, pooled and one-intermediary transfers, never two or more intermediaries', () => {
    const f = completeReportData().funding;
    expect(countedLocalFunding(f)).toBe(240_000);
    expect(localShare(f)).toBe(0.24);
    expect(countedLocalFunding({ ...f, toLocalDirect: 0.1, toLocalPooled: 0.2, toLocalOneIntermediary: null })).toBe(0.3);
  });

  it('has no share without a denominator, without transfers, or when funding does not apply', () => {
    const f = completeReportData().funding;
    expect(localShare({ ...f, inScopeExpenditure: 0, toLocalDirect: 0, toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 })).toBeNull();
    expect(localShare({ ...f, inScopeExpenditure: null })).toBeNull();
    expect(localShare({ ...f, toLocalDirect: null, toLocalPooled: null, toLocalOneIntermediary: null })).toBeNull();
    expect(localShare({ ...f, status: 'not_applicable' })).toBeNull();
  });
});

describe('reportWarnings', () => {
  const lastYear = completeReportData(); // 24 %

  it('warns when the share moves more than 15 points from the last approved report, either way', () => {
    const up = completeReportData({ funding: { toLocalDirect: 280_000 } }); // 40 %
    const down = completeReportData({ funding: { toLocalDirect: 0, toLocalPooled: 0, toLocalOneIntermediary: 80_000, multiYearToLocal: 0 } }); // 8 %
    expect(reportWarnings(up, lastYear)).toEqual([
      {
        code: 'share_jump',
        field: 'funding.toLocalDirect',
        params: { from: 0.24, to: 0.4 },
        message: 'The counted local share moved from 24.0 % to 40.0 %, more than 15 percentage points since the last approved report',
      },
    ]);
    expect(reportWarnings(down, lastYear).map((w) => w.code)).toEqual(['share_jump']);
  });

  it('does not warn at exactly 15 points, nor without an approved baseline', () => {
    const fifteen = completeReportData({ funding: { toLocalDirect: 270_000 } }); // 39 %
    expect(reportWarnings(fifteen, lastYear)).toEqual([]);
    expect(reportWarnings(completeReportData({ funding: { toLocalDirect: 700_000, toLocalTwoPlusIntermediaries: 0 } }), null)).toEqual([]);
  });

  it('warns about local funding reported with zero local partners, unless funding does not apply', () => {
    const noPartners: ReportData = completeReportData({ collaboration: { localPartners: 0, partnersByLeadership: null } });
    expect(reportWarnings(noPartners, null).map((w) => [w.code, w.field])).toEqual([['funding_without_partners', 'collaboration.localPartners']]);
    expect(reportWarnings(completeReportData({ collaboration: { localPartners: 0 }, funding: { status: 'not_applicable', notApplicableReason: 'x' } }), null)).toEqual([]);
    expect(reportWarnings(completeReportData({ collaboration: { localPartners: null } }), null)).toEqual([]);
  });

  it('warns when every commitment is fulfilled but a narrative is missing, naming the sections', () => {
    const allFulfilled = completeReportData({
      collaboration: { status: 'fulfilled' },
      funding: { status: 'fulfilled', narrative: '   ' },
      needs: { status: 'fulfilled' },
      credit: { status: 'fulfilled' },
      capacity: { status: 'fulfilled', narrative: null },
    });
    expect(reportWarnings(allFulfilled, null)).toEqual([
      {
        code: 'fulfilled_without_narrative',
        field: 'funding.narrative',
        params: { sections: ['funding', 'capacity'], count: 2 },
        message: 'Every commitment is marked fulfilled but funding, capacity have no narrative',
      },
    ]);
    const oneInProgress = { ...allFulfilled, needs: { ...allFulfilled.needs, status: 'in_progress' as const } };
    expect(reportWarnings(oneInProgress, null)).toEqual([]);
  });
});

describe('diffReportData', () => {
  it('lists changed fields by dotted path, including leadership categories and support areas', () => {
    const before = completeReportData();
    const after = completeReportData({
      funding: { toLocalDirect: 100_000 },
      collaboration: { partnersByLeadership: { ...before.collaboration.partnersByLeadership!, womenLed: 6 } },
      capacity: { supportAreas: ['digital_data'] },
    });
    expect(diffReportData(before, after)).toEqual([
      { field: 'collaboration.partnersByLeadership.womenLed', from: 5, to: 6 },
      { field: 'funding.toLocalDirect', from: 120_000, to: 100_000 },
      { field: 'capacity.supportAreas', from: ['governance_finance', 'digital_data'], to: ['digital_data'] },
    ]);
    expect(diffReportData(after, after)).toEqual([]);
  });

  it('diffs a first version against an empty report', () => {
    const changes = diffReportData(null, completeReportData({ needs: { narrative: null } }));
    expect(changes).toContainEqual({ field: 'currency', from: null, to: 'USD' });
    expect(changes.map((c) => c.field)).not.toContain('needs.narrative');
  });
});

describe('submitInput', () => {
  it('accepts justifications only for known warnings, and not blank', () => {
    const base = { organizationId: 1, year: 2025, expectedVersion: 1 };
    expect(submitInput.safeParse({ ...base, justifications: { share_jump: 'One-off grant' } }).success).toBe(true);
    expect(submitInput.safeParse({ ...base, justifications: { share_jump: '  ' } }).success).toBe(false);
    expect(submitInput.safeParse({ ...base, justifications: { made_up: 'x' } }).success).toBe(false);
    expect(submitInput.safeParse({ ...base, expectedVersion: 0 }).success).toBe(false);
  });
});
