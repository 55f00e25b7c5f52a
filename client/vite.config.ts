// The web app's build. In development Vite serves the client and forwards the API and CSV downloads
// to the server on port 3000; in production the server serves client/dist itself.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.LPT_API_ORIGIN ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: {
    proxy: { '/trpc': api, '/csv': api, '/healthz': api },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The dashboard's own budget is checked in the e2e run; this only flags a runaway chunk.
    chunkSizeWarningLimit: 600,
  },
});
