// The downloads: /csv/<table>.csv and its Excel twin /xlsx/<table>.xlsx (shared/src/downloads.ts names the
// tables), made by calling the metrics procedures through a tRPC caller with the request's context, so
// that roles, input validation, output schemas and errors are the procedures' own; an error answers
// exactly as the same call over /trpc would, whatever the format. Two query parameters are the download's,
// not the procedure's: `lang` (en, fr, es: the language of a people's file; else the account's, else
// Accept-Language) and `format=data` (CSV only: the machine-readable file, codes and raw numbers).
// The public's and donors' files are kept per release and answer If-None-Match (http/release-etag.ts).
import { getTRPCErrorFromUnknown } from '@trpc/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '@lpt/db/connect';
import { downloadTables, isDownloadTable, type DownloadFormat } from '@lpt/shared/downloads';
import type { HttpOptions } from '../context.ts';
import { viewerOf } from '../features/auth/access.ts';
import { downloadFile, type DownloadFile } from '../features/downloads/downloads.service.ts';
import { cachedByRelease, rememberIssued, wasIssued } from '../features/releases/release-cache.ts';
import { localeOfRequest } from '../i18n/translate.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory, isConnectionFailure } from '../trpc.ts';
import { refuse, sendTrpcError } from './api-error.ts';
import { matchesIfNoneMatch, notModified, releaseCacheHeaders, releaseETagOf, tagByRelease } from './release-etag.ts';
import { contextOf } from './trpc-route.ts';

const createCaller = createCallerFactory(appRouter);

export async function csvRoutes(app: FastifyInstance, options: HttpOptions & { db: Database }) {
  const serve = (format: DownloadFormat) => async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    const table = new RegExp(`^([a-z-]+)\\.${format}$`).exec(request.params.file)?.[1];
    if (!table || !isDownloadTable(table)) return refuse(reply, 'NOT_FOUND', 'No such table');
    const query = new URL(request.url, 'http://localhost').searchParams;
    const lang = query.get('lang');
    const variant = query.get('format');
    query.delete('lang');
    query.delete('format');
    if (variant !== null && (variant !== 'data' || format !== 'csv'))
      return refuse(reply, 'BAD_REQUEST', 'format can only be data, and only for a CSV file');
    let ctx;
    try {
      ctx = await contextOf(options.db, request, reply, options);
      const locale = localeOfRequest({ lang, account: ctx.user?.locale, acceptLanguage: request.headers['accept-language'] });
      const kind = variant === 'data' ? 'data' : 'people';
      const make = () => downloadFile(table, format, kind, query, createCaller(ctx!), locale);
      const audience = viewerOf(ctx.user);
      let file: DownloadFile;
      if (audience) {
        // The public's and donors' files are made once per release and carry its ETag; a coordinator's are live.
        const key = { audience, what: `/${format}/${table}`, params: query.toString(), language: kind === 'data' ? undefined : locale, format: kind };
        const etag = await releaseETagOf(ctx, key);
        const current = matchesIfNoneMatch(request.headers['if-none-match'], etag);
        if (current && wasIssued(options.db, etag)) return notModified(reply.headers(releaseCacheHeaders(etag, audience)));
        file = await cachedByRelease(ctx, key, make, (f) => f.filename.length + f.body.length);
        rememberIssued(options.db, etag);
        if (tagByRelease(request, reply, etag, audience)) return notModified(reply);
      } else file = await make();
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('content-language', variant === 'data' ? 'en' : locale)
        .send(file.body);
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      if (error.code === 'INTERNAL_SERVER_ERROR' && !isConnectionFailure(error.cause))
        request.log.error({ err: error.cause ?? error }, 'download failed');
      return sendTrpcError(reply, error, { path: `metrics.${downloadTables[table]}`, input: Object.fromEntries(query), ctx });
    }
  };
  app.get('/csv/:file', serve('csv'));
  app.get('/xlsx/:file', serve('xlsx'));
}
