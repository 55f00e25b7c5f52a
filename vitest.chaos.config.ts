// `pnpm test:chaos`: the load and fault tests (tests/chaos). Each file starts its own PostgreSQL servers
// and real server processes, restarts and kills them; the files run one at a time so that their timings
// (recovery within 5 s) are not measured on a machine busy with another file.
import { defineConfig } from 'vitest/config';
// Must come first: vitest 5's main process needs these on Node 20.
import './tests/setup/node20-polyfills.ts';

export default defineConfig({
  test: {
    name: 'chaos',
    include: ['tests/chaos/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
  },
});
