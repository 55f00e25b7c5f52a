// Errors of the API paths (/trpc, /csv, /xlsx, /import) refused before or beside tRPC (oversize and cross-site requests,
// wrong content types, unknown paths, CSV downloads): the same JSON as tRPC's own errors, built by tRPC
// with the router's error formatter, so that a client reads one format whatever refused its call.
import { getErrorShape, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyReply } from 'fastify';
import { appRouter } from '../router.ts';
import type { Context } from '../trpc.ts';

type ErrorCode = TRPCError['code'];

/** The JSON body of an API error, as tRPC writes it. */
export function errorBodyOf(error: TRPCError, call: { path?: string; input?: unknown; ctx?: Context } = {}) {
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: 'unknown',
    path: call.path,
    input: call.input,
    ctx: call.ctx,
  });
  return { error: shape };
}

export function sendTrpcError(
  reply: FastifyReply,
  error: TRPCError,
  call: { path?: string; input?: unknown; ctx?: Context } = {},
) {
  return reply
    .code(getHTTPStatusCodeFromError(error))
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(errorBodyOf(error, call));
}

export function refuse(reply: FastifyReply, code: ErrorCode, message: string) {
  return sendTrpcError(reply, new TRPCError({ code, message }));
}

/** Paths whose answers, errors included, are the API's JSON. */
export function isApiPath(pathname: string): boolean {
  return /^\/(trpc|csv|xlsx|import)(\/|$)/.test(pathname);
}

/** The path of a request URL, without its query string. */
export function pathnameOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}
