// The server's messages on this form (a refused save or submit), kept until the field changes: each on
// its field, a justification's on its warning (serverErrors.ts places them).
import { useCallback, useState } from 'react';
import type { CodedIssue } from '@lpt/shared/messages';
import type { CodedMessage } from '../components/reportFieldContext.ts';
import { placeServerIssues, without, type PlacedIssues } from '../serverErrors.ts';

export function useServerIssues() {
  const [onFields, setOnFields] = useState<Record<string, CodedMessage>>({});
  const [onJustifications, setOnJustifications] = useState<Record<string, CodedMessage>>({});

  const apply = useCallback((issues: CodedIssue[]): PlacedIssues => {
    const placed = placeServerIssues(issues);
    setOnFields((e) => ({ ...e, ...placed.onFields }));
    setOnJustifications((e) => ({ ...e, ...placed.onJustifications }));
    return placed;
  }, []);

  return {
    onFields,
    onJustifications,
    apply,
    clearField: useCallback((path: string) => setOnFields((e) => without(e, path)), []),
    clearJustification: useCallback((code: string) => setOnJustifications((e) => without(e, code)), []),
    clearJustifications: useCallback(() => setOnJustifications({}), []),
  };
}
