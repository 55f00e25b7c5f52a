// A small seeded pseudo-random generator (mulberry32) so that seed data is the same on every run and
// every machine; Math.random is never used for seed data.

export type Random = ReturnType<typeof createRandom>;

/** mulberry32: 32-bit state, good enough spread for test data, and tiny. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRandom(seed: number) {
  const next = mulberry32(seed);
  const random = {
    /** A float in [0, 1). */
    next,
    /** A float in [min, max). */
    between: (min: number, max: number) => min + (max - min) * next(),
    /** An integer in [min, max], both included. */
    int: (min: number, max: number) => min + Math.floor((max - min + 1) * next()),
    /** True with the given probability. */
    chance: (p: number) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    /** Picks by weight: [item, weight] pairs. */
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    /** A log-uniform value in [min, max): spreads sizes over orders of magnitude. */
    logBetween: (min: number, max: number) => Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * next()),
    /** Up to n distinct items, in their original order. */
    subset<T>(items: readonly T[], n: number): T[] {
      const chosen = new Set<number>();
      const want = Math.min(n, items.length);
      while (chosen.size < want) chosen.add(Math.floor(next() * items.length));
      return items.filter((_, i) => chosen.has(i));
    },
  };
  return random;
}
