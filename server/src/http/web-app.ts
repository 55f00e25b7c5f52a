// The built web app (client/dist) through @fastify/static: the brotli or gzip copy the build made of a
// file when the browser accepts it, hashed assets (assets/) cached for a year, everything else (index.html)
// revalidated each time. The folder is the root: @fastify/send refuses any path that leaves it, a sibling
// folder sharing its name included. Only the app's own page routes fall back to index.html; any other
// unknown path is a 404 (in the API's format under /trpc, /csv and /xlsx), never the app. The public pages
// are rendered on the server for visitors who are not signed in (page-render.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '@lpt/db/connect';
import type { HttpOptions } from '../context.ts';
import { isApiPath, pathnameOf, refuse } from './api-error.ts';
import { isServerRendered, pageRenderer } from './page-render.ts';

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The first path segment of every page of the web app (client/src/app/routes.tsx); '' is the dashboard.
 * tests/http/edge.test.ts checks this list against the client's routes.
 */
export const pageSections = ['', 'login', 'corrections', 'report', 'report-card', 'review', 'admin', 'account', 'forgot-password', 'reset-password', 'accept-invitation', 'releases'] as const;

export function isPageRoute(pathname: string): boolean {
  const section = pathname.split('/')[1] ?? '';
  return (pageSections as readonly string[]).includes(section);
}

/** What a person who typed or followed a wrong address sees: a page of its own, not the app. */
const notFoundPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · Localization Pledge Tracker</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b5cad}</style>
</head><body><main><h1>Page not found</h1>
<p>There is no page at this address. <a href="/">Go to the dashboard</a>.</p></main></body></html>
`;

function notFound(request: FastifyRequest, reply: FastifyReply) {
  const pathname = pathnameOf(request.url);
  if (isApiPath(pathname)) return refuse(reply, 'NOT_FOUND', `No such API path: ${pathname.slice(0, 200)}`);
  reply.code(404).header('cache-control', 'no-cache');
  if (/\btext\/html\b/.test(request.headers.accept ?? '')) return reply.type('text/html; charset=utf-8').send(notFoundPage);
  return reply.type('text/plain; charset=utf-8').send('Not found');
}

export async function webApp(app: FastifyInstance, options: HttpOptions & { db: Database; clientDist: string | null }) {
  const root = options.clientDist ? path.resolve(options.clientDist) : null;
  const built = root !== null && existsSync(path.join(root, 'index.html'));
  const renderer = built ? pageRenderer(root, options) : null;
  if (built) {
    await app.register(fastifyStatic, {
      root,
      preCompressed: true,
      cacheControl: false,
      dotfiles: 'ignore',
      index: ['index.html'],
      setHeaders(reply, file) {
        const hashed = path.relative(root, file).startsWith(`assets${path.sep}`);
        reply.header('cache-control', hashed ? IMMUTABLE : 'no-cache');
      },
    });
  }

  /** A page of the app: rendered here when it is a public one, else the shell the browser renders it in. */
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = pathnameOf(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reply.header('allow', 'GET, HEAD');
      return reply.code(405).type('text/plain; charset=utf-8').send('Method not allowed');
    }
    if (!built) return reply.code(503).type('text/plain; charset=utf-8').send('The web app is not built: run pnpm build');
    if (renderer && request.method === 'GET' && isServerRendered(pathname)) {
      try {
        if (await renderer.send(request, reply)) return reply;
      } catch (error) {
        request.log.warn({ err: error }, 'no server rendering (the session could not be read); the browser renders the page');
      }
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };

  // The static files' plugin would answer '/' itself (with index.html): it is a page like the others.
  if (built) app.get('/', page);
  app.setNotFoundHandler(async (request, reply) => {
    const pathname = pathnameOf(request.url);
    if (isApiPath(pathname) || !isPageRoute(pathname)) return notFound(request, reply);
    return page(request, reply);
  });
}
