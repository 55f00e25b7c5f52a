// The whole suite: unit tests, the database-backed tests twice (PGlite and a real PostgreSQL server),
// and the browser tests. `pnpm test` runs every project; `pnpm test --project pglite` runs one.
import { defineConfig } from 'vitest/config';
// Must come first: vitest 5's main process needs these on Node 20.
import './tests/setup/node20-polyfills.ts';

const databaseTests = ['tests/integration/**/*.test.ts', 'tests/http/**/*.test.ts'];

export default defineConfig({
  test: {
    // 2 cores: more workers only make PGlite's WebAssembly start-up and the server fight for CPU.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'pglite', include: databaseTests, env: { TEST_DB: 'pglite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: databaseTests,
          env: { TEST_DB: 'postgres' },
          // Starts a throwaway PostgreSQL cluster (or uses TEST_DATABASE_URL / DATABASE_URL) and a migrated template.
          globalSetup: ['tests/setup/global-postgres.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          env: { TEST_DB: 'pglite' },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
