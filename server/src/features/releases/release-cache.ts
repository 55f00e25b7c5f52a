// Public and donors' answers (the metrics procedures, the downloads) are computed once per release,
// audience, filter, language and format, and kept in memory, per server instance, in a bounded LRU.
// The key starts with the newest release's id (release-cache.queries.ts), read at every request: a new
// release has a new id, so a stale answer is never served and several instances need no coordination.
// Coordinators read live figures: their calls never come here (viewerOf(user) is null for them).
// The same key, hashed, is the answer's ETag (http/release-etag.ts), so a reader's If-None-Match
// gets a 304 until the next release.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Database } from '@lpt/db/connect';
import type { Viewer } from '@lpt/shared/enums';
import { releaseState } from './release-cache.queries.ts';

/** What every cached answer depends on: the newest release (and the cycles' statuses). */
export interface ReleaseStamp {
  /** The newest release's id, or null before the first release. */
  releaseId: number | null;
  /** The release's id and time with the cycles' statuses, as one string. */
  key: string;
}

/** One answer: of which release, for whom, what (procedure or file), with which filters, language and format. */
export interface AnswerKey {
  stamp: ReleaseStamp;
  audience: Viewer;
  /** The procedure's path (`metrics.summary`) or the file's (`/csv/summary.csv`). */
  what: string;
  /** The filters: the parsed input or the query string, as one string. */
  params: string;
  /** The answer's language, for those that have one (the people's files, pages). */
  language?: string | undefined;
  /** `data` for the machine-readable CSV, `html` for a page: whatever else makes two answers differ. */
  format?: string | undefined;
}

/** The cache key: every part of AnswerKey, none left out (tests/unit/release-cache.test.ts). */
export function answerCacheKey(k: AnswerKey): string {
  return JSON.stringify([k.stamp.key, k.audience, k.what, k.params, k.language ?? '', k.format ?? '']);
}

/** A weak ETag (the body may be compressed on the way) that names the release and hashes the rest of the key. */
export function answerETag(k: AnswerKey): string {
  const digest = createHash('sha256').update(answerCacheKey(k)).digest('base64url').slice(0, 22);
  return `W/"r${k.stamp.releaseId ?? 0}-${digest}"`;
}

/** The bound on what the cached answers may hold, per instance (about their JSON or file size, and their keys). */
export const ANSWER_CACHE_BYTES = 64 * 1024 * 1024;

interface Entry {
  value: unknown;
  size: number;
}

interface InstanceCache {
  answers: LRUCache<string, Entry>;
  /** Answers being computed, so that a burst of identical first calls computes once. */
  inFlight: Map<string, Promise<unknown>>;
}

// One cache per database handle: one per server instance (and tests' databases never meet).
const caches = new WeakMap<Database, InstanceCache>();
function cacheOf(db: Database): InstanceCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = {
      // The key counts too: it holds the caller's input as sent.
      answers: new LRUCache<string, Entry>({ maxSize: ANSWER_CACHE_BYTES, sizeCalculation: (entry, key) => Math.max(1, entry.size) + key.length }),
      inFlight: new Map(),
    };
    caches.set(db, cache);
  }
  return cache;
}

// The stamp is read once per request (the request's tRPC context), so that an answer and its ETag are
// of the same release even when one is published meanwhile.
const stamps = new WeakMap<object, Promise<ReleaseStamp>>();

/** The release stamp of a request, read from the database at its first use. */
export function releaseStampOf(ctx: { db: Database }): Promise<ReleaseStamp> {
  let stamp = stamps.get(ctx);
  if (!stamp) {
    stamp = releaseState(ctx.db).then((s) => ({
      releaseId: s.releaseId,
      key: `${s.releaseId ?? 0}@${s.publishedAt ?? ''}|${s.cycles}`,
    }));
    // A failed read is not remembered: the error goes to this caller, the next one tries again.
    stamp.catch(() => stamps.delete(ctx));
    stamps.set(ctx, stamp);
  }
  return stamp;
}

const jsonSize = (value: unknown) => JSON.stringify(value)?.length ?? 1;

/**
 * The answer for this key, computed at most once per release on this instance. Only answers are kept,
 * never errors (a refusal or a failure is recomputed the next time). The value is shared between
 * callers: none may change it.
 */
export async function cachedByRelease<T>(
  ctx: { db: Database },
  key: Omit<AnswerKey, 'stamp'>,
  compute: () => Promise<T>,
  sizeOf: (value: T) => number = jsonSize,
): Promise<T> {
  const cacheKey = answerCacheKey({ ...key, stamp: await releaseStampOf(ctx) });
  const cache = cacheOf(ctx.db);
  const hit = cache.answers.get(cacheKey);
  if (hit) return hit.value as T;
  const pending = cache.inFlight.get(cacheKey);
  if (pending) return pending as Promise<T>;
  const computing = compute()
    .then((value) => {
      cache.answers.set(cacheKey, { value, size: sizeOf(value) });
      return value;
    })
    .finally(() => cache.inFlight.delete(cacheKey));
  cache.inFlight.set(cacheKey, computing);
  return computing;
}

const issuedKey = (etag: string) => `issued ${etag}`;

/** Notes that this instance answered with this ETag: a later If-None-Match with it may be answered 304 at once. */
export function rememberIssued(db: Database, etag: string) {
  cacheOf(db).answers.set(issuedKey(etag), { value: true, size: etag.length });
}

/** Whether this instance answered with this ETag, for this release (the ETag names it). */
export function wasIssued(db: Database, etag: string): boolean {
  return cacheOf(db).answers.has(issuedKey(etag));
}

/** Forgets every answer kept for this database (the benchmark captures the statements of a first call). */
export function forgetAnswers(db: Database) {
  caches.delete(db);
}
