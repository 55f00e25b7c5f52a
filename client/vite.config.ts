// The web app's build. In development Vite serves the client and forwards the API and CSV downloads
// to the server on port 3000; in production the server serves client/dist itself.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

const api = process.env.LPT_API_ORIGIN ?? 'http://localhost:3000';

/**
 * The entry (src/main.tsx) is small: it starts the dashboard's API calls, then imports the app
 * (src/app/start.tsx). Linking the app's chunks and the dashboard's, a page loaded on demand but the one
 * most visits open, from index.html (modulepreload) lets the browser download and compile them alongside
 * the entry instead of one after the other. Other pages just get the dashboard's into the cache.
 */
function preloadAppChunks(): Plugin {
  return {
    name: 'lpt:preload-app-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const entry = chunks.find((c) => c.isEntry);
        const roots = chunks.filter((c) => /\/src\/(app\/start|features\/dashboard\/DashboardPage)\.tsx$/.test(c.facadeModuleId ?? ''));
        if (!entry) return [];
        // Those chunks and what they import, less what Vite already links for the entry.
        const files = new Set<string>();
        const visit = (fileName: string) => {
          if (files.has(fileName) || fileName === entry.fileName || entry.imports.includes(fileName)) return;
          files.add(fileName);
          for (const imported of chunks.find((c) => c.fileName === fileName)?.imports ?? []) visit(imported);
        };
        for (const root of roots) visit(root.fileName);
        const link = (rel: string, file: string): HtmlTagDescriptor => ({ tag: 'link', attrs: { rel, crossorigin: true, href: `/${file}` }, injectTo: 'head' });
        // The dashboard's stylesheet as well: Vite would otherwise hold the page's code back until it
        // has fetched it. (After a first visit of the dashboard it is on every page anyway.)
        const styles = roots.flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]);
        return [...styles.map((file) => link('stylesheet', file)), ...[...files].map((file) => link('modulepreload', file))];
      },
    },
  };
}

const textFile = /\.(html|js|mjs|css|svg|json|txt|xml|map|webmanifest)$/;

/**
 * Brotli (quality 11) and gzip (level 9) copies beside every text file of the build, written once here so
 * that the server sends them as they are (@fastify/static's preCompressed) instead of compressing each
 * answer. A copy that would not be smaller is not written.
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: 'lpt:precompress',
    apply: 'build',
    async writeBundle({ dir }) {
      if (!dir) return;
      const names = (await readdir(dir, { recursive: true })).filter((name) => textFile.test(name));
      for (const file of names.map((name) => path.join(dir, name))) {
        const content = await readFile(file);
        const [br, gzipped] = await Promise.all([
          brotli(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
          gz(content, { level: 9 }),
        ]);
        if (br.length < content.length) await writeFile(`${file}.br`, br);
        if (gzipped.length < content.length) await writeFile(`${file}.gz`, gzipped);
      }
    },
  };
}

/**
 * Two builds from one config. The web app (client/dist), and with `--ssr` the server's renderer of the
 * public pages (client/dist-ssr/entry-server.js, loaded by server/src/http/page-render.ts): the same
 * components, with Recharts 2 in place of Recharts 3, which draws a chart only after effects, which a
 * server does not run (features/dashboard/components/ChartFrame.tsx). Its packages stay imports,
 * resolved from client/node_modules at run time.
 */
export default defineConfig(({ isSsrBuild }) => ({
  root: import.meta.dirname,
  plugins: isSsrBuild ? [react()] : [react(), preloadAppChunks(), precompress()],
  resolve: isSsrBuild ? { alias: [{ find: /^recharts$/, replacement: 'recharts-ssr' }] } : {},
  server: {
    proxy: { '/trpc': api, '/csv': api, '/healthz': api },
  },
  build: isSsrBuild
    ? {
        ssr: 'src/entry-server.tsx',
        outDir: 'dist-ssr',
        emptyOutDir: true,
        sourcemap: false,
        copyPublicDir: false,
        // One file: a page loaded on demand in the browser (React.lazy) is at hand at once on the server,
        // where entry-server.tsx renders again only when a render asked for data.
        rollupOptions: { output: { codeSplitting: false } },
      }
    : {
        outDir: 'dist',
        emptyOutDir: true,
        sourcemap: false,
        // The message catalogues (src/locales, imported with ?url) stay files: inlined as data: URLs, the
        // Content-Security-Policy (connect-src 'self') would refuse to fetch them.
        assetsInlineLimit: (file: string) => (file.endsWith('.json') ? false : undefined),
        // The dashboard's own budget is checked in the e2e run; this only flags a runaway chunk.
        chunkSizeWarningLimit: 600,
      },
}));
