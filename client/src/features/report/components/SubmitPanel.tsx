// The submit box: the warnings on the figures as they stand, each with its justification, and the
// submit button, with the list of what stands in the way right above it (where the keyboard already is).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportWarning, WarningCode } from '@lpt/shared/report';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { messageText } from '../../../lib/messages.ts';
import { focusBelowBar } from '../focusBelowBar.ts';
import { fieldId } from '../formValues.ts';
import { justificationId } from '../problems.ts';
import type { Justifications } from '../warnings.ts';
import type { CodedMessage } from './reportFieldContext.ts';
import { warningText } from './warningText.ts';

interface Props {
  warnings: readonly ReportWarning[];
  justifications: Justifications;
  justificationErrors: Partial<Record<string, CodedMessage>>;
  attempted: boolean;
  onJustify: (code: WarningCode, text: string) => void;
  error: string | null;
  submitting: boolean;
  disabled: boolean;
  /** Some field is in error: the warnings, worked out from the valid figures only, are not the whole story. */
  inError: boolean;
  /** The error summary (ErrorSummary), shown at the button. */
  summary: ReactNode;
}

export function SubmitPanel({ warnings, justifications, justificationErrors, attempted, onJustify, error, submitting, disabled, inError, summary }: Props) {
  const { t } = useTranslation(['report', 'indicators', 'validation']);
  return (
    <section className="card submit-panel" aria-labelledby="submit-title">
      <h2 id="submit-title" tabIndex={-1}>
        {t('report:submit.title')}
      </h2>
      {warnings.length === 0 ? (
        <p className="muted">{inError ? t('report:submit.inError') : t('report:submit.noWarnings')}</p>
      ) : (
        <>
          <p>{t('report:submit.warnings', { count: warnings.length })}</p>
          <ul className="warning-list">
            {warnings.map((w) => {
              const id = justificationId(w.code);
              const coded = justificationErrors[w.code];
              const message = coded
                ? messageText(t, coded.code, coded.params)
                : attempted && !justifications[w.code]?.trim()
                  ? messageText(t, 'write_justification')
                  : undefined;
              return (
                <li key={w.code} className="warning-item" data-warning={w.code}>
                  <p className="warning-item__message">
                    <span aria-hidden="true">⚠ </span>
                    {warningText(t, w)}.{' '}
                    <a
                      href={`#${fieldId(w.field)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        focusBelowBar(document.getElementById(fieldId(w.field)), 'center');
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
                      aria-invalid={!!message || undefined}
                      aria-describedby={message ? `${id}-error` : undefined}
                      onChange={(e) => onJustify(w.code, e.target.value)}
                    />
                    {message ? (
                      <p id={`${id}-error`} className="field__error">
                        {message}
                      </p>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {error ? (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      ) : null}
      {summary}
      <div className="submit-panel__actions">
        <button type="submit" className="button button--primary" disabled={submitting || disabled}>
          {submitting ? t('report:submit.submitting') : t('report:submit.button')}
        </button>
        <span className="muted small">{t('report:submit.note')}</span>
      </div>
    </section>
  );
}
