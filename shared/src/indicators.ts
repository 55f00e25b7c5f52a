// The commitments and their indicators in the form's order, read off the report-field catalogue
// (shared/src/report/fields.ts). No wording here: a commitment's title and pledge, an indicator's label and
// definition live in the locale catalogues (client/src/locales/<lng>/indicators.json, under the field's
// path); code that needs them in English reads shared/src/report/english.ts.
import { commitments, type Commitment } from './enums.ts';
import { fieldAt, fieldPath, fieldsOf, type ReportField, type ReportFieldKind } from './report/fields.ts';

/** How an indicator is entered: the catalogue's kind (count, money, boolean, set, breakdown). */
export type IndicatorKind = ReportFieldKind;

/** A catalogue row with its dotted path ('funding.<field>': the key of field errors, comments and wording). */
export type IndicatorDefinition = ReportField & { path: string };

export interface CommitmentDefinition {
  key: Commitment;
  indicators: IndicatorDefinition[];
}

export const commitmentList: CommitmentDefinition[] = commitments.map((key) => ({
  key,
  indicators: fieldsOf(key).map((f) => ({ ...f, path: fieldPath(f) })),
}));

export const commitmentDefinitions = Object.fromEntries(commitmentList.map((c) => [c.key, c])) as Record<Commitment, CommitmentDefinition>;

export function indicatorAt(path: string): IndicatorDefinition | undefined {
  const f = fieldAt(path);
  return f && fieldPath(f) === path ? { ...f, path } : undefined;
}
