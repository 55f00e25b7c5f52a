import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab's title (already translated), so screen-reader users and tab lists know which page this is. */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  const brand = t('common:brand');
  useEffect(() => {
    document.title = title ? `${title} · ${brand}` : brand;
  }, [title, brand]);
}
