// The browser tests run against the built web app, as production serves it. It is built once with
// `pnpm build`'s buildClient() (Vite, with brotli and gzip copies, and the server's renderer in
// client/dist-ssr) when client/dist is missing or older
// than any of its sources.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestChange } from '../../../scripts/build-state.mjs';
import { buildClient } from '../../../scripts/build.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const clientRoot = path.join(repoRoot, 'client');
export const clientDist = path.join(clientRoot, 'dist');

const sources = [
  path.join(clientRoot, 'src'),
  path.join(clientRoot, 'index.html'),
  path.join(clientRoot, 'vite.config.ts'),
  path.join(clientRoot, 'embed.html'),
  path.join(clientRoot, 'vite.embed.config.ts'),
  path.join(clientRoot, 'package.json'),
  path.join(repoRoot, 'shared', 'src'),
];

/** The server's renderer of the public pages, built with the web app (scripts/build.ts). */
export const serverRendererEntry = path.join(clientRoot, 'dist-ssr', 'entry-server.js');

export function isClientBuildStale(): boolean {
  const built = path.join(clientDist, 'index.html');
  if (!existsSync(built) || !existsSync(serverRendererEntry)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => newestChange(source) > builtAt);
}

let building: Promise<void> | undefined;

export function ensureClientBuilt(): Promise<void> {
  building ??= (async () => {
    if (isClientBuildStale()) await buildClient();
  })();
  return building;
}
