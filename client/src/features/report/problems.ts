// The list of what stands in the way of submitting, as the error summary shows it: the fields' own errors
// (react-hook-form, the shared schema), the server's, what is still missing to submit, and warnings
// without a justification — one entry per field, each pointing at the element to focus.
import type { FieldErrors } from 'react-hook-form';
import { codedIssueOf } from '@lpt/shared/messages';
import { reportDataSchema, type ReportWarning } from '@lpt/shared/report';
import { paramsOf } from '../../lib/codedResolver.ts';
import type { CodedMessage } from './components/reportFieldContext.ts';
import { fieldId } from './formValues.ts';
import { unjustified, type Justifications } from './warnings.ts';

export type Problem =
  | { kind: 'field'; path: string; target: string; message: CodedMessage }
  | { kind: 'justification'; path: string; target: string; message: CodedMessage }
  | { kind: 'unjustified'; path: string; target: string; warning: ReportWarning };

export const justificationId = (code: string) => `justification-${code}`;

/** Every coded message in react-hook-form's nested error object, with its dotted path. */
export function flattenErrors(errors: FieldErrors, prefix = ''): { path: string; message: CodedMessage }[] {
  const out: { path: string; message: CodedMessage }[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const path = key === 'root' ? prefix : prefix ? `${prefix}.${key}` : key;
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string' && message) out.push({ path, message: { code: message, params: paramsOf(value as never) } });
    else out.push(...flattenErrors(value as FieldErrors, path));
  }
  return out;
}

/**
 * The schema's errors on the values as they are now (the rules the form checks live). Read off the schema at
 * the moment of the submit: react-hook-form's `formState.errors` outside a render is a snapshot that may
 * lack the errors of the last change (issue 19: a submit with a field in error went on to the confirmation).
 */
export function schemaErrorsOf(values: unknown): { path: string; message: CodedMessage }[] {
  const result = reportDataSchema.safeParse(values);
  if (result.success) return [];
  return result.error.issues.map((i) => codedIssueOf(i)).map((c) => ({ path: c.field, message: { code: c.code, params: c.params } }));
}

export interface ProblemSources {
  /** The fields' own errors, flattened (flattenErrors, schemaErrorsOf). */
  fieldErrors: readonly { path: string; message: CodedMessage }[];
  serverErrors: Record<string, CodedMessage>;
  /** What completenessIssues finds missing to submit. */
  missing: readonly { path: string; message: CodedMessage }[];
  warnings: readonly ReportWarning[];
  justifications: Justifications;
  justificationErrors: Partial<Record<string, CodedMessage>>;
}

export function collectProblems(s: ProblemSources): Problem[] {
  const found = new Map<string, Problem>();
  const add = (problem: Problem) => {
    if (!found.has(problem.path)) found.set(problem.path, problem);
  };
  for (const e of s.fieldErrors) add({ kind: 'field', path: e.path, target: fieldId(e.path), message: e.message });
  for (const [path, message] of Object.entries(s.serverErrors)) add({ kind: 'field', path, target: fieldId(path), message });
  for (const m of s.missing) add({ kind: 'field', path: m.path, target: fieldId(m.path), message: m.message });
  for (const w of unjustified(s.warnings, s.justifications))
    add({ kind: 'unjustified', path: `justifications.${w.code}`, target: justificationId(w.code), warning: w });
  for (const [code, message] of Object.entries(s.justificationErrors))
    if (message) add({ kind: 'justification', path: `justifications.${code}`, target: justificationId(code), message });
  return [...found.values()];
}

/** The problems of a refused submit, as the server placed them. */
export function problemsOfRefusal(placed: {
  onFields: Record<string, CodedMessage>;
  onJustifications: Record<string, CodedMessage>;
}): Problem[] {
  return [
    ...Object.entries(placed.onFields).map(([path, message]): Problem => ({ kind: 'field', path, target: fieldId(path), message })),
    ...Object.entries(placed.onJustifications).map(
      ([code, message]): Problem => ({ kind: 'justification', path: `justifications.${code}`, target: justificationId(code), message }),
    ),
  ];
}
