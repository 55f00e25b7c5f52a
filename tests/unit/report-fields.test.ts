// One home for each report field (issue 18): a field's name — its key, its column, a breakdown's column
// per category — appears in the catalogue (shared/src/report/) and nowhere else in the source. Everything
// else reads the catalogue, so adding an indicator is a migration, one row and its texts in three languages.
// Outside the rule: the migrations (they create the columns), the locale catalogues (the texts, by path),
// the tests, and bench/reference.ts (an independent reference implementation on purpose).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReportData, randomProfile } from '@lpt/db/seed/generate';
import { createRandom } from '@lpt/db/seed/random';
import { organizationTypes } from '@lpt/shared/enums';
import { completenessIssues, emptyReportData, reportDataSchema, type ReportData } from '@lpt/shared/report';
import { columnsOf, fieldPath, reportFields } from '@lpt/shared/report/fields';
import { wholeNames } from '@lpt/shared/messages';
import { englishIndicator } from '@lpt/shared/report/english';
import enIndicators from '../../client/src/locales/en/indicators.json' with { type: 'json' };
import { withEveryField } from '../factories/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
const sourceFolders = ['client/src', 'server/src', 'shared/src', 'db', 'bench', 'scripts'];
// The catalogue, the migrations and their register, and the independent reference of the bench.
const outside = ['shared/src/report/', 'db/migrations/', 'db/src/migrate.ts', 'bench/reference.ts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name === 'results') return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx|mts|mjs|js|sql|css)$/.test(name) ? [full] : [];
  });
}

const sources = sourceFolders
  .flatMap((folder) => files(path.join(root, folder)))
  .map((file) => path.relative(root, file).split(path.sep).join('/'))
  .filter((file) => !outside.some((o) => file.startsWith(o)));

// A breakdown's `column` is only the prefix of its category columns (and an everyday word: 'partners').
const names = [...new Set(reportFields.flatMap((f) => [f.key, ...(f.kind === 'breakdown' ? [] : [f.column]), ...columnsOf(f)]))];

describe('the report-field catalogue', () => {
  it('reads the source', () => {
    expect(sources.length).toBeGreaterThan(200);
    expect(names.length).toBeGreaterThan(reportFields.length);
  });

  it('is the only place in the source that names a report field', () => {
    const found = sources.flatMap((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      return names.filter((name) => new RegExp(`\\b${name}\\b`).test(text)).map((name) => `${file}: ${name}`);
    });
    expect(found).toEqual([]);
  });
});

/** Every field of the report has a value (a breakdown every category). */
const unanswered = (d: ReportData) =>
  reportFields.filter((f) => {
    const v = (d[f.commitment] as unknown as Record<string, unknown>)[f.key];
    return v == null || (f.kind === 'breakdown' && Object.values(v as object).some((c) => c == null));
  }).map(fieldPath);

describe('English names', () => {
  it('are the English catalogue’s: every field’s label and definition, and every whole a part is held to', () => {
    for (const f of reportFields) {
      const texts = (enIndicators as unknown as Record<string, Record<string, { label: string; help: string }>>)[f.commitment]![f.key];
      expect(englishIndicator(fieldPath(f))).toEqual(texts);
    }
    for (const f of reportFields) if ('partOf' in f && !('together' in f)) expect(wholeNames[f.partOf], f.partOf).toMatch(/^the /);
  });
});

describe('data made from the catalogue', () => {
  it('fills every field of a blank report consistently (the test factories)', () => {
    const data = withEveryField({ ...emptyReportData('USD'), ...Object.fromEntries(['collaboration', 'funding', 'needs', 'credit', 'capacity'].map((c) => [c, { ...emptyReportData()[c as 'needs'], status: 'in_progress' }])) } as ReportData);
    expect(unanswered(data)).toEqual([]);
    expect(reportDataSchema.safeParse(data).success).toBe(true);
    expect(completenessIssues(data)).toEqual([]);
  });

  it.each(organizationTypes)('generates complete, consistent reports for a %s over ten years (seed data)', (type) => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRandom(seed * 7919);
      const profile = randomProfile(rng, type, 'EUR');
      for (let yearIndex = 0; yearIndex < 10; yearIndex++) {
        const data = generateReportData(rng, profile, { yearIndex, usdPerUnit: 1.1, brief: seed % 2 === 0 });
        expect(unanswered(data)).toEqual([]);
        const parsed = reportDataSchema.safeParse(data);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        expect(completenessIssues(data)).toEqual([]);
      }
    }
  });
});
