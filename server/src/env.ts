// The server's configuration, validated once at start: every problem is listed and the process stops.
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  /** Trust X-Forwarded-* from a reverse proxy: client address from X-Forwarded-For, Secure cookies. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Where the built web app lives; served at / when present. */
  CLIENT_DIST: z.string().default('client/dist'),
  SESSION_DAYS: z.coerce.number().positive().default(14),
  /** Seed the demo data set when the embedded database is empty. */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  NODE_ENV: z.string().default('production'),
  /** pino's levels; `silent` logs nothing. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long a shutdown (SIGTERM, SIGINT) waits for requests in flight before closing their connections. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** The longest one plan of a release may take in the planner's worker thread before it is refused. */
  PLANNING_BUDGET_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  /** Where mail is delivered: smtp://user:pass@host:port or smtps://…; without it mail waits in the outbox. */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:$/.test(new URL(v).protocol), 'must start with smtp:// or smtps://')
    .optional(),
  /** The sender of every mail: an address, or "Name <address>". */
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an e-mail address or "Name <address>"')
    .optional(),
  /** The address people open the app at, for the links in mails; default http://localhost:PORT. */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must start with http:// or https://')
    .optional(),
  /**
   * The key that encrypts each account's two-factor secret in the database (any text of 32 characters or more;
   * keep it out of the database and its backups). Without it, a key known to everyone is used: demo only.
   */
  TOTP_ENCRYPTION_KEY: z.string().min(32).optional(),
  /** The secretariat requires two-factor sign-in of every coordinator (off in the demo). */
  TWO_FACTOR_REQUIRED_FOR_COORDINATORS: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
})
  .refine((env) => !env.SMTP_URL || env.MAIL_FROM, { path: ['MAIL_FROM'], message: 'is required when SMTP_URL is set' })
  .transform((env) => ({ ...env, PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '') }));

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
