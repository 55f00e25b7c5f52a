// What changed between two versions of a report, field by field (the history and the review desk show it).
import { emptyReportData, type ReportData } from './data.ts';

/** Field-by-field differences between two versions of a report, as dotted paths. */
export function diffReportData(
  before: ReportData | null,
  after: ReportData,
): { field: string; from: unknown; to: unknown }[] {
  const changes: { field: string; from: unknown; to: unknown }[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    const isObj = (v: unknown) => v != null && typeof v === 'object' && !Array.isArray(v);
    if (isObj(a) || isObj(b)) {
      const ao = (isObj(a) ? a : {}) as Record<string, unknown>;
      const bo = (isObj(b) ? b : {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)]))
        walk(ao[k] ?? null, bo[k] ?? null, path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null))
      changes.push({ field: path, from: a ?? null, to: b ?? null });
  };
  walk(before ?? emptyReportData(), after, '');
  return changes;
}
