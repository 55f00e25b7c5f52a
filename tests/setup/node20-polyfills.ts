// Vitest 5 targets Node 22 and its main process calls Map.groupBy (when printing failed tests),
// Object.groupBy (when saving snapshots) and Promise.withResolvers, which Node 20 lacks: without these
// a failing run crashes in the reporter ("Map.groupBy is not a function") instead of showing the failure.
// Imported by vitest.config.ts, so it runs in the main process before any of them is needed.
/* eslint-disable */

type Key = PropertyKey;

if (typeof (Map as any).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value<T, K>(items: Iterable<T>, callback: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let index = 0;
      for (const item of items) {
        const key = callback(item, index++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
  });
}

if (typeof (Object as any).groupBy !== 'function') {
  Object.defineProperty(Object, 'groupBy', {
    configurable: true,
    writable: true,
    value<T>(items: Iterable<T>, callback: (item: T, index: number) => Key): Record<Key, T[]> {
      const groups: Record<Key, T[]> = Object.create(null);
      let index = 0;
      for (const item of items) {
        const key = callback(item, index++);
        (groups[key] ??= []).push(item);
      }
      return groups;
    },
  });
}

if (typeof (Promise as any).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
