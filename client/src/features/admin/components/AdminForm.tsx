// The card every admin form sits in: its title, the fields in a grid, the form's own error (one the
// server did not tie to a field) and the save and cancel buttons.
import type { BaseSyntheticEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { FormServerError } from '../../../ui/FormField.tsx';

interface AdminFormProps<TInput extends FieldValues, TOutput> {
  /** The id of the title, which names the card for assistive technology. */
  titleId: string;
  title: ReactNode;
  form: UseFormReturn<TInput, unknown, TOutput>;
  onSubmit: (event?: BaseSyntheticEvent) => Promise<void>;
  submitLabel: ReactNode;
  onCancel: () => void;
  children: ReactNode;
}

export function AdminForm<TInput extends FieldValues, TOutput>({
  titleId,
  title,
  form,
  onSubmit,
  submitLabel,
  onCancel,
  children,
}: AdminFormProps<TInput, TOutput>) {
  const { t } = useTranslation('admin');
  const { errors, isSubmitting } = form.formState;
  return (
    <section className="card admin-form" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <form className="form form--grid" noValidate onSubmit={onSubmit}>
        {children}
        <FormServerError errors={errors} wide />
        <div className="form__actions form--wide">
          <button type="submit" className="button button--primary" disabled={isSubmitting}>
            {submitLabel}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('admin:cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
