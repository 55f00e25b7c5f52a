// `pnpm start` (after `pnpm build`, as server/dist/main.js): connect (PGlite under ./data, or PostgreSQL at
// DATABASE_URL), migrate, load the demo data set into an empty embedded database, then serve the API and the
// built web app on PORT, and run the mail loop (the outbox's sender and the reminder scheduler; it sends
// through SMTP_URL when set). Logs are pino's JSON lines on stdout (pretty in a terminal). SIGTERM or SIGINT
// stops accepting connections, lets requests in flight finish for SHUTDOWN_GRACE_MS, stops the mail loop
// (a delivery under way finishes) and the planner's worker thread, closes the database and exits 0.
import { createRequire } from 'node:module';
import { pino, type LoggerOptions } from 'pino';
import { connect } from '@lpt/db/connect';
import { migrateToLatest } from '@lpt/db/migrate';
import { demoAccounts, isDatabaseEmpty, seedDemo } from '@lpt/db/seed/demo';
import { loadEnv } from './env.ts';
import { configureSessions } from './features/auth/auth.service.ts';
import { configureTwoFactor } from './features/auth/two-factor.ts';
import { configureMail } from './features/outbox/mail.ts';
import { smtpTransport, startMailLoop } from './mail/sender.ts';
import { configurePlanning, stopPlanning, warmUpPlanning } from './features/releases/disclosure/pool.ts';
import { releaseClosedYears } from './features/releases/releases.service.ts';
import { createApp } from './http/app.ts';

const env = loadEnv();

/** pino-pretty is a development dependency: in a terminal where it is installed, readable lines. */
function prettyTarget(): string | null {
  if (!process.stdout.isTTY) return null;
  try {
    return createRequire(import.meta.url).resolve('pino-pretty');
  } catch {
    return null;
  }
}

const loggerOptions: LoggerOptions = {
  level: env.LOG_LEVEL,
  // Nothing logged carries these, and should anything ever pass a request or answer, they stay out.
  redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password'], censor: '[redacted]' },
};
const pretty = prettyTarget();
const logger = pino(pretty ? { ...loggerOptions, transport: { target: pretty, options: { translateTime: 'SYS:HH:MM:ss.l' } } } : loggerOptions);

configureSessions(env.SESSION_DAYS);
configureTwoFactor({ encryptionKey: env.TOTP_ENCRYPTION_KEY, requiredForCoordinators: env.TWO_FACTOR_REQUIRED_FOR_COORDINATORS });
if (!env.TOTP_ENCRYPTION_KEY && env.NODE_ENV === 'production')
  logger.warn('TOTP_ENCRYPTION_KEY is not set: two-factor secrets are encrypted with the demo key; set it for real use');
configureMail({ publicUrl: env.PUBLIC_URL, delivering: Boolean(env.SMTP_URL) });
configurePlanning({ budgetMs: env.PLANNING_BUDGET_MS });
warmUpPlanning();
const connection = await connect({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
const applied = await migrateToLatest(connection.db);
if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
if (connection.kind === 'pglite' && env.SEED_DEMO && (await isDatabaseEmpty(connection.db))) {
  logger.info('empty embedded database: loading the demo data set');
  await seedDemo(connection.db);
}
const released = await releaseClosedYears(connection.db);
if (released.length) logger.info({ years: released }, 'published the first release of closed cycles without one');

// React, which renders the public pages (http/page-render.ts), picks its production build from this.
process.env.NODE_ENV = env.NODE_ENV;
const app = createApp({ db: connection.db, trustProxy: env.TRUST_PROXY, clientDist: env.CLIENT_DIST, logger });
await app.listen({ port: env.PORT, host: env.HOST });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : env.PORT;
logger.info({ port, database: connection.kind }, `Localization Pledge Tracker on http://localhost:${port}`);
// With the demo data loaded (now or on an earlier start), say how to sign in to try it.
if (await hasDemoAccounts()) {
  const accounts = (['coordinator', 'donor', 'signatory', 'signatory2', 'signatory3'] as const).map((key) => `${demoAccounts[key].email} (${demoAccounts[key].role})`);
  logger.info(
    { demoAccounts: accounts, demoPassword: demoAccounts.password },
    `Demo data loaded: open http://localhost:${port} and sign in as ${accounts.join(', ')}, password ${demoAccounts.password}`,
  );
}

async function hasDemoAccounts(): Promise<boolean> {
  const row = await connection.db.selectFrom('users').select('id').where('email', '=', demoAccounts.coordinator.email).executeTakeFirst();
  return row !== undefined;
}

const mailLoop = startMailLoop({
  db: connection.db,
  transport: env.SMTP_URL ? smtpTransport(env.SMTP_URL) : null,
  from: env.MAIL_FROM ?? '',
  log: logger.child({ component: 'mail' }),
});
logger.info({ smtp: Boolean(env.SMTP_URL) }, env.SMTP_URL ? 'mail: delivering the outbox through SMTP_URL' : 'mail: no SMTP_URL, messages wait in the outbox');

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, graceMs: env.SHUTDOWN_GRACE_MS }, 'shutting down: finishing requests in flight');
  // Past the grace period, the connections still open are closed under their requests.
  const force = setTimeout(() => {
    logger.warn('grace period over: closing the connections still open');
    app.server.closeAllConnections();
  }, env.SHUTDOWN_GRACE_MS);
  try {
    await app.close();
    clearTimeout(force);
    await mailLoop.stop();
    await stopPlanning();
    await connection.close();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    logger.flush();
    process.exit(1);
  }
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
