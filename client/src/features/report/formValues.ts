// The form holds a report's data in the API's shape, with one difference: the partners-by-leadership
// breakdown is always an object (seven empty counts rather than null), so each count has a field to bind.
import { leadershipCategories } from '@lpt/shared/enums';
import type { ReportData } from '@lpt/shared/report';
import { formatAmount } from '../../lib/amounts.ts';
import { formatLocale } from '../../lib/format.ts';

export type ReportFormValues = ReportData;

export function toFormValues(data: ReportData): ReportFormValues {
  const partners = data.collaboration.partnersByLeadership;
  return {
    ...data,
    collaboration: {
      ...data.collaboration,
      partnersByLeadership: partners ?? (Object.fromEntries(leadershipCategories.map((k) => [k, null])) as never),
    },
  };
}

/** What is sent to the server: NaN (text that is not a number) is refused before it gets there. */
export function toReportData(values: ReportFormValues): ReportData {
  const partners = values.collaboration.partnersByLeadership;
  const empty = !partners || leadershipCategories.every((k) => partners[k] == null);
  return {
    ...values,
    collaboration: { ...values.collaboration, partnersByLeadership: empty ? null : partners },
  };
}

/** The element id of a field, from its dotted path ('funding.toLocalDirect' → 'field-funding-toLocalDirect'). */
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
