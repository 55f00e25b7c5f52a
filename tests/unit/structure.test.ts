// The web app's folders are its architecture (docs/architecture.md, "What may import what"): app/ is the
// shell and may import anything; a feature imports ui/, lib/, i18n/ and shared code, never app/ nor another
// feature; ui/ and lib/ import no feature. This test reads the imports, so a shortcut across the layers fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const clientSrc = path.resolve(import.meta.dirname, '../../client/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Each relative import of the web app, as [importing file, imported file], both relative to client/src. */
const imports = files(clientSrc).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/from\s+'(\.[^']+)'|import\s+'(\.[^']+)'/g)].map((m) => [
    path.relative(clientSrc, file),
    path.relative(clientSrc, path.resolve(path.dirname(file), m[1] ?? m[2]!)),
  ]),
);

const featureOf = (file: string) => (file.startsWith('features/') ? file.split('/')[1] : null);

describe('the web app’s layers', () => {
  it('reads the imports', () => {
    expect(imports.length).toBeGreaterThan(100);
  });

  it('has no feature importing the shell or another feature', () => {
    const crossing = imports.filter(([from, to]) => {
      const feature = featureOf(from!);
      if (!feature) return false;
      return to!.startsWith('app/') || (featureOf(to!) !== null && featureOf(to!) !== feature);
    });
    expect(crossing).toEqual([]);
  });

  it('keeps ui/ and lib/ free of features and of the shell', () => {
    const crossing = imports.filter(
      ([from, to]) => /^(ui|lib)\//.test(from!) && (to!.startsWith('features/') || to!.startsWith('app/')),
    );
    expect(crossing).toEqual([]);
  });
});
