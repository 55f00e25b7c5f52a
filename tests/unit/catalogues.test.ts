// The message catalogues (client/src/locales/<language>/<namespace>.json) are complete, proven: every key
// the web app uses exists in every language, no catalogue holds a key no code uses, every language has the
// plural forms its grammar needs (CLDR categories, as Intl.PluralRules gives them), translations keep their
// parameters, and the English validation catalogue says what the server says (shared/src/messages.ts).
//
// Keys are found in the code as literal `t('namespace:key')` calls; a template such as
// t(`common:region.${region}`) makes `common:region.` a family of keys, all counted as used, and the
// families of the pledge's enums are checked member by member.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as enums from '@lpt/shared/enums';
import { moneyFigures } from '@lpt/shared/figures';
import { messageTemplates, refusalTemplates, wholeNames } from '@lpt/shared/messages';
import { serverNamespaces, sharedNamespaces } from '@lpt/server/i18n/translate';
import { fieldPath, reportFields } from '@lpt/shared/report/fields';

// The web app's catalogues and the server's (e-mails, downloaded files) have disjoint namespaces, so they
// are checked as one set: a key is looked up where its namespace lives.
const clientSrc = path.resolve(import.meta.dirname, '../../client/src');
const serverSrc = path.resolve(import.meta.dirname, '../../server/src');
const sourceRoots = [clientSrc, serverSrc];
const languages = enums.locales;
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Catalogue = Map<string, string>; // 'ns:a.b' → value

function flatten(prefix: string, value: unknown, out: Catalogue) {
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`, v, out);
  else throw new Error(`${prefix}: not a string`);
}

function catalogueOf(language: string): Catalogue {
  const out: Catalogue = new Map();
  for (const root of sourceRoots) {
    const dir = path.join(root, 'locales', language);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
      flatten(`${file.replace(/\.json$/, '')}:`, JSON.parse(readFileSync(path.join(dir, file), 'utf8')), out);
  }
  return out;
}

const catalogues = Object.fromEntries(languages.map((l) => [l, catalogueOf(l)])) as Record<string, Catalogue>;
const baseOf = (key: string) => key.replace(PLURAL, '');
const basesOf = (c: Catalogue) => new Set([...c.keys()].map(baseOf));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'locales' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const staticKeys = new Map<string, string>(); // key → first file using it
const families = new Map<string, string>(); // 'common:region.' → file
for (const file of sourceRoots.flatMap(sourceFiles)) {
  const text = readFileSync(file, 'utf8');
  const relative = path.relative(path.dirname(clientSrc), file);
  for (const m of text.matchAll(/\bt\(\s*(['"])([a-z][a-zA-Z]*:[^'"]+)\1/g)) if (!staticKeys.has(m[2]!)) staticKeys.set(m[2]!, relative);
  for (const m of text.matchAll(/\bt\(\s*`([a-z][a-zA-Z]*:[^`$]*)(\$\{)?/g)) {
    if (m[2]) families.set(m[1]!, relative);
    else if (!staticKeys.has(m[1]!)) staticKeys.set(m[1]!, relative);
  }
}

const english = catalogues.en!;
const englishBases = basesOf(english);
const inFamily = (key: string) => [...families.keys()].some((prefix) => key.startsWith(prefix));
const params = (text: string) => new Set([...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]));

describe('the message catalogues', () => {
  it('finds the keys the code uses', () => {
    expect(staticKeys.size).toBeGreaterThan(200);
    expect([...families.keys()]).toEqual(expect.arrayContaining(['common:region.', 'validation:', 'indicators:']));
  });

  it.each(languages)('has every key the code uses in %s', (language) => {
    const bases = basesOf(catalogues[language]!);
    const missing = [...staticKeys].filter(([key]) => !bases.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
    const emptyFamilies = [...families.keys()].filter((prefix) => ![...bases].some((k) => k.startsWith(prefix)));
    expect(emptyFamilies).toEqual([]);
  });

  it('holds no key that no code uses', () => {
    const unused = [...englishBases].filter((key) => !staticKeys.has(key) && !inFamily(key));
    expect(unused).toEqual([]);
  });

  it.each(languages.filter((l) => l !== 'en'))('has exactly the English keys in %s, with the same parameters', (language) => {
    const catalogue = catalogues[language]!;
    expect([...basesOf(catalogue)].sort()).toEqual([...englishBases].sort());
    const differing: string[] = [];
    for (const [key, value] of catalogue) {
      const source = english.get(key) ?? english.get(`${baseOf(key)}_other`) ?? english.get(baseOf(key));
      if (source === undefined) continue;
      const mine = params(value);
      const theirs = params(source);
      // A plural form may leave out {{count}} (French and Spanish "one" forms often spell it out).
      mine.delete('count');
      theirs.delete('count');
      if ([...mine].sort().join() !== [...theirs].sort().join()) differing.push(key);
    }
    expect(differing).toEqual([]);
  });

  // One source per language (issue 18): the server reads the web app's catalogues it needs (its `common`:
  // the pledge's vocabulary) rather than keeping a copy that could drift from them. One pair of families
  // names the same things in two settings, and their words meet in some languages and not in others: a
  // download's column heading (files:figure) and a figure's name inside the web app's sentence about
  // withheld figures (common:moneyFigure). So do a download's column heading and a report field's label
  // (indicators), which the server reads for the import template's headers.
  const settings: [string, string][] = [
    ['files:figure.', 'common:moneyFigure.'],
    ['files:figure.', 'indicators:'],
  ];
  it.each(languages)('words no text twice in %s: the server’s catalogues repeat none of the web app’s it reads', (language) => {
    const catalogue = catalogues[language]!;
    const inNamespaces = (namespaces: readonly string[]) => [...catalogue].filter(([key]) => namespaces.includes(key.split(':')[0]!));
    const read = new Map<string, string[]>();
    for (const [key, text] of inNamespaces(sharedNamespaces)) read.set(text, [...(read.get(text) ?? []), key]);
    expect(read.size).toBeGreaterThan(100);
    const otherSetting = (key: string, theirs: string) => settings.some(([mine, other]) => key.startsWith(mine) && theirs.startsWith(other));
    const repeated = inNamespaces(serverNamespaces).flatMap(([key, text]) =>
      (read.get(text) ?? []).filter((theirs) => !otherSetting(key, theirs)).map((theirs) => `${key} repeats ${theirs}: “${text}”`),
    );
    expect(repeated).toEqual([]);
  });

  it.each(languages)('has every plural form %s needs', (language) => {
    const catalogue = catalogues[language]!;
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const pluralBases = new Set([...catalogue.keys()].filter((k) => PLURAL.test(k)).map(baseOf));
    const missing = [...pluralBases].flatMap((base) => categories.filter((c) => !catalogue.has(`${base}_${c}`)).map((c) => `${base}_${c}`));
    expect(missing).toEqual([]);
  });

  it.each(languages)('names every value of the pledge’s enums in %s', (language) => {
    const catalogue = catalogues[language]!;
    const families: [string, readonly string[]][] = [
      ['common:organizationType', enums.organizationTypes],
      ['common:region', enums.regions],
      ['common:commitment', enums.commitments],
      ['common:reportStatus', enums.reportStatuses],
      ['common:role', enums.roles],
      ['common:viewer', enums.viewers],
      ['common:sectionStatus', enums.sectionStatuses],
      ['common:leadership', enums.leadershipCategories],
      ['common:supportArea', enums.supportAreaCodes],
      ['common:withheld', enums.suppressionReasons],
      // A release names the money figures it withholds inside a shown cell (lib/labels.ts moneyFigureLabel).
      ['common:moneyFigure', moneyFigures.map((f) => f.path.replaceAll('.', '_'))],
    ];
    const missing = families.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`).filter((k) => !catalogue.has(k)));
    expect(missing).toEqual([]);
  });

  it.each(languages)('defines every commitment and every row of the report-field catalogue in %s', (language) => {
    const catalogue = catalogues[language]!;
    const keys = [
      ...enums.commitments.flatMap((c) => [`indicators:${c}.title`, `indicators:${c}.pledge`]),
      ...reportFields.flatMap((f) => [`indicators:${fieldPath(f)}.label`, `indicators:${fieldPath(f)}.help`]),
      // The whole a part may not exceed is named in its error (`part_exceeds_whole`).
      ...reportFields.flatMap((f) => ('partOf' in f && !('together' in f) ? [`validation:whole.${f.partOf.replace('.', '_')}`] : [])),
    ];
    expect(keys.filter((k) => !catalogue.get(k))).toEqual([]);
  });

  it.each(languages)('words every server message code in %s', (language) => {
    const bases = basesOf(catalogues[language]!);
    const codes = Object.keys(messageTemplates).map((code) => `validation:${code}`);
    const wholes = Object.keys(wholeNames).map((path) => `validation:whole.${path.replace('.', '_')}`);
    const refusals = Object.keys(refusalTemplates).map((code) => `validation:refusal.${code}`);
    expect([...codes, ...wholes, ...refusals].filter((k) => !bases.has(k))).toEqual([]);
  });

  it('says in English what the server says to API users', () => {
    const templates = [
      ...Object.entries(messageTemplates).map(([code, template]) => [`validation:${code}`, template] as const),
      ...Object.entries(refusalTemplates).map(([code, template]) => [`validation:refusal.${code}`, template] as const),
    ];
    for (const [key, template] of templates) {
      if (typeof template === 'string') expect(english.get(key), key).toBe(template);
      else {
        expect(english.get(`${key}_one`), key).toBe(template.one);
        expect(english.get(`${key}_other`), key).toBe(template.other);
      }
    }
  });

  // A reason is said after "Withheld:" (common:withheldWhy, files:status.withheld) or inside a sentence that
  // says "withheld" itself (dashboard:trend.allWithheld), so the reason must not say it again.
  const withheldWord: Record<string, RegExp> = { en: /withheld/i, fr: /masqu/i, es: /ocult/i };
  it.each(languages)('never says "withheld" twice: the reasons of common:withheld.* are bare in %s', (language) => {
    const reasons = [...catalogues[language]!].filter(([key]) => key.startsWith('common:withheld.'));
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.filter(([, text]) => withheldWord[language]!.test(text))).toEqual([]);
  });

  it('quotes French as a French reader writes it: « … », never " or “ ”', () => {
    const quoted = [...catalogues.fr!].filter(([, text]) => /["“”]/.test(text));
    expect(quoted).toEqual([]);
    // Inside the guillemets a non-breaking space (U+00A0 or the narrow U+202F), so a line never breaks there.
    const badlySpaced = [...catalogues.fr!].filter(([, text]) => /«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»/.test(text));
    expect(badlySpaced).toEqual([]);
  });

  it('quotes Spanish one way only: «…», never " or “ ”', () => {
    expect([...catalogues.es!].filter(([, text]) => /["“”]/.test(text))).toEqual([]);
  });
});
