// The interface language (issue 8). i18next with react-i18next; one catalogue per language and
// namespace under src/locales/<lng>/<ns>.json (a namespace per feature, plus `common` for the shell and
// the pledge's vocabulary, `indicators` for the definitions the report form and the review desk share,
// and `validation` for the server's message codes). Only the active language's catalogues are fetched,
// and only the namespaces a page uses: they are static JSON files (hashed, cached), fetched as data
// rather than bundled as code, so the dashboard's JavaScript budget holds.
//
// The language is, in order: the one chosen on this browser (kept in localStorage, also before sign-in,
// and in a cookie so that the server renders the public pages in it), the account's (auth.me's `locale`,
// applied by useAccountLocale), and on a first visit the browser's languages (what it sends as
// Accept-Language). A page the server rendered is hydrated in the language and Intl locale the server
// rendered it in (app/start.tsx passes them): the first render must match the server's HTML. <html lang>, Intl formatting and the catalogues follow.
// Plurals are CLDR plural categories (i18next's `_one`/`_many`/`_other` keys, picked with Intl.PluralRules,
// which is ICU's implementation): French and Spanish have a `many` form that English lacks.
import i18next, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, locales, type Locale } from '@lpt/shared/enums';
import { formatShare, setFormatLocale } from '../lib/format.ts';
import { LOCALE_COOKIE } from '@lpt/shared/pages';

const catalogueUrls = import.meta.glob('../locales/*/*.json', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

const STORAGE_KEY = 'lpt.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The first of the browser's languages that the app speaks (its primary subtag), or English. */
export function browserLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** Intl's locale for a language: the browser's own variant when it has one (en-GB, es-MX), else the language. */
export function intlLocaleOf(language: Locale): string {
  const own = (navigator.languages ?? []).find((tag) => tag.toLowerCase().split('-')[0] === language);
  try {
    return own ? Intl.getCanonicalLocales(own)[0]! : language;
  } catch {
    return language;
  }
}

const catalogues: BackendModule = {
  type: 'backend',
  init() {},
  read(language: string, namespace: string, callback: ReadCallback) {
    const url = catalogueUrls[`../locales/${language}/${namespace}.json`];
    if (!url) return callback(new Error(`No catalogue ${language}/${namespace}`), false);
    fetch(url)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`${url}: ${response.status}`))))
      .then(
        (data) => callback(null, data),
        (error: Error) => callback(error, true),
      );
  },
};

/** The namespaces a page needs at once, so they are fetched while its code loads. */
export function namespacesFor(pathname: string): string[] {
  if (pathname === '/') return ['common', 'dashboard'];
  if (pathname.startsWith('/login') || pathname.startsWith('/forgot-password') || pathname.startsWith('/reset-password') || pathname.startsWith('/accept-invitation'))
    return ['common', 'auth', 'validation'];
  // Before /report: the annual report reuses the dashboard's words and the indicators' definitions.
  if (pathname.startsWith('/report-card')) return ['common', 'reportCard', 'dashboard', 'indicators'];
  if (pathname.startsWith('/report')) return ['common', 'report', 'indicators', 'validation'];
  // The review desk names fields as the report form does (report:sectionField.*, report:reportCurrency).
  if (pathname.startsWith('/review')) return ['common', 'review', 'report', 'indicators', 'validation'];
  if (pathname.startsWith('/admin/outbox')) return ['common', 'outbox', 'validation'];
  if (pathname.startsWith('/admin/import')) return ['common', 'imports', 'validation'];
  if (pathname.startsWith('/admin')) return ['common', 'admin', 'validation'];
  if (pathname.startsWith('/account')) return ['common', 'account', 'validation'];
  if (pathname.startsWith('/corrections')) return ['common', 'corrections'];
  if (pathname.startsWith('/releases')) return ['common', 'corrections'];
  return ['common'];
}

/** Keeps the choice where the server reads it (a year; not HttpOnly: it is the page's own setting). */
function rememberForServer(language: Locale) {
  document.cookie = `${LOCALE_COOKIE}=${language}; path=/; max-age=31536000; samesite=lax`;
}

/** The language and Intl locale a server-rendered page was drawn in, set by start.tsx before hydration. */
let serverRendered: { lang: Locale; intlLocale: string } | null = null;

function applyLanguage(language: string) {
  const lng = isLocale(language) ? language : DEFAULT_LOCALE;
  document.documentElement.lang = lng;
  const intl = serverRendered?.lang === lng ? serverRendered.intlLocale : intlLocaleOf(lng);
  setFormatLocale(intl, i18next.t('common:noData'));
}

/** Starts i18next in the browser: `rendered` when hydrating a page the server drew. */
export function startI18n(rendered: { lang: Locale; intlLocale: string } | null): Promise<void> {
  serverRendered = rendered;
  i18next.on('languageChanged', applyLanguage);
  // Once a language's `common` catalogue is in, the formatters' words (no data) are in that language.
  i18next.on('loaded', () => applyLanguage(i18next.language));
  const chosen = storedLocale();
  // A choice made before the cookie existed: the server learns it from the next page on.
  if (chosen && !document.cookie.split('; ').some((c) => c.startsWith(`${LOCALE_COOKIE}=`))) rememberForServer(chosen);
  return init(rendered?.lang ?? chosen ?? browserLocale());
}

function init(lng: Locale): Promise<void> {
  return i18next
  .use(catalogues)
  .use(initReactI18next)
  .init({
    lng,
    supportedLngs: [...locales],
    fallbackLng: false,
    load: 'currentOnly',
    ns: namespacesFor(window.location.pathname),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: true },
  })
  .then(() => {
    i18next.services.formatter?.add('share', (value: unknown) => formatShare(typeof value === 'number' ? value : null));
    applyLanguage(i18next.language);
  });
}

/** Switches the interface language and remembers it on this browser (the account is told by the caller). */
export async function changeLocale(language: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page.
  }
  rememberForServer(language);
  await i18next.changeLanguage(language);
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : DEFAULT_LOCALE;
}

/** Names of the languages in their own language, for the language menu. */
export const localeNames: Record<Locale, string> = { en: 'English', fr: 'Français', es: 'Español' };

export { i18next };
