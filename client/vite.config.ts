// The web app's build. In development Vite serves the client and forwards the API and CSV downloads
// to the server on port 3000; in production the server serves client/dist itself.
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

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), preloadAppChunks()],
  server: {
    proxy: { '/trpc': api, '/csv': api, '/healthz': api },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The message catalogues (src/locales, imported with ?url) stay files: inlined as data: URLs, the
    // Content-Security-Policy (connect-src 'self') would refuse to fetch them.
    assetsInlineLimit: (file) => (file.endsWith('.json') ? false : undefined),
    // The dashboard's own budget is checked in the e2e run; this only flags a runaway chunk.
    chunkSizeWarningLimit: 600,
  },
});
