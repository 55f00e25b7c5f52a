// `pnpm start`: connect (PGlite under ./data, or PostgreSQL at DATABASE_URL), migrate, load the demo data
// set into an empty embedded database, then serve the API and the built web app on PORT.
import { connect } from '@lpt/db/connect';
import { migrateToLatest } from '@lpt/db/migrate';
import { isDatabaseEmpty, seedDemo } from '@lpt/db/seed/demo';
import { loadEnv } from './env.ts';
import { configureSessions } from './features/auth/auth.service.ts';
import { releaseClosedYears } from './features/releases/releases.service.ts';
import { createApp } from './http/app.ts';

const env = loadEnv();
configureSessions(env.SESSION_DAYS);
const connection = await connect({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
await migrateToLatest(connection.db);
if (connection.kind === 'pglite' && env.SEED_DEMO && (await isDatabaseEmpty(connection.db))) {
  console.log('Empty embedded database: loading the demo data set…');
  await seedDemo(connection.db);
}
const released = await releaseClosedYears(connection.db);
if (released.length) console.log(`Published the first release of ${released.join(', ')} (closed cycles without one).`);

const server = createApp({ db: connection.db, trustProxy: env.TRUST_PROXY, clientDist: env.CLIENT_DIST });
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  console.log(`Localization Pledge Tracker on http://localhost:${port} (${connection.kind})`);
});

async function shutdown() {
  server.close();
  await connection.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
