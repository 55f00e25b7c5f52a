// The embeddable chart's page (embed.html, served at /embed/<chart>) is built on its own, after the app
// and into the same folder (scripts/build.ts), with the app's settings: built together, the two entries
// would share chunks, splitting the app's modules differently and past the dashboard's budget. Only this
// build's own files get their brotli and gzip copies here (the app's precompress plugin walks the whole
// folder, which the app's build has done already).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { defineConfig, type Plugin, type PluginOption, type UserConfig } from 'vite';
import appConfig from './vite.config.ts';

// The app's settings for its browser build (vite.config.ts is a function of the build: browser or server).
const app: UserConfig = appConfig({ command: 'build', mode: 'production', isSsrBuild: false, isPreview: false });

function precompressOwnFiles(): Plugin {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: 'lpt:precompress-embed',
    apply: 'build',
    async writeBundle({ dir }, bundle) {
      if (!dir) return;
      for (const output of Object.values(bundle)) {
        if (!/\.(html|js|css|json)$/.test(output.fileName)) continue;
        const content = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        const [br, gzipped] = await Promise.all([brotli(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }), gz(content, { level: 9 })]);
        if (br.length < content.length) await writeFile(path.join(dir, `${output.fileName}.br`), br);
        if (gzipped.length < content.length) await writeFile(path.join(dir, `${output.fileName}.gz`), gzipped);
      }
    },
  };
}

const isPlugin = (p: PluginOption): p is Plugin => typeof p === 'object' && p !== null && 'name' in p;

export default defineConfig({
  ...app,
  plugins: [...(app.plugins ?? []).flat().filter((p) => !(isPlugin(p) && p.name === 'lpt:precompress')), precompressOwnFiles()],
  // One file: React, Recharts and the chart (about 210 KB compressed, most of it Recharts).
  build: { ...app.build, emptyOutDir: false, chunkSizeWarningLimit: 800, rolldownOptions: { input: path.join(import.meta.dirname, 'embed.html') } },
});
