// How a report field's value reads on the review desk: amounts with the report currency, statuses and
// support areas in words, empty values as "empty".
import { leadershipCategories, type SectionStatus, type SupportArea } from '@lpt/shared/enums';
import { indicatorAt, sectionStatusLabels, supportAreaLabels } from '@lpt/shared/indicators';
import { formatCount, formatMoney } from '../../lib/format.ts';

export function formatFieldValue(path: string, value: unknown, currency: string | null): string {
  if (value == null) return 'empty';
  const [, field, sub] = path.split('.');
  if (field === 'status') return sectionStatusLabels[value as SectionStatus] ?? String(value);
  if (path === 'currency') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value))
    return value.length ? value.map((a) => supportAreaLabels[a as SupportArea] ?? String(a)).join(', ') : 'None';
  if (typeof value === 'number') {
    const kind = sub && (leadershipCategories as readonly string[]).includes(sub) ? 'count' : indicatorAt(path)?.kind;
    return kind === 'money' ? formatMoney(value, currency ?? '') : formatCount(value);
  }
  return JSON.stringify(value);
}
