// Look-alike organisation names (issue 17): a name written with a Cyrillic "а", a Greek "ο", a fullwidth
// "Ｐ", a no-break or a double space is refused beside the name it imitates, naming it, on create and on
// rename, and the database holds the rule itself (the unique skeleton of migration 0014), so that two
// coordinators racing cannot both get a look-alike in. On PGlite and PostgreSQL.
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { nameSkeletons } from '@lpt/db/names';
import * as migration0014 from '../../db/migrations/2026_12_07_0014_name_skeleton.ts';
import { callerFor, createUser } from '../factories/index.ts';
import { useTestDatabase } from '../setup/database.ts';
import type { SessionUser } from '@lpt/server/trpc';

const getDb = useTestDatabase();
let coordinator: SessionUser;
const ORIGINAL = 'Pamoja Horizons Trust';

const organization = (name: string) => ({
  name,
  acronym: null,
  type: 'national_ngo' as const,
  country: 'KE',
  signedOn: '2024-01-10',
  disclosure: 'public' as const,
});

const asCoordinator = () => callerFor(getDb().db, coordinator);

/** What a refused call carries: its tRPC code and the refusal the web app words. */
async function refusalOf(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; cause?: { refusal?: { code: string; params: Record<string, unknown> }; fieldErrors?: Record<string, string[]> } } | null;
  expect(error, 'the call was accepted').not.toBeNull();
  return { code: error!.code, refusal: error!.cause?.refusal, fieldErrors: error!.cause?.fieldErrors };
}

async function tableCounts() {
  const { db } = getDb();
  const [organizations, audit] = await Promise.all([
    db.selectFrom('organizations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('auditLog').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { organizations: Number(organizations.n), audit: Number(audit.n) };
}

const lookAlikes: [string, string][] = [
  ['a Cyrillic а', 'P\u0430moja Horizons Trust'],
  ['a Greek ο', 'Pam\u03BFja Horizons Trust'],
  ['a fullwidth Ｐ', '\uFF30amoja Horizons Trust'],
  ['a no-break space', 'Pamoja\u00A0Horizons Trust'],
  ['a double space', 'Pamoja  Horizons Trust'],
  ['Cyrillic capitals and a change of case', '\u0420\u0410MOJA HORIZONS TRUST'],
];
// "I" is the skeleton of "l": a look-alike as written.
const PAYPAL = 'PayPal Relief Fund';
const PAYPAI = 'PayPaI Relief Fund';

beforeAll(async () => {
  coordinator = await createUser(getDb().db, 'coordinator');
  await asCoordinator().organizations.create(organization(ORIGINAL));
});

describe('a look-alike of an existing organisation name', () => {
  for (const [what, name] of lookAlikes) {
    it(`is refused with ${what}, naming the original, and writes nothing`, async () => {
      expect(name).not.toBe(ORIGINAL);
      const before = await tableCounts();
      const refused = await refusalOf(asCoordinator().organizations.create(organization(name)));
      expect(refused.code).toBe('CONFLICT');
      expect(refused.refusal?.params).toEqual({ name: ORIGINAL });
      expect(['organization_name_looks_like', 'organization_name_taken']).toContain(refused.refusal?.code);
      expect(refused.fieldErrors?.name?.[0]).toContain(ORIGINAL);
      expect(await tableCounts()).toEqual(before);
    });
  }

  it('says "looks like" for a confusable, "already exists" for the same name once spaces are folded', async () => {
    expect((await refusalOf(asCoordinator().organizations.create(organization(lookAlikes[0]![1])))).refusal?.code).toBe(
      'organization_name_looks_like',
    );
    expect((await refusalOf(asCoordinator().organizations.create(organization(lookAlikes[3]![1])))).refusal?.code).toBe(
      'organization_name_taken',
    );
  });

  it('is refused when it differs only by a capital I for an l', async () => {
    await asCoordinator().organizations.create(organization(PAYPAL));
    const refused = await refusalOf(asCoordinator().organizations.create(organization(PAYPAI)));
    expect(refused.refusal).toEqual({ code: 'organization_name_looks_like', params: { name: PAYPAL } });
  });

  it('is refused when another organisation is renamed to it', async () => {
    const { id } = await asCoordinator().organizations.create(organization('Sahel Women Network'));
    for (const [, name] of lookAlikes) {
      const refused = await refusalOf(asCoordinator().organizations.update({ id, name }));
      expect(refused.refusal?.params).toEqual({ name: ORIGINAL });
    }
    expect((await asCoordinator().organizations.get({ id })).name).toBe('Sahel Women Network');
  });

  it('lets an organisation keep or respell its own name, and stores spaces folded', async () => {
    const original = (await asCoordinator().organizations.list({ search: ORIGINAL }))[0]!;
    await asCoordinator().organizations.update({ id: original.id, name: 'Pamoja\u00A0 Horizons\tTrust ' });
    expect((await asCoordinator().organizations.get({ id: original.id })).name).toBe(ORIGINAL);
  });

  it('accepts a genuinely different name', async () => {
    for (const name of ['Pamoja Horizon Trust', 'Pamoja Horizons Trust Kenya', 'Pamója Horizons Trust', 'Pamoja Horizons Fund']) {
      const created = await asCoordinator().organizations.create(organization(name));
      expect((await asCoordinator().organizations.get({ id: created.id })).name).toBe(name);
    }
  });
});

describe('the database holds the rule', () => {
  it('refuses a row whose skeleton another row has, whatever wrote it', async () => {
    const { db } = getDb();
    const insert = db
      .insertInto('organizations')
      .values({ ...organization('P\u0430moja Horizons Trust'), region: 'africa', ...nameSkeletons('P\u0430moja Horizons Trust') })
      .execute();
    await expect(insert).rejects.toMatchObject({ code: '23505', constraint: 'organizations_name_skeleton_key' });
  });

  it('lets one of several coordinators racing with look-alikes in, and refuses the others naming it', async () => {
    const names = ['Tejido Andino Fund', 'T\u0435jido Andino Fund', 'Tejid\u03BF Andino Fund', 'Tejido Andino\u00A0Fund'];
    const outcomes = await Promise.allSettled(names.map((name) => asCoordinator().organizations.create(organization(name))));
    const accepted = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [names[i]!] : []));
    expect(accepted).toHaveLength(1);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') {
        const error = outcome.reason as { code: string; cause: { refusal: { params: Record<string, unknown> } } };
        expect(error.code).toBe('CONFLICT');
        expect(error.cause.refusal.params).toEqual({ name: accepted[0] });
      }
  });
});

describe('migration 0014', () => {
  it('fills the skeleton of the names already there, keeping older look-alikes apart', async () => {
    const { db } = getDb();
    const any = db as unknown as Kysely<any>;
    await migration0014.down(any);
    const legacy = ['Migrant Voices Network', 'Migrant V\u043Eices Network'];
    const ids: number[] = [];
    for (const name of legacy) {
      const row = await any
        .insertInto('organizations')
        .values({ ...organization(name), region: 'africa' })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id as number);
    }
    await migration0014.up(any);
    const rows = await db.selectFrom('organizations').select(['id', 'name', 'nameSkeleton', 'nameSkeletonCaseless']).execute();
    const keysOf = (r: (typeof rows)[number]) => ({ nameSkeleton: r.nameSkeleton, nameSkeletonCaseless: r.nameSkeletonCaseless });
    for (const row of rows.filter((r) => !ids.includes(r.id))) expect(keysOf(row)).toEqual(nameSkeletons(row.name));
    const [older, newer] = ids.map((id) => rows.find((r) => r.id === id)!);
    expect(keysOf(older!)).toEqual(nameSkeletons(legacy[0]!));
    expect(newer!.nameSkeleton).not.toBe(older!.nameSkeleton);
    expect(newer!.nameSkeletonCaseless).not.toBe(older!.nameSkeletonCaseless);
    // The later look-alike stays editable under its name, and is refused a rename to another look-alike.
    await asCoordinator().organizations.update({ id: newer!.id, name: legacy[1]!, disclosure: 'aggregate_only' });
    const refused = await refusalOf(asCoordinator().organizations.update({ id: newer!.id, name: 'Migrant Voices Netw\u043Erk' }));
    expect(refused.refusal?.params).toEqual({ name: legacy[0] });
    await asCoordinator().organizations.update({ id: newer!.id, name: 'Migrant Voices Network West' });
    expect((await getDb().db.selectFrom('organizations').select('nameSkeleton').where('id', '=', newer!.id).executeTakeFirstOrThrow()).nameSkeleton).toBe(
      nameSkeletons('Migrant Voices Network West').nameSkeleton,
    );
    const { rows: index } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'organizations_name_skeleton_key'`.execute(db);
    expect(index[0]?.indexdef).toMatch(/UNIQUE/);
  });
});
