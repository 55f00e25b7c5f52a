import { useEffect } from 'react';

/** Sets the browser tab's title, so screen-reader users and tab lists know which page this is. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Localization Pledge Tracker` : 'Localization Pledge Tracker';
  }, [title]);
}
