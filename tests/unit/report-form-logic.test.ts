// The report form's rules that are not drawing (client/src/features/report/*.ts): which copy of a
// report a signatory gets back after a reload or on another version, where the server's messages land,
// which warnings the submit box lists and what a submit sends, and the list of problems shown at once.
import { describe, expect, it } from 'vitest';
import { emptyReportData, reportDataSchema, reportWarnings, type ReportData } from '@lpt/shared/report';
import type { PendingDraft } from '../../client/src/features/report/api/pendingDrafts.ts';
import { chooseStartingDraft, unsavedChangesOf } from '../../client/src/features/report/draftRecovery.ts';
import { collectProblems, flattenErrors, problemsOfRefusal } from '../../client/src/features/report/problems.ts';
import { savableDraft, validFiguresOf } from '../../client/src/features/report/savableDraft.ts';
import { placeServerIssues } from '../../client/src/features/report/serverErrors.ts';
import { conflictsOf, groupByField, linkedErrorsOf } from '../../client/src/features/report/typedField.ts';
import { justificationsToSend, reconcileWarnings, unjustified } from '../../client/src/features/report/warnings.ts';
import { completeReportData } from '../factories/index.ts';

const copy = (baseVersion: number, baseData: ReportData, data: ReportData): PendingDraft => ({
  organizationId: 1,
  year: 2026,
  baseVersion,
  baseData,
  data,
  changedAt: '2026-12-01T10:00:00.000Z',
});
const withFunding = (funding: Partial<ReportData['funding']>) => completeReportData({ funding });

describe('draft recovery', () => {
  const server = completeReportData();

  it('restores this device’s unsaved copy of the version the server still holds', () => {
    const typed = withFunding({ toLocalDirect: 130_000 });
    const start = chooseStartingDraft([copy(3, server, typed)], 3, server, true);
    expect(start.restored).toBe(true);
    expect(start.values.funding.toLocalDirect).toBe(130_000);
    expect(start.older).toBeNull();
  });

  it('offers a copy made on an older version, with only the fields changed on this device', () => {
    // Version 2 had 120,000 direct; this device typed 130,000; someone else then saved version 3 with new pooled funding.
    const version2 = completeReportData();
    const typedOn2 = withFunding({ toLocalDirect: 130_000 });
    const version3 = withFunding({ toLocalPooled: 45_000 });
    const start = chooseStartingDraft([copy(2, version2, typedOn2)], 3, version3, true);
    expect(start.restored).toBe(false);
    expect(start.values).toEqual(version3);
    expect(start.older?.baseVersion).toBe(2);
    // Applying it changes direct transfers only: the other signatory's pooled funding stays.
    expect(unsavedChangesOf(start.older!, version3)).toEqual([{ field: 'funding.toLocalDirect', from: 120_000, to: 130_000 }]);
  });

  it('forgets an older copy whose changes the server already holds, and offers nothing', () => {
    const typed = withFunding({ toLocalDirect: 130_000 });
    const start = chooseStartingDraft([copy(2, server, typed)], 3, typed, true);
    expect(start.older).toBeNull();
    expect(start.stale.map((d) => d.baseVersion)).toEqual([2]);
  });

  it('shows the server’s version of a report that cannot be edited, whatever this device kept', () => {
    const start = chooseStartingDraft([copy(3, server, withFunding({ toLocalDirect: 1 }))], 3, server, false);
    expect(start).toMatchObject({ values: server, restored: false, older: null });
  });
});

describe('the server’s messages', () => {
  it('puts an issue on data.funding.toLocalDirect on that field, and a justification’s on its warning', () => {
    const placed = placeServerIssues([
      { code: 'part_exceeds_whole', field: 'data.funding.toLocalDirect', params: { whole: 'funding.inScopeExpenditure' }, message: 'Cannot exceed' },
      { code: 'write_justification', field: 'justifications.share_jump', params: {}, message: 'Write a justification' },
      { code: 'too_large', field: 'data.funding.toLocalDirect', params: {}, message: 'second' },
    ]);
    expect(placed.onFields).toEqual({ 'funding.toLocalDirect': { code: 'part_exceeds_whole', params: { whole: 'funding.inScopeExpenditure' } } });
    expect(placed.onJustifications).toEqual({ share_jump: { code: 'write_justification', params: {} } });
    expect(problemsOfRefusal(placed).map((p) => p.target)).toEqual(['field-funding-toLocalDirect', 'justification-share_jump']);
  });
});

describe('warnings', () => {
  const jump = { code: 'share_jump', field: 'funding.toLocalDirect', params: { from: 0.1, to: 0.4 }, message: 'jump' } as const;

  it('keeps the server’s share jump when the page has no approved report of last year to compare with', () => {
    expect(reconcileWarnings([], [jump], false, new Set()).map((w) => w.code)).toEqual(['share_jump']);
    expect(reconcileWarnings([], [jump], true, new Set())).toEqual([]);
    expect(reconcileWarnings([], [jump], true, new Set(['share_jump'])).map((w) => w.code)).toEqual(['share_jump']);
  });

  it('sends only the justifications of warnings that stand now, and lists the ones left unwritten', () => {
    const live = reportWarnings(completeReportData({ collaboration: { localPartners: 0 } }), null);
    expect(live.map((w) => w.code)).toEqual(['funding_without_partners']);
    const written = { funding_without_partners: 'All through a pooled fund.', share_jump: 'An old one.' };
    expect(justificationsToSend(live, written)).toEqual({ funding_without_partners: 'All through a pooled fund.' });
    expect(unjustified(live, { funding_without_partners: '   ' }).map((w) => w.code)).toEqual(['funding_without_partners']);
  });
});

describe('the list of problems', () => {
  it('names every field once, the form’s own error first, with the element to focus', () => {
    const formErrors = {
      funding: { toLocalDirect: { type: 'part_exceeds_whole', message: 'part_exceeds_whole', types: { whole: 'funding.inScopeExpenditure' } } },
    };
    expect(flattenErrors(formErrors as never)).toEqual([
      { path: 'funding.toLocalDirect', message: { code: 'part_exceeds_whole', params: { whole: 'funding.inScopeExpenditure' } } },
    ]);
    const warning = reportWarnings(completeReportData({ collaboration: { localPartners: 0 } }), null)[0]!;
    const problems = collectProblems({
      fieldErrors: flattenErrors(formErrors as never),
      serverErrors: { 'funding.toLocalDirect': { code: 'too_large' }, currency: { code: 'choose_currency' } },
      missing: [{ path: 'needs.narrative', message: { code: 'required_to_submit' } }],
      warnings: [warning],
      justifications: {},
      justificationErrors: {},
    });
    expect(problems.map((p) => [p.path, p.target, p.kind === 'unjustified' ? p.warning.code : p.message.code])).toEqual([
      ['funding.toLocalDirect', 'field-funding-toLocalDirect', 'part_exceeds_whole'],
      ['currency', 'field-currency', 'choose_currency'],
      ['needs.narrative', 'field-needs-narrative', 'required_to_submit'],
      ['justifications.funding_without_partners', 'justification-funding_without_partners', 'funding_without_partners'],
    ]);
  });
});

describe('the error at the field typed', () => {
  const exceeded = { path: 'funding.inScopeExpenditure', message: { code: 'transfers_exceed_expenditure' } };

  it('shows a direct transfer larger than in-scope expenditure where it was typed, naming in-scope expenditure', () => {
    expect(linkedErrorsOf([exceeded], 'funding.toLocalDirect')).toEqual({
      'funding.toLocalDirect': {
        at: 'funding.inScopeExpenditure',
        message: { code: 'transfers_exceed_expenditure' },
        conflicts: ['funding.inScopeExpenditure'],
        isWhole: false,
      },
    });
    // Fora co-led above the fora: typing the number of fora shows it there too.
    const coLed = { path: 'collaboration.forumsCoLed', message: { code: 'part_exceeds_whole', params: { whole: 'collaboration.forums' } } };
    expect(Object.keys(linkedErrorsOf([coLed], 'collaboration.forums'))).toEqual(['collaboration.forums']);
  });

  it('local partners set below the "led by" counts: the whole typed names every count above it (issue 19)', () => {
    const above = (category: string) => ({
      path: `collaboration.partnersByLeadership.${category}`,
      message: { code: 'part_exceeds_whole', params: { whole: 'collaboration.localPartners' } },
    });
    const linked = linkedErrorsOf([above('migrantLed'), above('womenLed'), { path: 'needs.assessmentsJoint', message: { code: 'part_exceeds_whole' } }], 'collaboration.localPartners');
    expect(linked['collaboration.localPartners']).toMatchObject({
      conflicts: ['collaboration.partnersByLeadership.migrantLed', 'collaboration.partnersByLeadership.womenLed'],
      isWhole: true,
    });
    expect(groupByField(linked['collaboration.localPartners']!.conflicts)).toEqual([
      { field: 'collaboration.partnersByLeadership', parts: ['migrantLed', 'womenLed'] },
    ]);
    expect(groupByField(['funding.inScopeExpenditure', 'funding.toLocalDirect'])).toEqual([
      { field: 'funding.inScopeExpenditure', parts: [] },
      { field: 'funding.toLocalDirect', parts: [] },
    ]);
    expect(conflictsOf([above('youthLed')], 'collaboration.localPartners')).toEqual(['collaboration.partnersByLeadership.youthLed']);
    expect(conflictsOf([above('youthLed')], 'collaboration.forums')).toEqual([]);
  });

  it('adds nothing where the field typed has its own error, or is not part of the rule', () => {
    expect(linkedErrorsOf([exceeded], 'funding.inScopeExpenditure')).toEqual({});
    expect(linkedErrorsOf([exceeded, { path: 'funding.toLocalDirect', message: { code: 'two_decimals' } }], 'funding.toLocalDirect')).toEqual({});
    expect(linkedErrorsOf([exceeded], 'needs.assessmentsTotal')).toEqual({});
    expect(linkedErrorsOf([exceeded], null)).toEqual({});
  });
});

describe('saving every valid change', () => {
  const saved = completeReportData();

  it('sends every valid change and keeps the saved value of a field in error, naming it', () => {
    const typed = completeReportData({
      needs: { narrative: 'Three joint assessments with the regional council.' },
      collaboration: { forums: 3, forumsCoLed: 5 },
    });
    const { data, held } = savableDraft(typed, saved);
    expect(reportDataSchema.safeParse(data).success).toBe(true);
    expect(data.needs.narrative).toBe('Three joint assessments with the regional council.');
    expect(data.collaboration.forums).toBe(3);
    // Five co-led of three fora cannot be saved: the saved 1 stays on the server.
    expect(data.collaboration.forumsCoLed).toBe(1);
    expect(held).toEqual(['collaboration.forumsCoLed']);
  });

  it('holds back the direct transfer typed above in-scope expenditure, not the unchanged expenditure', () => {
    const typed = completeReportData({ funding: { toLocalDirect: 5_000_000 }, capacity: { capacitySpend: 30_000 } });
    const { data, held } = savableDraft(typed, saved);
    expect(reportDataSchema.safeParse(data).success).toBe(true);
    expect(data.funding.toLocalDirect).toBe(saved.funding.toLocalDirect);
    expect(data.capacity.capacitySpend).toBe(30_000);
    expect(held).toEqual(['funding.toLocalDirect']);
  });

  it('counts text that was not read as a number (NaN) as not saved, and a first draft holds back to empty', () => {
    const first = emptyReportData('USD');
    const typed = structuredClone(first);
    typed.funding.inScopeExpenditure = Number.NaN;
    typed.collaboration.narrative = 'We meet the local network monthly.';
    const { data, held } = savableDraft(typed, first);
    expect(data.funding.inScopeExpenditure).toBeNull();
    expect(data.collaboration.narrative).toBe('We meet the local network monthly.');
    expect(held).toEqual(['funding.inScopeExpenditure']);
  });

  it('holds nothing back when everything is valid', () => {
    const typed = completeReportData({ funding: { toLocalDirect: 110_000 } });
    expect(savableDraft(typed, saved)).toEqual({ data: typed, held: [] });
  });
});

describe('warnings from valid figures only', () => {
  it('gives no “22.0 % to 179.0 %” share jump while the transfers exceed in-scope expenditure', () => {
    const lastApproved = withFunding({ inScopeExpenditure: 1_000_000, toLocalDirect: 220_000, toLocalPooled: 0, toLocalOneIntermediary: 0 });
    const typed = withFunding({ inScopeExpenditure: 1_000_000, toLocalDirect: 1_790_000, toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 });
    // Worked out from the figures as typed, the warning would read 22 % to 179 %.
    expect(reportWarnings(typed, lastApproved).map((w) => w.params)).toEqual([{ from: 0.22, to: 1.79 }]);
    expect(reportWarnings(validFiguresOf(typed), lastApproved)).toEqual([]);
    // Once the figures are valid, a real jump is still warned about.
    const valid = withFunding({ inScopeExpenditure: 1_000_000, toLocalDirect: 790_000, toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 });
    expect(reportWarnings(validFiguresOf(valid), lastApproved).map((w) => w.code)).toEqual(['share_jump']);
  });
});
