// What a release is planned from, read back from releases stored before the count sums were kept
// (server/src/features/releases/releases.service.ts contributorsFor): a missing value is taken from the
// same organisation's unchanged report, or the release is reported as unknown — never read as 0.
import { describe, expect, it } from 'vitest';
import { contributorsFor, type BasisRow } from '@lpt/server/features/releases/releases.service';

const row = (id: number, fingerprint: string, sums?: Record<string, string>): BasisRow => ({
  id,
  name: `Organisation ${id}`,
  region: 'africa',
  type: 'national_ngo',
  disclosure: 'aggregate_only',
  hasShare: true,
  money: ['100000', '25000', '10000', '5000', '10000', '0', '0', '0'],
  ...(sums ? { sums } : {}),
  fingerprint,
});

describe('a release basis stored before the count sums were kept', () => {
  const current = new Map([
    [1, row(1, 'v2|1', { 'collaboration.localPartners': '12' })],
    [2, row(2, 'v1|1', { 'collaboration.localPartners': '7' })],
  ]);

  it('takes an unchanged organisation’s counts from its current report (same version, same counts)', () => {
    const earlier = [row(2, 'v1|1')];
    expect(contributorsFor(earlier, 'public', ['collaboration.localPartners'], current)?.map((c) => c.money)).toEqual([[7n]]);
  });

  it('says the counts are unknown when the organisation’s report changed since, rather than reading 0', () => {
    const earlier = [row(1, 'v1|1'), row(2, 'v1|1')];
    expect(contributorsFor(earlier, 'public', ['collaboration.localPartners'], current)).toBeNull();
    // Its money was stored then, and is read as stored.
    expect(contributorsFor(earlier, 'public', ['funding.inScopeExpenditureUsd'], current)?.map((c) => c.money)).toEqual([[100000n], [100000n]]);
  });
});
