// The form holds a report's data in the API's shape, with one difference: a breakdown (partners by
// leadership) is always an object (every category empty rather than null), so each count has a field to bind.
import { breakdownFields, breakdownOrNull, emptyBreakdown, type Breakdown, type ReportData } from '@lpt/shared/report';
import { formatAmount } from '../../lib/amounts.ts';
import { formatLocale } from '../../lib/format.ts';

export type ReportFormValues = ReportData;

/** A copy of the data with each breakdown section replaced by `change` of it. */
function mapBreakdowns(data: ReportData, change: (value: Breakdown | null, field: (typeof breakdownFields)[number]) => Breakdown | null): ReportData {
  const copy = { ...data } as unknown as Record<string, Record<string, unknown>>;
  for (const f of breakdownFields) copy[f.commitment] = { ...copy[f.commitment], [f.key]: change(copy[f.commitment]![f.key] as Breakdown | null, f) };
  return copy as unknown as ReportData;
}

export function toFormValues(data: ReportData): ReportFormValues {
  return mapBreakdowns(data, (value, f) => value ?? emptyBreakdown(f));
}

/** What is sent to the server: NaN (text that is not a number) is refused before it gets there. */
export function toReportData(values: ReportFormValues): ReportData {
  return mapBreakdowns(values, breakdownOrNull);
}

/** The element id of a field, from its dotted path ('funding.notApplicableReason' → 'field-funding-notApplicableReason'). */
export function fieldId(path: string) {
  return `field-${path.replaceAll('.', '-')}`;
}

/** Reads a value at a dotted path. */
export function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const part of path.split('.')) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A number as its field shows it, in the reader's locale (lib/amounts.ts reads it back). */
export function formatNumberInput(value: number | null | undefined): string {
  if (value == null) return '';
  if (Number.isNaN(value)) return '';
  return formatAmount(value, formatLocale());
}
