// Which copy of a report the form starts from, when this device kept unsaved work (api/pendingDrafts.ts):
// a copy made on top of the server's current version is restored at once; one made on an older version
// is offered (only the fields changed on this device, applied on top of the current version); the rest
// are stale and forgotten. Pure, so the unit tests can say what a signatory gets back.
import { diffReportData, type ReportData } from '@lpt/shared/report';
import type { PendingDraft } from './api/pendingDrafts.ts';
import { stableJson } from './api/useAutosave.ts';
import { valueAt } from './formValues.ts';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface StartingDraft {
  /** What the form shows first. */
  values: ReportData;
  /** True when the values are this device's unsaved copy, not the server's. */
  restored: boolean;
  /** A copy made on an older version that still changes something: offered to the signatory. */
  older: PendingDraft | null;
  /** Copies that change nothing any more (or were superseded): to be forgotten. */
  stale: PendingDraft[];
}

const differs = (a: unknown, b: unknown) => stableJson(a ?? null) !== stableJson(b ?? null);

/** The changes made on this device (against the version it started from) that the server does not hold. */
export function unsavedChangesOf(copy: PendingDraft, serverData: ReportData): FieldChange[] {
  return diffReportData(copy.baseData, copy.data).filter((c) => differs(valueAt(serverData, c.field), c.to));
}

export function chooseStartingDraft(
  drafts: readonly PendingDraft[],
  serverVersion: number,
  serverData: ReportData,
  editable: boolean,
): StartingDraft {
  if (!editable) return { values: serverData, restored: false, older: null, stale: [] };
  const same = drafts.find((d) => d.baseVersion === serverVersion) ?? null;
  const older =
    drafts.find((d) => d.baseVersion !== serverVersion && d.baseData != null && unsavedChangesOf(d, serverData).length > 0) ?? null;
  const stale = drafts.filter((d) => d !== same && d !== older);
  if (same && stableJson(same.data) !== stableJson(serverData)) return { values: same.data, restored: true, older, stale };
  return { values: serverData, restored: false, older, stale };
}
