// The report-field catalogue: one row per indicator a signatory reports. Everything about a report field
// that is not its wording comes from here: the zod schema, the empty report, completeness, the part ≤
// whole rules, the database columns and the flat ⇄ nested mapping (db/src/figures.ts), the import
// template, the synthetic data, the test factories, and the metric figures that are plain sums of a
// field (shared/src/figures.ts). Wording lives in the locale catalogues, under the row's `path`
// (`indicators:<path>.label` and `.help`). Adding an indicator is a migration (its columns), one row here
// and its texts in three languages.
//
// No zod here: the dashboard imports this module through shared/src/figures.ts.
import { commitments, leadershipCategories, supportAreaCodes, type Commitment } from '../enums.ts';

/**
 * How a field is entered and stored:
 * - `count`: a whole number ≥ 0; `money`: an amount ≥ 0 in the report currency, in cents;
 * - `boolean`: yes or no; `set`: some of `values`, each once (a text array column);
 * - `breakdown`: a count per category of `values`, one column each (`column` + the category, capitalised);
 *   all categories empty is stored as empty columns and read back as null ("not entered").
 */
export const reportFieldKinds = ['count', 'money', 'boolean', 'set', 'breakdown'] as const;
export type ReportFieldKind = (typeof reportFieldKinds)[number];

export interface ReportField {
  readonly commitment: Commitment;
  /** The field inside its section, e.g. 'toLocalDirect'. */
  readonly key: string;
  readonly kind: ReportFieldKind;
  /** Its column in progress_reports and approved_reports, camelCase as Kysely names it (snake_case in SQL). */
  readonly column: string;
  /** `set`: the values it may hold; `breakdown`: its categories. */
  readonly values?: readonly string[];
  /**
   * The whole it is a part of: a field's path or a derived whole (`derivedWholes`). A part may not exceed
   * its whole; a `breakdown`'s every category may not exceed it; parts marked `together` may not exceed it
   * in their sum (`togetherIssue` names the broken rule, at the whole).
   */
  readonly partOf?: string;
  readonly together?: boolean;
  /** Counted local funding ("as directly as possible") is the sum of the fields marked so. */
  readonly countedLocal?: boolean;
  /**
   * Its plain-sum metric figure's path in the summary (money in US dollars; a boolean counts the yes
   * answers; a breakdown is a group of one sum per category), if the metrics show one.
   */
  readonly figure?: string;
  /** Its share figure's path in the summary: this field's figure ÷ its whole's figure (a boolean's: ÷ the reports whose section applies). */
  readonly share?: string;
}

const row = <const R extends Omit<ReportField, 'column'> & { column?: string }>(r: R) =>
  ({ ...r, column: r.column ?? r.key }) as R & { column: R extends { column: infer C extends string } ? C : R['key'] };

/** Every report field, by commitment, in the form's order (the import template and downloads follow it). */
export const reportFields = [
  row({ commitment: 'collaboration', key: 'localPartners', kind: 'count', figure: 'collaboration.localPartners' }),
  row({ commitment: 'collaboration', key: 'forums', kind: 'count', figure: 'collaboration.forums' }),
  row({ commitment: 'collaboration', key: 'forumsCoLed', kind: 'count', partOf: 'collaboration.forums', figure: 'collaboration.forumsCoLed', share: 'collaboration.coLedShare' }),
  row({ commitment: 'collaboration', key: 'partnersByLeadership', kind: 'breakdown', column: 'partners', values: leadershipCategories, partOf: 'collaboration.localPartners', figure: 'partnersByLeadership' }),

  row({ commitment: 'funding', key: 'inScopeExpenditure', kind: 'money', figure: 'funding.inScopeExpenditureUsd' }),
  row({ commitment: 'funding', key: 'toLocalDirect', kind: 'money', partOf: 'funding.inScopeExpenditure', together: true, countedLocal: true, figure: 'funding.directUsd', share: 'funding.directShare' }),
  row({ commitment: 'funding', key: 'toLocalPooled', kind: 'money', partOf: 'funding.inScopeExpenditure', together: true, countedLocal: true, figure: 'funding.pooledUsd' }),
  row({ commitment: 'funding', key: 'toLocalOneIntermediary', kind: 'money', partOf: 'funding.inScopeExpenditure', together: true, countedLocal: true, figure: 'funding.oneIntermediaryUsd' }),
  row({ commitment: 'funding', key: 'toLocalTwoPlusIntermediaries', kind: 'money', partOf: 'funding.inScopeExpenditure', together: true, figure: 'funding.twoPlusIntermediariesUsd' }),
  row({ commitment: 'funding', key: 'multiYearToLocal', kind: 'money', partOf: 'funding.countedLocalFunding', figure: 'multiYearToLocalUsd' }),

  row({ commitment: 'needs', key: 'assessmentsTotal', kind: 'count', figure: 'needs.assessmentsTotal' }),
  row({ commitment: 'needs', key: 'assessmentsJoint', kind: 'count', partOf: 'needs.assessmentsTotal', figure: 'needs.assessmentsJoint', share: 'needs.jointShare' }),

  row({ commitment: 'credit', key: 'hasCreditPolicy', kind: 'boolean', figure: 'credit.withPolicy', share: 'credit.policyShare' }),
  row({ commitment: 'credit', key: 'publicationsReviewed', kind: 'count', figure: 'credit.publicationsReviewed' }),
  row({ commitment: 'credit', key: 'publicationsCrediting', kind: 'count', partOf: 'credit.publicationsReviewed', figure: 'credit.publicationsCrediting', share: 'credit.creditingShare' }),

  row({ commitment: 'capacity', key: 'requestsReceived', kind: 'count', figure: 'capacity.requestsReceived' }),
  row({ commitment: 'capacity', key: 'requestsSupported', kind: 'count', partOf: 'capacity.requestsReceived', figure: 'capacity.requestsSupported', share: 'capacity.supportedShare' }),
  row({ commitment: 'capacity', key: 'capacitySpend', kind: 'money', figure: 'capacity.capacitySpendUsd' }),
  row({ commitment: 'capacity', key: 'supportAreas', kind: 'set', values: supportAreaCodes }),
] as const satisfies readonly ReportField[];

export type ReportFieldRow = (typeof reportFields)[number];
/** A field's dotted path in the report data, e.g. 'funding.toLocalDirect' (the key of field errors, comments and wording). */
export type ReportFieldPath = `${ReportFieldRow['commitment']}.${ReportFieldRow['key']}`;
export const fieldPath = (f: ReportField): string => `${f.commitment}.${f.key}`;

/**
 * Wholes that are not fields but sums of fields. Counted local funding is the numerator of the local
 * share (SPEC §4): the organisation's own share is it ÷ `shareOf`, the weighted share Σ of it ÷ Σ of `shareOf`.
 */
export const derivedWholes = {
  'funding.countedLocalFunding': {
    parts: reportFields.filter((f) => 'countedLocal' in f && f.countedLocal).map(fieldPath),
    shareOf: 'funding.inScopeExpenditure',
    figure: 'funding.countedLocalUsd',
    share: 'funding.weightedShare',
  },
} as const;

/** The rule broken when parts marked `together` exceed their whole, by the whole's path. */
export const togetherIssue = { 'funding.inScopeExpenditure': 'transfers_exceed_expenditure' } as const;

/** A breakdown's category column, e.g. 'partners' + 'womenLed' → 'partnersWomenLed'. */
export const categoryColumn = (column: string, category: string): string => column + category[0]!.toUpperCase() + category.slice(1);

/** A field's database columns: one, or a breakdown's one per category (in the order of its `values`). */
export function columnsOf(f: ReportField): string[] {
  return f.kind === 'breakdown' ? (f.values ?? []).map((v) => categoryColumn(f.column, v)) : [f.column];
}

const byPath: ReadonlyMap<string, ReportFieldRow> = new Map(reportFields.map((f) => [fieldPath(f), f]));

/** The field at a dotted path ('funding.toLocalDirect'; a breakdown's category path gives the breakdown). */
export function fieldAt(path: string): ReportFieldRow | undefined {
  const [commitment, key] = path.split('.');
  return byPath.get(`${commitment}.${key}`);
}

/** Whether a whole (`partOf`) is a sum of fields (`derivedWholes`) rather than a field. */
export const isDerivedWhole = (path: string): path is keyof typeof derivedWholes => Object.hasOwn(derivedWholes, path);

/**
 * The last field that is part of a derived whole's `shareOf`: the form shows that derived share right
 * after it (the counted local share after the last funding channel).
 */
export const shareShownAfter: ReadonlyMap<string, keyof typeof derivedWholes> = new Map(
  (Object.keys(derivedWholes) as (keyof typeof derivedWholes)[]).flatMap((whole) => {
    const last = reportFields.filter((f) => 'partOf' in f && f.partOf === derivedWholes[whole].shareOf).at(-1);
    return last ? [[fieldPath(last), whole] as const] : [];
  }),
);

/** The fields of one commitment, in order. */
export const fieldsOf = (commitment: Commitment): readonly ReportFieldRow[] =>
  reportFields.filter((f) => f.commitment === commitment);

// Every commitment has fields, and no two fields share a path or a column.
for (const c of commitments) if (fieldsOf(c).length === 0) throw new Error(`No report field for ${c}`);
if (new Set(reportFields.map(fieldPath)).size !== reportFields.length) throw new Error('Two report fields share a path');
if (new Set(reportFields.flatMap(columnsOf)).size !== reportFields.flatMap(columnsOf).length) throw new Error('Two report fields share a column');
for (const f of reportFields as readonly ReportField[])
  if (f.partOf && !byPath.has(f.partOf) && !isDerivedWhole(f.partOf)) throw new Error(`${fieldPath(f)} is part of an unknown whole`);
