// /csv/<table>.csv: the dashboard's tables as files, made by calling the metrics procedures through a
// tRPC caller with the request's context, so that roles, input validation, output schemas and errors are
// the procedures' own; an error answers exactly as the same call over /trpc would.
import { getTRPCErrorFromUnknown } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import type { Database } from '@lpt/db/connect';
import type { HttpOptions } from '../context.ts';
import { csvDownload } from '../features/metrics/metrics.csv.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory, isConnectionFailure } from '../trpc.ts';
import { refuse, sendTrpcError } from './api-error.ts';
import { contextOf } from './trpc-route.ts';

const createCaller = createCallerFactory(appRouter);

/** The tables a download can name, with the procedure each calls (for the API document too). */
export const csvTables = ['summary', 'trend', 'breakdown', 'organizations'] as const;

export async function csvRoutes(app: FastifyInstance, options: HttpOptions & { db: Database }) {
  app.get<{ Params: { file: string } }>('/csv/:file', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const table = /^([a-z-]+)\.csv$/.exec(request.params.file)?.[1];
    if (!table || !(csvTables as readonly string[]).includes(table)) return refuse(reply, 'NOT_FOUND', 'No such table');
    const query = new URL(request.url, 'http://localhost').searchParams;
    let ctx;
    try {
      ctx = await contextOf(options.db, request, reply, options);
      const file = await csvDownload(table, query, createCaller(ctx).metrics);
      if (!file) return refuse(reply, 'NOT_FOUND', 'No such table');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.csv);
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      if (error.code === 'INTERNAL_SERVER_ERROR' && !isConnectionFailure(error.cause))
        request.log.error({ err: error.cause ?? error }, 'CSV download failed');
      return sendTrpcError(reply, error, { path: `metrics.${table}`, input: Object.fromEntries(query), ctx });
    }
  });
}
