// Signatory organisations. The region always follows from the country (UN M49), never typed by hand.
import type { Database } from '@lpt/db/connect';
import { nameSkeletons } from '@lpt/db/names';
import { regionOf } from '@lpt/shared/countries';
import type { organizationCreateInput, organizationUpdateInput } from '@lpt/shared/schemas';
import type { z } from 'zod';
import { AppError, fieldError, refusal } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { changesBetween, recordAudit } from '../audit/audit.queries.ts';
import { assertCanSeeOrganization, assertCanSeeOrganizationRecord, organizationListScopeOf } from '../auth/access.ts';
import * as q from './organizations.queries.ts';

type CreateInput = z.infer<typeof organizationCreateInput>;
type UpdateInput = z.infer<typeof organizationUpdateInput>;

function regionFor(country: string) {
  const region = regionOf(country);
  if (!region) throw fieldError('Unknown country', 'country', 'choose_country');
  return region;
}

/** The refusal of a name another organisation has, or looks like (naming that one). */
function nameRefusal(existing: { name: string; sameName: boolean }) {
  const why = refusal(existing.sameName ? 'organization_name_taken' : 'organization_name_looks_like', { name: existing.name });
  return new AppError('CONFLICT', why, { name: [why.message] });
}

async function assertNameFree(db: Database, name: string, exceptId: number | null = null) {
  const existing = await q.findNameCollision(db, name, nameSkeletons(name), exceptId);
  if (existing) throw nameRefusal(existing);
}

const nameIndexes = new Set(['organizations_name_key', 'organizations_name_skeleton_key', 'organizations_name_skeleton_caseless_key']);

/**
 * Runs a write that stores a name; when a concurrent write took the name (or a look-alike) between the
 * check and the write, the unique index refuses it and the caller gets the same refusal as the check's.
 */
async function refusingNameRace<T>(
  db: Database,
  renamed: { name: string | undefined; id: number | null },
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    const { name, id } = renamed;
    if (name === undefined || code !== '23505' || !constraint || !nameIndexes.has(constraint)) throw error;
    const existing = await q.findNameCollision(db, name, nameSkeletons(name), id);
    throw existing ? nameRefusal(existing) : error;
  }
}

export async function createOrganization(db: Database, actor: SessionUser, input: CreateInput) {
  await assertNameFree(db, input.name);
  const values = {
    name: input.name,
    ...nameSkeletons(input.name),
    acronym: input.acronym || null,
    type: input.type,
    country: input.country,
    region: regionFor(input.country),
    signedOn: input.signedOn,
    implementationDeadline: input.implementationDeadline ?? null,
    withdrawnOn: input.withdrawnOn ?? null,
    disclosure: input.disclosure,
  };
  const { nameSkeleton: _key, nameSkeletonCaseless: _caselessKey, ...audited } = values;
  return refusingNameRace(db, { name: input.name, id: null }, () =>
    db.transaction().execute(async (trx) => {
      const id = await q.insertOrganization(trx, values);
      await recordAudit(trx, {
        entity: 'organization',
        entityKey: String(id),
        action: 'create',
        actorId: actor.id,
        changes: changesBetween(null, audited),
      });
      return { id };
    }),
  );
}

export async function updateOrganization(db: Database, actor: SessionUser, input: UpdateInput) {
  const { id, ...fields } = input;
  const before = await q.findOrganization(db, id);
  if (!before) throw new AppError('NOT_FOUND', refusal('no_such_organization'));
  // A name sent as it is stored is no rename (the form sends every field): a look-alike kept apart by
  // migration 0014 stays editable.
  const renamedTo = fields.name !== undefined && fields.name !== before.name ? fields.name : undefined;
  if (renamedTo !== undefined) await assertNameFree(db, renamedTo, id);
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<CreateInput>;
  const update = {
    ...changes,
    ...(changes.acronym !== undefined ? { acronym: changes.acronym || null } : {}),
    ...(changes.country ? { region: regionFor(changes.country) } : {}),
  };
  const after = { ...before, ...update };
  if (after.implementationDeadline && after.implementationDeadline < after.signedOn)
    throw fieldError('The deadline is before the signing date', 'implementationDeadline', 'deadline_before_signing');
  await refusingNameRace(db, { name: renamedTo, id }, () =>
    db.transaction().execute(async (trx) => {
      await q.updateOrganization(trx, id, { ...update, ...(renamedTo !== undefined ? nameSkeletons(renamedTo) : {}) });
      await recordAudit(trx, {
        entity: 'organization',
        entityKey: String(id),
        action: 'update',
        actorId: actor.id,
        changes: changesBetween(before, after),
      });
    }),
  );
  return { id };
}

export function listOrganizations(db: Database, user: SessionUser, filter: Parameters<typeof q.listOrganizations>[1]) {
  return q.listOrganizations(db, filter, organizationListScopeOf(user));
}

export async function getOrganization(db: Database, user: SessionUser, id: number) {
  assertCanSeeOrganization(user, id);
  const organization = await q.findOrganization(db, id);
  if (!organization) throw new AppError('NOT_FOUND', refusal('no_such_organization'));
  assertCanSeeOrganizationRecord(user, organization);
  return organization;
}
