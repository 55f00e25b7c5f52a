// Server rendering of the public pages: the dashboard (/), the annual report (/report-card/<year>) and
// the corrections log (/corrections) leave here as HTML with their figures and charts, in the reader's
// language, for a visitor who is not signed in. The renderer is the web app's own (client/src/
// entry-server.tsx, built beside the web app as client/dist-ssr); it calls the API through a local tRPC
// link with this request's context, so a page shows exactly what /trpc would answer this visitor. Its
// answers travel in a <script type="application/json"> block, which the Content-Security-Policy allows
// (no inline script runs), and the browser hydrates the page from them.
//
// Signed-in readers (coordinators' live figures, donors' own rows) get the page the browser renders, as
// before: their figures are theirs, and the server keeps no one's page. So does any page when the renderer
// is not built or fails: the app then draws it in the browser, as it always could.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '@lpt/db/connect';
import { DEFAULT_LOCALE, type Locale } from '@lpt/shared/enums';
import { LOCALE_COOKIE, PAGE_STATE_ID } from '@lpt/shared/pages';
import type { HttpOptions } from '../context.ts';
import { cachedByRelease } from '../features/releases/release-cache.ts';
import { isLocale, localeOfAcceptLanguage } from '../i18n/translate.ts';
import { appRouter } from '../router.ts';
import { matchesIfNoneMatch, notModified, releaseCacheHeaders, releaseETagOf } from './release-etag.ts';
import { contextOf } from './trpc-route.ts';

/** The pages drawn on the server: the first segment of their path ('' is the dashboard). */
export const serverRenderedSections = ['', 'report-card', 'corrections'] as const;

/** What client/src/entry-server.tsx exports (kept to what is used here). */
interface Renderer {
  render(request: { url: string; lang: Locale; intlLocale: string; router: typeof appRouter; createContext: () => Promise<unknown> }): Promise<{ html: string; title: string; state: unknown }>;
}

/**
 * The pages whose every answer is of the release (the figures, the cycles, the releases): kept per release
 * and tagged with its ETag. The corrections log also lists corrections not released yet, so it is drawn
 * for each request.
 */
const keptByRelease = new Set<string>(['', 'report-card']);

export function isServerRendered(pathname: string): boolean {
  const section = pathname.split('/')[1] ?? '';
  return (serverRenderedSections as readonly string[]).includes(section);
}

/** The reader's language: the one chosen in the web app (its cookie), else the browser's, else English. */
export function pageLocaleOf(request: FastifyRequest): { lang: Locale; intlLocale: string } {
  const chosen = request.headers.cookie ? parseCookie(request.headers.cookie)[LOCALE_COOKIE] : undefined;
  const acceptLanguage = request.headers['accept-language'];
  const lang = isLocale(chosen) ? chosen : (localeOfAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE);
  // The browser's own variant of that language (en-GB, es-MX), as the web app formats with it.
  const variant = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim())
    .find((tag) => tag.toLowerCase().split('-')[0] === lang);
  let intlLocale: string = lang;
  try {
    if (variant) intlLocale = Intl.getCanonicalLocales(variant)[0] ?? lang;
  } catch {
    // A malformed tag: the language alone.
  }
  return { lang, intlLocale };
}

/** JSON inside <script>: nothing in it may close the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The built index.html with a rendered page in it. */
export function pageHtml(template: string, page: { html: string; title: string; state: unknown }, lang: Locale): string {
  const root = /<div id="root">[\s\S]*?<\/div><!--\/root-->/;
  if (!root.test(template)) throw new Error('index.html has no <div id="root">…</div><!--/root--> to render into');
  return (
    template
      .replace(/<html lang="[^"]*"/, `<html lang="${lang}"`)
      .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`)
      // The page carries its answers: no need to ask for the cycles before the app starts.
      .replace(/\s*<!--(?:(?!-->)[^])*-->\s*<link rel="preload" as="fetch"[^>]*>/, '')
      .replace(/<noscript>[\s\S]*?<\/noscript>/, '')
      .replace(root, () => `<div id="root">${page.html}</div><!--/root-->`)
      .replace('</body>', () => `<script type="application/json" id="${PAGE_STATE_ID}">${scriptJson(page.state)}</script>\n</body>`)
  );
}

export interface PageRenderer {
  /** Sends the rendered page, or returns false when the browser should render it (signed in, not built). */
  send(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
}

/** The renderer of a built web app: `<clientDist>/../dist-ssr/entry-server.js`, or null if there is none. */
export function pageRenderer(clientDist: string, options: HttpOptions & { db: Database }): PageRenderer | null {
  const entry = path.join(path.dirname(clientDist), 'dist-ssr', 'entry-server.js');
  if (!existsSync(entry) || !existsSync(path.join(clientDist, 'index.html'))) return null;
  const template = readFileSync(path.join(clientDist, 'index.html'), 'utf8');
  let loading: Promise<Renderer> | undefined;
  return {
    async send(request, reply) {
      const ctx = await contextOf(options.db, request, reply, options);
      if (ctx.user) return false;
      const { lang, intlLocale } = pageLocaleOf(request);
      const [pathname = '/', search = ''] = request.url.split('?');
      const kept = keptByRelease.has(pathname.split('/')[1] ?? '');
      const page = { audience: 'public' as const, what: pathname, params: search, language: `${lang} ${intlLocale}`, format: 'html' };
      // A page kept per release has its ETag: the reader who has it gets a 304 until the next release.
      const etag = kept ? await releaseETagOf(ctx, page) : null;
      const tagged = () => reply.headers(etag ? releaseCacheHeaders(etag, 'public') : { 'cache-control': 'no-cache' }).header('vary', 'Cookie, Authorization, Accept-Language');
      if (etag && matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
        await notModified(tagged());
        return true;
      }
      const draw = async () => {
        loading ??= import(pathToFileURL(entry).href) as Promise<Renderer>;
        const { render } = await loading;
        return pageHtml(template, await render({ url: request.url, lang, intlLocale, router: appRouter, createContext: async () => ctx }), lang);
      };
      let html: string;
      try {
        html = kept ? await cachedByRelease(ctx, page, draw, (text) => text.length) : await draw();
      } catch (error) {
        request.log.error({ err: error }, 'server rendering failed; the browser renders the page');
        return false;
      }
      tagged()
        .header('content-language', lang)
        .type('text/html; charset=utf-8')
        .send(html);
      return true;
    },
  };
}
