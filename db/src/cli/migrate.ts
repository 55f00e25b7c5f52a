// `pnpm db:migrate`: brings the database named by DATABASE_URL (or the PGlite one under DATA_DIR) to the
// latest schema, then closes the connection.
import { connect } from '../connect.ts';
import { connectOptionsFrom, loadDbEnv } from '../env.ts';
import { migrateToLatest } from '../migrate.ts';

async function main(): Promise<number> {
  const env = loadDbEnv();
  const connection = await connect(connectOptionsFrom(env));
  try {
    const applied = await migrateToLatest(connection.db);
    const where = connection.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${env.DATA_DIR}`;
    console.log(applied.length > 0 ? `Applied ${applied.join(', ')} to ${where}.` : `${where} is up to date.`);
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
