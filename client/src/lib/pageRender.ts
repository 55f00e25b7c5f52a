// What a server-rendered page and the browser's first render of it (hydration) must agree on. The public
// pages are rendered on the server (entry-server.tsx) and hydrated by the browser (app/start.tsx): the
// browser's first render must draw exactly what the server drew, so the parts a page would otherwise
// defer until after a paint (useAfterPaint) are drawn at once on both sides, until the reader moves to
// another page in the browser.
import type { Locale } from '@lpt/shared/enums';
import { PAGE_STATE_ID } from '@lpt/shared/pages';

export const pageRender = {
  /** True in the server's bundle (Vite's SSR build). */
  onServer: import.meta.env.SSR,
  /** True from the hydration of a server-rendered page until the first navigation in the browser. */
  hydrating: false,
  /**
   * True on the server's renders that only find out which data a page asks for (entry-server.tsx):
   * charts, which ask for none and cost the most to draw, are left out of those.
   */
  collecting: false,
  /** The page's title as its page set it (usePageTitle), for the server's <title>. */
  title: '',
};

/** Whether this render must draw everything at once: on the server, or hydrating the server's HTML. */
export function drawsAtOnce(): boolean {
  return pageRender.onServer || pageRender.hydrating;
}

/** What the server hands the browser with a rendered page (in the JSON block PAGE_STATE_ID). */
export interface PageState {
  lang: Locale;
  /** The Intl locale the figures were formatted in (the reader's variant of `lang`, e.g. en-GB). */
  intlLocale: string;
  /** React Query's dehydrated cache: the answers the page was drawn from. */
  queries: import('@tanstack/react-query').DehydratedState;
}

/** The server's state of this page, or null when the page was not rendered on the server. */
export function readPageState(): PageState | null {
  const block = document.getElementById(PAGE_STATE_ID);
  if (!block?.textContent) return null;
  try {
    return JSON.parse(block.textContent) as PageState;
  } catch {
    return null;
  }
}
