// A release's files, under its permanent page /releases/<year>/<n> (issue 20): workbook.xlsx (every table,
// a sheet each, and the definitions), datapackage.json (Frictionless), datapackage.zip (it and its CSV files)
// and data/<table>.csv (each resource, where datapackage.json's relative paths point). Made by calling
// metrics.release through a tRPC caller with the request's context, so donors and the public each get their
// own figures and an error answers as the same call over /trpc would. `lang` (en, fr, es) picks the
// language of the headers, titles and definitions; else the account's, else Accept-Language.
import { getTRPCErrorFromUnknown } from '@trpc/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '@lpt/db/connect';
import type { HttpOptions } from '../context.ts';
import {
  dataPackage,
  dataPackageZip,
  releaseContents,
  releaseFileStem,
  releaseTables,
  releaseWorkbook,
  resourceCsv,
} from '../features/downloads/downloads.release.ts';
import { XLSX_TYPE } from '../features/downloads/downloads.service.ts';
import { localeOfRequest } from '../i18n/translate.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory, isConnectionFailure } from '../trpc.ts';
import { refuse, sendTrpcError } from './api-error.ts';
import { contextOf } from './trpc-route.ts';

const createCaller = createCallerFactory(appRouter);

type Params = { year: string; number: string; file?: string };

/** A path segment as the procedure's input: digits as a number, anything else as given (the procedure refuses it). */
const numberOf = (value: string) => (/^\d{1,9}$/.test(value) ? Number(value) : value);

export async function releaseFileRoutes(app: FastifyInstance, options: HttpOptions & { db: Database }) {
  const serve =
    (file: 'workbook' | 'package' | 'zip' | 'csv') => async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
      reply.header('cache-control', 'no-store');
      const table = file === 'csv' ? /^([a-z-]+)\.csv$/.exec(request.params.file ?? '')?.[1] : undefined;
      if (file === 'csv' && !(releaseTables as readonly string[]).includes(table ?? '')) return refuse(reply, 'NOT_FOUND', 'No such table');
      const query = new URL(request.url, 'http://localhost').searchParams;
      const input = { year: numberOf(request.params.year), number: numberOf(request.params.number) } as { year: number; number: number };
      let ctx;
      try {
        ctx = await contextOf(options.db, request, reply, options);
        const locale = localeOfRequest({ lang: query.get('lang'), account: ctx.user?.locale, acceptLanguage: request.headers['accept-language'] });
        const contents = await releaseContents(input.year, input.number, createCaller(ctx), locale);
        const origin = `${request.protocol}://${request.host}`;
        const stem = releaseFileStem(contents);
        reply.header('content-language', locale);
        switch (file) {
          case 'workbook':
            return reply
              .type(XLSX_TYPE)
              .header('content-disposition', `attachment; filename="${stem}.xlsx"`)
              .send(await releaseWorkbook(contents, origin));
          case 'package':
            return reply.type('application/json; charset=utf-8').send(JSON.stringify(dataPackage(contents, origin), null, 2));
          case 'zip':
            return reply.type('application/zip').header('content-disposition', `attachment; filename="${stem}.zip"`).send(dataPackageZip(contents, origin));
          case 'csv': {
            const resource = contents.sheets.find((s) => s.table === table);
            // The organisations' table is donors' only: for the public the package has no such resource.
            if (!resource) return refuse(reply, 'NOT_FOUND', 'No such table in this release for you');
            return reply
              .type('text/csv; charset=utf-8')
              .header('content-disposition', `attachment; filename="${stem}-${table}.csv"`)
              .send(resourceCsv(resource.sheet));
          }
        }
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        if (error.code === 'INTERNAL_SERVER_ERROR' && !isConnectionFailure(error.cause)) request.log.error({ err: error.cause ?? error }, 'release file failed');
        return sendTrpcError(reply, error, { path: 'metrics.release', input, ctx });
      }
    };
  app.get('/releases/:year/:number/workbook.xlsx', serve('workbook'));
  app.get('/releases/:year/:number/datapackage.json', serve('package'));
  app.get('/releases/:year/:number/datapackage.zip', serve('zip'));
  app.get('/releases/:year/:number/data/:file', serve('csv'));
}
