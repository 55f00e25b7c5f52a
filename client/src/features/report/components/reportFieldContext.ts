// What every field of the report form needs besides its value: whether it can be edited, last year's
// approved report (shown beside each figure), the coordinator's comments, and the messages of the
// server and of the completeness check (the zod errors come from react-hook-form).
import { createContext, useContext } from 'react';
import { get, useFormState, type FieldError } from 'react-hook-form';
import type { ReportData } from '@lpt/shared/report';
import { fieldId, type ReportFormValues } from '../formValues.ts';

export interface ReportFieldContextValue {
  readOnly: boolean;
  previousYear: { year: number; data: ReportData } | null;
  fieldComments: Record<string, string>;
  serverErrors: Record<string, string>;
  /** Shown once the signatory tried to submit: what is still missing. */
  missing: Record<string, string>;
  clearServerError: (path: string) => void;
}

export const ReportFieldContext = createContext<ReportFieldContextValue>({
  readOnly: true,
  previousYear: null,
  fieldComments: {},
  serverErrors: {},
  missing: {},
  clearServerError: () => {},
});

export function useReportField() {
  return useContext(ReportFieldContext);
}

/** Ids and messages of one field, for the label, hint, error and comment elements around it. */
export function useFieldMeta(path: string, parts: { help?: boolean; lastYear?: boolean } = {}) {
  const context = useReportField();
  const { errors } = useFormState<ReportFormValues>({ name: path as never });
  const own = get(errors, path) as (FieldError & { root?: FieldError }) | undefined;
  const error = own?.message ?? own?.root?.message ?? context.serverErrors[path] ?? context.missing[path];
  const id = fieldId(path);
  const comment = context.fieldComments[path];
  const describedBy = [
    parts.help ? `${id}-help` : null,
    parts.lastYear ? `${id}-last` : null,
    comment ? `${id}-comment` : null,
    error ? `${id}-error` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return { id, error, comment, describedBy: describedBy || undefined, context };
}
