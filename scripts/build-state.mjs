// Whether the build (server/dist and client/dist) is older than the sources it was made from. Plain
// JavaScript, so that `pnpm start` (scripts/start.mjs) can ask it with nothing but Node.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a build is made of, relative to the repository root. */
export const buildSources = [
  'server/src',
  'shared/src',
  'db/src',
  'db/migrations',
  'db/seed',
  'client/src',
  'client/index.html',
  'client/vite.config.ts',
  'scripts/build.ts',
  'package.json',
  'server/package.json',
  'shared/package.json',
  'db/package.json',
  'client/package.json',
  'pnpm-lock.yaml',
];

/** Written last by a complete build; its time is the build's. */
export const stampFile = 'server/dist/build.json';

/** The latest modification time of a file, or of anything in a folder. */
export function newestChange(file) {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}

/** The reason to build, or null when the build is there and newer than every source. */
export function staleBuildReason(root) {
  const stamp = statSync(path.join(root, stampFile), { throwIfNoEntry: false });
  if (!stamp || !existsSync(path.join(root, 'server/dist/main.js')) || !existsSync(path.join(root, 'client/dist/index.html')))
    return 'no build yet';
  const changed = buildSources.find((source) => newestChange(path.join(root, source)) > stamp.mtimeMs);
  return changed ? `${changed} changed since the last build` : null;
}

export function writeStamp(root) {
  writeFileSync(path.join(root, stampFile), `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
}
