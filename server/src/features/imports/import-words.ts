// The import file as people write it (issue 19). The template's header row is in the reader's language,
// with each column's API path in the row beneath it, so that scripts keep reading the paths; a file may
// have both rows, the paths alone (files made before), or the headers alone in any of the three languages.
// Statuses, yes/no and support areas are read as the template's drop-down lists write them, in English,
// French or Spanish, or as the API's codes; case, accents, underscores and extra spaces do not matter.
// Every word comes from the catalogues: the common one (statuses, answers, areas, commitments), the
// indicators one (the fields' labels) and the server's files one.
import { locales } from '@lpt/shared/enums';
import { importColumnNames, importColumns, type ImportChoiceSet, type ImportColumn } from '@lpt/shared/imports';
import { translatorFor } from '../../i18n/translate.ts';

/** A cell of an import file: a string (trimmed), a number (xlsx numeric cells), a boolean (xlsx), or null when empty. */
export type Cell = string | number | boolean | null;

type Translate = ReturnType<typeof translatorFor>;

/** A text as it is compared: no accents, lower case, underscores as spaces, spaces collapsed. */
export const comparable = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[\s_]+/g, ' ')
    .trim();

/** A code of an enumerated column as the reader reads it (the label of the template's drop-down list). */
export function choiceLabel(t: Translate, set: ImportChoiceSet, code: string): string {
  switch (set) {
    case 'sectionStatus':
      return t(`common:sectionStatus.${code}`);
    case 'answer':
      return t(`common:answer.${code}`);
    case 'supportArea':
      return t(`common:supportArea.${code}`);
  }
}

/**
 * Texts that name two codes of one vocabulary (in two languages, say): read as neither, so that such a cell
 * is refused with the list rather than guessed. tests/unit/import-words.test.ts keeps this empty.
 */
export const ambiguousTexts: string[] = [];

/** Each vocabulary's accepted texts (comparable) → its code: the codes, and the labels in every language. */
const acceptedTexts: ReadonlyMap<ImportChoiceSet, ReadonlyMap<string, string>> = (() => {
  const sets = new Map<ImportChoiceSet, Map<string, string>>();
  for (const { choices } of importColumns) {
    if (!choices) continue;
    const texts = sets.get(choices.set) ?? new Map<string, string>();
    sets.set(choices.set, texts);
    const twice = new Set<string>();
    for (const code of choices.codes)
      for (const text of [code, ...locales.map((l) => choiceLabel(translatorFor(l), choices.set, code))]) {
        const key = comparable(text);
        const other = texts.get(key);
        if (other !== undefined && other !== code) {
          ambiguousTexts.push(`${choices.set}: "${text}" (${other}, ${code})`);
          twice.add(key);
        }
        texts.set(key, code);
      }
    for (const key of twice) texts.delete(key);
  }
  return sets;
})();

/** The code an enumerated cell names, or undefined when it names none (the schema then refuses it). */
export function readChoice(set: ImportChoiceSet, text: string): string | undefined {
  return acceptedTexts.get(set)?.get(comparable(text));
}

/** A column's header in the reader's language ("Funding: In-scope expenditure"). */
export function headerOf(column: ImportColumn, t: Translate): string {
  const [section, field, category] = column.path;
  if (column.kind === 'organization') return t('files:import.header.organization');
  if (column.kind === 'year') return t('common:yearSelect.label');
  if (column.kind === 'currency') return t('files:import.header.currency');
  const own =
    field === 'status'
      ? t('files:import.header.status')
      : field === 'narrative'
        ? t('files:import.header.narrative')
        : field === 'notApplicableReason'
          ? t('files:import.header.notApplicableReason')
          : t(`indicators:${section}.${field}.label`);
  const named = category ? t('files:import.header.category', { field: own, category: t(`common:leadership.${category}`) }) : own;
  return t('files:import.header.inSection', { section: t(`common:commitment.${section}`), field: named });
}

/** Headers that name two columns (in two languages, say): read as neither. The unit test keeps this empty. */
export const ambiguousHeaders: string[] = [];

/** Every header in every language (comparable) → its column's name. */
const columnOfHeader: ReadonlyMap<string, string> = (() => {
  const byHeader = new Map<string, string>();
  const twice = new Set<string>();
  for (const locale of locales) {
    const t = translatorFor(locale);
    for (const column of importColumns) {
      const key = comparable(headerOf(column, t));
      const other = byHeader.get(key);
      if (other !== undefined && other !== column.name) {
        ambiguousHeaders.push(`"${key}" (${other}, ${column.name})`);
        twice.add(key);
      }
      byHeader.set(key, column.name);
    }
  }
  for (const key of twice) byHeader.delete(key);
  return byHeader;
})();

const textOf = (cell: Cell | undefined) => (cell == null ? '' : String(cell));

/** Whether a row is a header row of API paths: it names the two columns every file needs. */
const isPathRow = (row: readonly Cell[] | undefined) => {
  const texts = new Set((row ?? []).map(textOf));
  return texts.has('organization') && texts.has('year');
};

export interface FileHeader {
  /** How many rows the header takes: 1 (paths or headers alone), 2 (headers, then the paths). */
  rows: 1 | 2;
  /** Each column's name, as the API calls it, or as written when it names no column (then refused). */
  names: string[];
}

/**
 * The file's header: the API paths of its first row, or of its second under a row of headers (the
 * template's two rows; the headers are then only words for people), or its first row's headers read in
 * any of the three languages.
 */
export function headerOfFile(rows: readonly (readonly Cell[])[]): FileHeader {
  const [first = [], second] = rows;
  if (!isPathRow(first) && isPathRow(second)) return { rows: 2, names: second!.map(textOf) };
  return {
    rows: 1,
    names: first.map((cell) => {
      const text = textOf(cell);
      return importColumnNames.includes(text) ? text : (columnOfHeader.get(comparable(text)) ?? text);
    }),
  };
}
