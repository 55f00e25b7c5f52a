// How figures read on screen. A share with no denominator is "no data" (never 0 %), and a cell
// withheld by small-number suppression says so in words.
import { withheldText, type SuppressionReason } from '@lpt/shared/enums';

export const NO_DATA = 'no data';
export const SUPPRESSED_TEXT = withheldText.fewer_than_5;

/** What a withheld aggregate says instead of its figures: too few reporting, or protecting such a group. */
export function withheldTextOf(summary: { suppressedBecause: SuppressionReason | null }): string {
  return withheldText[summary.suppressedBecause ?? 'fewer_than_5'];
}

/** What a figure withheld on its own inside a shown summary says (`withheldFigures`: dominance and its companions). */
export const FIGURE_WITHHELD_TEXT = 'withheld so that no single organisation’s figure can be read or worked out';

/**
 * Why one figure of a summary is not shown: the whole summary is withheld (its reason), the figure is
 * withheld on its own ('alone'), or null when it is shown.
 */
export function figureWithheld(
  summary: { suppressedBecause: SuppressionReason | null; withheldFigures: readonly string[] },
  path: string,
): SuppressionReason | 'alone' | null {
  if (summary.suppressedBecause) return summary.suppressedBecause;
  return summary.withheldFigures.includes(path) ? 'alone' : null;
}

const locale = 'en-GB';
const percentDigits = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const wholeNumber = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const usdFull = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usdCompact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** 0.2345 → "23.5 %"; null → "no data". */
export function formatShare(share: number | null | undefined): string {
  if (share == null || !Number.isFinite(share)) return NO_DATA;
  return `${percentDigits.format(share * 100)}\u00a0%`;
}

/** US dollars: "$1,234,567", or "$1.2M" when compact. */
export function formatUsd(value: number | null | undefined, options: { compact?: boolean } = {}): string {
  if (value == null || !Number.isFinite(value)) return NO_DATA;
  return (options.compact ? usdCompact : usdFull).format(value);
}

/** A count or a whole number: "1,234". */
export function formatCount(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return NO_DATA;
  return wholeNumber.format(value);
}

/** An amount in a report's own currency: "EUR 1,234.50". */
export function formatMoney(value: number | null | undefined, currency: string): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return `${currency} ${new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(value)}`;
}

/** "2026-03-31" → "31 Mar 2026" (dates travel as ISO strings; shown without time-zone shifts). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** "2026-12-01T09:30:00Z" → "1 December 2026" (the calendar date, as in UTC). */
export function formatDateLong(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** A timestamp in the reader's own time zone: "31 Mar 2026, 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
