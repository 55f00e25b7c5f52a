// /trpc/<procedure>: tRPC's Fastify adapter, behind the checks a browser API needs before any body is read.
// A mutation (POST) is refused with 413 when its Content-Length is over the limit, 403 when it comes from
// another site, 415 unless it is JSON; its body is read as bytes up to the limit (Fastify's bodyLimit: a
// chunked upload is cut there), must be UTF-8, and reaches tRPC as text. Methods other than GET and POST
// are 405.
import { TRPCError } from '@trpc/server';
import { fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '@lpt/db/connect';
import type { Viewer } from '@lpt/shared/enums';
import { createHttpContext, hasAuthorization, type HttpOptions } from '../context.ts';
import { AppError } from '../errors.ts';
import { viewerOf } from '../features/auth/access.ts';
import { cachedByRelease, rememberIssued, wasIssued } from '../features/releases/release-cache.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory, isConnectionFailure, type Context } from '../trpc.ts';
import { refuse } from './api-error.ts';
import { matchesIfNoneMatch, notModified, releaseCacheHeaders, releaseETagOf } from './release-etag.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Mutations from a page on another site are refused: the Origin (or Sec-Fetch-Site) must be ours. */
export function isCrossSite(req: FastifyRequest, options: HttpOptions): boolean {
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

/** The queries whose public and donors' answers are kept per release, and carry its ETag. */
const perReleaseQueries = new Set(['metrics.summary', 'metrics.trend', 'metrics.breakdown', 'metrics.organizations']);

interface Tagged {
  ctx: Context;
  etag: string;
  audience: Viewer;
  path: string;
  /** The `input` query parameter as sent (JSON), or '' without one. */
  input: string;
}

/**
 * A GET of one query kept per release, for the public or a donor: its ETag, with the request's context,
 * made once for both (none for a coordinator, a batch, a streaming client, or when the context cannot be
 * made: tRPC then answers, error and all).
 */
async function releaseTagOf(db: Database, request: FastifyRequest<{ Params: { path: string } }>, reply: FastifyReply, options: HttpOptions) {
  if (request.method !== 'GET' || !perReleaseQueries.has(request.params.path)) return null;
  const query = request.query as Record<string, unknown>;
  if (query.batch !== undefined || request.headers['trpc-accept'] || /application\/jsonl/.test(request.headers.accept ?? '')) return null;
  try {
    const ctx = await contextOf(db, request, reply, options);
    const audience = viewerOf(ctx.user);
    if (!audience) return { ctx, tagged: null };
    const input = typeof query.input === 'string' ? query.input : '';
    const etag = await releaseETagOf(ctx, { audience, what: request.params.path, params: input });
    return { ctx, tagged: { ctx, etag, audience, path: request.params.path, input } satisfies Tagged };
  } catch {
    return null;
  }
}

const createCaller = createCallerFactory(appRouter);

/**
 * Answers a query kept per release: 304 when the reader has it, else its answer as tRPC words it
 * (`{"result":{"data":…}}`), serialised once per release and kept (the procedure's own answer is kept
 * too, for the downloads). The first call goes through tRPC's caller: roles, input and output checked as
 * over the adapter; later ones find the text (only answers are kept, so only a valid call from an
 * allowed audience finds one). A call that fails is left to the adapter (null), which words the error.
 */
async function answerKeptPerRelease(tagged: Tagged, request: FastifyRequest, reply: FastifyReply, db: Database) {
  const current = matchesIfNoneMatch(request.headers['if-none-match'], tagged.etag);
  const cacheHeaders = releaseCacheHeaders(tagged.etag, tagged.audience);
  // tRPC's own Vary (it streams to a client that asks), and the session's.
  const headers = { ...cacheHeaders, vary: `trpc-accept, accept, ${cacheHeaders.vary}` };
  // This instance sent this ETag: the input was valid and the caller allowed.
  if (current && wasIssued(db, tagged.etag)) return notModified(reply.headers(headers));
  let body: string;
  try {
    body = await cachedByRelease(tagged.ctx, { audience: tagged.audience, what: tagged.path, params: tagged.input, format: 'trpc-response' }, async () => {
      const procedure = tagged.path.split('.').reduce<any>((node, key) => node[key], createCaller(tagged.ctx));
      return JSON.stringify({ result: { data: await procedure(tagged.input === '' ? undefined : JSON.parse(tagged.input)) } });
    }, (text) => text.length);
  } catch {
    return null;
  }
  rememberIssued(db, tagged.etag);
  reply.headers(headers);
  if (current) return notModified(reply);
  return reply.type('application/json').send(body);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Who is asking, for tRPC and the CSV routes; the user id also goes into the request's log line. */
export async function contextOf(db: Database, request: FastifyRequest, reply: FastifyReply, options: HttpOptions) {
  try {
    const ctx = await createHttpContext(db, request.raw, (cookie) => void reply.header('set-cookie', cookie), options);
    request.userId = ctx.user?.id ?? null;
    return ctx;
  } catch (error) {
    // The session lookup is the first query of every call: a database that is down is a 503, not a 500.
    if (isConnectionFailure(error))
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly', cause: error });
    throw error;
  }
}

export async function trpcRoutes(app: FastifyInstance, options: HttpOptions & { db: Database }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      return done(Object.assign(new Error('The request body is not valid UTF-8'), { statusCode: 400 }), undefined);
    }
    // An empty body is what tRPC's httpLink sends for a mutation without input (auth.logout), which tRPC
    // would fail to parse as JSON: it gets an empty object.
    done(null, text === '' ? {} : text);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (request.method !== 'POST') return;
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES)
      return refuse(reply, 'PAYLOAD_TOO_LARGE', `Request body over ${MAX_BODY_BYTES} bytes`);
    // A request with a token (Authorization) is not a browser's with its cookies: the origin check is for
    // cookies, which such a request never uses (context.ts); the token's own rules refuse what it may not do.
    if (!hasAuthorization(request.raw) && isCrossSite(request, options)) return refuse(reply, 'FORBIDDEN', 'Cross-site request refused');
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? ''))
      return refuse(reply, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json');
  });

  app.all<{ Params: { path: string } }>('/trpc/:path', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'POST') {
      reply.header('allow', 'GET, POST');
      return refuse(reply, 'METHOD_NOT_SUPPORTED', `${request.method} is not supported: queries are GET, mutations POST`);
    }
    const tag = await releaseTagOf(options.db, request, reply, options);
    if (tag?.tagged) {
      const answered = await answerKeptPerRelease(tag.tagged, request, reply, options.db);
      if (answered) return answered;
    }
    await fastifyRequestHandler({
      router: appRouter,
      req: request,
      res: reply,
      path: request.params.path,
      // The web app sends one call per request (httpLink); a batch is only ever a small convenience.
      maxBatchSize: 10,
      createContext: ({ req, res }): Promise<Context> => (tag ? Promise.resolve(tag.ctx) : contextOf(options.db, req, res, options)),
      responseMeta({ errors }) {
        // A refused sign-in says when to try again in the header too.
        const retryAfter = errors.map((e) => (e.cause instanceof AppError ? e.cause.retryAfterSeconds : undefined)).find(Boolean);
        return retryAfter ? { headers: { 'retry-after': String(retryAfter) } } : {};
      },
      onError({ error, req }) {
        if (error.code === 'INTERNAL_SERVER_ERROR' && !isConnectionFailure(error.cause))
          req.log.error({ err: error.cause ?? error }, 'procedure failed');
      },
    });
    return reply;
  });
}
