// The key of an answer kept per release (server/src/features/releases/release-cache.ts) and its ETag:
// every part of what an answer is (release, audience, procedure or file, filters, language, format) makes
// another key, so no reader is ever handed another's answer; and If-None-Match is read as RFC 9110 says.
import { describe, expect, it } from 'vitest';
import { answerCacheKey, answerETag, type AnswerKey } from '@lpt/server/features/releases/release-cache';
import { matchesIfNoneMatch } from '@lpt/server/http/release-etag';

const base: AnswerKey = {
  stamp: { releaseId: 7, key: '7@2026-03-01T00:00:00.000Z|2025:closed' },
  audience: 'public',
  what: 'metrics.summary',
  params: '{"year":2025}',
};

describe('the key of an answer kept per release', () => {
  const variants: [string, AnswerKey][] = [
    ['a new release', { ...base, stamp: { releaseId: 8, key: '8@2026-04-01T00:00:00.000Z|2025:closed' } }],
    ['the same release id in a database laid anew', { ...base, stamp: { releaseId: 7, key: '7@2026-05-01T00:00:00.000Z|2025:closed' } }],
    ['a cycle that opens or closes', { ...base, stamp: { ...base.stamp, key: '7@2026-03-01T00:00:00.000Z|2025:closed,2026:open' } }],
    ['a donor', { ...base, audience: 'donor' }],
    ['another procedure', { ...base, what: 'metrics.trend' }],
    ['another filter', { ...base, params: '{"year":2025,"region":"africa"}' }],
    ['a language', { ...base, language: 'fr' }],
    ['a format', { ...base, format: 'data' }],
  ];

  it.each(variants)('differs for %s, and so does the ETag', (_, variant) => {
    expect(answerCacheKey(variant)).not.toBe(answerCacheKey(base));
    expect(answerETag(variant)).not.toBe(answerETag(base));
  });

  it('keeps its parts apart (text moved from one part to the next is another key)', () => {
    expect(answerCacheKey({ ...base, what: 'metrics.summary|a', params: 'b' })).not.toBe(answerCacheKey({ ...base, what: 'metrics.summary', params: 'a|b' }));
  });

  it('is the same for the same answer, and its ETag is weak and names the release', () => {
    expect(answerCacheKey({ ...base })).toBe(answerCacheKey(base));
    expect(answerETag({ ...base })).toBe(answerETag(base));
    expect(answerETag(base)).toMatch(/^W\/"r7-[\w-]{22}"$/);
    expect(answerETag({ ...base, stamp: { releaseId: null, key: '0@|' } })).toMatch(/^W\/"r0-/);
  });
});

describe('If-None-Match', () => {
  const etag = 'W/"r7-abc"';
  it.each([
    ['the same tag', 'W/"r7-abc"', true],
    ['its strong form (weak comparison)', '"r7-abc"', true],
    ['one of a list', 'W/"r6-xyz", W/"r7-abc"', true],
    ['any', '*', true],
    ['another tag', 'W/"r6-abc"', false],
    ['nothing', undefined, false],
    ['an empty header', '', false],
  ] as const)('%s: %s', (_, header, matches) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(matches);
  });
});
