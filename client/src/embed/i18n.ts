// The embed's language: `?lang=` when the embed code names one, else the reader's browser languages. Its
// own small i18next set-up (the app's i18n/i18n.ts starts the app's catalogues and remembered choice when
// imported): the same catalogue files, only `common` and `dashboard`, whose words the charts use.
import i18next, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, locales, type Locale } from '@lpt/shared/enums';
import { formatShare, setFormatLocale } from '../lib/format.ts';

const catalogueUrls = import.meta.glob(['../locales/*/common.json', '../locales/*/dashboard.json'], { query: '?url', import: 'default', eager: true }) as Record<
  string,
  string
>;

const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value);

export function embedLocale(lang: Locale | undefined): Locale {
  if (lang) return lang;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

const catalogues: BackendModule = {
  type: 'backend',
  init() {},
  read(language: string, namespace: string, callback: ReadCallback) {
    const url = catalogueUrls[`../locales/${language}/${namespace}.json`];
    if (!url) return callback(new Error(`No catalogue ${language}/${namespace}`), false);
    fetch(url, { credentials: 'omit' })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`${url}: ${response.status}`))))
      .then(
        (data) => callback(null, data),
        (error: Error) => callback(error, true),
      );
  },
};

export async function startEmbedI18n(language: Locale): Promise<void> {
  await i18next
    .use(catalogues)
    .use(initReactI18next)
    .init({
      lng: language,
      supportedLngs: [...locales],
      fallbackLng: false,
      load: 'currentOnly',
      ns: ['common', 'dashboard'],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      returnNull: false,
      react: { useSuspense: false },
    });
  i18next.services.formatter?.add('share', (value: unknown) => formatShare(typeof value === 'number' ? value : null));
  document.documentElement.lang = language;
  setFormatLocale(language, i18next.t('common:noData'));
}
