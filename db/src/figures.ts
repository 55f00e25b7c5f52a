// The mapping between a report's data as the API carries it (nested sections, shared/src/report/) and the
// flat figure columns that progress_reports and approved_reports share (ReportFigures in schema.ts), both
// read off the report-field catalogue: a field's `column`, a breakdown's one column per category, and
// each section's status, narrative and reason. Pure and exact, so that data → row → data gives back what
// went in. The one normalisation: a breakdown whose counts are all null is stored as empty columns and
// comes back as null (breakdownOrNull: the database cannot tell the two apart, and both mean "not entered").
import { commitments, leadershipCategories, type Commitment, type LeadershipCategory } from '@lpt/shared/enums';
import {
  breakdownOrNull,
  categoryColumn,
  columnsOf,
  fieldsOf,
  reportFields,
  type Breakdown,
  type ReportData,
  type ReportField,
} from '@lpt/shared/report';
import type { ReportFigures } from './schema.ts';

type FigureColumn = keyof ReportFigures & string;

const sectionColumns = (c: Commitment) =>
  [`${c}Status`, `${c}Narrative`, `${c}NotApplicableReason`] as const satisfies readonly FigureColumn[];

/** Every figure column, in schema order: for explicit select lists and copies between the two tables. */
export const figureColumns: readonly FigureColumn[] = [
  'currency',
  ...commitments.flatMap((c) => [...sectionColumns(c), ...(fieldsOf(c).flatMap(columnsOf) as FigureColumn[])]),
];

/** The column of each leadership category (the metric figures sum them). */
export const partnerColumns = Object.fromEntries(
  leadershipCategories.map((k) => {
    const breakdown = reportFields.find((f) => f.kind === 'breakdown' && f.values === leadershipCategories)!;
    return [k, categoryColumn(breakdown.column, k)];
  }),
) as Record<LeadershipCategory, FigureColumn>;

type Section = Record<string, unknown>;

export function figuresFromData(data: ReportData): ReportFigures {
  const row: Record<string, unknown> = { currency: data.currency };
  for (const c of commitments) {
    const section = data[c] as unknown as Section;
    const [status, narrative, reason] = sectionColumns(c);
    row[status] = section.status;
    row[narrative] = section.narrative;
    row[reason] = section.notApplicableReason;
    for (const f of fieldsOf(c) as readonly ReportField[]) {
      const value = section[f.key];
      if (f.kind === 'breakdown')
        for (const v of f.values ?? []) row[categoryColumn(f.column, v)] = (value as Breakdown | null)?.[v] ?? null;
      else row[f.column] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
  }
  return row as ReportFigures;
}

/** Reads the figure columns of any row that has them (extra columns, such as id or status, are ignored). */
export function dataFromFigures(figures: ReportFigures): ReportData {
  const row = figures as unknown as Record<string, unknown>;
  const data: Record<string, unknown> = { currency: figures.currency };
  for (const c of commitments) {
    const [status, narrative, reason] = sectionColumns(c);
    const section: Section = { status: row[status], narrative: row[narrative], notApplicableReason: row[reason] };
    for (const f of fieldsOf(c) as readonly ReportField[]) {
      const value = row[f.column];
      section[f.key] =
        f.kind === 'breakdown'
          ? breakdownOrNull(Object.fromEntries((f.values ?? []).map((v) => [v, (row[categoryColumn(f.column, v)] as number | null) ?? null])), f)
          : Array.isArray(value)
            ? [...(value as unknown[])]
            : (value ?? null);
    }
    data[c] = section;
  }
  return data as ReportData;
}
