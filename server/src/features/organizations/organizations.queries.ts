import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewOrganization, OrganizationUpdate } from '@lpt/db/schema';
import type { OrganizationType, Region } from '@lpt/shared/enums';
import type { OrganizationListScope } from '../auth/access.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const organizationColumns = [
  'id',
  'name',
  'acronym',
  'type',
  'country',
  'region',
  'signedOn',
  'implementationDeadline',
  'withdrawnOn',
  'disclosure',
] as const;

export function listOrganizations(
  db: Db,
  filter: { type?: OrganizationType; region?: Region; search?: string },
  scope: OrganizationListScope = { kind: 'all' },
) {
  let query = db.selectFrom('organizations').select(organizationColumns).orderBy('name');
  if (scope.kind === 'own') query = query.where('id', '=', scope.organizationId);
  if (scope.kind === 'public') query = query.where('disclosure', '=', 'public');
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.region) query = query.where('region', '=', filter.region);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Both sides NFC-normalised: a name typed with combining accents finds the precomposed one.
    query = query.where((eb) =>
      eb.or([
        eb(sql`normalize(name, NFC)`, 'ilike', sql`normalize(${pattern}, NFC)`),
        eb(sql`normalize(acronym, NFC)`, 'ilike', sql`normalize(${pattern}, NFC)`),
      ]),
    );
  }
  return query.execute();
}

export function findOrganization(db: Db, id: number) {
  return db.selectFrom('organizations').select(organizationColumns).where('id', '=', id).executeTakeFirst();
}

/**
 * The organisation a name would collide with, as the two unique indexes compare: the same name (lower()
 * and NFC on both sides, as 0004's index: JavaScript's and PostgreSQL's case folding differ for some
 * scripts) first, else a look-alike (the same skeleton as written or in lower case, 0014's indexes).
 * `exceptId`: the organisation being renamed.
 */
export function findNameCollision(
  db: Db,
  name: string,
  skeletons: { nameSkeleton: string; nameSkeletonCaseless: string },
  exceptId: number | null,
) {
  const sameName = sql<boolean>`(lower(normalize(name, NFC)) = lower(normalize(${name}, NFC)))`;
  let query = db.selectFrom('organizations').select(['id', 'name', sameName.as('sameName')]);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return query
    .where((eb) =>
      eb.or([sameName, eb('nameSkeleton', '=', skeletons.nameSkeleton), eb('nameSkeletonCaseless', '=', skeletons.nameSkeletonCaseless)]),
    )
    .orderBy(sameName, 'desc')
    .orderBy('id')
    .executeTakeFirst();
}

export async function insertOrganization(db: Db, organization: NewOrganization) {
  const row = await db.insertInto('organizations').values(organization).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function updateOrganization(db: Db, id: number, changes: OrganizationUpdate) {
  return db
    .updateTable('organizations')
    .set({ ...changes, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}
