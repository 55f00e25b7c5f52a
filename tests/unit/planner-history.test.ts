// History compaction (issue 16): a year's earlier releases enter the planner's audit once per distinct
// equation, change and interval target, not once per release, so the tenth release of a year costs about
// what its second does. Counted in linear programs (HiGHS ranges) and time, which before grew with every
// release (a year of 150 organisations: 1.1 s for release 1, 48–62 s for release 14).
import { describe, expect, it } from 'vitest';
import { planRelease } from '@lpt/server/features/releases/disclosure/planner';
import type { Contributor, State } from '@lpt/server/features/releases/disclosure/table';

const dims = { rows: ['africa', 'asia', 'europe'], cols: ['un_agency', 'local_ngo', 'national_ngo', 'international_ngo', 'other'] };

/** A deterministic year: up to 104 organisations, amounts spread without dominance, 40 % `aggregate_only`. */
function organisations(): Contributor[] {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: 104 }, (_, i) => ({
    id: i + 1,
    row: dims.rows[i % 3]!,
    col: dims.cols[Math.floor(i / 3) % 5]!,
    known: next() < 0.5,
    protectedIndividually: next() < 0.4,
    hasShare: true,
    money: [BigInt(Math.round(1e6 * (1 + next() * 4))), BigInt(Math.round(2e5 * (1 + next() * 4)))],
    fingerprint: 'v1',
  }));
}

describe('a year of ten releases', () => {
  it('plans its tenth release with no more work than its second: each release adds what changed, not the whole table again', async () => {
    const everyone = organisations();
    const previous: State[] = [];
    let current = everyone.slice(0, 40);
    const work: { lps: number; ms: number }[] = [];
    for (let step = 0; previous.length < 10 && step < 32; step++) {
      const t0 = performance.now();
      const plan = await planRelease({ dims, previous, current, moneyFigures: 2 });
      // A release the audit cannot make safe is not published (it waits for more reports): not history.
      if (!plan.audit.failures.length) {
        work.push({ lps: plan.audit.linearPrograms, ms: performance.now() - t0 });
        previous.push({ contributors: current, withheld: new Set(plan.withheld.keys()) });
      }
      // Late approvals, and a corrected report, before the next release.
      current = [...current, ...everyone.slice(40 + step * 2, 42 + step * 2)].map((c) =>
        c.id === step + 1 ? { ...c, fingerprint: `v${step + 2}`, money: c.money.map((m) => m + 5000n) } : c,
      );
    }
    expect(previous).toHaveLength(10);
    console.log(work.map((w, i) => `release ${i + 1}: ${w.lps} LPs, ${Math.round(w.ms)} ms`).join('\n'));
    // Before, each release asked again every earlier release's questions: release 10 solved 11× the linear
    // programs of release 1 (1,744 against 160). Now what grows is only what the approvals and the correction
    // added. Against the second release: the first has no history, and the optimal planner (optimal.ts) asks
    // it fewer questions when nothing fails with the primary suppressions alone.
    expect(work[9]!.lps).toBeLessThan(3 * work[1]!.lps);
  }, 300_000);
});
