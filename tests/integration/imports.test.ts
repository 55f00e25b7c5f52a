// Bulk import of reports (issue 10), on PGlite and on PostgreSQL: the template filled with three
// organisations' past reports imports and the coordinators' metrics include them; one bad cell imports
// nothing and the preview names its row and column; the same file twice changes nothing; an approved
// report is replaced only when asked, and then appears in the corrections log; only coordinators import.
import { beforeEach, describe, expect, it } from 'vitest';
import { xlsxTemplate } from '@lpt/server/features/imports/import-files';
import { importReports, previewImport } from '@lpt/server/features/imports/imports.service';
import { choiceLabel } from '@lpt/server/features/imports/import-words';
import { translatorFor } from '@lpt/server/i18n/translate';
import { sectionStatuses } from '@lpt/shared/enums';
import { importColumns, SUPPORT_AREA_SEPARATOR } from '@lpt/shared/imports';
import type { ReportData } from '@lpt/shared/report';
import { callerFor, completeReportData, createCycle, createOrganization, createRate, createUser } from '../factories/index.ts';
import { csvFileOf, filledXlsxTemplate, importRowOf } from '../factories/imports.ts';
import { dumpDatabase } from '../security/dump.ts';
import { resetDatabase, useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
const YEAR = 2023;

async function setUp() {
  const { db } = getDb();
  await resetDatabase(db);
  const coordinator = await createUser(db, 'coordinator');
  const organizations = [
    await createOrganization(db, { name: 'Red de Mujeres Migrantes del Sur', country: 'CL', type: 'migrant_led' }),
    await createOrganization(db, { name: 'Kampala Urban Refugee Network', country: 'UG' }),
    await createOrganization(db, { name: 'Balkan Route Solidarity', country: 'RS', type: 'international_ngo' }),
  ];
  await db.updateTable('organizations').set({ acronym: 'BRS' }).where('id', '=', organizations[2]!.id).execute();
  await createCycle(db, YEAR);
  await createRate(db, YEAR, 'EUR', 1.1);
  return { db, coordinator, organizations };
}

let fx: Awaited<ReturnType<typeof setUp>>;
beforeEach(async () => {
  fx = await setUp();
});

/** Three organisations' reports, named as a secretariat's spreadsheet would: by name (written
 * differently), by id and by acronym. */
function threeReports(): { rows: ReturnType<typeof importRowOf>[]; data: ReportData[] } {
  const data = [
    completeReportData({ funding: { inScopeExpenditure: 2_000_000, toLocalDirect: 400_000, toLocalPooled: 100_000, toLocalOneIntermediary: 100_000, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 50_000 } }),
    completeReportData({ currency: 'EUR', funding: { inScopeExpenditure: 500_000.5, toLocalDirect: 50_000.25 } }),
    completeReportData({ funding: { status: 'not_applicable', notApplicableReason: 'No programme funding this year.' } }),
  ];
  const b = fx.organizations[1]!;
  return {
    data,
    rows: [
      importRowOf('RED DE MUJERES MIGRANTES DEL SUR', YEAR, data[0]!),
      importRowOf(b.id, YEAR, data[1]!),
      importRowOf('brs', YEAR, data[2]!),
    ],
  };
}

const asFile = (bytes: Uint8Array, fileName = 'reports-2023.xlsx') => ({ fileName, bytes });

describe('importing the template filled with three organisations’ past reports', () => {
  it('previews each row matched to its organisation, imports them approved, and the coordinators’ metrics include them', async () => {
    const { rows, data } = threeReports();
    const file = asFile(await filledXlsxTemplate(await xlsxTemplate('en'), rows));
    const before = await callerFor(fx.db, fx.coordinator).metrics.summary({ year: YEAR });
    expect(before.organizationsReporting).toBe(0);

    const preview = await previewImport(fx.db, fx.coordinator, file, { replace: false });
    expect(preview.format).toBe('xlsx');
    expect(preview.fileIssues).toEqual([]);
    // Rows as the spreadsheet numbers them, under the template's two header rows.
    expect(preview.rows.map((r) => [r.row, r.organization?.id, r.year, r.outcome, r.issues])).toEqual(
      fx.organizations.map((o, i) => [i + 3, o.id, YEAR, 'create', []]),
    );
    expect(preview.importable).toBe(true);

    const result = await importReports(fx.db, fx.coordinator, file, { replace: false });
    expect(result).toMatchObject({ imported: true, created: 3, replaced: 0, unchanged: 0, years: [YEAR] });

    const coordinator = callerFor(fx.db, fx.coordinator);
    for (const [i, o] of fx.organizations.entries()) {
      const { report } = await coordinator.reports.get({ organizationId: o.id, year: YEAR });
      expect(report?.status).toBe('approved');
      expect(report?.data).toEqual(data[i]);
      const history = await coordinator.reports.history({ organizationId: o.id, year: YEAR });
      expect(history.map((h) => [h.action, h.comment])).toEqual([['imported', 'Imported from "reports-2023.xlsx"']]);
    }

    const summary = await coordinator.metrics.summary({ year: YEAR });
    expect(summary.organizationsReporting).toBe(3);
    // USD 2,000,000 + EUR 500,000.50 × 1.1; the not-applicable funding section adds nothing.
    expect(summary.funding.inScopeExpenditureUsd).toBeCloseTo(2_000_000 + 500_000.5 * 1.1, 2);
    // Money is summed in USD cents.
    expect(summary.funding.countedLocalUsd).toBeCloseTo(600_000 + (50_000.25 + 30_000 + 90_000) * 1.1, 1);
    expect(summary.statusCounts.funding.not_applicable).toBe(1);

    const audit = await fx.db.selectFrom('auditLog').select(['entity', 'action', 'actorId']).where('entity', '=', 'import').execute();
    expect(audit).toEqual([{ entity: 'import', action: 'import', actorId: fx.coordinator.id }]);
  });

  it('reads the same rows from a CSV file with plain decimal numbers', async () => {
    const { rows, data } = threeReports();
    const result = await importReports(fx.db, fx.coordinator, asFile(csvFileOf(rows), 'reports.csv'), { replace: false });
    expect(result.created).toBe(3);
    const { report } = await callerFor(fx.db, fx.coordinator).reports.get({ organizationId: fx.organizations[1]!.id, year: YEAR });
    expect(report?.data.funding.inScopeExpenditure).toBe(500_000.5);
    expect(report?.data).toEqual(data[1]);
  });
});

describe('a file with one bad cell', () => {
  it('imports nothing, and the preview names the row and the column with a coded message', async () => {
    const { rows } = threeReports();
    rows[1]!['funding.toLocalDirect'] = '50,000.25';
    const file = asFile(csvFileOf(rows), 'bad.csv');

    const preview = await previewImport(fx.db, fx.coordinator, file, { replace: false });
    expect(preview.importable).toBe(false);
    expect(preview.rows.map((r) => r.outcome)).toEqual(['create', 'refused', 'create']);
    expect(preview.rows[1]!.row).toBe(3);
    expect(preview.rows[1]!.issues).toEqual([expect.objectContaining({ code: 'enter_amount', field: 'funding.toLocalDirect' })]);

    const before = await dumpDatabase(fx.db);
    const refused = importReports(fx.db, fx.coordinator, file, { replace: false });
    await expect(refused).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: [expect.objectContaining({ code: 'enter_amount', field: 'funding.toLocalDirect', params: { row: 3 } })],
    });
    expect(await dumpDatabase(fx.db)).toBe(before);
  });

  it('checks every value by the form’s rules: a part larger than its whole, an unknown status, a missing figure', async () => {
    const { rows } = threeReports();
    rows[0]!['needs.assessmentsJoint'] = 9;
    rows[1]!['credit.status'] = 'done';
    rows[2]!['capacity.requestsReceived'] = null;
    rows[2]!['organization'] = 'No Such Organisation';
    const preview = await previewImport(fx.db, fx.coordinator, asFile(csvFileOf(rows), 'bad.csv'), { replace: false });
    const issues = preview.rows.map((r) => r.issues.map((i) => [i.field, i.code]));
    expect(issues[0]).toEqual([['needs.assessmentsJoint', 'part_exceeds_whole']]);
    expect(issues[1]).toEqual([['credit.status', 'import_choose_value']]);
    expect(issues[2]).toEqual(
      expect.arrayContaining([
        ['organization', 'import_unknown_organization'],
        ['capacity.requestsReceived', 'required_to_submit'],
      ]),
    );
  });

  it('refuses an unknown column in the header row and a year without an open cycle', async () => {
    const { rows } = threeReports();
    const columns = [...Object.keys(rows[0]!), 'funding.inScopeExpenditureUsd'];
    rows[0]!.year = 2019;
    const preview = await previewImport(fx.db, fx.coordinator, asFile(csvFileOf(rows, columns), 'bad.csv'), { replace: false });
    expect(preview.fileIssues).toEqual([expect.objectContaining({ code: 'import_unknown_column', field: 'funding.inScopeExpenditureUsd' })]);
    expect(preview.rows[0]!.issues).toEqual([expect.objectContaining({ code: 'import_no_cycle', field: 'year' })]);
    await fx.db.updateTable('reportingCycles').set({ status: 'closed' }).where('year', '=', YEAR).execute();
    const closed = await previewImport(fx.db, fx.coordinator, asFile(csvFileOf(threeReports().rows), 'ok.csv'), { replace: false });
    expect(closed.rows.map((r) => r.issues.map((i) => i.code))).toEqual([['import_cycle_closed'], ['import_cycle_closed'], ['import_cycle_closed']]);
  });
});

describe('importing the same file twice', () => {
  it('changes nothing the second time, and the preview says when it was imported', async () => {
    const file = asFile(await filledXlsxTemplate(await xlsxTemplate('fr'), threeReports().rows));
    await importReports(fx.db, fx.coordinator, file, { replace: false });
    const before = await dumpDatabase(fx.db);

    const preview = await previewImport(fx.db, fx.coordinator, file, { replace: true });
    expect(preview.previousImport).toMatchObject({ importedBy: fx.coordinator.name });
    const again = await importReports(fx.db, fx.coordinator, file, { replace: true });
    expect(again).toMatchObject({ imported: false, created: 0, replaced: 0 });
    expect(await dumpDatabase(fx.db)).toBe(before);
  });

  it('leaves a row whose values equal the approved report as it is, even in another file', async () => {
    const { rows } = threeReports();
    await importReports(fx.db, fx.coordinator, asFile(csvFileOf(rows), 'first.csv'), { replace: false });
    const second = await importReports(fx.db, fx.coordinator, asFile(csvFileOf(rows.slice(0, 2)), 'second.csv'), { replace: false });
    expect(second).toMatchObject({ imported: true, created: 0, replaced: 0, unchanged: 2 });
    const history = await callerFor(fx.db, fx.coordinator).reports.history({ organizationId: fx.organizations[0]!.id, year: YEAR });
    expect(history).toHaveLength(1);
  });
});

describe('a row for an existing approved report', () => {
  async function approvedThroughReview() {
    const org = fx.organizations[0]!;
    const signatory = callerFor(fx.db, await createUser(fx.db, 'signatory', org.id));
    const key = { organizationId: org.id, year: YEAR };
    const saved = await signatory.reports.saveDraft({ ...key, expectedVersion: 0, data: completeReportData() });
    await signatory.reports.submit({ ...key, expectedVersion: saved.version });
    await callerFor(fx.db, fx.coordinator).reports.review({ ...key, decision: 'approve', comment: '' });
    return key;
  }

  it('is refused unless the coordinator chooses to replace it; replaced, it is a correction in the corrections log', async () => {
    const key = await approvedThroughReview();
    const { rows, data } = threeReports();
    const file = asFile(csvFileOf(rows), 'audited-figures.csv');

    const preview = await previewImport(fx.db, fx.coordinator, file, { replace: false });
    expect(preview.rows[0]).toMatchObject({ existingStatus: 'approved', outcome: 'refused' });
    expect(preview.rows[0]!.issues).toEqual([expect.objectContaining({ code: 'import_report_approved', field: '_' })]);
    const before = await dumpDatabase(fx.db);
    await expect(importReports(fx.db, fx.coordinator, file, { replace: false })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await dumpDatabase(fx.db)).toBe(before);

    const replacing = await previewImport(fx.db, fx.coordinator, file, { replace: true });
    expect(replacing.rows.map((r) => r.outcome)).toEqual(['replace', 'create', 'create']);
    const result = await importReports(fx.db, fx.coordinator, file, { replace: true });
    expect(result).toMatchObject({ created: 2, replaced: 1 });

    const coordinator = callerFor(fx.db, fx.coordinator);
    const { report, published } = await coordinator.reports.get(key);
    expect(report?.data).toEqual(data[0]);
    expect(published?.version).toBe(report?.version);
    const history = await coordinator.reports.history(key);
    expect(history.at(-1)).toMatchObject({ action: 'imported', comment: 'Imported from "audited-figures.csv", replacing approved version 3' });

    const corrections = await callerFor(fx.db, fx.coordinator).reports.corrections({ year: YEAR });
    expect(corrections).toEqual([
      expect.objectContaining({ organizationName: 'Red de Mujeres Migrantes del Sur', reason: 'Replaced by the import of "audited-figures.csv"', reapproved: true }),
    ]);
    const summary = await coordinator.metrics.summary({ year: YEAR });
    expect(summary.funding.inScopeExpenditureUsd).toBeCloseTo(2_000_000 + 500_000.5 * 1.1, 2);
    // The import with replacement is in the audit log, with what it replaced.
    const audit = await fx.db.selectFrom('auditLog').select(['action', 'actorId', 'changes']).where('entity', '=', 'import').execute();
    expect(audit).toEqual([
      {
        action: 'import',
        actorId: fx.coordinator.id,
        changes: expect.arrayContaining([
          { field: 'fileName', from: null, to: 'audited-figures.csv' },
          { field: 'created', from: null, to: 2 },
          { field: 'replaced', from: null, to: 1 },
        ]),
      },
    ]);
  });
});

describe('a file written as people write it (issue 19)', () => {
  /** A row as a French reader fills the French template: statuses, yes/no and support areas in words. */
  function inFrench(row: ReturnType<typeof importRowOf>): ReturnType<typeof importRowOf> {
    const t = translatorFor('fr');
    const out = { ...row };
    for (const column of importColumns) {
      const value = row[column.name];
      if (!column.choices || value === null || value === undefined) continue;
      const codes = column.kind === 'set' ? String(value).split(SUPPORT_AREA_SEPARATOR) : [String(value)];
      out[column.name] = codes.map((code) => choiceLabel(t, column.choices!.set, code)).join(` ${SUPPORT_AREA_SEPARATOR} `);
    }
    return out;
  }

  it('imports the French template filled with « En cours », « oui » and areas in words, beside an old file of API paths', async () => {
    const { rows, data } = threeReports();
    // Written by hand, not by the lists: case and accents as a hurried person types them.
    const first: ReturnType<typeof importRowOf> = { ...inFrench(rows[0]!), 'collaboration.status': 'en cours', 'credit.hasCreditPolicy': 'OUI' };
    expect(first['funding.status']).toBe('En cours');
    expect(String(first['capacity.supportAreas'])).toMatch(/Gouvernance et gestion financière/);
    const template = await xlsxTemplate('fr');
    const file = asFile(await filledXlsxTemplate(template, [first, inFrench(rows[1]!)]), 'rapports-2023.xlsx');
    const preview = await previewImport(fx.db, fx.coordinator, file, { replace: false });
    expect(preview.fileIssues).toEqual([]);
    expect(preview.rows.map((r) => [r.row, r.outcome, r.issues])).toEqual([
      [3, 'create', []],
      [4, 'create', []],
    ]);
    expect(await importReports(fx.db, fx.coordinator, file, { replace: false })).toMatchObject({ imported: true, created: 2 });

    // A file of API paths and codes alone, as scripts and files made before write it.
    const old = await importReports(fx.db, fx.coordinator, asFile(csvFileOf([rows[2]!]), 'api.csv'), { replace: false });
    expect(old).toMatchObject({ imported: true, created: 1 });

    const coordinator = callerFor(fx.db, fx.coordinator);
    for (const [i, o] of fx.organizations.entries()) expect((await coordinator.reports.get({ organizationId: o.id, year: YEAR })).report?.data).toEqual(data[i]);
    expect(data[0]!.credit.hasCreditPolicy).toBe(true);
    expect(await fx.db.selectFrom('auditLog').select('entityKey').where('entity', '=', 'import').execute()).toHaveLength(2);
  });

  it('refuses a value outside the list, listing the accepted values (in English for API users, as codes for the web app)', async () => {
    const { rows } = threeReports();
    const file = asFile(csvFileOf([{ ...rows[0]!, 'credit.status': 'Done', 'credit.hasCreditPolicy': 'maybe', 'capacity.supportAreas': 'digital_data;Knitting;Gardening' }]), 'bad.csv');
    const before = await dumpDatabase(fx.db);
    const preview = await previewImport(fx.db, fx.coordinator, file, { replace: false });
    expect(preview.rows[0]!.issues).toEqual([
      {
        code: 'import_choose_value',
        field: 'credit.status',
        params: { choices: [...sectionStatuses], choiceSet: 'sectionStatus' },
        message: 'Choose one of: Not started, Planning, In progress, Fulfilled, Not applicable',
      },
      { code: 'import_choose_value', field: 'credit.hasCreditPolicy', params: { choices: ['true', 'false'], choiceSet: 'answer' }, message: 'Choose one of: Yes, No' },
      // Two unknown areas in the cell: the accepted ones listed once.
      expect.objectContaining({ code: 'import_choose_values', field: 'capacity.supportAreas', params: expect.objectContaining({ choiceSet: 'supportArea', separator: ';' }) }),
    ]);
    await expect(importReports(fx.db, fx.coordinator, file, { replace: false })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ code: 'import_choose_value', field: 'credit.status', params: expect.objectContaining({ row: 2 }) })]),
    });
    expect(await dumpDatabase(fx.db)).toBe(before);
  });
});

describe('a row for a report in progress, and rows that repeat', () => {
  it('refuses to overwrite a signatory’s draft unless asked; replaced, the draft is approved and no correction is listed', async () => {
    const org = fx.organizations[1]!;
    const signatory = callerFor(fx.db, await createUser(fx.db, 'signatory', org.id));
    const key = { organizationId: org.id, year: YEAR };
    await signatory.reports.saveDraft({ ...key, expectedVersion: 0, data: completeReportData({ needs: { assessmentsTotal: 9 } }) });
    const { rows, data } = threeReports();
    const file = asFile(csvFileOf([rows[1]!]), 'secretariat.csv');

    const preview = await previewImport(fx.db, fx.coordinator, file, { replace: false });
    expect(preview.rows[0]).toMatchObject({ existingStatus: 'draft', outcome: 'refused', issues: [expect.objectContaining({ code: 'import_report_in_progress' })] });
    const result = await importReports(fx.db, fx.coordinator, file, { replace: true });
    expect(result).toMatchObject({ created: 0, replaced: 1 });
    const { report } = await signatory.reports.get(key);
    expect(report).toMatchObject({ status: 'approved', version: 2, data: data[1] });
    const history = await signatory.reports.history(key);
    expect(history.map((h) => h.action)).toEqual(['create', 'imported']);
    expect(history[1]!.changes).toEqual(expect.arrayContaining([{ field: 'status', from: 'draft', to: 'approved' }, { field: 'needs.assessmentsTotal', from: 9, to: 6 }]));
    expect(await callerFor(fx.db, fx.coordinator).reports.corrections({ year: YEAR })).toEqual([]);
  });

  it('refuses a second row for the same organisation and year, naming the first', async () => {
    const { rows } = threeReports();
    const preview = await previewImport(fx.db, fx.coordinator, asFile(csvFileOf([rows[0]!, rows[1]!, { ...rows[0]!, organization: fx.organizations[0]!.id }])), { replace: false });
    expect(preview.rows[2]!.issues).toEqual([expect.objectContaining({ code: 'import_repeated_row', field: 'organization', params: { row: 2 } })]);
    expect(preview.importable).toBe(false);
  });
});

describe('who may import', () => {
  it('refuses signatories, donors and anonymous callers, and writes nothing', async () => {
    const file = asFile(csvFileOf(threeReports().rows), 'reports.csv');
    const signatory = await createUser(fx.db, 'signatory', fx.organizations[0]!.id);
    const donor = await createUser(fx.db, 'donor');
    const before = await dumpDatabase(fx.db);
    for (const user of [signatory, donor]) {
      await expect(previewImport(fx.db, user, file, { replace: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(importReports(fx.db, user, file, { replace: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(importReports(fx.db, null, file, { replace: true })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await dumpDatabase(fx.db)).toBe(before);
  });
});
