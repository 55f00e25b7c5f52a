// The language menu of every page. The choice is kept in this browser and, when signed in, with the
// account (auth.setLocale), so it follows the person to another browser; useAccountLocale applies the
// account's choice when it differs from the browser's.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '@lpt/shared/enums';
import { changeLocale, currentLocale, isLocale, localeNames, storedLocale } from '../i18n/i18n.ts';
import { useMe } from '../lib/session.ts';
import { useTRPC } from '../lib/trpc.ts';

function useSaveAccountLocale() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.setLocale.mutationOptions({
      onSuccess: ({ locale }) =>
        queryClient.setQueryData(trpc.auth.me.queryKey(), (me) => (me ? { ...me, locale } : me)),
    }),
  );
}

/** The account's language wins once signed in; a choice made before signing in is kept with the account. */
export function useAccountLocale() {
  const { user } = useMe();
  const save = useSaveAccountLocale();
  const accountLocale = user?.locale ?? null;
  const userId = user?.id ?? null;
  useEffect(() => {
    if (userId === null) return;
    if (accountLocale && accountLocale !== currentLocale()) void changeLocale(accountLocale);
    else if (!accountLocale) {
      const chosen = storedLocale();
      if (chosen) save.mutate({ locale: chosen });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, accountLocale]);
}

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const { user } = useMe();
  const save = useSaveAccountLocale();
  const id = useId();
  const value = isLocale(i18n.language) ? i18n.language : currentLocale();
  return (
    <div className="language-menu no-print">
      <label htmlFor={id} className="language-menu__label">
        {t('common:language')}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const locale = e.target.value as Locale;
          void changeLocale(locale);
          if (user) save.mutate({ locale });
        }}
      >
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {localeNames[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
