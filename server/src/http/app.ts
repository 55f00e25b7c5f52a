// The HTTP edge, on Fastify: security headers and a request id on every answer, one log line per request,
// /healthz and /readyz, the tRPC API at /trpc, downloads at /csv/<table>.csv and /xlsx/<table>.xlsx, the bulk
// import of reports at /import/…, the API document at
// /openapi.json and /api, and the built web app. Bodies, errors, bad URLs and unknown paths are Fastify's
// hooks and handlers; what each path answers is in its own module beside this one.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TRPCError } from '@trpc/server';
import fastifyCompress from '@fastify/compress';
import {
  fastify,
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { sql } from 'kysely';
import type { Database } from '@lpt/db/connect';
import { pendingMigrations } from '@lpt/db/migrate';
import type { HttpOptions } from '../context.ts';
import { errorBodyOf, isApiPath, pathnameOf, refuse } from './api-error.ts';
import { apiDocumentRoutes } from './openapi.ts';
import { csvRoutes } from './csv-route.ts';
import { releaseFileRoutes } from './release-files-route.ts';
import { embedRoutes } from './embed-route.ts';
import { importRoutes } from './import-route.ts';
import { MAX_BODY_BYTES, trpcRoutes } from './trpc-route.ts';
import { limitApiTokens } from './token-rate-limit.ts';
import { webApp } from './web-app.ts';

export { MAX_BODY_BYTES };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, once the request's context is known (for the log line). */
    userId: number | null;
  }
}

export interface AppOptions extends HttpOptions {
  db: Database;
  /** Folder of the built client; null serves no web app. */
  clientDist: string | null;
  /** Where the log goes: a pino logger (main.ts builds it from LOG_LEVEL), or none at all (tests). */
  logger?: FastifyBaseLogger;
  /** The folder the server owns for the temporary files of import readings (default: lpt-imports under the system's). */
  importTempDir?: string;
}

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** An id a trusted proxy sent (X-Request-Id) is kept when it is plain; otherwise a new one. */
function requestIdOf(req: IncomingMessage, trustProxy: boolean): string {
  const sent = req.headers['x-request-id'];
  if (trustProxy && typeof sent === 'string' && /^[\w.:-]{1,128}$/.test(sent)) return sent;
  return randomUUID();
}

/** The route of a request as the log shows it: the procedure or table, never the query string. */
function routeOf(request: FastifyRequest): string {
  const pattern = request.routeOptions.url;
  const params = request.params as Record<string, string> | undefined;
  if (pattern === '/trpc/:path') return `/trpc/${params?.path ?? ''}`.slice(0, 200);
  if (pattern === '/csv/:file' || pattern === '/xlsx/:file') return `${pattern.slice(0, -':file'.length)}${params?.file ?? ''}`.slice(0, 200);
  if (pattern && pattern !== '/*') return pattern;
  return pathnameOf(request.url).slice(0, 200);
}

/**
 * One line per request, when its answer has gone: id (pino's reqId), method, route, status, duration and
 * who asked. Never headers, bodies or query strings, so no password, cookie or session token. Fastify's
 * own lines (incoming request, not found, errors of its default handler) are left out: errors are logged
 * once, with their stack, where they are handled.
 */
class RequestLog extends LogController {
  override incomingRequest() {}
  override routeNotFound() {}
  override defaultErrorLog() {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = {
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      userId: request.userId,
    };
    if (error) request.log.warn({ ...line, err: error }, 'request ended with an error');
    else request.log.info(line, 'request');
  }
}

/** 413, then the connection is dropped so that the rest of an oversize upload is never read. */
function refuseTooLarge(reply: FastifyReply) {
  reply.header('connection', 'close');
  reply.raw.once('finish', () => reply.request.raw.socket.destroySoon());
  return refuse(reply, 'PAYLOAD_TOO_LARGE', `Request body over ${MAX_BODY_BYTES} bytes`);
}

const statusCodes: Record<number, Parameters<typeof refuse>[1]> = {
  400: 'BAD_REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  reply.headers(securityHeaders);
  if (isApiPath(pathnameOf(request.url))) return refuse(reply, statusCodes[status] ?? 'BAD_REQUEST', message);
  return reply.code(status).type('text/plain; charset=utf-8').send(message);
}

/** Errors the HTTP parser meets before Fastify has a request (a header too large): with our headers too. */
function clientError(error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
  const [status, text] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const headers = Object.entries(securityHeaders).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${text.length}\r\nConnection: close\r\n${headers}\r\n${text}`);
}

/**
 * CONNECT (a proxy's tunnel) never reaches Fastify: Node hands it to the server's 'connect' listeners and,
 * without one, closes the socket unanswered. This server is no proxy: 405, like another method it does not
 * take, in the error format of the path asked for (the API's JSON under /trpc and the like, else text).
 */
function refuseConnect(request: IncomingMessage, socket: Duplex) {
  if (!socket.writable) return socket.destroy();
  const message = 'CONNECT is not supported';
  const api = isApiPath(pathnameOf(request.url ?? ''));
  const body = api ? JSON.stringify(errorBodyOf(new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message }))) : 'Method not allowed';
  const headers = {
    ...securityHeaders,
    'X-Request-Id': randomUUID(),
    Allow: 'GET, HEAD, POST',
    'Content-Type': api ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\n${head}\r\n${body}`);
}

export function createApp(options: AppOptions): FastifyInstance {
  const app = fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    logController: new RequestLog(),
    genReqId: (req) => requestIdOf(req, options.trustProxy),
    trustProxy: options.trustProxy,
    bodyLimit: MAX_BODY_BYTES,
    // In-flight requests finish at close; idle keep-alive connections are closed at once.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    clientErrorHandler: clientError,
    routerOptions: { maxParamLength: 1000 },
    // Bad percent-encoding (GET /%) is the caller's mistake: 400, never a 500.
    frameworkErrors(error, request, reply) {
      reply.header('x-request-id', request.id);
      const status = error.code === 'FST_ERR_BAD_URL' ? 400 : (error.statusCode ?? 400);
      return sendError(request, reply, status < 500 ? status : 400, error.code === 'FST_ERR_BAD_URL' ? 'Bad URL' : error.message);
    },
  });
  app.decorateRequest('userId', null);
  app.server.on('connect', refuseConnect);

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(securityHeaders);
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuseTooLarge(reply);
    const status = error.statusCode ?? 500;
    if (status < 500) return sendError(request, reply, status, error.message);
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, 500, 'Internal server error');
  });

  // Compresses what the build did not (API answers, CSV files, the API document) when the browser accepts
  // it; precompressed files already carry their Content-Encoding and pass through.
  void app.register(fastifyCompress, { globalDecompression: false, encodings: ['br', 'gzip'] });

  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/readyz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await sql`select 1`.execute(options.db);
      const pending = await pendingMigrations(options.db);
      if (pending.length > 0) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });

  limitApiTokens(app);
  void app.register(trpcRoutes, options);
  void app.register(csvRoutes, options);
  void app.register(releaseFileRoutes, options);
  void app.register(importRoutes, options);
  void app.register(apiDocumentRoutes);
  void app.register(embedRoutes, { clientDist: options.clientDist, sitePolicy: securityHeaders['Content-Security-Policy']! });
  void app.register(webApp, { clientDist: options.clientDist, db: options.db, trustProxy: options.trustProxy });
  return app;
}
