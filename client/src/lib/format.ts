// How figures read on screen, in the reader's locale (set by i18n/i18n.ts when the language changes).
// A share with no denominator is "no data" (never 0 %); words such as "no data" come from the
// catalogues, so the functions here take them from the caller-independent `words` below.

/** The BCP 47 locale every Intl formatter uses: the chosen language, with the browser's region if it has one. */
let locale = 'en';
let formatters = makeFormatters(locale);
const words = { noData: 'no data' };

function makeFormatters(tag: string) {
  return {
    percentDigits: new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    wholeNumber: new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }),
    usdFull: new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }),
    usdCompact: new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 }),
    amount: new Intl.NumberFormat(tag, { minimumFractionDigits: 0, maximumFractionDigits: 2 }),
    date: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
    dateLong: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }),
    list: new Intl.ListFormat(tag, { type: 'conjunction' }),
  };
}

/** Called when the language changes; `noData` is the catalogue's word for a share without data. */
export function setFormatLocale(tag: string, noData: string) {
  locale = tag;
  words.noData = noData;
  formatters = makeFormatters(tag);
}

export function formatLocale(): string {
  return locale;
}

/** 0.2345 → "23.5 %" ("23,5 %" in French); null → "no data". */
export function formatShare(share: number | null | undefined): string {
  if (share == null || !Number.isFinite(share)) return words.noData;
  return `${formatters.percentDigits.format(share * 100)}\u00a0%`;
}

/** US dollars: "$1,234,567", or "$1.2M" when compact ("1 234 567 $US", "1,2 M$US" in French). */
export function formatUsd(value: number | null | undefined, options: { compact?: boolean } = {}): string {
  if (value == null || !Number.isFinite(value)) return words.noData;
  return (options.compact ? formatters.usdCompact : formatters.usdFull).format(value);
}

/** A count or a whole number: "1,234" ("1 234" in French). */
export function formatCount(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return words.noData;
  return formatters.wholeNumber.format(value);
}

/** An amount in a report's own currency: "EUR 1,234.50". */
export function formatMoney(value: number | null | undefined, currency: string): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return `${currency} ${formatters.amount.format(value)}`;
}

/** "a, b and c" in the reader's language. */
export function formatList(items: string[]): string {
  return formatters.list.format(items);
}

function utcDate(iso: string): Date | null {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return null;
  return new Date(Date.UTC(y, m - 1, d));
}

/** "2026-03-31" → "31 Mar 2026" (dates travel as ISO strings; shown without time-zone shifts). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = utcDate(iso);
  return date ? formatters.date.format(date) : iso;
}

/** "2026-12-01T09:30:00Z" → "1 December 2026" (the calendar date, as in UTC). */
export function formatDateLong(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = utcDate(iso);
  return date ? formatters.dateLong.format(date) : iso;
}

/** A timestamp in the reader's own time zone: "31 Mar 2026, 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatters.dateTime.format(date);
}
