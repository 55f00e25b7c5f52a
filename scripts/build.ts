// `pnpm build`: the web app (Vite; client/vite.config.ts adds brotli and gzip copies of every text file),
// its server renderer of the public pages (client/dist-ssr, loaded by server/src/http/page-render.ts)
// and the server, bundled by esbuild from server/src/main.ts into server/dist/main.js, runnable by plain
// Node (with its worker threads' entry points beside it: server/dist/import-worker.js). The workspace packages (@lpt/shared, @lpt/db: TypeScript sources) are bundled in; packages from
// node_modules stay imports, resolved from server/ (server/package.json lists each one the server needs at
// run time). A stamp written last marks a complete build (scripts/build-state.mjs).
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStamp } from './build-state.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the server into `outdir` (which must lie under server/, for its imports to resolve). */
export async function buildServer(outdir = path.join(repoRoot, 'server/dist')): Promise<void> {
  const { build } = await import('esbuild');
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: {
      main: path.join(repoRoot, 'server/src/main.ts'),
      // Started by main.js as a worker thread (import-reader.ts finds it beside itself).
      'import-worker': path.join(repoRoot, 'server/src/features/imports/import-worker.ts'),
      // The planner's worker thread (server/src/features/releases/disclosure/pool.ts loads it beside main.js).
      'planner-worker': path.join(repoRoot, 'server/src/features/releases/disclosure/worker.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'node-modules-stay-imports',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@lpt/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
}

/**
 * Builds the web app into client/dist and the server's renderer of its public pages into client/dist-ssr
 * (client/vite.config.ts), each aside first and swapped in, so a running server never sees half of one.
 */
export async function buildClient(): Promise<void> {
  const { build } = await import('vite');
  const clientRoot = path.join(repoRoot, 'client');
  const previous = process.env.NODE_ENV;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  process.env.NODE_ENV = 'production';
  const outputs = [
    { dir: 'dist', ssr: undefined },
    { dir: 'dist-ssr', ssr: 'src/entry-server.tsx' },
  ];
  try {
    for (const { dir, ssr } of outputs) {
      const aside = path.join(clientRoot, `.${dir}-build-${process.pid}`);
      try {
        await build({
          configFile: path.join(clientRoot, 'vite.config.ts'),
          mode: 'production',
          logLevel: 'warn',
          build: { outDir: aside, emptyOutDir: true, ...(ssr ? { ssr } : {}) },
        });
        // The embeddable chart's page, built on its own into the app's folder (client/vite.embed.config.ts).
        if (!ssr) await build({ configFile: path.join(clientRoot, 'vite.embed.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: aside } });
        await rm(path.join(clientRoot, dir), { recursive: true, force: true });
        await rename(aside, path.join(clientRoot, dir));
      } finally {
        await rm(aside, { recursive: true, force: true });
      }
    }
  } finally {
    process.env.NODE_ENV = previous;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildClient();
  await rm(path.join(repoRoot, 'server/dist'), { recursive: true, force: true });
  await buildServer();
  writeStamp(repoRoot);
  console.log(`Built client/dist, client/dist-ssr and server/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
