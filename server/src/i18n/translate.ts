// The server's own words in the reader's language (issue 8): e-mails and the files people download.
// The same i18next as the web app, with the catalogues bundled, so a translation is a pure function call
// and the compiled server needs no files beside it (esbuild inlines the JSON). One source per language
// (issue 18): the pledge's vocabulary (regions, organisation types, commitments, statuses, the reasons a
// figure is withheld) is the web app's `common` catalogue, read here from client/src/locales as it is;
// server/src/locales/<lng>/<ns>.json hold only the server's own texts, a namespace per thing it writes
// (`mail`, `files`). tests/unit/catalogues.test.ts checks that no text is in both.
import i18next, { type TFunction } from 'i18next';
import { DEFAULT_LOCALE, locales, type Locale } from '@lpt/shared/enums';
import enCommon from '../../../client/src/locales/en/common.json' with { type: 'json' };
import esCommon from '../../../client/src/locales/es/common.json' with { type: 'json' };
import frCommon from '../../../client/src/locales/fr/common.json' with { type: 'json' };
import enIndicators from '../../../client/src/locales/en/indicators.json' with { type: 'json' };
import esIndicators from '../../../client/src/locales/es/indicators.json' with { type: 'json' };
import frIndicators from '../../../client/src/locales/fr/indicators.json' with { type: 'json' };
import enFiles from '../locales/en/files.json' with { type: 'json' };
import enMail from '../locales/en/mail.json' with { type: 'json' };
import esFiles from '../locales/es/files.json' with { type: 'json' };
import esMail from '../locales/es/mail.json' with { type: 'json' };
import frFiles from '../locales/fr/files.json' with { type: 'json' };
import frMail from '../locales/fr/mail.json' with { type: 'json' };
import enEmbed from '../locales/en/embed.json' with { type: 'json' };
import esEmbed from '../locales/es/embed.json' with { type: 'json' };
import frEmbed from '../locales/fr/embed.json' with { type: 'json' };

/** The server's own namespaces (server/src/locales), and the web app's it reads (client/src/locales). */
export const serverNamespaces = ['mail', 'files', 'embed'] as const;
// `indicators`: the report fields' labels, the import template's headers.
export const sharedNamespaces = ['common', 'indicators'] as const;

const translator = i18next.createInstance();
void translator.init({
  initAsync: false,
  resources: {
    en: { common: enCommon, indicators: enIndicators, mail: enMail, files: enFiles, embed: enEmbed },
    fr: { common: frCommon, indicators: frIndicators, mail: frMail, files: frFiles, embed: frEmbed },
    es: { common: esCommon, indicators: esIndicators, mail: esMail, files: esFiles, embed: esEmbed },
  },
  supportedLngs: [...locales],
  fallbackLng: DEFAULT_LOCALE,
  ns: [...sharedNamespaces, ...serverNamespaces],
  defaultNS: 'files',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** `t` bound to a language, for one reader's mail or file. */
export function translatorFor(locale: Locale): TFunction {
  return translator.getFixedT(locale);
}

/** The first language of an Accept-Language header that the product speaks, by its q-values. */
export function localeOfAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = Number(rest.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { primary: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.primary).find(isLocale) ?? null;
}

/**
 * The language of something a person downloads: `?lang=` when the link names one (the web app's links do),
 * else the account's, else the browser's Accept-Language, else English.
 */
export function localeOfRequest(options: { lang?: unknown; account?: Locale | null; acceptLanguage?: string }): Locale {
  if (isLocale(options.lang)) return options.lang;
  return options.account ?? localeOfAcceptLanguage(options.acceptLanguage) ?? DEFAULT_LOCALE;
}
