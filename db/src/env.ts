// The configuration of the db command-line tools (migrate, seed), validated once at start: every problem
// is listed and the process stops. The only place in db/ that reads process.env.
import { z } from 'zod';

const envSchema = z.object({
  /** A PostgreSQL connection string; when absent (or empty) the embedded PGlite database is used. */
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /** PGlite's data directory, used only without DATABASE_URL. */
  DATA_DIR: z.string().min(1).default('./data'),
});

export type DbEnv = z.infer<typeof envSchema>;

export function loadDbEnv(source: NodeJS.ProcessEnv = process.env): DbEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The options for connect() that this configuration names. */
export function connectOptionsFrom(env: DbEnv): { databaseUrl: string | undefined; dataDir: string } {
  return { databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR };
}
