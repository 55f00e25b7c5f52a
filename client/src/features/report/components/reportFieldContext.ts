// What every field of the report form needs besides its value: whether it can be edited, last year's
// approved report (shown beside each figure), the coordinator's comments, and the messages of the
// server and of the completeness check (the zod errors come from react-hook-form).
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { get, useFormState, type FieldError } from 'react-hook-form';
import type { MessageParams } from '@lpt/shared/messages';
import type { ReportData, ReportWarning } from '@lpt/shared/report';
import { paramsOf } from '../../../lib/codedResolver.ts';
import { messageText } from '../../../lib/messages.ts';
import { fieldId, type ReportFormValues } from '../formValues.ts';
import type { LinkedError } from '../typedField.ts';
import { conflictNames } from './conflictNames.ts';

/** A message code with its parameters (shared/src/messages.ts), worded when shown. */
export interface CodedMessage {
  code: string;
  params?: MessageParams;
}

export interface ReportFieldContextValue {
  readOnly: boolean;
  previousYear: { year: number; data: ReportData } | null;
  fieldComments: Record<string, string>;
  serverErrors: Record<string, CodedMessage>;
  /** Shown once the signatory tried to submit: what is still missing. */
  missing: Record<string, CodedMessage>;
  /** An error on another field that the change just typed here caused (typedField.ts). */
  linkedErrors: Record<string, LinkedError>;
  /** The warnings on the figures as they stand, by the field each is about. */
  warnings: Record<string, ReportWarning>;
  clearServerError: (path: string) => void;
}

export const ReportFieldContext = createContext<ReportFieldContextValue>({
  readOnly: true,
  previousYear: null,
  fieldComments: {},
  serverErrors: {},
  missing: {},
  linkedErrors: {},
  warnings: {},
  clearServerError: () => {},
});

export function useReportField() {
  return useContext(ReportFieldContext);
}

/** Ids and messages of one field, for the label, hint, error and comment elements around it. */
export function useFieldMeta(path: string, parts: { help?: boolean; lastYear?: boolean } = {}) {
  const { t } = useTranslation(['validation', 'report', 'indicators']);
  const context = useReportField();
  const { errors } = useFormState<ReportFormValues>({ name: path as never });
  const own = get(errors, path) as (FieldError & { root?: FieldError }) | undefined;
  const fieldError = own?.message ? own : own?.root?.message ? own.root : undefined;
  const coded: CodedMessage | undefined = fieldError
    ? { code: fieldError.message!, params: paramsOf(fieldError) }
    : (context.serverErrors[path] ?? context.missing[path]);
  const linked = coded ? undefined : context.linkedErrors[path];
  const error = coded
    ? messageText(t, coded.code, coded.params)
    : linked
      ? linked.isWhole
        ? t('report:partsAbove', { count: linked.conflicts.length, fields: conflictNames(t, linked.conflicts) })
        : t('report:linkedError', { field: conflictNames(t, [linked.at]), message: messageText(t, linked.message.code, linked.message.params) })
      : undefined;
  const id = fieldId(path);
  const comment = context.fieldComments[path];
  const warning = context.warnings[path];
  const describedBy = [
    parts.help ? `${id}-help` : null,
    parts.lastYear ? `${id}-last` : null,
    comment ? `${id}-comment` : null,
    warning ? `${id}-warning` : null,
    error ? `${id}-error` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return { id, error, comment, warning, describedBy: describedBy || undefined, context };
}
