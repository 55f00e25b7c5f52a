// Server and schema messages are codes (shared/src/messages.ts); this words them in the reader's
// language from the validation catalogue. A text that is not a code (an older server's English) is shown
// as it is.
import type { TFunction } from 'i18next';
import type { Commitment } from '@lpt/shared/enums';
import type { ImportChoiceSet } from '@lpt/shared/imports';
import { isMessageCode, type MessageParams } from '@lpt/shared/messages';
import { formatList } from './format.ts';
import { commitmentLabel } from './labels.ts';

export function messageText(t: TFunction, code: string, params: MessageParams | undefined = {}): string {
  if (!isMessageCode(code)) return code;
  const values: Record<string, unknown> = { ...params };
  if (typeof params.whole === 'string') values.whole = t(`validation:whole.${params.whole.replace('.', '_')}`);
  if (Array.isArray(params.sections)) {
    values.sections = formatList(params.sections.map((s) => commitmentLabel(t, s as Commitment)));
    values.count ??= params.sections.length;
  }
  if (Array.isArray(params.choices) && typeof params.choiceSet === 'string')
    values.choices = params.choices.map((c) => choiceLabel(t, params.choiceSet as ImportChoiceSet, c)).join(', ');
  return t(`validation:${code}`, values);
}

/** An accepted value of an import column as the template's drop-down list writes it. */
function choiceLabel(t: TFunction, set: ImportChoiceSet, code: string): string {
  switch (set) {
    case 'sectionStatus':
      return t(`common:sectionStatus.${code}`);
    case 'answer':
      return t(`common:answer.${code}`);
    case 'supportArea':
      return t(`common:supportArea.${code}`);
  }
}
