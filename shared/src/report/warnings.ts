// Warnings: figures that are allowed but unusual. They do not block a draft; submitting past one needs a
// written justification. Each names the field it is shown at.
import { commitments } from '../enums.ts';
import { englishMessage, type MessageParams } from '../messages.ts';
import type { ReportData } from './data.ts';
import { countedLocalFunding, localShare } from './rules.ts';

/** A share moving more than this from the last approved report needs a justification. */
export const SHARE_JUMP_WARNING = 0.15;

export const warningCodes = [
  'share_jump',
  'funding_without_partners',
  'fulfilled_without_narrative',
] as const;
export type WarningCode = (typeof warningCodes)[number];
/** `params` (shared/src/messages.ts) may be missing on warnings stored before issue 8. */
export type ReportWarning = { code: WarningCode; field: string; params?: MessageParams; message: string };

function warning(code: WarningCode, field: string, params: MessageParams = {}): ReportWarning {
  return { code, field, params, message: englishMessage(code, params) };
}

/** Warnings do not block a draft; submitting past one needs a written justification. */
export function reportWarnings(d: ReportData, lastApproved: ReportData | null): ReportWarning[] {
  const warnings: ReportWarning[] = [];
  const share = localShare(d.funding);
  const previous = lastApproved ? localShare(lastApproved.funding) : null;
  if (share != null && previous != null && Math.abs(share - previous) - SHARE_JUMP_WARNING > 1e-9)
    warnings.push(warning('share_jump', 'funding.toLocalDirect', { from: previous, to: share }));
  const counted = d.funding.status === 'not_applicable' ? null : countedLocalFunding(d.funding);
  if (counted != null && counted > 0 && d.collaboration.localPartners === 0)
    warnings.push(warning('funding_without_partners', 'collaboration.localPartners'));
  if (commitments.every((k) => d[k].status === 'fulfilled')) {
    const missing = commitments.filter((k) => !d[k].narrative?.trim());
    if (missing.length > 0)
      warnings.push(warning('fulfilled_without_narrative', `${missing[0]}.narrative`, { sections: missing, count: missing.length }));
  }
  return warnings;
}
