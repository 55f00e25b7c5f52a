// The signatory's justifications of the warnings, by warning code: those stored with the report, then
// those typed on this device (kept in this browser until submitted, so a reload loses none).
import { useCallback, useState } from 'react';
import type { WarningCode } from '@lpt/shared/report';
import { keepJustifications, keptJustifications } from '../api/pendingDrafts.ts';
import type { Justifications } from '../warnings.ts';

export function useJustifications(
  organizationId: number,
  year: number,
  stored: readonly { code: string; justification: string | null }[],
  editable: boolean,
) {
  const [justifications, setJustifications] = useState<Justifications>(() => ({
    ...Object.fromEntries(stored.filter((w) => w.justification).map((w) => [w.code, w.justification])),
    ...(editable ? keptJustifications(organizationId, year) : {}),
  }));
  const justify = useCallback(
    (code: WarningCode, text: string) =>
      setJustifications((j) => {
        const next = { ...j, [code]: text };
        keepJustifications(organizationId, year, next);
        return next;
      }),
    [organizationId, year],
  );
  return { justifications, justify };
}
