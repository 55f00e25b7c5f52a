// Work typed while the server could not be reached is kept in this browser's localStorage until it is
// saved, keyed by organisation, year and the version it was based on, so that a reload or a dropped
// connection loses nothing and a stale copy is never mistaken for the current one.
import type { ReportData } from '@lpt/shared/report';

const PREFIX = 'lpt.pendingDraft';

export interface PendingDraft {
  organizationId: number;
  year: number;
  /** The server version these changes were made on top of (0: the report did not exist yet). */
  baseVersion: number;
  data: ReportData;
  /** The data of that base version, so that only the fields changed here are applied to a newer version. */
  baseData: ReportData;
  /** When the last change was typed (ISO). */
  changedAt: string;
}

function keyOf(organizationId: number, year: number, baseVersion: number) {
  return `${PREFIX}.${organizationId}.${year}.${baseVersion}`;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled (private mode settings): autosave still works, only offline copies do not
  }
}

export function keepPendingDraft(draft: PendingDraft) {
  try {
    storage()?.setItem(keyOf(draft.organizationId, draft.year, draft.baseVersion), JSON.stringify(draft));
  } catch {
    // Quota exceeded: nothing more we can do than keep trying to reach the server.
  }
}

export function forgetPendingDraft(organizationId: number, year: number, baseVersion: number) {
  storage()?.removeItem(keyOf(organizationId, year, baseVersion));
}

/** Every copy kept for this report, newest base version first. */
export function pendingDraftsOf(organizationId: number, year: number): PendingDraft[] {
  const store = storage();
  if (!store) return [];
  const prefix = `${PREFIX}.${organizationId}.${year}.`;
  const drafts: PendingDraft[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (!key?.startsWith(prefix)) continue;
    try {
      drafts.push(JSON.parse(store.getItem(key) ?? '') as PendingDraft);
    } catch {
      store.removeItem(key);
    }
  }
  return drafts.sort((a, b) => b.baseVersion - a.baseVersion);
}

export function forgetAllPendingDrafts(organizationId: number, year: number) {
  for (const draft of pendingDraftsOf(organizationId, year)) forgetPendingDraft(organizationId, year, draft.baseVersion);
}

// The justifications of warnings are sent only with a submit; until then they are kept here too, so a
// failed submit and a reload lose none of them (issue 9).
const JUSTIFICATIONS = 'lpt.justifications';
const justificationsKey = (organizationId: number, year: number) => `${JUSTIFICATIONS}.${organizationId}.${year}`;

export function keptJustifications(organizationId: number, year: number): Record<string, string> {
  try {
    const kept: unknown = JSON.parse(storage()?.getItem(justificationsKey(organizationId, year)) ?? '{}');
    if (!kept || typeof kept !== 'object' || Array.isArray(kept)) return {};
    return Object.fromEntries(Object.entries(kept).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export function keepJustifications(organizationId: number, year: number, justifications: Record<string, string | undefined>) {
  try {
    storage()?.setItem(justificationsKey(organizationId, year), JSON.stringify(justifications));
  } catch {
    // Quota exceeded: the justifications stay on the page until submitted.
  }
}

export function forgetJustifications(organizationId: number, year: number) {
  storage()?.removeItem(justificationsKey(organizationId, year));
}
