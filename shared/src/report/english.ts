// The English names of report fields, for what the server writes in English (the import template's
// definitions, API messages): read from the web app's English catalogues, never a copy of them. Kept out
// of the report module's index so that the web app, which loads its catalogues per language, does not
// bundle these.
import common from '../../../client/src/locales/en/common.json' with { type: 'json' };
import indicators from '../../../client/src/locales/en/indicators.json' with { type: 'json' };
import report from '../../../client/src/locales/en/report.json' with { type: 'json' };
import { commitments, type Commitment } from '../enums.ts';
import { fieldAt, fieldPath } from './fields.ts';

type Texts = Record<string, unknown>;
const at = (tree: Texts, path: string): string | undefined => {
  let node: unknown = tree;
  for (const part of path.split('.')) node = node != null && typeof node === 'object' ? (node as Texts)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
};

/** A field's English label and definition (indicators catalogue, under its path). */
export function englishIndicator(path: string): { label: string; help: string } | undefined {
  const label = at(indicators, `${path}.label`);
  return label == null ? undefined : { label, help: at(indicators, `${path}.help`) ?? '' };
}

/** A breakdown category's English name (common catalogue: `leadership`). */
export const englishCategory = (category: string): string => at(common, `leadership.${category}`) ?? category;

/** A readable English name for a dotted field path, e.g. 'funding.toLocalDirect' → 'Funding to local actors: Transferred directly…'. */
export function fieldLabel(path: string): string {
  if (path === 'currency') return at(report, 'reportCurrency') ?? path;
  const [head, field, sub] = path.split('.');
  if (!(commitments as readonly string[]).includes(head ?? '')) return path;
  const title = at(indicators, `${head as Commitment}.title`) ?? head!;
  if (!field) return title;
  const f = fieldAt(path);
  const own = at(report, `sectionField.${field}`) ?? (f ? englishIndicator(fieldPath(f))?.label : undefined) ?? field;
  const part = sub ? ` — ${f?.kind === 'breakdown' ? englishCategory(sub) : sub}` : '';
  return `${title}: ${own}${part}`;
}
