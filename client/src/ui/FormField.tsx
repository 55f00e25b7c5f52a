// Building blocks of the admin forms: a labelled field whose hint and error are tied to the input with
// aria-describedby, and the mapping of the server's per-field messages onto the form.
import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError, FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { paramsOf } from '../lib/codedResolver.ts';
import { messageText } from '../lib/messages.ts';
import { errorMessageOf, issuesOf } from '../lib/trpc.ts';

/** A field's error in the reader's language: a message code (with its parameters) or a sentence already worded. */
export function ErrorText({ error }: { error: FieldError | string | undefined }) {
  const { t } = useTranslation('validation');
  if (!error) return null;
  if (typeof error === 'string') return <>{messageText(t, error)}</>;
  return <>{error.message ? messageText(t, error.message, paramsOf(error)) : null}</>;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldError | string | undefined;
  /** The input, select or textarea; it gets id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
  after?: ReactNode;
}

export function FormField({ id, label, hint, error, children, after }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {isValidElement(children)
        ? cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })
        : children}
      {after}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          <ErrorText error={error} />
        </p>
      ) : null}
    </div>
  );
}

/**
 * Puts a failed call's messages where they belong: each field error of a BAD_REQUEST (or a CONFLICT that
 * names a field, e.g. a duplicate name) on its field, anything else as the form's own error.
 */
export function showServerErrors<T extends FieldValues, TOutput>(form: UseFormReturn<T, unknown, TOutput>, error: unknown, fields: readonly string[]) {
  let placed = false;
  for (const issue of issuesOf(error)) {
    if (!fields.includes(issue.field) || form.getFieldState(issue.field as Path<T>).error) continue;
    // A code the web app words itself; for a domain rule without one, the refusal it comes with (a name
    // taken, or looking like another: worded in the reader's language), else the server's sentence.
    const message = issue.code !== 'invalid' ? issue.code : hasRefusal(error) ? errorMessageOf(error) : issue.message;
    form.setError(issue.field as Path<T>, { type: 'server', message, types: issue.params as Record<string, string> }, { shouldFocus: !placed });
    placed = true;
  }
  if (!placed) form.setError('root.server' as Path<T>, { type: 'server', message: errorMessageOf(error) });
}

const hasRefusal = (error: unknown) =>
  Boolean((error as { data?: { refusal?: unknown } } | null)?.data?.refusal);

/** The form's submit handler: checks the input, saves it, and shows a refused save's messages on the form. */
export function submitWithServerErrors<TInput extends FieldValues, TOutput>(
  form: UseFormReturn<TInput, unknown, TOutput>,
  fields: readonly string[],
  save: (values: TOutput) => Promise<void>,
) {
  return form.handleSubmit(async (values) => {
    try {
      await save(values);
    } catch (error) {
      showServerErrors(form, error, fields);
    }
  });
}

/** An optional text or date input: empty means null. */
export const emptyToNull = (value: unknown) => (value === '' || value == null ? null : value);
/** A number input: empty means undefined (so that the schema says what is missing), otherwise a number. */
export const toNumber = (value: unknown) => (value === '' || value == null ? undefined : Number(value));

export function FormStatus({ message }: { message: string | null }) {
  return (
    <p role="status" className={message ? 'alert alert--success' : 'visually-hidden'}>
      {message ?? ''}
    </p>
  );
}

/** The form's own error: what the server refused without naming a field (set by submitWithServerErrors). */
export function FormServerError({
  errors,
  wide = false,
}: {
  errors: { root?: Record<string, { message?: string | undefined } | undefined> & { message?: string } };
  /** Across the whole grid of a grid form. */
  wide?: boolean;
}) {
  const message = errors.root?.server?.message;
  return message ? (
    <p className={wide ? 'alert alert--error form--wide' : 'alert alert--error'} role="alert">
      {message}
    </p>
  ) : null;
}
