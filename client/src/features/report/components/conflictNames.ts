// The fields of a conflict in words: each catalogue row once, in the reader's language, with the parts
// concerned ("Collaboration and inclusion: Local partners by leadership (Migrant-led and Women-led)").
import type { TFunction } from 'i18next';
import { leadershipCategories, type LeadershipCategory } from '@lpt/shared/enums';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { formatList } from '../../../lib/format.ts';
import { leadershipCategoryLabel } from '../../../lib/labels.ts';
import { groupByField } from '../typedField.ts';

const partLabel = (t: TFunction, part: string) =>
  (leadershipCategories as readonly string[]).includes(part) ? leadershipCategoryLabel(t, part as LeadershipCategory) : part;

export function conflictNames(t: TFunction, paths: readonly string[]): string {
  return formatList(
    groupByField(paths).map(({ field, parts }) =>
      parts.length > 0 ? `${fieldLabelOf(t, field)} (${formatList(parts.map((p) => partLabel(t, p)))})` : fieldLabelOf(t, field),
    ),
  );
}
