// /import/…: the bulk import of reports (issue 10) over plain HTTP, because a file is bytes, not JSON.
//   GET  /import/template.csv, /import/template.xlsx   the templates (?lang= for the headers and the definitions sheet)
//   POST /import/preview?fileName=…&replace=true|false  the file as the body: what importing would do
//   POST /import/reports?fileName=…&replace=true|false  imports it, all or nothing
// Coordinators only (checked by the service). A body is the file itself (text/csv, the .xlsx type or
// application/octet-stream); over IMPORT_MAX_BYTES it is refused with 413 before it is read (its
// Content-Length) or as soon as it passes the limit (chunked), and never parsed. Cross-site posts are
// refused as on /trpc. Errors are the API's JSON, with coded issues naming each row and column.
// The file is read in a worker thread within fixed bounds (features/imports/import-reader.ts), stopped when
// the client goes away; what readings of a crashed server left in its temporary folder is removed here, at start.
import { getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '@lpt/db/connect';
import { fileFormats } from '@lpt/shared/enums';
import { IMPORT_MAX_BYTES, importQueryInput } from '@lpt/shared/imports';
import type { HttpOptions } from '../context.ts';
import { AppError, codedIssuesOf, tRPCCodeOf } from '../errors.ts';
import { csvTemplate, XLSX_TYPE, xlsxTemplate } from '../features/imports/import-files.ts';
import { defaultImportTempDir, removeLeftoverImportFiles } from '../features/imports/import-reader.ts';
import { assertCanImport, importReports, previewImport } from '../features/imports/imports.service.ts';
import { localeOfRequest } from '../i18n/translate.ts';
import { isConnectionFailure } from '../trpc.ts';
import { refuse, sendTrpcError } from './api-error.ts';
import { contextOf, isCrossSite } from './trpc-route.ts';

const fileTypes = ['text/csv', XLSX_TYPE, 'application/octet-stream'];

function sendError(request: FastifyRequest, reply: FastifyReply, cause: unknown) {
  const error =
    cause instanceof AppError
      ? new TRPCError({ code: tRPCCodeOf[cause.code], message: cause.message, cause })
      : getTRPCErrorFromUnknown(cause);
  if (error.code === 'INTERNAL_SERVER_ERROR' && !isConnectionFailure(error.cause))
    request.log.error({ err: error.cause ?? error }, 'import failed');
  return sendTrpcError(reply, error);
}

/** The upload's query string, validated by its shared schema. */
function queryOf(request: FastifyRequest) {
  const parsed = importQueryInput.safeParse(request.query);
  if (!parsed.success) throw new AppError('VALIDATION', 'Name the file (fileName) and say whether to replace existing reports', codedIssuesOf(parsed.error.issues));
  return parsed.data;
}

export async function importRoutes(app: FastifyInstance, options: HttpOptions & { db: Database; importTempDir?: string }) {
  const tempDir = options.importTempDir ?? defaultImportTempDir();
  const leftovers = await removeLeftoverImportFiles(tempDir);
  if (leftovers.length) app.log.info({ tempDir, removed: leftovers.length }, 'removed import files left by a stopped server');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(fileTypes, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (request.method !== 'POST') return;
    if (Number(request.headers['content-length'] ?? 0) > IMPORT_MAX_BYTES) {
      reply.header('connection', 'close');
      return refuse(reply, 'PAYLOAD_TOO_LARGE', `Files over ${IMPORT_MAX_BYTES / 1024 / 1024} MB cannot be imported`);
    }
    if (isCrossSite(request, options)) return refuse(reply, 'FORBIDDEN', 'Cross-site request refused');
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!fileTypes.includes(type))
      return refuse(reply, 'UNSUPPORTED_MEDIA_TYPE', `Send the file itself as the body, with Content-Type ${fileTypes.join(', ')}`);
  });

  // A chunked upload that passes the limit: 413, and the rest of it is never read.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      reply.header('connection', 'close');
      reply.raw.once('finish', () => request.raw.socket.destroySoon());
      return refuse(reply, 'PAYLOAD_TOO_LARGE', `Files over ${IMPORT_MAX_BYTES / 1024 / 1024} MB cannot be imported`);
    }
    return sendError(request, reply, error);
  });

  for (const format of fileFormats)
    app.get(`/import/template.${format}`, async (request, reply) => {
      try {
        const ctx = await contextOf(options.db, request, reply, options);
        assertCanImport(ctx.user);
        const lang = (request.query as Record<string, unknown>).lang;
        const locale = localeOfRequest({ lang, account: ctx.user.locale, acceptLanguage: request.headers['accept-language'] });
        const body = format === 'csv' ? csvTemplate(locale) : await xlsxTemplate(locale);
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
          .header('content-disposition', `attachment; filename="report-import-template.${format}"`)
          .send(body);
      } catch (cause) {
        return sendError(request, reply, cause);
      }
    });

  for (const [path, run] of [
    ['/import/preview', previewImport],
    ['/import/reports', importReports],
  ] as const)
    app.post(path, { bodyLimit: IMPORT_MAX_BYTES }, async (request, reply) => {
      try {
        const ctx = await contextOf(options.db, request, reply, options);
        assertCanImport(ctx.user);
        const { fileName, replace } = queryOf(request);
        const bytes = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
        // The answer's stream closes before it was written when the client went away: stop reading then.
        const gone = new AbortController();
        reply.raw.once('close', () => {
          if (!reply.raw.writableEnded) gone.abort(new Error('The client went away'));
        });
        const answer = await run(options.db, ctx.user, { fileName, bytes }, { replace, reading: { tempDir, signal: gone.signal } });
        return reply.type('application/json; charset=utf-8').send(answer);
      } catch (cause) {
        return sendError(request, reply, cause);
      }
    });
}
