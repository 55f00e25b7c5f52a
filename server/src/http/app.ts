// The HTTP edge: security headers on every answer, /healthz, the tRPC API at /trpc, CSV downloads at
// /csv/<table>.csv, and the built web app (with client-side routes falling back to index.html).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { sql } from 'kysely';
import type { Database } from '@lpt/db/connect';
import { createHttpContext, type HttpOptions } from '../context.ts';
import { AppError, tRPCCodeOf } from '../errors.ts';
import { csvDownload } from '../features/metrics/metrics.csv.ts';
import { appRouter } from '../router.ts';
import { isConnectionFailure } from '../trpc.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions extends HttpOptions {
  db: Database;
  /** Folder of the built client; null serves no web app. */
  clientDist: string | null;
}

const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

const httpStatusOf: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** A tRPC-shaped error for requests refused before they reach tRPC. */
function refuse(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { error: { message, code: -32600, data: { code, httpStatus: status } } });
}

/** Mutations from a page on another site are refused: the Origin (or Sec-Fetch-Site) must be ours. */
function isCrossSite(req: IncomingMessage, options: HttpOptions): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  const host = (options.trustProxy && (req.headers['x-forwarded-host'] as string | undefined)) || req.headers.host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body of a request, or null as soon as it passes `limit` bytes: a chunked upload without a
 * Content-Length is cut off there instead of being read to its end.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData).off('end', onEnd).pause();
        return resolve(null);
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    // A client that goes away mid-upload gets no answer, and is no error of ours.
    req.on('data', onData).on('end', onEnd).on('error', () => resolve('aborted'));
  });
}

/** 413, then the connection is dropped so that the rest of an oversize upload is never read. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse) {
  res.setHeader('Connection', 'close');
  res.on('finish', () => req.socket.destroySoon());
  refuse(res, 413, 'PAYLOAD_TOO_LARGE', `Request body over ${MAX_BODY_BYTES} bytes`);
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

async function serveClient(req: IncomingMessage, res: ServerResponse, clientDist: string, pathname: string) {
  const root = path.resolve(clientDist);
  let file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
  if (!file.startsWith(root)) return refuse(res, 400, 'BAD_REQUEST', 'Bad path');
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // Client-side routes: anything without a file extension gets the app.
    if (path.extname(pathname)) return refuse(res, 404, 'NOT_FOUND', 'Not found');
    file = path.join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) return refuse(res, 404, 'NOT_FOUND', 'The web app is not built: run pnpm build');
  }
  res.writeHead(200, {
    'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

export function createApp(options: AppOptions): http.Server {
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    // The web app sends one call per request (httpLink); a batch is only ever a small convenience.
    maxBatchSize: 10,
    createContext: async ({ req, res }) => {
      try {
        return await createHttpContext(options.db, req, res, options);
      } catch (error) {
        // The session lookup is the first query of every call: a database that is down is a 503, not a 500.
        if (isConnectionFailure(error))
          throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly', cause: error });
        throw error;
      }
    },
    onError({ error }) {
      if (error.code === 'INTERNAL_SERVER_ERROR' && !isConnectionFailure(error.cause)) console.error(error);
    },
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname;

    if (pathname === '/healthz') {
      try {
        await sql`select 1`.execute(options.db);
        return sendJson(res, 200, { status: 'ok' });
      } catch {
        return sendJson(res, 503, { status: 'database unavailable' });
      }
    }

    if (pathname.startsWith('/trpc/')) {
      res.setHeader('Cache-Control', 'no-store');
      if (req.method === 'POST') {
        if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return refuseTooLarge(req, res);
        if (isCrossSite(req, options)) return refuse(res, 403, 'FORBIDDEN', 'Cross-site request refused');
        const type = req.headers['content-type'] ?? '';
        if (!/^application\/json\s*(;|$)/i.test(type))
          return refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json');
        const body = await readBody(req, MAX_BODY_BYTES);
        if (body === 'aborted') return;
        if (body === null) return refuseTooLarge(req, res);
        let text: string;
        try {
          text = strictUtf8.decode(body);
        } catch {
          return refuse(res, 400, 'BAD_REQUEST', 'The request body is not valid UTF-8');
        }
        // Handed to tRPC as already read. An empty body is what tRPC's httpLink sends for a mutation without
        // input (auth.logout), which tRPC's adapter would fail to parse as JSON: it gets an empty object.
        (req as IncomingMessage & { body?: unknown }).body = text === '' ? {} : text;
      }
      return trpcHandler(req, res);
    }

    const csv = pathname.match(/^\/csv\/([a-z-]+)\.csv$/);
    if (csv) {
      res.setHeader('Cache-Control', 'no-store');
      try {
        const ctx = await createHttpContext(options.db, req, res, options);
        const file = await csvDownload(csv[1]!, url.searchParams, ctx);
        if (!file) return refuse(res, 404, 'NOT_FOUND', 'No such table');
        res.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${file.filename}"`,
        });
        return res.end(file.csv);
      } catch (error) {
        if (error instanceof AppError) {
          const code = tRPCCodeOf[error.code];
          return refuse(res, httpStatusOf[code] ?? 400, code, error.message);
        }
        if (isConnectionFailure(error)) return refuse(res, 503, 'SERVICE_UNAVAILABLE', 'The database is unavailable');
        throw error;
      }
    }

    if (options.clientDist && (req.method === 'GET' || req.method === 'HEAD'))
      return serveClient(req, res, options.clientDist, pathname);
    return refuse(res, 404, 'NOT_FOUND', 'Not found');
  }

  // 64 KB: tRPC writes a body of 16 KB or more (a trend) and then waits for 'drain' before the last chunk,
  // an extra write and wake-up for the client on every such call.
  return http.createServer({ highWaterMark: 64 * 1024 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    });
  });
}
