// The section navigator's states (client/src/features/report/sectionStates.ts): read off the same rules
// as the form — completeness, the fields' errors and the warnings — for the currency, the five
// commitments and the submit box.
import { describe, expect, it } from 'vitest';
import { emptyReportData, reportWarnings, type ReportData } from '@lpt/shared/report';
import { sectionOfPath, sectionStates, type SectionSources } from '../../client/src/features/report/sectionStates.ts';
import { completeReportData } from '../factories/index.ts';

const states = (data: ReportData, more: Partial<SectionSources> = {}) =>
  Object.fromEntries(
    sectionStates({ data, errorPaths: [], warnings: [], justifications: {}, justificationErrors: [], ...more }).map((s) => [
      s.section,
      `${s.state}${s.count ? ` ${s.count}` : ''}`,
    ]),
  );

describe('the section navigator’s states', () => {
  it('lists the currency, the five commitments and the submit box, in the form’s order', () => {
    expect(Object.keys(states(emptyReportData()))).toEqual(['currency', 'collaboration', 'funding', 'needs', 'credit', 'capacity', 'submit']);
  });

  it('a blank report: every section has answers to fill in, counted as completeness counts them; submitting waits on all six', () => {
    const s = states(emptyReportData());
    expect(s.currency).toBe('incomplete 1');
    // Status, localPartners, forums, forumsCoLed and the seven leadership categories.
    expect(s.collaboration).toBe('incomplete 11');
    expect(s.submit).toBe('incomplete 6');
  });

  it('a complete report is complete everywhere and ready to submit; a section that does not apply says so', () => {
    const complete = completeReportData();
    expect(new Set(Object.values(states(complete)))).toEqual(new Set(['complete']));
    const needsNotApplicable = completeReportData({ needs: { status: 'not_applicable', notApplicableReason: 'No assessments this year.' } });
    expect(states(needsNotApplicable).needs).toBe('not_applicable');
    // Without its reason it still has one thing to fill in.
    expect(states(completeReportData({ needs: { status: 'not_applicable', notApplicableReason: null } })).needs).toBe('incomplete 1');
  });

  it('errors come first, then warnings, then what is missing; the submit box waits on the justifications', () => {
    const data = completeReportData({ collaboration: { localPartners: 0 }, funding: { toLocalDirect: null } });
    const warnings = reportWarnings(data, null);
    expect(warnings.map((w) => w.code)).toContain('funding_without_partners');
    const s = states(data, {
      errorPaths: ['collaboration.partnersByLeadership.womenLed', 'collaboration.partnersByLeadership.migrantLed', 'currency'],
      warnings,
    });
    expect(s.collaboration).toBe('errors 2');
    expect(s.currency).toBe('errors 1');
    expect(s.funding).toBe('incomplete 1');
    expect(s.submit).toBe('warnings 1');

    const noErrors = states(data, { warnings });
    expect(noErrors.collaboration).toBe('warnings 1');
    expect(states(data, { warnings, justifications: { funding_without_partners: 'Pooled funds.' } }).submit).toBe('incomplete 1');
    expect(states(data, { warnings, justifications: { funding_without_partners: 'x' }, justificationErrors: ['funding_without_partners'] }).submit).toBe('errors 1');
  });

  it('places a path in its section', () => {
    expect(sectionOfPath('funding.toLocalDirect')).toBe('funding');
    expect(sectionOfPath('currency')).toBe('currency');
    expect(sectionOfPath('justifications.share_jump')).toBe('submit');
    expect(sectionOfPath('elsewhere')).toBeNull();
  });
});
