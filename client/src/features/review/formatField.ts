// How a report field's value reads on the review desk, in the reader's language: amounts with the report
// currency, statuses and support areas in words, empty values as "empty".
import type { TFunction } from 'i18next';
import { leadershipCategories, type SectionStatus, type SupportArea } from '@lpt/shared/enums';
import { indicatorAt } from '@lpt/shared/indicators';
import { formatCount, formatList, formatMoney } from '../../lib/format.ts';
import { sectionStatusLabel, supportAreaLabel } from '../../lib/labels.ts';

export function formatFieldValue(t: TFunction, path: string, value: unknown, currency: string | null): string {
  if (value == null) return t('review:value.empty');
  const [, field, sub] = path.split('.');
  if (field === 'status') return typeof value === 'string' ? sectionStatusLabel(t, value as SectionStatus) : String(value);
  if (path === 'currency') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? t('review:value.yes') : t('review:value.no');
  if (Array.isArray(value))
    return value.length ? formatList(value.map((a) => supportAreaLabel(t, a as SupportArea))) : t('review:value.none');
  if (typeof value === 'number') {
    const kind = sub && (leadershipCategories as readonly string[]).includes(sub) ? 'count' : indicatorAt(path)?.kind;
    return kind === 'money' ? formatMoney(value, currency ?? '') : formatCount(value);
  }
  return JSON.stringify(value);
}
