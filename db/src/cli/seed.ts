// `pnpm db:seed`: migrates, then loads a data set.
//   pnpm db:seed [-- --demo] [--reset]                                   the demo data set (default)
//   pnpm db:seed -- --synthetic --organizations N --years Y [--seed S] [--reset]   a benchmark data set
// --reset empties every table first (TRUNCATE … RESTART IDENTITY CASCADE). Without it, seeding refuses to
// touch a database that already holds organisations.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { seedDemo, isDatabaseEmpty, demoAccounts, type SeedSummary } from '../../seed/demo.ts';
import { seedSynthetic, syntheticAccounts } from '../../seed/synthetic.ts';
import { connect, type Database } from '../connect.ts';
import { connectOptionsFrom, loadDbEnv } from '../env.ts';
import { migrateToLatest } from '../migrate.ts';

const USAGE = `Usage:
  pnpm db:seed [-- --demo] [--reset]
  pnpm db:seed -- --synthetic --organizations N --years Y [--seed S] [--reset]

  --demo             the demo data set: about 40 fictional signatories, 2022-2026 (default)
  --synthetic        a reproducible benchmark data set of N organisations x Y years of reports
  --organizations N  number of organisations (1-1000000), with --synthetic
  --years Y          number of reporting cycles, the last one open (1-85), with --synthetic
  --seed S           random seed, with --synthetic (default 1)
  --reset            empty every table first; without it, a database holding data is left alone
  -h, --help         this text

Connects to DATABASE_URL, or to PGlite under DATA_DIR (default ./data) when it is unset.`;

class UsageError extends Error {}

type Command =
  | { kind: 'help' }
  | { kind: 'demo'; reset: boolean }
  | { kind: 'synthetic'; reset: boolean; organizations: number; years: number; seed: number };

function wholeNumber(name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined) throw new UsageError(`--${name} is required with --synthetic`);
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

function parseCommand(argv: string[]): Command {
  // `pnpm db:seed -- --reset` hands the script a literal "--" first.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        demo: { type: 'boolean' },
        synthetic: { type: 'boolean' },
        organizations: { type: 'string' },
        years: { type: 'string' },
        seed: { type: 'string' },
        reset: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  const reset = v.reset === true;
  if (v.demo && v.synthetic) throw new UsageError('Choose --demo or --synthetic, not both');
  if (v.synthetic)
    return {
      kind: 'synthetic',
      reset,
      organizations: wholeNumber('organizations', v.organizations, 1, 1_000_000),
      years: wholeNumber('years', v.years, 1, 85),
      seed: v.seed === undefined ? 1 : wholeNumber('seed', v.seed, 0, 2 ** 32 - 1),
    };
  for (const name of ['organizations', 'years', 'seed'] as const)
    if (v[name] !== undefined) throw new UsageError(`--${name} goes with --synthetic`);
  return { kind: 'demo', reset };
}

/**
 * Empties every table of the schema except the migrations' own bookkeeping, so tables added by later
 * migrations (such as maintained aggregates) are emptied too. TRUNCATE fires no row triggers: neither the
 * ones that keep the history tables append-only nor those that maintain aggregates, hence all at once.
 */
async function resetDatabase(db: Database): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select quote_ident(tablename) as name from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely\\_%'`.execute(db);
  if (rows.length === 0) return;
  await sql.raw(`truncate table ${rows.map((r) => r.name).join(', ')} restart identity cascade`).execute(db);
}

/** No organisation, user, cycle or rate yet (a database with only an admin account is not empty). */
async function holdsNoData(db: Database): Promise<boolean> {
  if (!(await isDatabaseEmpty(db))) return false;
  for (const table of ['users', 'reportingCycles', 'exchangeRates'] as const) {
    const row = await db.selectFrom(table).select(sql.lit(1).as('one')).limit(1).executeTakeFirst();
    if (row) return false;
  }
  return true;
}

function printSummary(summary: SeedSummary, seconds: number): void {
  const parts = Object.entries(summary).map(([k, v]) => `${k} ${v}`);
  console.log(`Seeded in ${seconds.toFixed(1)} s: ${parts.join(', ')}.`);
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }

  const env = loadDbEnv();
  const connection = await connect(connectOptionsFrom(env));
  try {
    const { db } = connection;
    await migrateToLatest(db);
    if (command.reset) {
      await resetDatabase(db);
      console.log('Emptied every table.');
    } else if (!(await holdsNoData(db))) {
      console.error(
        'The database already holds data; nothing was seeded. Run with --reset to empty it first (this deletes everything).',
      );
      return 1;
    }
    const started = performance.now();
    if (command.kind === 'demo') {
      const summary = await seedDemo(db);
      printSummary(summary, (performance.now() - started) / 1000);
      console.log(
        `Demo accounts (password '${demoAccounts.password}'): ${demoAccounts.coordinator.email}, ${demoAccounts.donor.email}, ` +
          `${demoAccounts.signatory.email}, ${demoAccounts.signatory2.email}, ${demoAccounts.signatory3.email}.`,
      );
    } else {
      let lastPrinted = 0;
      const summary = await seedSynthetic(db, {
        organizations: command.organizations,
        years: command.years,
        seed: command.seed,
        onProgress: (written, total) => {
          if (written - lastPrinted >= 10_000 || written === total) {
            lastPrinted = written;
            console.log(`  ${written} / ${total} reports`);
          }
        },
      });
      printSummary(summary, (performance.now() - started) / 1000);
      console.log(`Accounts (password '${syntheticAccounts.password}'): ${syntheticAccounts.coordinator}, ${syntheticAccounts.donor}, ${syntheticAccounts.signatory(1)} ….`);
    }
    return 0;
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
