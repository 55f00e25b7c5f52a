// A warning in the reader's language: from its code and parameters, or (a warning stored before
// issue 8, without parameters) the server's English.
import type { TFunction } from 'i18next';
import type { ReportWarning } from '@lpt/shared/report';
import { messageText } from '../../../lib/messages.ts';

export const warningText = (t: TFunction, w: ReportWarning) => (w.params ? messageText(t, w.code, w.params) : w.message);
