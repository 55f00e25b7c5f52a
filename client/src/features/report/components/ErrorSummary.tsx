// The list of what stands in the way of submitting, at the submit button (as GOV.UK's error summary):
// each entry takes the keyboard to its field. It takes the focus itself when shown (summaryRef), so a
// screen reader reads it where the person pressed Submit.
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { messageText } from '../../../lib/messages.ts';
import { focusBelowBar } from '../focusBelowBar.ts';
import type { Problem } from '../problems.ts';
import { warningText } from './warningText.ts';

export function ErrorSummary({ problems, summaryRef }: { problems: readonly Problem[]; summaryRef: Ref<HTMLDivElement> }) {
  const { t } = useTranslation(['report', 'indicators', 'validation']);
  if (problems.length === 0) return null;
  const text = (p: Problem) =>
    p.kind === 'unjustified'
      ? t('report:justify', { warning: warningText(t, p.warning) })
      : p.kind === 'justification'
        ? messageText(t, p.message.code, p.message.params)
        : `${fieldLabelOf(t, p.path)}: ${messageText(t, p.message.code, p.message.params)}`;
  return (
    <div className="alert alert--error error-summary" ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('report:problems', { count: problems.length })}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.path}>
            <a
              href={`#${p.target}`}
              onClick={(e) => {
                e.preventDefault();
                focusBelowBar(document.getElementById(p.target), 'center');
              }}
            >
              {text(p)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
