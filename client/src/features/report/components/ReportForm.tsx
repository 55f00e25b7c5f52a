// The signatory's report form: one section per commitment, autosaved as a draft, checked live with
// the schema the server uses (reportDataSchema), and on "Submit" also for completeness and warnings
// (each warning needs a justification). Server messages land on the fields they name.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormProvider, useForm, useWatch, type FieldErrors } from 'react-hook-form';
import { commitmentList } from '@lpt/shared/indicators';
import type { CodedIssue } from '@lpt/shared/messages';
import {
  completenessIssues,
  diffReportData,
  emptyReportData,
  reportDataSchema,
  reportWarnings,
  type ReportData,
  type ReportWarning,
  type WarningCode,
} from '@lpt/shared/report';
import { paramsOf, codedResolver } from '../../../lib/codedResolver.ts';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { messageText } from '../../../lib/messages.ts';
import { errorCodeOf, errorMessageOf, issuesOf, useTRPCClient, type RouterOutputs } from '../../../lib/trpc.ts';
import { forgetAllPendingDrafts, forgetPendingDraft, pendingDraftsOf, type PendingDraft } from '../api/pendingDrafts.ts';
import { stableJson, useAutosave } from '../api/useAutosave.ts';
import { fieldId, toFormValues, toReportData, valueAt, type ReportFormValues } from '../formValues.ts';
import { ChangeList } from './ChangeList.tsx';
import { CurrencyField } from './fields.tsx';
import { ReportFieldContext, type CodedMessage, type ReportFieldContextValue } from './reportFieldContext.ts';
import { ReportSection } from './ReportSection.tsx';
import { SaveStatus } from './SaveStatus.tsx';

type ReportView = RouterOutputs['reports']['get'];

interface Props {
  organizationId: number;
  year: number;
  view: ReportView;
  editable: boolean;
  currencies: { withRate: string[]; all: string[] };
  /** Fetches the report again and starts the form over from the server's version. */
  onReload: () => void;
  onSaved: (version: number) => void;
  onSubmitted: () => void;
}

interface Problem {
  path: string;
  message: string;
  target: string;
}

function without<T extends Record<string, unknown>>(record: T, key: string): T {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key)) as T;
}

/** Every coded message in react-hook-form's nested error object, with its dotted path. */
function flattenErrors(errors: FieldErrors, prefix = ''): { path: string; message: CodedMessage }[] {
  const out: { path: string; message: CodedMessage }[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const path = key === 'root' ? prefix : prefix ? `${prefix}.${key}` : key;
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string' && message) out.push({ path, message: { code: message, params: paramsOf(value as never) } });
    else out.push(...flattenErrors(value as FieldErrors, path));
  }
  return out;
}

/** Local copies kept on this device: restored at once when based on the server's version, offered otherwise. */
function initialState(organizationId: number, year: number, serverVersion: number, serverData: ReportData, editable: boolean) {
  if (!editable) return { values: serverData, restored: false, older: null as PendingDraft | null };
  const drafts = pendingDraftsOf(organizationId, year);
  const same = drafts.find((d) => d.baseVersion === serverVersion);
  const older =
    drafts.find(
      (d) =>
        d.baseVersion !== serverVersion &&
        d.baseData != null &&
        diffReportData(d.baseData, d.data).some((c) => stableJson(valueAt(serverData, c.field) ?? null) !== stableJson(c.to)),
    ) ?? null;
  for (const d of drafts) if (d !== same && d !== older) forgetPendingDraft(organizationId, year, d.baseVersion);
  if (same && stableJson(same.data) !== stableJson(serverData)) return { values: same.data, restored: true, older };
  return { values: serverData, restored: false, older };
}

export function ReportForm({ organizationId, year, view, editable, currencies, onReload, onSaved, onSubmitted }: Props) {
  const { t } = useTranslation(['report', 'indicators', 'validation']);
  const client = useTRPCClient();
  const report = view.report;
  const serverVersion = report?.version ?? 0;
  const serverData = useMemo(
    () => report?.data ?? emptyReportData(view.previousYear?.data.currency ?? null),
    [report, view.previousYear],
  );
  const [start] = useState(() => initialState(organizationId, year, serverVersion, serverData, editable));
  const [olderCopy, setOlderCopy] = useState(start.older);

  const form = useForm<ReportFormValues>({
    defaultValues: toFormValues(start.values),
    resolver: codedResolver<ReportFormValues>(reportDataSchema),
    mode: 'onChange',
  });
  const values = useWatch({ control: form.control }) as ReportFormValues;

  const [serverErrors, setServerErrors] = useState<Record<string, CodedMessage>>({});
  const [justifications, setJustifications] = useState<Partial<Record<WarningCode, string>>>(() =>
    Object.fromEntries((report?.warnings ?? []).filter((w) => w.justification).map((w) => [w.code, w.justification])),
  );
  const [justificationErrors, setJustificationErrors] = useState<Partial<Record<string, CodedMessage>>>({});
  const [submitAttempted, setSubmitAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);

  const getData = useCallback(() => toReportData(form.getValues()), [form]);
  const applyServerErrors = useCallback((issues: CodedIssue[]) => {
    const onFields: Record<string, CodedMessage> = {};
    const onJustifications: Record<string, CodedMessage> = {};
    for (const issue of issues) {
      const path = issue.field.replace(/^data\./, '');
      const message = { code: issue.code, params: issue.params };
      if (path.startsWith('justifications.')) onJustifications[path.slice('justifications.'.length)] ??= message;
      else onFields[path] ??= message;
    }
    setServerErrors((e) => ({ ...e, ...onFields }));
    setJustificationErrors((e) => ({ ...e, ...onJustifications }));
    return { onFields, onJustifications };
  }, []);

  const autosave = useAutosave({
    organizationId,
    year,
    initialVersion: serverVersion,
    savedData: serverData,
    enabled: editable,
    getData,
    onFieldErrors: applyServerErrors,
  });
  const { notifyChange } = autosave;

  useEffect(() => {
    const subscription = form.watch(() => {
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

  const data = toReportData(values);
  const lastApproved = view.previousYear?.data ?? null;
  const warnings: ReportWarning[] = useMemo(() => {
    const live = reportWarnings(data, lastApproved);
    // Without an approved report last year the server compares the share with an older one, which this
    // page does not have: keep the server's share warning (and any it named on a refused submit).
    const extra = view.currentWarnings.filter(
      (w) =>
        !live.some((l) => l.code === w.code) &&
        ((w.code === 'share_jump' && !lastApproved) || justificationErrors[w.code] != null),
    );
    return [...live, ...extra];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stableJson(data), lastApproved, view.currentWarnings, justificationErrors]);

  const missing = useMemo(() => {
    if (!submitAttempted) return {};
    return Object.fromEntries(completenessIssues(data).map((i) => [i.path.join('.'), { code: i.code, params: i.params }]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [submitAttempted, stableJson(data)]);

  const fieldContext: ReportFieldContextValue = useMemo(
    () => ({
      readOnly: !editable,
      previousYear: view.previousYear,
      fieldComments: report?.status === 'returned' ? (view.lastReturn?.fieldComments ?? {}) : {},
      serverErrors,
      missing,
      clearServerError: (path: string) => setServerErrors((errors) => (path in errors ? without(errors, path) : errors)),
    }),
    [editable, view.previousYear, view.lastReturn, report?.status, serverErrors, missing],
  );

  const words = (m: CodedMessage) => messageText(t, m.code, m.params);
  const warningText = (w: ReportWarning) => (w.params ? messageText(t, w.code, w.params) : w.message);

  function collectProblems(): Problem[] {
    const found = new Map<string, Problem>();
    const add = (path: string, message: string, target = fieldId(path)) => {
      if (!found.has(path)) found.set(path, { path, message, target });
    };
    for (const e of flattenErrors(form.formState.errors)) add(e.path, words(e.message));
    for (const [path, message] of Object.entries(serverErrors)) add(path, words(message));
    for (const issue of completenessIssues(getData())) add(issue.path.join('.'), words(issue));
    for (const w of warnings)
      if (!justifications[w.code]?.trim()) add(`justifications.${w.code}`, t('report:justify', { warning: warningText(w) }), `justification-${w.code}`);
    for (const [code, message] of Object.entries(justificationErrors))
      if (message) add(`justifications.${code}`, words(message), `justification-${code}`);
    return [...found.values()];
  }

  function showProblems(list: Problem[]) {
    setProblems(list);
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  async function submit() {
    setSubmitAttempted(true);
    setSubmitError(null);
    setJustificationErrors({});
    await form.trigger();
    const before = collectProblems();
    if (before.length > 0) return showProblems(before);
    setProblems([]);
    setSubmitting(true);
    try {
      if (!(await autosave.save())) {
        setSubmitError(t('report:submit.notSaved'));
        return;
      }
      const codes = new Set(warnings.map((w) => w.code));
      await client.reports.submit.mutate({
        organizationId,
        year,
        expectedVersion: autosave.version(),
        justifications: Object.fromEntries(
          Object.entries(justifications).filter(([code, text]) => codes.has(code as WarningCode) && text?.trim()),
        ),
      });
      forgetAllPendingDrafts(organizationId, year);
      onSubmitted();
    } catch (error) {
      if (errorCodeOf(error) === 'BAD_REQUEST') {
        const { onFields, onJustifications } = applyServerErrors(issuesOf(error));
        showProblems([
          ...Object.entries(onFields).map(([path, message]) => ({ path, message: words(message), target: fieldId(path) })),
          ...Object.entries(onJustifications).map(([code, message]) => ({
            path: `justifications.${code}`,
            message: words(message),
            target: `justification-${code}`,
          })),
        ]);
        setSubmitError(t('report:submit.refused'));
      } else {
        setSubmitError(errorMessageOf(error, t));
      }
    } finally {
      setSubmitting(false);
    }
  }

  const conflict = autosave.state.kind === 'conflict' ? autosave.state : null;

  return (
    <FormProvider {...form}>
      <ReportFieldContext.Provider value={fieldContext}>
        <form
          className="report-form"
          noValidate
          aria-label={t('report:formLabel', { year })}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {editable ? (
            <div className="report-toolbar">
              <SaveStatus state={autosave.state} isNew={serverVersion === 0} />
              {autosave.state.kind === 'failed' ? (
                <button type="button" className="button button--small" onClick={() => void autosave.save()}>
                  {t('report:tryAgain')}
                </button>
              ) : null}
            </div>
          ) : null}

          {conflict ? (
            <ConflictNotice
              message={conflict.message}
              unsaved={diffReportData(serverData, getData())}
              onReload={onReload}
            />
          ) : null}

          {start.restored ? (
            <p className="alert alert--info">
              {t('report:restored')}
            </p>
          ) : null}

          {olderCopy ? (
            <OlderCopyNotice
              copy={olderCopy}
              serverData={serverData}
              onUse={() => {
                // Only the fields changed on this device, on top of the current version: a three-way merge.
                for (const change of diffReportData(olderCopy.baseData, olderCopy.data))
                  form.setValue(change.field as never, change.to as never, { shouldDirty: true });
                forgetPendingDraft(organizationId, year, olderCopy.baseVersion);
                setOlderCopy(null);
                notifyChange();
              }}
              onDiscard={() => {
                forgetPendingDraft(organizationId, year, olderCopy.baseVersion);
                setOlderCopy(null);
              }}
            />
          ) : null}

          {problems.length > 0 ? (
            <div className="alert alert--error error-summary" ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
              <h2 id="error-summary-title">
                {t('report:problems', { count: problems.length })}
              </h2>
              <ul>
                {problems.map((p) => (
                  <li key={p.path}>
                    <a
                      href={`#${p.target}`}
                      onClick={(e) => {
                        e.preventDefault();
                        document.getElementById(p.target)?.focus();
                      }}
                    >
                      {p.path.startsWith('justifications.') ? p.message : `${fieldLabelOf(t, p.path)}: ${p.message}`}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          <fieldset className="report-form__body" disabled={!editable}>
            <legend className="visually-hidden">{t('report:legend', { year })}</legend>
            <div className="card report-currency">
              <CurrencyField currencies={currencies.withRate} allCurrencies={currencies.all} />
            </div>
            {commitmentList.map((definition, index) => (
              <ReportSection key={definition.key} definition={definition} number={index + 1} />
            ))}
          </fieldset>

          {editable ? (
            <section className="card submit-panel" aria-labelledby="submit-title">
              <h2 id="submit-title">{t('report:submit.title')}</h2>
              {warnings.length === 0 ? (
                <p className="muted">{t('report:submit.noWarnings')}</p>
              ) : (
                <>
                  <p>{t('report:submit.warnings', { count: warnings.length })}</p>
                  <ul className="warning-list">
                    {warnings.map((w) => {
                      const id = `justification-${w.code}`;
                      const coded = justificationErrors[w.code];
                      const error = coded
                        ? words(coded)
                        : submitAttempted && !justifications[w.code]?.trim()
                          ? messageText(t, 'write_justification')
                          : undefined;
                      return (
                        <li key={w.code} className="warning-item" data-warning={w.code}>
                          <p className="warning-item__message">
                            <span aria-hidden="true">⚠ </span>
                            {warningText(w)}.{' '}
                            <a
                              href={`#${fieldId(w.field)}`}
                              onClick={(e) => {
                                e.preventDefault();
                                document.getElementById(fieldId(w.field))?.focus();
                              }}
                            >
                              {t('report:goTo', { field: fieldLabelOf(t, w.field) })}
                            </a>
                          </p>
                          <div className="field">
                            <label htmlFor={id}>{t('report:justification')}</label>
                            <textarea
                              id={id}
                              rows={3}
                              maxLength={2000}
                              value={justifications[w.code] ?? ''}
                              aria-invalid={!!error || undefined}
                              aria-describedby={error ? `${id}-error` : undefined}
                              onChange={(e) => {
                                const text = e.target.value;
                                setJustifications((j) => ({ ...j, [w.code]: text }));
                                setJustificationErrors((errors) => without(errors, w.code));
                              }}
                            />
                            {error ? (
                              <p id={`${id}-error`} className="field__error">
                                {error}
                              </p>
                            ) : null}
                          </div>
                        </li>
                      );
                    })}
                  </ul>
                </>
              )}
              {submitError ? (
                <p className="alert alert--error" role="alert">
                  {submitError}
                </p>
              ) : null}
              <div className="submit-panel__actions">
                <button type="submit" className="button button--primary" disabled={submitting || !!conflict}>
                  {submitting ? t('report:submit.submitting') : t('report:submit.button')}
                </button>
                <span className="muted small">{t('report:submit.note')}</span>
              </div>
            </section>
          ) : null}
        </form>
      </ReportFieldContext.Provider>
    </FormProvider>
  );
}

function ConflictNotice({
  message,
  unsaved,
  onReload,
}: {
  message: string;
  unsaved: { field: string; from: unknown; to: unknown }[];
  onReload: () => void;
}) {
  const { t } = useTranslation('report');
  return (
    <div className="alert alert--error conflict-notice" role="alert">
      <h2>{t('report:conflict.title')}</h2>
      <p>{t('report:conflict.text', { reason: message })}</p>
      {unsaved.length > 0 ? (
        <details>
          <summary>{t('report:conflict.unsaved', { count: unsaved.length })}</summary>
          <ChangeList changes={unsaved} />
        </details>
      ) : null}
      <button type="button" className="button button--primary" onClick={onReload}>
        {t('report:conflict.reload')}
      </button>
    </div>
  );
}

function OlderCopyNotice({
  copy,
  serverData,
  onUse,
  onDiscard,
}: {
  copy: PendingDraft;
  serverData: ReportData;
  onUse: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation('report');
  // What was changed on this device (against the version it started from) and now differs from the server.
  const current = JSON.parse(stableJson(serverData)) as ReportData;
  const changes = diffReportData(copy.baseData, copy.data).filter(
    (c) => stableJson(valueAt(current, c.field) ?? null) !== stableJson(c.to),
  );
  return (
    <div className="alert alert--warning" role="region" aria-label={t('report:older.label')}>
      <h2>{t('report:older.title')}</h2>
      <p>{t('report:older.text', { version: copy.baseVersion, count: changes.length })}</p>
      <ChangeList changes={changes} />
      <p>
        <button type="button" className="button button--primary" onClick={onUse}>
          {t('report:older.use')}
        </button>{' '}
        <button type="button" className="button" onClick={onDiscard}>
          {t('report:older.discard')}
        </button>
      </p>
    </div>
  );
}
