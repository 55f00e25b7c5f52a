// An error lands on the field just typed (issue 9): when a change makes another field wrong — a direct
// transfer larger than in-scope expenditure is flagged at in-scope expenditure, the whole — the field
// typed shows the error too, naming the fields it conflicts with (issue 19: all of them, so that a
// number of local partners set below the "led by" counts names those counts).
import { comparedFields, fieldAt, fieldPath, type ReportField } from '@lpt/shared/report';
import type { CodedMessage } from './components/reportFieldContext.ts';

export interface LinkedError {
  /** The (first) field the error is on. */
  at: string;
  message: CodedMessage;
  /** Every field in error that the typed one is compared with (comparedFields), in the form's order. */
  conflicts: string[];
  /** The typed field is the whole those fields are part of (catalogue `partOf`): lowering them or raising it fixes it. */
  isWhole: boolean;
}

/** The fields in error whose rule compares them with `path`. */
export function conflictsOf(errors: readonly { path: string }[], path: string): string[] {
  return errors.filter((e) => comparedFields(e.path).includes(path)).map((e) => e.path);
}

export function linkedErrorsOf(
  errors: readonly { path: string; message: CodedMessage }[],
  typed: string | null,
): Record<string, LinkedError> {
  if (!typed || errors.some((e) => e.path === typed)) return {};
  const conflicts = conflictsOf(errors, typed);
  const first = errors.find((e) => e.path === conflicts[0]);
  if (!first) return {};
  const isWhole = conflicts.every((path) => (fieldAt(path) as ReportField | undefined)?.partOf === typed);
  return { [typed]: { at: first.path, message: first.message, conflicts, isWhole } };
}

/**
 * Dotted paths grouped by their catalogue row: a breakdown's categories under the breakdown
 * ('collaboration.<breakdown>.womenLed' → the breakdown with the part 'womenLed'), so a message names the
 * field once with its parts.
 */
export function groupByField(paths: readonly string[]): { field: string; parts: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const row = fieldAt(path);
    const field = row ? fieldPath(row) : path;
    const part = path.length > field.length ? path.slice(field.length + 1) : null;
    const parts = groups.get(field) ?? [];
    if (part) parts.push(part);
    groups.set(field, parts);
  }
  return [...groups].map(([field, parts]) => ({ field, parts }));
}
