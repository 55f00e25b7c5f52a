// The autosave state in words, in a polite live region so screen-reader users hear "Saved" and
// "Not saved" without losing their place; a field in error is named, as its change is the one not saved,
// and a field held back only because it conflicts with others names those others.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { formatList, formatLocale } from '../../../lib/format.ts';
import type { SaveState } from '../api/useAutosave.ts';
import { conflictNames } from './conflictNames.ts';

/** A held field, with the fields in error it conflicts with when it has no error of its own. */
function heldName(t: TFunction, field: string, conflicts: Record<string, string[]>) {
  const others = conflicts[field] ?? [];
  return others.length > 0 ? t('report:save.heldConflict', { field: fieldLabelOf(t, field), others: conflictNames(t, others) }) : fieldLabelOf(t, field);
}

function describe(t: TFunction, state: SaveState, isNew: boolean, conflicts: Record<string, string[]>): { text: string; tone: string } {
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
        text: t('report:save.held', { count: state.fields.length, fields: formatList(state.fields.map((f) => heldName(t, f, conflicts))) }),
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

export function SaveStatus({ state, isNew, conflicts }: { state: SaveState; isNew: boolean; conflicts: Record<string, string[]> }) {
  const { t } = useTranslation(['report', 'indicators']);
  const { text, tone } = describe(t, state, isNew, conflicts);
  return (
    <p className={`save-status save-status--${tone}`} role="status" aria-live="polite" data-testid="save-status">
      <span className="save-status__dot" aria-hidden="true" />
      <span className="save-status__text">{text}</span>
    </p>
  );
}
