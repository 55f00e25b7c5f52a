// Embeddable charts: /embed/<chart>?… serves the built embed page (client/embed.html, its own small entry),
// which draws one public chart. These are the only pages other sites may frame: their answers say
// `frame-ancestors *` and drop X-Frame-Options; every other answer keeps `frame-ancestors 'none'`
// (securityHeaders). The address is checked here first (shared/src/embed.ts): a bad one gets an error page
// in the reader's language, frameable too, so the host page shows what is wrong instead of a blank frame.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { embedCharts, parseEmbedAddress, type EmbedProblem } from '@lpt/shared/embed';
import { localeOfRequest, translatorFor } from '../i18n/translate.ts';

/** The site's policy (app.ts securityHeaders) with one change: any site may frame these pages. */
export function frameablePolicy(sitePolicy: string): string {
  return sitePolicy.replace("frame-ancestors 'none'", 'frame-ancestors *');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function errorPage(lang: string, problem: EmbedProblem, t: ReturnType<typeof translatorFor>): string {
  const title = t('embed:errorTitle');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;padding:1rem;color:#1a1a1a;overflow-wrap:anywhere}h1{font-size:1.15rem;margin:0 0 .5rem}a{color:#0b5cad}</style>
</head><body><main role="alert"><h1>${escapeHtml(title)}</h1>
<p data-problem="${problem}">${escapeHtml(t(`embed:problem.${problem}`, { charts: embedCharts.join(', ') }))}</p>
<p>${escapeHtml(t('embed:hint'))}</p>
<p><a href="/" target="_blank" rel="noopener">${escapeHtml(t('embed:dashboardLink'))}</a></p></main></body></html>
`;
}

export async function embedRoutes(app: FastifyInstance, options: { clientDist: string | null; sitePolicy: string }) {
  const page = options.clientDist ? path.join(path.resolve(options.clientDist), 'embed.html') : null;
  const policy = frameablePolicy(options.sitePolicy);
  const frameable = (reply: FastifyReply) => {
    reply.header('content-security-policy', policy);
    reply.removeHeader('x-frame-options');
  };

  app.get<{ Params: { chart: string }; Querystring: Record<string, unknown> }>('/embed/:chart', async (request, reply) => {
    frameable(reply);
    const address = parseEmbedAddress(request.params.chart, request.query);
    if (!address.ok) {
      const lang = localeOfRequest({ lang: request.query.lang, acceptLanguage: request.headers['accept-language'] });
      reply.code(address.problem === 'chart' ? 404 : 400).header('cache-control', 'no-cache');
      return reply.type('text/html; charset=utf-8').send(errorPage(lang, address.problem, translatorFor(lang)));
    }
    // Read each time: a new build swaps client/dist under a running server (scripts/build.ts).
    const html = page ? await readFile(page, 'utf8').catch(() => null) : null;
    if (html === null) return reply.code(503).type('text/plain; charset=utf-8').send('The web app is not built: run pnpm build');
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  });
}
