// The docs are split by reader (README.md, docs/, bench/README.md) and point at each other and at the code.
// This test reads every Markdown file of the repository and fails on a relative link to a file that does
// not exist, or to a heading (#anchor) that a Markdown file does not have; and it keeps the README short
// enough that the two commands stay on its first screens.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
/** Folders that are not the repository's own text: installed packages, builds, the embedded database. */
const skipped = new Set(['node_modules', 'dist', 'data', 'coverage']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (skipped.has(name) || name.startsWith('.')) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

/** The text a reader sees as prose: fenced code blocks and inline code spans hold examples, not links. */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
  });
}

/** The anchors of a file's headings, as GitHub makes them: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]!
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Each relative link target of a Markdown text: inline links and images `[..](target)`, and `[x]: target`. */
function relativeLinks(markdown: string): string[] {
  const targets = prose(markdown).flatMap((line) => [
    ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...line.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]!),
  ]);
  // A scheme (https:, mailto:) or a protocol-relative address is not a file of this repository.
  return targets.filter((target) => !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(target));
}

/** The links of `file` (its text `markdown`) that lead nowhere, each with the reason. */
function brokenLinks(file: string, markdown: string, read: (file: string) => string | null): string[] {
  return relativeLinks(markdown).flatMap((target) => {
    const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(pathPart));
    const text = pathPart === '' ? markdown : read(resolved);
    if (text === null) return [`${target}: no such file`];
    if (anchor && resolved.endsWith('.md') && !headingAnchors(text).has(anchor.toLowerCase()))
      return [`${target}: no heading #${anchor}`];
    return [];
  });
}

/** A file's text; '' for a folder (a link to a folder is fine); null when there is nothing there. */
function readTarget(file: string): string | null {
  if (!existsSync(file)) return null;
  return statSync(file).isDirectory() ? '' : readFileSync(file, 'utf8');
}

const files = markdownFiles(repoRoot);
const relative = (file: string) => path.relative(repoRoot, file);

describe('the docs’ links', () => {
  it('reads the README, docs/ and bench/README.md', () => {
    const names = files.map(relative);
    for (const doc of ['README.md', 'docs/architecture.md', 'docs/operations.md', 'docs/api.md',
      'docs/security.md', 'docs/disclosure.md', 'bench/README.md'])
      expect(names).toContain(doc);
    expect(files.flatMap((file) => relativeLinks(readFileSync(file, 'utf8'))).length).toBeGreaterThan(20);
  });

  it('has every relative link lead to a file that exists, and every #anchor to a heading', () => {
    const broken = files.flatMap((file) =>
      brokenLinks(file, readFileSync(file, 'utf8'), readTarget).map((problem) => `${relative(file)}: ${problem}`),
    );
    expect(broken).toEqual([]);
  });

  it('finds a missing file, a missing heading and a missing heading in the same file', () => {
    const docs = path.join(repoRoot, 'docs');
    const markdown = [
      '# Here',
      '[fine](api.md#downloads) [fine too](#here) [web](https://example.org/x.md) `[code](nope.md)`',
      '[gone](nope.md) [no heading](api.md#no-such-heading) [not here](#elsewhere)',
      '```',
      '[in a code block](nope-either.md)',
      '```',
    ].join('\n');
    expect(brokenLinks(path.join(docs, 'x.md'), markdown, readTarget)).toEqual([
      'nope.md: no such file',
      'api.md#no-such-heading: no heading #no-such-heading',
      '#elsewhere: no heading #elsewhere',
    ]);
  });

  it('makes anchors as GitHub does', () => {
    expect([...headingAnchors('# `pnpm bench`: performance, at scale\n## E-mail: mails\n## Twice\n## Twice')])
      .toEqual(['pnpm-bench-performance-at-scale', 'e-mail-mails', 'twice', 'twice-1']);
  });
});

describe('the README', () => {
  it('is under 15 KB, so that what a newcomer needs first is not buried', () => {
    expect(statSync(path.join(repoRoot, 'README.md')).size).toBeLessThan(15_000);
  });
});
