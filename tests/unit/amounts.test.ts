// Amounts typed into the report form are read by the reader's locale and never guessed
// (client/src/lib/amounts.ts): what the locale writes is understood, anything ambiguous or malformed is
// refused with an example, and formatting then reading gives back every amount with up to two decimals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locales } from '@lpt/shared/enums';
import { MONEY_MAX } from '@lpt/shared/report';
import { amountExample, formatAmount, formatRate, parseAmount, rateExample } from '../../client/src/lib/amounts.ts';

const value = (text: string, locale: string) => {
  const reading = parseAmount(text, locale);
  return reading.kind === 'number' ? reading.value : reading.kind;
};

describe('parseAmount', () => {
  it('reads French amounts, with or without spaces between thousands', () => {
    expect(value('1 234,56', 'fr')).toBe(1234.56);
    expect(value('1234,56', 'fr')).toBe(1234.56);
    expect(value('1\u202f234\u202f567,89', 'fr')).toBe(1234567.89);
    expect(value('1\u00a0234 567,89', 'fr')).toBe(1234567.89);
    expect(value('12,5', 'fr')).toBe(12.5);
  });

  it('reads English and Spanish amounts their own way', () => {
    expect(value('1,234.56', 'en')).toBe(1234.56);
    expect(value('1234.56', 'en')).toBe(1234.56);
    expect(value('1,234,567', 'en')).toBe(1234567);
    expect(value('1.234,56', 'es')).toBe(1234.56);
    expect(value('1234,56', 'es')).toBe(1234.56);
    expect(value('1.234.567,89', 'es')).toBe(1234567.89);
  });

  it('refuses what is ambiguous or malformed in the locale, showing how to write it', () => {
    expect(parseAmount('1234,56', 'en')).toEqual({ kind: 'invalid', example: '1,234,567.89' });
    expect(parseAmount('1,5', 'en')).toEqual({ kind: 'invalid', example: '1,234,567.89' });
    expect(parseAmount('12,5', 'en').kind).toBe('invalid');
    expect(parseAmount('1.234,5.6', 'en').kind).toBe('invalid');
    expect(parseAmount('1.234,5.6', 'fr').kind).toBe('invalid');
    expect(parseAmount('1.234,5.6', 'es').kind).toBe('invalid');
    expect(parseAmount('1.234,56', 'fr')).toEqual({ kind: 'invalid', example: '1\u202f234\u202f567,89' });
    expect(parseAmount('1234.56', 'fr').kind).toBe('invalid');
    expect(parseAmount('1,234.56', 'es')).toEqual({ kind: 'invalid', example: '1.234.567,89' });
    expect(parseAmount('1.5', 'es').kind).toBe('invalid');
    for (const text of ['12 34', 'twelve', '1e5', '--1', '1,,234', ',5', '1,234.', '0x10', '١٢٣'])
      for (const locale of locales) expect(parseAmount(text, locale).kind, `${text} in ${locale}`).toBe('invalid');
  });

  it('reads empty input as no value, and shows counts without decimals in the example', () => {
    expect(parseAmount('  ', 'fr')).toEqual({ kind: 'empty' });
    expect(amountExample('en', false)).toBe('1,234,567');
  });

  it('reads back every amount it formats, in every locale (two decimals at most)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...locales, 'en-GB', 'en-US', 'fr-FR', 'fr-CA', 'es-ES', 'es-MX'),
        fc.integer({ min: -Math.round(MONEY_MAX * 100), max: Math.round(MONEY_MAX * 100) }),
        (locale, cents) => {
          const amount = cents / 100;
          const reading = parseAmount(formatAmount(amount, locale), locale);
          expect(reading).toEqual({ kind: 'number', value: amount });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never reads a number that means something else in the locale (a reading is the same in every way of writing it)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...locales), fc.stringMatching(/^[0-9., ]{1,12}$/), (locale, text) => {
        const reading = parseAmount(text, locale);
        // Three decimals are read, and refused by the report schema (two_decimals), never rounded away.
        if (reading.kind !== 'number' || Math.round(reading.value * 100) / 100 !== reading.value) return;
        // What was understood is written back the locale's way and read again as the same number.
        expect(parseAmount(formatAmount(reading.value, locale), locale)).toEqual(reading);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('exchange rates (the Rates page)', () => {
  it('reads a rate the locale’s way, with the decimals a rate needs, and refuses the other way with an example', () => {
    expect(value('1,0925', 'fr')).toBe(1.0925);
    expect(value('0,000123456', 'es')).toBe(0.000123456);
    expect(value('1.0925', 'en')).toBe(1.0925);
    // "1,0925" in English is not a number as English writes it: refused, never read as 10925.
    expect(parseAmount('1,0925', 'en')).toEqual({ kind: 'invalid', example: '1,234,567.89' });
    expect(rateExample('en')).toBe('0.0077');
    expect(rateExample('fr')).toBe('0,0077');
  });

  it('shows a rate back with all its decimals (up to the ten stored), and reads back what it shows', () => {
    expect(formatRate(0.0077, 'en')).toBe('0.0077');
    expect(formatRate(1.0925, 'fr')).toBe('1,0925');
    expect(formatRate(0.0000000001, 'es')).toBe('0,0000000001');
    fc.assert(
      fc.property(fc.constantFrom(...locales), fc.integer({ min: 1, max: 1_000_000 * 10_000 }), (locale, tenThousandths) => {
        const rate = tenThousandths / 10_000;
        expect(parseAmount(formatRate(rate, locale), locale)).toEqual({ kind: 'number', value: rate });
      }),
      { numRuns: 1000 },
    );
  });
});
