// The browser tests run against the built web app, as production serves it. It is built once with
// Vite's programmatic build() when client/dist is missing or older than any of its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const clientRoot = path.join(repoRoot, 'client');
export const clientDist = path.join(clientRoot, 'dist');

const sources = [
  path.join(clientRoot, 'src'),
  path.join(clientRoot, 'index.html'),
  path.join(clientRoot, 'vite.config.ts'),
  path.join(clientRoot, 'package.json'),
  path.join(repoRoot, 'shared', 'src'),
];

function newestChange(file: string): number {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}

export function isClientBuildStale(): boolean {
  const built = path.join(clientDist, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => newestChange(source) > builtAt);
}

let building: Promise<void> | undefined;

export function ensureClientBuilt(): Promise<void> {
  building ??= (async () => {
    if (!isClientBuildStale()) return;
    const { build } = await import('vite');
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    // Built aside and swapped in, so a server of another test run never serves a half-written folder.
    const aside = path.join(clientRoot, `.dist-build-${process.pid}`);
    try {
      await build({
        configFile: path.join(clientRoot, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'warn',
        build: { outDir: aside, emptyOutDir: true },
      });
      await rm(clientDist, { recursive: true, force: true });
      await rename(aside, clientDist);
    } finally {
      process.env.NODE_ENV = previous;
      await rm(aside, { recursive: true, force: true });
    }
  })();
  return building;
}
