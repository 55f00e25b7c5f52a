import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { pageRender } from './pageRender.ts';

/** Sets the browser tab's title (already translated), so screen-reader users and tab lists know which page this is. */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  const brand = t('common:brand');
  const full = title ? `${title} · ${brand}` : brand;
  // The server has no document: it puts the last title a render set in the page's <title>.
  if (pageRender.onServer) pageRender.title = full;
  useEffect(() => {
    document.title = full;
  }, [full]);
}
