// A row of live figures as a summary: the empty row of a year or group without data, and the summary as a
// viewer may see it (suppression). Read by the metrics (live figures for coordinators) and by releases
// (each published cell is stored as this summary).
import { figures, isAdditive, nestFigures, type FigureValues } from '@lpt/shared/figures';
import type { SuppressionReason } from '@lpt/shared/enums';
import type { MetricsBasis, MetricsSummary } from '@lpt/shared/metrics';
import type { AggregateRow } from './figures.queries.ts';

export function emptyAggregate(year: number, key: string | null): AggregateRow {
  const values = Object.fromEntries(figures.map((f) => [f.path, isAdditive(f) ? 0 : null])) as FigureValues;
  return { ...values, year, key, currenciesWithoutRate: [] };
}

/**
 * The summary as it may be shown: a withheld one keeps only the year, its basis and why; not even the
 * count of eligible organisations, which would help the arithmetic. In a cell that is shown, the money
 * figures a release withholds on their own (`withheldFigures`: dominance, and their companions) are null.
 * `release` is set by whoever reads it from a release (null: live figures).
 */
export function present(
  row: AggregateRow,
  basis: MetricsBasis,
  suppressedBecause: SuppressionReason | null,
  withheldFigures: ReadonlySet<string> = new Set(),
): MetricsSummary {
  const suppressed = suppressedBecause !== null;
  return {
    year: row.year,
    basis,
    suppressed,
    suppressedBecause,
    release: null,
    withheldFigures: [...withheldFigures],
    ...nestFigures((f) => ((suppressed && f.shown !== 'always') || withheldFigures.has(f.path) ? null : row[f.path])),
    currenciesWithoutRate: suppressed ? [] : row.currenciesWithoutRate,
  };
}
