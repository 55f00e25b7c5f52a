// The signatory's report form: one section per commitment, autosaved as a draft, checked live with
// the schema the server uses (reportDataSchema), and on "Submit" also for completeness and warnings
// (each warning needs a justification). This file wires the parts together: the copies kept on this
// device (useDraftRecovery), autosave, the server's messages (useServerIssues), the warnings
// (warnings.ts) and the submit workflow (useSubmitWorkflow).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormProvider, useForm, useFormState, useWatch } from 'react-hook-form';
import { commitmentList } from '@lpt/shared/indicators';
import { completenessIssues, diffReportData, emptyReportData, reportDataSchema, reportWarnings, type ReportData } from '@lpt/shared/report';
import { codedResolver } from '../../../lib/codedResolver.ts';
import type { RouterOutputs } from '../../../lib/trpc.ts';
import { ConfirmDialog } from '../../../ui/ConfirmDialog.tsx';
import { stableJson, useAutosave } from '../api/useAutosave.ts';
import { toFormValues, toReportData, type ReportFormValues } from '../formValues.ts';
import { useDraftRecovery } from '../hooks/useDraftRecovery.ts';
import { useJustifications } from '../hooks/useJustifications.ts';
import { useServerIssues } from '../hooks/useServerIssues.ts';
import { useSubmitWorkflow } from '../hooks/useSubmitWorkflow.ts';
import { flattenErrors } from '../problems.ts';
import { validFiguresOf } from '../savableDraft.ts';
import { conflictsOf, linkedErrorsOf } from '../typedField.ts';
import { reconcileWarnings } from '../warnings.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { CurrencyField } from './fields.tsx';
import { OlderCopyNotice } from './OlderCopyNotice.tsx';
import { ReportFieldContext, type ReportFieldContextValue } from './reportFieldContext.ts';
import { ReportSection } from './ReportSection.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { SectionNav } from './SectionNav.tsx';
import { SUBMIT_SECTION, sectionStates } from '../sectionStates.ts';
import { SubmitPanel } from './SubmitPanel.tsx';

type ReportView = RouterOutputs['reports']['get'];

interface Props {
  organizationId: number;
  year: number;
  view: ReportView;
  editable: boolean;
  /** The currencies with an exchange rate for the year (once the rates are known: `ratesKnown`), and all. */
  currencies: { withRate: string[]; all: string[]; ratesKnown: boolean };
  /** Fetches the report again and starts the form over from the server's version. */
  onReload: () => void;
  onSaved: (version: number) => void;
  onSubmitted: () => void;
}

export function ReportForm({ organizationId, year, view, editable, currencies, onReload, onSaved, onSubmitted }: Props) {
  const { t } = useTranslation(['report', 'indicators', 'validation']);
  const report = view.report;
  const serverVersion = report?.version ?? 0;
  const serverData = useMemo(
    () => report?.data ?? emptyReportData(view.previousYear?.data.currency ?? null),
    [report, view.previousYear],
  );
  const recovery = useDraftRecovery(organizationId, year, serverVersion, serverData, editable);
  const { start } = recovery;

  const form = useForm<ReportFormValues>({
    defaultValues: toFormValues(start.values),
    resolver: codedResolver<ReportFormValues>(reportDataSchema),
    mode: 'onChange',
  });
  const values = useWatch({ control: form.control }) as ReportFormValues;
  const serverIssues = useServerIssues();
  const { justifications, justify } = useJustifications(organizationId, year, report?.warnings ?? [], editable);

  const getData = useCallback(() => toReportData(form.getValues()), [form]);
  const autosave = useAutosave({
    organizationId,
    year,
    initialVersion: serverVersion,
    savedData: serverData,
    enabled: editable,
    getData,
    onFieldErrors: serverIssues.apply,
  });
  const { notifyChange } = autosave;

  // The field typed last: an error its change caused elsewhere is shown there too.
  const [typed, setTyped] = useState<string | null>(null);
  const { errors } = useFormState({ control: form.control });
  const errorList = flattenErrors(errors);
  // The errors object is changed in place: its JSON tells when it changed.
  const errorJson = JSON.stringify(errorList);
  const linkedErrors = linkedErrorsOf(errorList, typed);
  const linkedJson = JSON.stringify(linkedErrors);

  useEffect(() => {
    const subscription = form.watch((_values, { name }) => {
      if (name) setTyped(name);
      notifyChange();
      // Whole-form validation, so that a part larger than its whole is flagged whichever of the two changed.
      void form.trigger();
    });
    return () => subscription.unsubscribe();
  }, [form, notifyChange]);

  useEffect(() => {
    if (start.restored) {
      void form.trigger();
      notifyChange();
    }
  }, [start.restored, form, notifyChange]);

  const savedVersionRef = useRef(serverVersion);
  useEffect(() => {
    if (autosave.state.kind === 'saved' && autosave.version() !== savedVersionRef.current) {
      savedVersionRef.current = autosave.version();
      onSaved(savedVersionRef.current);
    }
  }, [autosave, onSaved]);

  // Recomputed only when the figures change, not on every render.
  const dataJson = stableJson(toReportData(values));
  const data = useMemo(() => JSON.parse(dataJson) as ReportData, [dataJson]);
  const lastApproved = view.previousYear?.data ?? null;
  const warnings = useMemo(
    () =>
      reconcileWarnings(
        // Worked out from the valid figures only: a share of an expenditure in error means nothing.
        reportWarnings(validFiguresOf(data), lastApproved),
        view.currentWarnings,
        lastApproved != null,
        new Set(Object.keys(serverIssues.onJustifications)),
      ),
    [data, lastApproved, view.currentWarnings, serverIssues.onJustifications],
  );

  const submission = useSubmitWorkflow({ organizationId, year, form, autosave, warnings, justifications, serverIssues, onSubmitted });

  const missing = useMemo(() => {
    if (!submission.attempted) return {};
    return Object.fromEntries(
      completenessIssues(data).map((i) => [i.path.join('.'), { code: i.code, params: i.params }]),
    );
  }, [submission.attempted, data]);

  const fieldContext: ReportFieldContextValue = useMemo(
    () => ({
      readOnly: !editable,
      previousYear: view.previousYear,
      fieldComments: report?.status === 'returned' ? (view.lastReturn?.fieldComments ?? {}) : {},
      serverErrors: serverIssues.onFields,
      missing,
      linkedErrors: JSON.parse(linkedJson) as typeof linkedErrors,
      warnings: Object.fromEntries(warnings.map((w) => [w.field, w])),
      clearServerError: serverIssues.clearField,
    }),
    [editable, view.previousYear, view.lastReturn, report?.status, serverIssues.onFields, serverIssues.clearField, missing, linkedJson, warnings],
  );

  const conflict = autosave.state.kind === 'conflict' ? autosave.state : null;

  const errorPaths = useMemo(
    () => [...(JSON.parse(errorJson) as typeof errorList).map((e) => e.path), ...Object.keys(serverIssues.onFields)],
    [errorJson, serverIssues.onFields],
  );
  // A field held back without an error of its own is held for the fields in error it is compared with.
  const heldConflicts = Object.fromEntries(
    (autosave.state.kind === 'held' ? autosave.state.fields : [])
      .filter((f) => !errorList.some((e) => e.path === f))
      .map((f) => [f, conflictsOf(errorList, f)]),
  );
  const summaries = useMemo(
    () =>
      sectionStates({
        data,
        errorPaths,
        warnings,
        justifications,
        justificationErrors: Object.keys(serverIssues.onJustifications),
      }),
    [data, errorPaths, warnings, justifications, serverIssues.onJustifications],
  );

  return (
    <FormProvider {...form}>
      <ReportFieldContext.Provider value={fieldContext}>
        <form
          className="report-form"
          noValidate
          aria-label={t('report:formLabel', { year })}
          onSubmit={(e) => {
            e.preventDefault();
            void submission.submit();
          }}
        >
          {/* Sticky on a phone: the save state and the section navigator stay in reach (report.css). */}
          <div className="report-form__bar">
            {editable ? (
              <div className="report-toolbar">
                <SaveStatus state={autosave.state} isNew={serverVersion === 0} conflicts={heldConflicts} />
                {autosave.state.kind === 'failed' ? (
                  <button type="button" className="button button--small" onClick={() => void autosave.save()}>
                    {t('report:tryAgain')}
                  </button>
                ) : null}
              </div>
            ) : null}
            <SectionNav summaries={editable ? summaries : summaries.filter((x) => x.section !== SUBMIT_SECTION)} />
          </div>

          <div className="report-form__main">
          {conflict ? <ConflictNotice message={conflict.message} unsaved={diffReportData(serverData, getData())} onReload={onReload} /> : null}

          {start.restored ? <p className="alert alert--info">{t('report:restored')}</p> : null}

          {recovery.olderCopy ? (
            <OlderCopyNotice
              baseVersion={recovery.olderCopy.baseVersion}
              changes={recovery.olderChanges()}
              onUse={() => {
                recovery.applyOlderCopy((changes) => {
                  for (const change of changes) form.setValue(change.field as never, change.to as never, { shouldDirty: true });
                });
                notifyChange();
              }}
              onDiscard={recovery.discardOlderCopy}
            />
          ) : null}

          <fieldset className="report-form__body" disabled={!editable}>
            <legend className="visually-hidden">{t('report:legend', { year })}</legend>
            <div className="card report-currency">
              <CurrencyField currencies={currencies.withRate} allCurrencies={currencies.all} ratesKnown={currencies.ratesKnown} year={year} />
            </div>
            {commitmentList.map((definition, index) => (
              <ReportSection key={definition.key} definition={definition} number={index + 1} />
            ))}
          </fieldset>

          {editable ? (
            <SubmitPanel
              warnings={warnings}
              justifications={justifications}
              justificationErrors={serverIssues.onJustifications}
              attempted={submission.attempted}
              onJustify={(code, text) => {
                justify(code, text);
                serverIssues.clearJustification(code);
              }}
              error={submission.error}
              submitting={submission.submitting}
              disabled={!!conflict}
              inError={errorPaths.length > 0}
              summary={<ErrorSummary problems={submission.problems} summaryRef={submission.summaryRef} />}
            />
          ) : null}
          </div>
        </form>
        <ConfirmDialog
          open={submission.confirming}
          title={t('report:confirm.title', { year })}
          confirmLabel={t('report:confirm.submit')}
          cancelLabel={t('report:confirm.cancel')}
          onConfirm={() => void submission.confirm()}
          onCancel={submission.cancel}
        >
          <p>{t('report:confirm.text')}</p>
          {warnings.length > 0 ? <p>{t('report:confirm.warnings', { count: warnings.length })}</p> : null}
        </ConfirmDialog>
      </ReportFieldContext.Provider>
    </FormProvider>
  );
}
