// What the server that renders the public pages (server/src/http/page-render.ts) and the browser that
// hydrates them (client/src/lib/pageRender.ts, client/src/i18n/i18n.ts) must name alike.

/** The id of the <script type="application/json"> block that carries a rendered page's answers. */
export const PAGE_STATE_ID = 'lpt-page-state';

/** The language cookie the web app writes: the server renders a page in the language it names. */
export const LOCALE_COOKIE = 'lpt.locale';
