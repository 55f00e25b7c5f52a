// The copies of this report kept on this device: the form starts from the one draftRecovery.ts picks,
// stale ones are forgotten, and an older one is offered until the signatory uses or discards it.
import { useState } from 'react';
import type { ReportData } from '@lpt/shared/report';
import { forgetPendingDraft, pendingDraftsOf, type PendingDraft } from '../api/pendingDrafts.ts';
import { chooseStartingDraft, unsavedChangesOf, type FieldChange } from '../draftRecovery.ts';

export function useDraftRecovery(organizationId: number, year: number, serverVersion: number, serverData: ReportData, editable: boolean) {
  const [start] = useState(() => {
    const chosen = chooseStartingDraft(pendingDraftsOf(organizationId, year), serverVersion, serverData, editable);
    for (const d of chosen.stale) forgetPendingDraft(organizationId, year, d.baseVersion);
    return chosen;
  });
  const [olderCopy, setOlderCopy] = useState<PendingDraft | null>(start.older);

  const settle = () => {
    if (olderCopy) forgetPendingDraft(organizationId, year, olderCopy.baseVersion);
    setOlderCopy(null);
  };

  return {
    /** What the form starts with, and whether it is this device's copy. */
    start,
    olderCopy,
    /** The older copy's changes that the server does not hold. */
    olderChanges: (): FieldChange[] => (olderCopy ? unsavedChangesOf(olderCopy, serverData) : []),
    /** Applies the older copy's changes (a three-way merge: only what changed on this device), then forgets it. */
    applyOlderCopy: (apply: (changes: FieldChange[]) => void) => {
      if (olderCopy) apply(unsavedChangesOf(olderCopy, serverData));
      settle();
    },
    discardOlderCopy: settle,
  };
}
