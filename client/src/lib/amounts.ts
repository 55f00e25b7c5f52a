// Numbers typed into the report form, read by the reader's locale and never guessed (issue 8). The
// separators come from Intl for the locale (French: 1 234,56; Spanish: 1.234,56; English: 1,234.56), and
// an input is taken only when it is written the locale's way: digits, groups of exactly three after a
// group separator, at most one decimal separator. Anything else — "1,5" in English, "1.234,56" in French,
// "1.234,5.6" anywhere — is refused with an example of how to write it, never reinterpreted. Exchange
// rates are read the same way, with more decimals (formatRate).
// No imports: the unit tests read this file directly.

export type AmountReading =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  /** Not a number as the locale writes numbers; `example` shows how it does. */
  | { kind: 'invalid'; example: string };

interface Separators {
  group: string;
  decimal: string;
}

const separatorCache = new Map<string, Separators>();

function separatorsOf(locale: string): Separators {
  let found = separatorCache.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.89);
    found = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
    separatorCache.set(locale, found);
  }
  return found;
}

const SPACES = /[\s\u00a0\u202f\u2009]/g;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How the locale writes an amount: "1,234,567.89", "1 234 567,89", "1.234.567,89". */
export function amountExample(locale: string, decimals = true): string {
  return formatAmount(decimals ? 1234567.89 : 1234567, locale);
}

/** An amount as the field shows it back once understood: grouped, up to two decimals. */
export function formatAmount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: true }).format(value);
}

/**
 * An exchange rate as the locale writes it: grouped, with as many decimals as it has up to the ten the
 * database keeps ("0.0077", "0,0077"; "1,0925" in French).
 */
export function formatRate(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 10, useGrouping: true }).format(value);
}

/** How the locale writes a rate, for a refused input: "0.0077" in English, "0,0077" in French and Spanish. */
export function rateExample(locale: string): string {
  return formatRate(0.0077, locale);
}

/** Reads what was typed, by the locale's rules. `decimals: false` for counts (the example has none). */
export function parseAmount(text: string, locale: string, options: { decimals?: boolean } = {}): AmountReading {
  const { group, decimal } = separatorsOf(locale);
  // A locale that groups with a space (French: a narrow no-break space) takes any kind of space.
  const spaceGroup = group.replace(SPACES, '') === '';
  let input = text.trim().replace(/^[\u2212\u2013]/, '-');
  if (input === '') return { kind: 'empty' };
  if (spaceGroup) input = input.replace(SPACES, ' ');
  const g = spaceGroup ? ' ' : escape(group);
  const d = escape(decimal);
  const pattern = new RegExp(`^(-?)(\\d+|\\d{1,3}(?:${g}\\d{3})+)(?:${d}(\\d+))?$`);
  const match = pattern.exec(input);
  if (!match) return { kind: 'invalid', example: amountExample(locale, options.decimals ?? true) };
  const [, sign, whole, fraction] = match;
  const digits = whole!.replace(spaceGroup ? / /g : new RegExp(g, 'g'), '');
  const value = Number(`${sign}${digits}${fraction ? `.${fraction}` : ''}`);
  return { kind: 'number', value: Object.is(value, -0) ? 0 : value };
}
