// The server's renderer of the public pages (built by Vite as an SSR bundle: client/dist-ssr, loaded by
// server/src/http/page-render.ts). It renders the app's own routes in a StaticRouter, in the reader's
// language, with React's server renderer, and hands back the HTML and the answers it was drawn from (the
// browser hydrates from those: app/start.tsx).
//
// It knows no page: a page's data is whatever its components ask React Query for. A render leaves those
// queries in the cache, unanswered (a server runs no effects); they are answered through the server's
// own tRPC router (a local link: no HTTP round trip, the request's context, so the same rules as /trpc),
// and the page rendered again, until a render asks for nothing new (the cycles, then the figures that
// depend on them: three renders for the dashboard). Those renders leave the charts out (they ask for no
// data and cost the most); a last render draws the page whole.
//
// renderToString is synchronous, so the language and the number formats, which are module state
// (i18next's language, lib/format.ts), are set right before each render and cannot leak between two
// requests rendered at the same time.
import { dehydrate, type Query, type QueryClient } from '@tanstack/react-query';
import { createTRPCClient, unstable_localLink, type TRPCLink } from '@trpc/client';
import type { inferRouterContext } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { StaticRouter } from 'react-router';
import { locales } from '@lpt/shared/enums';
import { AppRoutes } from './app/App.tsx';
import { Providers } from './app/providers.tsx';
import { i18next } from './i18n/i18n.ts';
import { formatShare, setFormatLocale } from './lib/format.ts';
import { pageRender, type PageState } from './lib/pageRender.ts';
import { createQueryClient, type AppRouter } from './lib/trpc.ts';

const catalogues = import.meta.glob('./locales/*/*.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;

function resources() {
  const all: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [file, catalogue] of Object.entries(catalogues)) {
    const [, lng, ns] = /\.\/locales\/(\w+)\/(\w+)\.json$/.exec(file) ?? [];
    if (lng && ns) (all[lng] ??= {})[ns] = catalogue;
  }
  return all;
}

// Every catalogue is in the bundle, so a change of language is synchronous.
void i18next.use(initReactI18next).init({
  initAsync: false,
  resources: resources(),
  lng: 'en',
  supportedLngs: [...locales],
  fallbackLng: false,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});
i18next.services.formatter?.add('share', (value: unknown) => formatShare(typeof value === 'number' ? value : null));

/** At most this many renders of a page: data that depends on data, three levels deep at most today. */
const MAX_RENDERS = 6;

export interface RenderRequest {
  /** The path and query of the page. */
  url: string;
  lang: PageState['lang'];
  intlLocale: string;
  /** The server's API and this request's context: called through a local link, with no HTTP round trip. */
  router: AppRouter;
  createContext: () => Promise<inferRouterContext<AppRouter>>;
}

export interface RenderedPage {
  html: string;
  title: string;
  state: PageState;
}

/** Answers cross to the browser as JSON: the server's render must see them as the browser will. */
const asJson: TRPCLink<AppRouter> = () => ({ op, next }) =>
  observable((observer) =>
    next(op).subscribe({
      next: (envelope) => {
        const result = envelope.result as { data?: unknown };
        observer.next({ ...envelope, result: { ...envelope.result, data: result.data === undefined ? undefined : JSON.parse(JSON.stringify(result.data)) } } as typeof envelope);
      },
      error: (error) => observer.error(error),
      complete: () => observer.complete(),
    }),
  );

function renderOnce(request: RenderRequest, queryClient: QueryClient, trpcClient: ReturnType<typeof createTRPCClient<AppRouter>>, collecting: boolean): string {
  void i18next.changeLanguage(request.lang);
  if (i18next.language !== request.lang) throw new Error(`i18next did not switch to ${request.lang} synchronously`);
  setFormatLocale(request.intlLocale, i18next.t('common:noData'));
  pageRender.title = '';
  pageRender.collecting = collecting;
  return renderToString(
    <StrictMode>
      <Providers queryClient={queryClient} trpcClient={trpcClient}>
        <StaticRouter location={request.url}>
          <AppRoutes />
        </StaticRouter>
      </Providers>
    </StrictMode>,
  );
}

/** Queries a render asked for and that nobody has answered yet (a disabled one waits for the browser). */
function unanswered(queryClient: QueryClient, tried: Set<string>): Query[] {
  return queryClient
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.status === 'pending' && q.state.fetchStatus === 'idle' && (q.options as { enabled?: unknown }).enabled !== false && !tried.has(q.queryHash));
}

export async function render(request: RenderRequest): Promise<RenderedPage> {
  const queryClient = createQueryClient();
  const link = unstable_localLink<AppRouter>({ router: request.router, createContext: request.createContext });
  const trpcClient = createTRPCClient<AppRouter>({ links: [asJson, link] });
  const tried = new Set<string>();
  for (let attempt = 1; attempt <= MAX_RENDERS; attempt++) {
    const html = renderOnce(request, queryClient, trpcClient, true);
    const asked = unanswered(queryClient, tried);
    // A lazy page's code still loading shows as a suspended boundary (<!--$!-->): render again once it is in.
    const suspended = html.includes('<!--$!-->');
    if (asked.length === 0 && !suspended) break;
    for (const query of asked) tried.add(query.queryHash);
    await Promise.all(asked.map((query) => query.fetch().catch(() => undefined)));
    if (asked.length === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  // A failed call is left to the browser, which asks again and shows the error: the page is drawn as
  // still loading it, as the browser's first render will be.
  for (const query of queryClient.getQueryCache().getAll()) {
    if (query.state.status === 'error') queryClient.removeQueries({ queryKey: query.queryKey, exact: true });
  }
  const html = renderOnce(request, queryClient, trpcClient, false);
  const title = pageRender.title;
  return { html, title, state: { lang: request.lang, intlLocale: request.intlLocale, queries: dehydrate(queryClient) } };
}
