// The English names of report fields, for what the server writes in English (the import template's
// definitions): read from the web app's English catalogues, never a copy of them. (The whole a part may not
// exceed is named in English by shared/src/messages.ts, from the validation catalogue.) Kept out
// of the report module's index so that the web app, which loads its catalogues per language, does not
// bundle these.
import common from '../../../client/src/locales/en/common.json' with { type: 'json' };
import indicators from '../../../client/src/locales/en/indicators.json' with { type: 'json' };

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
