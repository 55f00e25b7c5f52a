// `pnpm start`: runs the compiled server (server/dist/main.js) with plain Node. It builds first only when
// the build is missing or older than its sources (scripts/build-state.mjs), so a restart starts at once.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleBuildReason } from './build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reason = staleBuildReason(root);
if (reason) {
  console.log(`Building (${reason})…`);
  // The build needs the development dependencies (Vite, esbuild, tsx); running the build does not.
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// Stack traces in the log point at the TypeScript sources.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(root, 'server/dist/main.js')).href);
