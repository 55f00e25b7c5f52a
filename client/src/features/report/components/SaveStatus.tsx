// The autosave state in words, in a polite live region so screen-reader users hear "Saved" and
// "Not saved" without losing their place; a field in error is named, as its change is the one not saved.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { formatList, formatLocale } from '../../../lib/format.ts';
import type { SaveState } from '../api/useAutosave.ts';

function describe(t: TFunction, state: SaveState, isNew: boolean): { text: string; tone: string } {
  switch (state.kind) {
    case 'idle':
      return { text: isNew ? t('report:save.nothingYet') : t('report:save.saved'), tone: isNew ? 'idle' : 'saved' };
    case 'pending':
      return { text: t('report:save.pending'), tone: 'pending' };
    case 'saving':
      return { text: t('report:save.saving'), tone: 'pending' };
    case 'saved': {
      const time = new Intl.DateTimeFormat(formatLocale(), { hour: '2-digit', minute: '2-digit' }).format(state.at);
      return { text: t('report:save.savedAt', { time }), tone: 'saved' };
    }
    case 'offline':
      return { text: t('report:save.offline'), tone: 'problem' };
    case 'held':
      return {
        text: t('report:save.held', { count: state.fields.length, fields: formatList(state.fields.map((f) => fieldLabelOf(t, f))) }),
        tone: 'problem',
      };
    case 'invalid':
      return { text: t('report:save.invalid'), tone: 'problem' };
    case 'failed':
      return { text: t('report:save.failed', { reason: state.message }), tone: 'problem' };
    case 'conflict':
      return { text: t('report:save.conflict'), tone: 'problem' };
  }
}

export function SaveStatus({ state, isNew }: { state: SaveState; isNew: boolean }) {
  const { t } = useTranslation(['report', 'indicators']);
  const { text, tone } = describe(t, state, isNew);
  return (
    <p className={`save-status save-status--${tone}`} role="status" aria-live="polite" data-testid="save-status">
      <span className="save-status__dot" aria-hidden="true" />
      {text}
    </p>
  );
}
