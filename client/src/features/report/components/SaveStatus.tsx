// The autosave state in words, in a polite live region so screen-reader users hear "Saved" and
// "Not saved" without losing their place.
import type { SaveState } from '../api/useAutosave.ts';

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

function describe(state: SaveState, isNew: boolean): { text: string; tone: string } {
  switch (state.kind) {
    case 'idle':
      return {
        text: isNew ? 'Nothing saved yet — your draft is saved automatically as you type' : 'Saved',
        tone: isNew ? 'idle' : 'saved',
      };
    case 'pending':
      return { text: 'Unsaved changes…', tone: 'pending' };
    case 'saving':
      return { text: 'Saving…', tone: 'pending' };
    case 'saved':
      return { text: `Saved at ${timeFormat.format(state.at)}`, tone: 'saved' };
    case 'offline':
      return {
        text: 'Not saved — you are offline. Your changes are kept on this device and will be saved when the connection returns.',
        tone: 'problem',
      };
    case 'invalid':
      return { text: 'Not saved — correct the fields marked below.', tone: 'problem' };
    case 'failed':
      return { text: `Not saved — ${state.message}`, tone: 'problem' };
    case 'conflict':
      return { text: 'Not saved — someone else changed this report.', tone: 'problem' };
  }
}

export function SaveStatus({ state, isNew }: { state: SaveState; isNew: boolean }) {
  const { text, tone } = describe(state, isNew);
  return (
    <p className={`save-status save-status--${tone}`} role="status" aria-live="polite" data-testid="save-status">
      <span className="save-status__dot" aria-hidden="true" />
      {text}
    </p>
  );
}
