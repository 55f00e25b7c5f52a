// The state of each part of the report form, for the section navigator: the report currency, the five
// commitments and the submit box. Read off the rules the form already applies — completeness
// (completenessIssues), the fields' errors and the warnings — never a second copy of them.
import { commitments, type Commitment } from '@lpt/shared/enums';
import { completenessIssues, type ReportData, type ReportWarning } from '@lpt/shared/report';
import { unjustified, type Justifications } from './warnings.ts';

export const CURRENCY_SECTION = 'currency';
export const SUBMIT_SECTION = 'submit';
export type FormSection = typeof CURRENCY_SECTION | Commitment | typeof SUBMIT_SECTION;
export const formSections: readonly FormSection[] = [CURRENCY_SECTION, ...commitments, SUBMIT_SECTION];

/** Worst first: a section shows the first that applies. */
export type SectionState = 'errors' | 'warnings' | 'incomplete' | 'not_applicable' | 'complete';

export interface SectionSummary {
  section: FormSection;
  state: SectionState;
  /** How many errors, warnings or missing answers the state stands for (0 when complete or not applicable). */
  count: number;
}

export interface SectionSources {
  data: ReportData;
  /** The dotted paths of the fields in error (the form's and the server's). */
  errorPaths: readonly string[];
  warnings: readonly ReportWarning[];
  justifications: Justifications;
  /** Warning codes whose justification the server refused. */
  justificationErrors: readonly string[];
}

/** The form section a field's dotted path belongs to ('funding.<field>' → funding; 'justifications.<code>' → submit). */
export function sectionOfPath(path: string): FormSection | null {
  const head = path.split('.')[0] ?? '';
  if (head === CURRENCY_SECTION) return CURRENCY_SECTION;
  if (head === 'justifications') return SUBMIT_SECTION;
  return (commitments as readonly string[]).includes(head) ? (head as Commitment) : null;
}

export function sectionStates(s: SectionSources): SectionSummary[] {
  const tally = (paths: readonly string[]) => {
    const counts = new Map<FormSection, number>();
    for (const path of new Set(paths)) {
      const section = sectionOfPath(path);
      if (section) counts.set(section, (counts.get(section) ?? 0) + 1);
    }
    return counts;
  };
  const errors = tally(s.errorPaths);
  const warnings = tally(s.warnings.map((w) => w.field));
  const missing = tally(completenessIssues(s.data).map((i) => i.path.join('.')));

  const summaries = formSections
    .filter((section) => section !== SUBMIT_SECTION)
    .map((section): SectionSummary => {
      const [e, w, m] = [errors.get(section) ?? 0, warnings.get(section) ?? 0, missing.get(section) ?? 0];
      if (e > 0) return { section, state: 'errors', count: e };
      if (w > 0) return { section, state: 'warnings', count: w };
      if (m > 0) return { section, state: 'incomplete', count: m };
      const notApplicable = section !== CURRENCY_SECTION && s.data[section].status === 'not_applicable';
      return { section, state: notApplicable ? 'not_applicable' : 'complete', count: 0 };
    });

  // The submit box: ready once every section is and each warning has its justification.
  const refused = new Set(s.justificationErrors).size;
  const waiting = unjustified(s.warnings, s.justifications).length;
  const unfinished = summaries.filter((x) => x.state === 'errors' || x.state === 'incomplete').length;
  const submit: SectionSummary =
    refused > 0
      ? { section: SUBMIT_SECTION, state: 'errors', count: refused }
      : waiting > 0
        ? { section: SUBMIT_SECTION, state: 'warnings', count: waiting }
        : unfinished > 0
          ? { section: SUBMIT_SECTION, state: 'incomplete', count: unfinished }
          : { section: SUBMIT_SECTION, state: 'complete', count: 0 };
  return [...summaries, submit];
}
