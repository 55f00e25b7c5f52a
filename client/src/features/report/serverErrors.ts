// Where the server's messages on a refused save or submit land: each on the field its dotted path names
// ('data.funding.<field>' → that field), a justification's on its warning's text box. The first
// message of a field wins, as the form shows one at a time.
import type { CodedIssue } from '@lpt/shared/messages';
import type { CodedMessage } from './components/reportFieldContext.ts';

export interface PlacedIssues {
  /** By field path ('funding.<field>'). */
  onFields: Record<string, CodedMessage>;
  /** By warning code ('share_jump'). */
  onJustifications: Record<string, CodedMessage>;
}

export function placeServerIssues(issues: readonly CodedIssue[]): PlacedIssues {
  const onFields: Record<string, CodedMessage> = {};
  const onJustifications: Record<string, CodedMessage> = {};
  for (const issue of issues) {
    const path = issue.field.replace(/^data\./, '');
    const message = { code: issue.code, params: issue.params };
    if (path.startsWith('justifications.')) onJustifications[path.slice('justifications.'.length)] ??= message;
    else onFields[path] ??= message;
  }
  return { onFields, onJustifications };
}

/** A record without one key (the same record when it has none, so React skips the render). */
export function without<T extends Record<string, unknown>>(record: T, key: string): T {
  if (!(key in record)) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key)) as T;
}
