// An error lands on the field just typed (issue 9): when a change makes another field wrong — a direct
// transfer larger than in-scope expenditure is flagged at in-scope expenditure, the whole — the field
// typed shows the error too, naming the field it conflicts with.
import { comparedFields } from '@lpt/shared/report';
import type { CodedMessage } from './components/reportFieldContext.ts';

export interface LinkedError {
  /** The field the error is on. */
  at: string;
  message: CodedMessage;
}

export function linkedErrorsOf(
  errors: readonly { path: string; message: CodedMessage }[],
  typed: string | null,
): Record<string, LinkedError> {
  if (!typed || errors.some((e) => e.path === typed)) return {};
  const conflict = errors.find((e) => comparedFields(e.path).includes(typed));
  return conflict ? { [typed]: { at: conflict.path, message: conflict.message } } : {};
}
