// `pnpm start` builds only when the build is missing or older than a source (scripts/build-state.mjs):
// a restart after a build starts the compiled server at once.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBuildReason, writeStamp } from '../../scripts/build-state.mjs';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text = 'x') {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe('staleBuildReason', () => {
  it('asks for a build when there is none, none after one, and one again when a source changes', () => {
    root = mkdtempSync(path.join(tmpdir(), 'lpt-build-state-'));
    write('server/src/main.ts');
    write('shared/src/enums.ts');
    expect(staleBuildReason(root)).toBe('no build yet');
    write('server/dist/main.js');
    write('client/dist/index.html');
    // Sources a minute old, then the build.
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(root, 'server/src/main.ts'), past, past);
    utimesSync(path.join(root, 'shared/src/enums.ts'), past, past);
    for (const dir of ['server/src', 'shared/src']) utimesSync(path.join(root, dir), past, past);
    writeStamp(root);
    expect(staleBuildReason(root)).toBeNull();
    const later = new Date(Date.now() + 1000);
    utimesSync(path.join(root, 'shared/src/enums.ts'), later, later);
    expect(staleBuildReason(root)).toBe('shared/src changed since the last build');
  });

  it('asks for a build when part of it is missing', () => {
    root = mkdtempSync(path.join(tmpdir(), 'lpt-build-state-'));
    write('server/dist/main.js');
    writeStamp(root);
    expect(staleBuildReason(root)).toBe('no build yet');
  });
});
