// Save every valid change (issue 9): a draft on screen may hold errors, but what is sent to the server
// must pass the shared schema the server checks it with (reportDataSchema, unchanged). So the fields in
// error keep their last saved value in what is sent — and, when a rule between two fields still fails,
// so do the fields it compares (comparedFields) — while everything else is saved. `held` names the
// fields whose change could not be saved, for the save status to say so.
import { breakdownFields, breakdownOrNull, comparedFields, emptyReportData, fieldPath, reportDataSchema, type Breakdown, type ReportData } from '@lpt/shared/report';
import { valueAt } from './formValues.ts';

export interface SavableDraft {
  data: ReportData;
  /** The fields (dotted paths) whose change is not in `data`, because they are in error. */
  held: string[];
}

function setAt(target: unknown, path: string, value: unknown) {
  const parts = path.split('.');
  let current = target as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    if (current[part] == null || typeof current[part] !== 'object') current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts.at(-1)!] = value;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v != null && typeof v === 'object' && !Array.isArray(v);

/** The leaf fields where two reports differ; unlike JSON, text that was not read as a number (NaN) differs from empty. */
function changedFields(a: unknown, b: unknown, path = ''): string[] {
  if (isRecord(a) || isRecord(b)) {
    const ao = isRecord(a) ? a : {};
    const bo = isRecord(b) ? b : {};
    return [...new Set([...Object.keys(ao), ...Object.keys(bo)])].flatMap((k) => changedFields(ao[k], bo[k], path ? `${path}.${k}` : k));
  }
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a ?? null, b ?? null) ? [] : [path];
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null) ? [] : [path];
}

export function savableDraft(data: ReportData, saved: ReportData): SavableDraft {
  const sendable = structuredClone(data);
  const revert = (path: string) => setAt(sendable, path, structuredClone(valueAt(saved, path) ?? null));
  const flagged = new Set<string>();
  // Each round reverts what the schema still refuses; a path refused twice takes the fields it compares
  // with it too. Saved data passed the schema once, so this ends at the latest when everything is reverted.
  for (let round = 0; round < 8; round++) {
    const result = reportDataSchema.safeParse(sendable);
    if (result.success) break;
    for (const issue of result.error.issues) {
      const path = issue.path.join('.');
      if (flagged.has(path)) for (const other of comparedFields(path)) revert(other);
      flagged.add(path);
      revert(path);
    }
  }
  if (!reportDataSchema.safeParse(sendable).success) return { data: saved, held: changedFields(saved, data) };
  // A breakdown left all empty stays "not entered" when it was so.
  for (const f of breakdownFields) {
    const path = fieldPath(f);
    if (valueAt(saved, path) == null && breakdownOrNull(valueAt(sendable, path) as Breakdown | null, f) == null) setAt(sendable, path, null);
  }
  return { data: sendable, held: changedFields(sendable, data) };
}

/** The report with every field in error emptied: what the warnings are worked out from (issue 9). */
export function validFiguresOf(data: ReportData): ReportData {
  return savableDraft(data, emptyReportData(data.currency)).data;
}
