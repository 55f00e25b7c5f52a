// One home for each enum (issue 18): every list of values the API, the database and the forms agree on is
// declared once, in shared/src/enums.ts, and everything else derives from it (`Disclosure`,
// `(typeof outboxKinds)[number]`, `z.enum(outboxKinds)`). This test reads the code's syntax trees and fails
// where a union of string literals (`'public' | 'aggregate_only'`) or an array of them (`['csv', 'xlsx']`)
// holds exactly the values of a shared enum: a copy, which would drift when the enum gains a value.
// The database's CHECK constraints are held to the same lists by tests/integration/enum-checks.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseSync, Visitor } from 'vite';
import { describe, expect, it } from 'vitest';
import * as enums from '@lpt/shared/enums';

const repo = path.resolve(import.meta.dirname, '../..');
const home = path.join(repo, 'shared/src/enums.ts');
const roots = ['server/src', 'db/src', 'client/src', 'shared/src'].map((r) => path.join(repo, r));

/** The shared enums: every exported list of strings, by the set of its values. */
const sharedLists = new Map<string, string>();
for (const [name, value] of Object.entries(enums))
  if (Array.isArray(value) && value.length > 1 && value.every((v) => typeof v === 'string'))
    sharedLists.set(setKey(value as string[]), name);

/**
 * Lists that hold an enum's values in an order of their own, on purpose: file → the enum it orders, and why.
 * Adding a value to the enum must be thought through there anyway.
 */
const orderings: Record<string, string> = {
  // planningOrder: the donors' plan first, the public's starts from the cells it withholds.
  'server/src/features/releases/releases.service.ts': 'viewers',
};

function setKey(values: readonly string[]) {
  return [...new Set(values)].sort().join('\u0000');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

type Node = { type: string; start: number; value?: unknown; literal?: Node };

/** Each union of string literal types and each array literal of strings with two values or more. */
function literalLists(file: string): { line: number; values: string[] }[] {
  const text = readFileSync(file, 'utf8');
  // Vite's parser (oxc): TypeScript 7's package has no compiler API to read a syntax tree with.
  const { program, errors } = parseSync(file, text);
  if (errors.length) throw new Error(`${file}: ${errors[0]!.message}`);
  const found: { line: number; values: string[] }[] = [];
  const stringOf = (node: Node | null) => {
    const literal = node?.type === 'TSLiteralType' ? node.literal : node;
    return literal?.type === 'Literal' && typeof literal.value === 'string' ? literal.value : null;
  };
  const add = (at: number, members: (Node | null)[]) => {
    const values = members.map(stringOf);
    if (values.length > 1 && values.every((v) => v !== null))
      found.push({ line: text.slice(0, at).split('\n').length, values: values as string[] });
  };
  new Visitor({
    // `| null` is the column's nullability, not one of its values.
    TSUnionType: (node) => add(node.start, (node.types as Node[]).filter((t) => t.type !== 'TSNullKeyword')),
    ArrayExpression: (node) => add(node.start, node.elements as (Node | null)[]),
  }).visit(program);
  return found;
}

describe('the shared enums', () => {
  it('are read from shared/src/enums.ts', () => {
    expect([...sharedLists.values()]).toEqual(
      expect.arrayContaining(['disclosures', 'outboxKinds', 'reminderStages', 'auditEntities', 'loginAttemptKinds', 'fileFormats']),
    );
  });

  it('finds the literal lists of a file', () => {
    // The check itself: a hand-written copy in this very test is seen (and is why the test skips tests/).
    const lists = literalLists(path.join(import.meta.dirname, 'enums.test.ts')).filter((l) => sharedLists.has(setKey(l.values)));
    expect(lists.map((l) => l.values)).toContainEqual(['public', 'aggregate_only']);
  });

  it('are not written again by hand in server/, db/src, client/src or shared/src', () => {
    const copies = roots
      .flatMap(sourceFiles)
      .filter((file) => file !== home)
      .flatMap((file) =>
        literalLists(file)
          .filter((l) => sharedLists.has(setKey(l.values)))
          .filter((l) => orderings[path.relative(repo, file)] !== sharedLists.get(setKey(l.values)))
          .map((l) => `${path.relative(repo, file)}:${l.line} is enums.${sharedLists.get(setKey(l.values))}`),
      );
    expect(copies).toEqual([]);
  });
});

// Seen by 'finds the literal lists of a file' above.
export type HandWrittenOnPurpose = 'public' | 'aggregate_only';
