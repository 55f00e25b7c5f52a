// The server's architecture, read from its imports (as structure.test.ts does for the web app).
//
// Inside a feature (server/src/features/<feature>/): routers → services → queries. A router (*.router.ts)
// calls services, never queries; a query module (*.queries.ts) calls no service or router; a service calls
// no router. Other modules of a feature (access.ts, mail.ts, disclosure/…) are the service's helpers.
//
// Between features, a feature reads only the features `reads` below lists for it, and the list has no
// cycle, so every dependency points one way, from the use to the fact:
//   imports → reports → cycles → releases → figures;  metrics → releases, figures (never the other way:
//   releases plan from the live figures, metrics read what releases stored);  users → organizations → auth;
//   auth, cycles, reports, users → outbox (they queue mails, users its invitations; the outbox calls none of them);  audit, outbox and
//   figures read no feature;  downloads reads none either (the HTTP edge hands it the metrics procedures),
//   and nothing reads downloads.
// The edges of the server (main.ts, router.ts, context.ts, http/, mail/, cli/) wire the features and may
// read any of them; no feature reads an edge. And no two modules import each other, even through others.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** What each feature may read: adding a dependency between features is a decision, made here. */
const reads: Record<string, readonly string[]> = {
  audit: [],
  outbox: [],
  figures: [],
  downloads: [],
  rates: ['audit'],
  auth: ['audit', 'outbox'],
  organizations: ['audit', 'auth'],
  users: ['audit', 'auth', 'organizations', 'outbox'],
  releases: ['audit', 'auth', 'figures'],
  metrics: ['auth', 'figures', 'releases'],
  cycles: ['audit', 'outbox', 'releases'],
  reports: ['audit', 'auth', 'cycles', 'outbox', 'rates', 'releases'],
  imports: ['audit', 'reports'],
};

const serverSrc = path.resolve(import.meta.dirname, '../../server/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.ts') ? [full] : [];
  });
}

type Edge = readonly [from: string, to: string];

/** Each relative import of the server (static, dynamic, re-export, worker URL), both ends relative to server/src. */
const serverImports: Edge[] = files(serverSrc).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+|new URL\(\s*)'(\.[^']+)'/g)].map((m) => {
    // A worker is started from its built .js name; the module is the .ts beside it.
    const target = path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, '.ts');
    return [path.relative(serverSrc, file), path.relative(serverSrc, target)] as const;
  }),
);

const featureOf = (file: string) => (file.startsWith('features/') ? file.split('/')[1]! : null);
const layerOf = (file: string) => /\.(router|service|queries)\.ts$/.exec(file)?.[1] ?? null;
const isEdge = (file: string) => /^(main|router|context)\.ts$|^(http|mail|cli)\//.test(file);

/** The groups of modules that import each other, directly or through others (strongly connected, more than one). */
export function cyclesIn(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const v of new Set(edges.flat())) if (!index.has(v)) visit(v);
  return cycles;
}

/** Imports that skip or reverse a feature's layers: a router reading queries, queries or a service reading a router or service above. */
export function acrossLayers(edges: readonly Edge[]): Edge[] {
  return edges.filter(([from, to]) => {
    const [a, b] = [layerOf(from), layerOf(to)];
    return (a === 'router' && b === 'queries') || (a === 'queries' && (b === 'service' || b === 'router')) || (a === 'service' && b === 'router');
  });
}

/** Imports from one feature into another that `allowed` does not list, and imports of an edge from a feature. */
export function againstDirection(edges: readonly Edge[], allowed: Record<string, readonly string[]>): Edge[] {
  return edges.filter(([from, to]) => {
    const [a, b] = [featureOf(from), featureOf(to)];
    if (a === null) return false;
    if (isEdge(to)) return true;
    return b !== null && b !== a && !(allowed[a] ?? []).includes(b);
  });
}

describe('the server’s structure', () => {
  it('reads the imports, every one of them to a module that exists', () => {
    expect(serverImports.length).toBeGreaterThan(150);
    const missing = serverImports.filter(([, to]) => !existsSync(path.join(serverSrc, to)));
    expect(missing).toEqual([]);
  });

  it('has no two modules importing each other, directly or through others', () => {
    expect(cyclesIn(serverImports)).toEqual([]);
  });

  it('goes routers → services → queries inside each feature', () => {
    expect(acrossLayers(serverImports)).toEqual([]);
  });

  it('has every feature read only the features its line in `reads` lists, and no feature read an edge', () => {
    expect(againstDirection(serverImports, reads)).toEqual([]);
  });

  it('states a direction: `reads` names every feature, only features, and has no cycle', () => {
    const features = readdirSync(path.join(serverSrc, 'features')).sort();
    expect(Object.keys(reads).sort()).toEqual(features);
    for (const list of Object.values(reads)) for (const feature of list) expect(features).toContain(feature);
    const dependencies = Object.entries(reads).flatMap(([feature, list]) => list.map((other) => [feature, other] as const));
    expect(cyclesIn(dependencies)).toEqual([]);
  });
});

// The checks themselves, on made-up imports: each one fails on what it is there to catch.
describe('the structure checks', () => {
  it('find modules that import each other, directly or around a loop', () => {
    expect(cyclesIn([['a.ts', 'b.ts'], ['b.ts', 'a.ts']])).toEqual([['a.ts', 'b.ts']]);
    expect(cyclesIn([['a.ts', 'b.ts'], ['b.ts', 'c.ts'], ['c.ts', 'a.ts'], ['c.ts', 'd.ts']])).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(cyclesIn([['a.ts', 'b.ts'], ['a.ts', 'c.ts'], ['b.ts', 'c.ts']])).toEqual([]);
  });

  it('find a router reading queries, and queries reading a service', () => {
    const router: Edge = ['features/audit/audit.router.ts', 'features/audit/audit.queries.ts'];
    const queries: Edge = ['features/metrics/metrics.queries.ts', 'features/releases/releases.service.ts'];
    const fine: Edge = ['features/audit/audit.router.ts', 'features/audit/audit.service.ts'];
    expect(acrossLayers([router, queries, fine])).toEqual([router, queries]);
  });

  it('find a feature reading another against the direction, or an edge', () => {
    const backwards: Edge = ['features/releases/releases.service.ts', 'features/metrics/metrics.service.ts'];
    const edge: Edge = ['features/outbox/outbox.service.ts', 'http/app.ts'];
    const forwards: Edge = ['features/metrics/metrics.service.ts', 'features/releases/releases.queries.ts'];
    expect(againstDirection([backwards, edge, forwards], reads)).toEqual([backwards, edge]);
  });
});
