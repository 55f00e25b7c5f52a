// The language the server writes in for a reader: a link's ?lang=, the account's, the browser's
// Accept-Language by its q-values, else English.
import { describe, expect, it } from 'vitest';
import { localeOfAcceptLanguage, localeOfRequest } from '../../server/src/i18n/translate.ts';

describe('the language of what the server writes', () => {
  it('takes the first language of Accept-Language the product speaks, by q-value', () => {
    expect(localeOfAcceptLanguage('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(localeOfAcceptLanguage('de-DE,de;q=0.9,es;q=0.5,en;q=0.4')).toBe('es');
    expect(localeOfAcceptLanguage('en;q=0.2, es-MX;q=0.7')).toBe('es');
    expect(localeOfAcceptLanguage('fr;q=0, en')).toBe('en');
    expect(localeOfAcceptLanguage('de, it')).toBeNull();
    expect(localeOfAcceptLanguage(undefined)).toBeNull();
  });

  it('prefers the link, then the account, then the browser', () => {
    expect(localeOfRequest({ lang: 'es', account: 'fr', acceptLanguage: 'en' })).toBe('es');
    expect(localeOfRequest({ lang: 'de', account: 'fr', acceptLanguage: 'es' })).toBe('fr');
    expect(localeOfRequest({ account: null, acceptLanguage: 'es-AR' })).toBe('es');
    expect(localeOfRequest({})).toBe('en');
  });
});
