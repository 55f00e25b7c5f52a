// A readable name for a dotted field path of a report, in the reader's language:
// 'funding.status' → "Funding to local actors: Status", a field → its section's title and its label.
// (shared/src/report/english.ts fieldLabel is the English one, for the server.)
import type { TFunction } from 'i18next';
import { commitments, leadershipCategories, type Commitment, type LeadershipCategory } from '@lpt/shared/enums';
import { indicatorAt } from '@lpt/shared/indicators';
import { leadershipCategoryLabel } from './labels.ts';

const sectionFields = ['status', 'narrative', 'notApplicableReason'] as const;

export function fieldLabelOf(t: TFunction, path: string): string {
  if (path === 'currency') return t('report:reportCurrency');
  const [head, field, sub] = path.split('.');
  if (!(commitments as readonly string[]).includes(head ?? '')) return path;
  const title = t(`indicators:${head as Commitment}.title`);
  if (!field) return title;
  const own = (sectionFields as readonly string[]).includes(field)
    ? t(`report:sectionField.${field as (typeof sectionFields)[number]}`)
    : indicatorAt(`${head}.${field}`)
      ? t(`indicators:${head}.${field}.label`)
      : field;
  const part =
    sub && (leadershipCategories as readonly string[]).includes(sub) ? ` — ${leadershipCategoryLabel(t, sub as LeadershipCategory)}` : sub ? ` — ${sub}` : '';
  return `${title}: ${own}${part}`;
}
