// ETags of the public's and donors' answers (tRPC GET queries, /csv, /xlsx; the server-rendered public
// pages may use the same): derived from the newest release and what the answer is (its audience, filters,
// language and format; features/releases/release-cache.ts), so that a reader's If-None-Match gets a
// 304 without a body until the next release. Coordinators' live answers get none: they stay no-store.
//
// For a page, from a route that has the request's context (`ctx`) and knows the audience:
//   const etag = await releaseETagOf(ctx, { audience, what: '/annual-report', params: search, language: lng, format: 'html' });
//   if (tagByRelease(request, reply, etag, audience)) return notModified(reply);
//   …render, send (the ETag and cache policy are already on the reply).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '@lpt/db/connect';
import type { Viewer } from '@lpt/shared/enums';
import { answerETag, releaseStampOf, type AnswerKey } from '../features/releases/release-cache.ts';

/** The ETag of an answer of the request's release (read once per request, with the answer's own). */
export async function releaseETagOf(ctx: { db: Database }, key: Omit<AnswerKey, 'stamp'>): Promise<string> {
  return answerETag({ ...key, stamp: await releaseStampOf(ctx) });
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 says for GET; `*` is any). */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return (Array.isArray(header) ? header.join(',') : header).split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}

/**
 * The headers of an answer kept per release: its ETag, and a policy that lets a browser (and, for the
 * public's, a shared cache) keep it but ask again each time; the answer differs by session, so Vary.
 */
export function releaseCacheHeaders(etag: string, audience: Viewer): Record<string, string> {
  return {
    etag,
    'cache-control': audience === 'public' ? 'no-cache' : 'private, no-cache',
    vary: 'Cookie, Authorization',
  };
}

/** Puts the ETag and cache policy on the reply; true when the reader already has this answer (send notModified). */
export function tagByRelease(request: FastifyRequest, reply: FastifyReply, etag: string, audience: Viewer): boolean {
  reply.headers(releaseCacheHeaders(etag, audience));
  return matchesIfNoneMatch(request.headers['if-none-match'], etag);
}

/** 304 Not Modified: no body, the headers already set (ETag, Cache-Control, Vary) stay. */
export function notModified(reply: FastifyReply) {
  return reply.code(304).send();
}
