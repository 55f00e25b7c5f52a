// `pnpm bench:disclosure` (or `pnpm bench`'s part `disclosure`): the information-loss table and the planning
// times of issue 16 alone (bench/lib/disclosure.ts), on a throwaway PostgreSQL cluster or DATABASE_URL.
// Environment: BENCH_SIZES=1000,10000 (the synthetic sizes; the demo data always), BENCH_SEED, BENCH_RELEASES=10.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startBenchPostgres } from './lib/database.ts';
import { disclosureReport, measureDisclosure } from './lib/disclosure.ts';
import { ROOT } from './lib/server.ts';

const started = performance.now();
const log = (message: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const pgServer = await startBenchPostgres();
try {
  const result = await measureDisclosure(pgServer, sizes, Number(process.env.BENCH_SEED ?? 20261127), log, Number(process.env.BENCH_RELEASES ?? 10));
  const { markdown } = disclosureReport(result);
  const results = path.join(ROOT, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(path.join(results, 'disclosure.md'), `# Disclosure benchmark\n\n${new Date().toISOString()}\n\n${markdown}\n`);
  console.log(`\n${markdown}`);
} finally {
  await pgServer.stop();
}
