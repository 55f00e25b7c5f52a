// The import file as people write it (issue 19): statuses, yes/no and support areas read as the template's
// drop-down lists write them in English, French or Spanish (or as the API's codes), whatever the case and
// accents; the header read from the template's two rows, from the API paths alone (files made before) or
// from the headers alone in any language; and the .xlsx template's drop-down list on every enumerated column.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { locales, sectionStatuses } from '@lpt/shared/enums';
import { IMPORT_MAX_ROWS, importColumnNames, importColumns } from '@lpt/shared/imports';
import { fieldPath, reportFields } from '@lpt/shared/report/fields';
import { translatorFor } from '@lpt/server/i18n/translate';
import { csvTemplate, readCsv, xlsxTemplate } from '@lpt/server/features/imports/import-files';
import { ambiguousHeaders, ambiguousTexts, choiceLabel, headerOf, headerOfFile, readChoice } from '@lpt/server/features/imports/import-words';

describe('values as the template’s lists write them', () => {
  it.each([
    ['In progress', 'in_progress'],
    ['in progress', 'in_progress'],
    ['En cours', 'in_progress'],
    ['en  COURS ', 'in_progress'],
    ['En curso', 'in_progress'],
    ['in_progress', 'in_progress'],
    ['Pas commencé', 'not_started'],
    ['pas commence', 'not_started'],
    ['Sans objet', 'not_applicable'],
    ['No aplica', 'not_applicable'],
    ['Réalisé', 'fulfilled'],
  ])('reads the status “%s” as %s', (text, code) => {
    expect(readChoice('sectionStatus', text)).toBe(code);
  });

  it.each([
    ['yes', 'true'],
    ['Yes', 'true'],
    ['oui', 'true'],
    ['OUI', 'true'],
    ['sí', 'true'],
    ['si', 'true'],
    ['true', 'true'],
    ['TRUE', 'true'],
    ['no', 'false'],
    ['Non', 'false'],
    ['false', 'false'],
  ])('reads the answer “%s” as %s', (text, code) => {
    expect(readChoice('answer', text)).toBe(code);
  });

  it('reads support areas by their labels in every language and by their codes', () => {
    expect(readChoice('supportArea', 'Compétences numériques et données')).toBe('digital_data');
    expect(readChoice('supportArea', 'competencias digitales y datos')).toBe('digital_data');
    expect(readChoice('supportArea', 'Digital skills and data')).toBe('digital_data');
    expect(readChoice('supportArea', 'digital_data')).toBe('digital_data');
  });

  it('has no label that names two values of a list, nor a header that names two columns, in any language', () => {
    expect(ambiguousTexts).toEqual([]);
    expect(ambiguousHeaders).toEqual([]);
  });

  it('reads nothing it cannot name surely', () => {
    for (const text of ['Done', 'maybe', 'oui non', '', 'in progres']) {
      expect(readChoice('sectionStatus', text)).toBeUndefined();
      expect(readChoice('answer', text)).toBeUndefined();
    }
    // A status is not an answer, nor an answer a status.
    expect(readChoice('answer', 'En cours')).toBeUndefined();
    expect(readChoice('sectionStatus', 'oui')).toBeUndefined();
  });

  it('words every status the way the form does, in each language', () => {
    expect(sectionStatuses.map((s) => choiceLabel(translatorFor('fr'), 'sectionStatus', s))).toContain('En cours');
    expect(choiceLabel(translatorFor('es'), 'answer', 'true')).toBe('Sí');
  });
});

describe('the header of a file', () => {
  const rowOf = (locale: (typeof locales)[number]) => importColumns.map((c) => headerOf(c, translatorFor(locale)));

  it('gives every column a header of its own in each language, with its commitment', () => {
    for (const locale of locales) expect(new Set(rowOf(locale)).size).toBe(importColumns.length);
    const fr = rowOf('fr');
    expect(fr[importColumnNames.indexOf('funding.status')]).toBe('Financement : Statut');
    const field = reportFields.find((f) => f.kind === 'money')!;
    expect(fr[importColumnNames.indexOf(fieldPath(field))]).toMatch(/^Financement : /);
  });

  it('reads the template’s two rows: the headers for people, the API paths for the columns', () => {
    const header = headerOfFile([rowOf('fr'), [...importColumnNames], ['ACME', 2024]]);
    expect(header).toEqual({ rows: 2, names: [...importColumnNames] });
  });

  it('reads a file of API paths alone, as files were made before', () => {
    expect(headerOfFile([['organization', 'year', 'funding.status'], ['ACME', '2024', 'fulfilled']])).toEqual({
      rows: 1,
      names: ['organization', 'year', 'funding.status'],
    });
  });

  it('reads headers alone in any language, and keeps an unknown one as written', () => {
    const es = rowOf('es');
    const header = headerOfFile([[es[0]!, es[1]!.toUpperCase(), es[importColumnNames.indexOf('credit.status')]!, 'Notes'], ['ACME', 2024]]);
    expect(header).toEqual({ rows: 1, names: ['organization', 'year', 'credit.status', 'Notes'] });
  });
});

describe('the templates', () => {
  it('writes the CSV template’s headers in the reader’s language above the API paths', () => {
    const rows = readCsv(Buffer.from(csvTemplate('fr')));
    expect(rows[0]).toEqual(importColumns.map((c) => headerOf(c, translatorFor('fr'))));
    expect(rows[1]).toEqual([...importColumnNames]);
  });

  it('gives every enumerated column of the .xlsx template a drop-down list of its labels in the reader’s language', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsxTemplate('fr')) as unknown as ArrayBuffer);
    const reports = workbook.worksheets[0]!;
    expect((reports.getRow(1).values as unknown[]).slice(1)).toEqual(importColumns.map((c) => headerOf(c, translatorFor('fr'))));
    expect((reports.getRow(2).values as unknown[]).slice(1)).toEqual([...importColumnNames]);
    const enumerated = importColumns.filter((c) => c.choices);
    // Every status column, every yes/no field and every set field of the catalogue.
    expect(enumerated.map((c) => c.kind).sort()).toEqual(
      [...importColumns.filter((c) => c.kind === 'status'), ...reportFields.filter((f) => f.kind === 'boolean' || f.kind === 'set')].map((c) => c.kind).sort(),
    );
    const t = translatorFor('fr');
    for (const column of importColumns) {
      const letter = reports.getColumn(importColumns.indexOf(column) + 1).letter;
      for (const row of [3, IMPORT_MAX_ROWS + 2]) {
        const validation = reports.getCell(`${letter}${row}`).dataValidation as ExcelJS.DataValidation | undefined;
        if (!column.choices) {
          expect(validation, column.name).toBeUndefined();
          continue;
        }
        expect(validation, `${column.name} row ${row}`).toMatchObject({ type: 'list', allowBlank: true });
        // The list is a range of the hidden lists sheet: its cells are the labels, in order.
        const [, sheetName, from, to] = /^'(.+)'!\$([A-Z]+\$\d+):\$([A-Z]+\$\d+)$/.exec(String(validation!.formulae[0]))!;
        const lists = workbook.getWorksheet(sheetName!)!;
        expect(lists.state).toBe('hidden');
        const [col, first] = from!.split('$');
        const last = Number(to!.split('$')[1]);
        const labels = Array.from({ length: last - Number(first) + 1 }, (_, i) => lists.getCell(`${col}${Number(first) + i}`).value);
        expect(labels, column.name).toEqual(column.choices.codes.map((code) => choiceLabel(t, column.choices!.set, code)));
      }
      // No validation below the template's rows, and none on the header rows.
      expect(reports.getCell(`${letter}2`).dataValidation).toBeUndefined();
    }
    expect(workbook.worksheets.filter((s) => s.state !== 'hidden').map((s) => s.name)).toEqual(['Rapports', 'Définitions']);
  });
});
