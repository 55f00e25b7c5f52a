// `pnpm user:create --email … --name … --password … --role … [--organization <id or name>]`
// Creates an account directly in the database (how the first coordinator comes to exist).
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect } from '@lpt/db/connect';
import { migrateToLatest } from '@lpt/db/migrate';
import { userCreateInput } from '@lpt/shared/schemas';
import { AppError } from '../errors.ts';
import { loadEnv } from '../env.ts';
import { createUser } from '../features/users/users.service.ts';

const usage = `Usage: pnpm user:create --email <e-mail> --name <name> --password <password>
       --role coordinator|signatory|donor [--organization <id or exact name>]
A signatory needs --organization; other roles must not have one.`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      organization: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const env = loadEnv();
const connection = await connect({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  await migrateToLatest(connection.db);
  let organizationId: number | null = null;
  if (values.organization) {
    const byId = /^\d+$/.test(values.organization) ? Number(values.organization) : null;
    const organization = await connection.db
      .selectFrom('organizations')
      .select('id')
      .where((eb) => (byId != null ? eb('id', '=', byId) : eb(sql`normalize(name, NFC)`, '=', sql`normalize(${values.organization!}, NFC)`)))
      .executeTakeFirst();
    if (!organization) fail(`No organisation "${values.organization}"`);
    organizationId = organization.id;
  }
  const parsed = userCreateInput.safeParse({
    email: values.email ?? '',
    name: values.name ?? '',
    password: values.password ?? '',
    role: values.role,
    organizationId,
  });
  if (!parsed.success)
    fail(parsed.error.issues.map((i) => `--${i.path[0] === 'organizationId' ? 'organization' : String(i.path[0])}: ${i.message}`).join('\n'));
  const { id } = await createUser(connection.db, null, parsed.data);
  console.log(`Created ${parsed.data.role} ${parsed.data.email} (id ${id})`);
} catch (error) {
  if (error instanceof AppError) fail(error.message);
  throw error;
} finally {
  await connection.close();
}
