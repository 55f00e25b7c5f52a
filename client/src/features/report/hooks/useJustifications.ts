// The signatory's justifications of the warnings, by warning code: those stored with the report to start
// with, then as typed.
import { useCallback, useState } from 'react';
import type { WarningCode } from '@lpt/shared/report';
import type { Justifications } from '../warnings.ts';

export function useJustifications(stored: readonly { code: string; justification: string | null }[]) {
  const [justifications, setJustifications] = useState<Justifications>(() =>
    Object.fromEntries(stored.filter((w) => w.justification).map((w) => [w.code, w.justification])),
  );
  const justify = useCallback((code: WarningCode, text: string) => setJustifications((j) => ({ ...j, [code]: text })), []);
  return { justifications, justify };
}
