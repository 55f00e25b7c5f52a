// Submitting the report: check everything that stands in the way (problems.ts) and list it at once,
// ask for a confirmation, save what is typed, then submit with the justifications of the warnings that stand. A refusal's
// messages land on their fields and in the list; the list takes the keyboard focus.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseFormReturn } from 'react-hook-form';
import { completenessIssues, type ReportWarning } from '@lpt/shared/report';
import { errorCodeOf, errorMessageOf, issuesOf, useTRPCClient } from '../../../lib/trpc.ts';
import { forgetAllPendingDrafts, forgetJustifications } from '../api/pendingDrafts.ts';
import { focusBelowBar } from '../focusBelowBar.ts';
import { toReportData, type ReportFormValues } from '../formValues.ts';
import { collectProblems, problemsOfRefusal, schemaErrorsOf, type Problem } from '../problems.ts';
import { justificationsToSend, type Justifications } from '../warnings.ts';
import type { useServerIssues } from './useServerIssues.ts';

interface Options {
  organizationId: number;
  year: number;
  form: UseFormReturn<ReportFormValues>;
  autosave: { save: () => Promise<boolean>; version: () => number };
  warnings: readonly ReportWarning[];
  justifications: Justifications;
  serverIssues: ReturnType<typeof useServerIssues>;
  onSubmitted: () => void;
}

export function useSubmitWorkflow({ organizationId, year, form, autosave, warnings, justifications, serverIssues, onSubmitted }: Options) {
  const { t } = useTranslation('report');
  const client = useTRPCClient();
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [confirming, setConfirming] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  function showProblems(list: Problem[]) {
    setProblems(list);
    requestAnimationFrame(() => focusBelowBar(summaryRef.current));
  }

  /** The Submit button: lists the problems, or asks for a confirmation when there are none. */
  async function submit() {
    setAttempted(true);
    setError(null);
    serverIssues.clearJustifications();
    await form.trigger();
    const before = collectProblems({
      fieldErrors: schemaErrorsOf(form.getValues()),
      serverErrors: serverIssues.onFields,
      missing: completenessIssues(toReportData(form.getValues())).map((i) => ({ path: i.path.join('.'), message: i })),
      warnings,
      justifications,
      justificationErrors: {},
    });
    if (before.length > 0) return showProblems(before);
    setProblems([]);
    setConfirming(true);
  }

  /** Confirmed: save what is typed, then submit. */
  async function confirm() {
    setConfirming(false);
    setSubmitting(true);
    try {
      if (!(await autosave.save())) {
        setError(t('report:submit.notSaved'));
        return;
      }
      await client.reports.submit.mutate({
        organizationId,
        year,
        expectedVersion: autosave.version(),
        justifications: justificationsToSend(warnings, justifications),
      });
      forgetAllPendingDrafts(organizationId, year);
      forgetJustifications(organizationId, year);
      onSubmitted();
    } catch (failure) {
      if (errorCodeOf(failure) === 'BAD_REQUEST') {
        showProblems(problemsOfRefusal(serverIssues.apply(issuesOf(failure))));
        setError(t('report:submit.refused'));
      } else {
        setError(errorMessageOf(failure, t));
      }
    } finally {
      setSubmitting(false);
    }
  }

  return { attempted, submitting, error, problems, summaryRef, submit, confirming, confirm, cancel: () => setConfirming(false) };
}
