// Signatory organisations. The region always follows from the country (UN M49), never typed by hand.
import type { Database } from '@lpt/db/connect';
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

async function assertNameFree(db: Database, name: string, exceptId?: number) {
  const existing = await q.findOrganizationByName(db, name);
  if (existing && existing.id !== exceptId)
    throw new AppError('CONFLICT', refusal('organization_name_taken'), {
      name: ['An organisation with this name already exists'],
    });
}

export async function createOrganization(db: Database, actor: SessionUser, input: CreateInput) {
  await assertNameFree(db, input.name);
  const values = {
    name: input.name,
    acronym: input.acronym || null,
    type: input.type,
    country: input.country,
    region: regionFor(input.country),
    signedOn: input.signedOn,
    implementationDeadline: input.implementationDeadline ?? null,
    withdrawnOn: input.withdrawnOn ?? null,
    disclosure: input.disclosure,
  };
  return db.transaction().execute(async (trx) => {
    const id = await q.insertOrganization(trx, values);
    await recordAudit(trx, {
      entity: 'organization',
      entityKey: String(id),
      action: 'create',
      actorId: actor.id,
      changes: changesBetween(null, values),
    });
    return { id };
  });
}

export async function updateOrganization(db: Database, actor: SessionUser, input: UpdateInput) {
  const { id, ...fields } = input;
  const before = await q.findOrganization(db, id);
  if (!before) throw new AppError('NOT_FOUND', refusal('no_such_organization'));
  if (fields.name) await assertNameFree(db, fields.name, id);
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<CreateInput>;
  const update = {
    ...changes,
    ...(changes.acronym !== undefined ? { acronym: changes.acronym || null } : {}),
    ...(changes.country ? { region: regionFor(changes.country) } : {}),
  };
  const after = { ...before, ...update };
  if (after.implementationDeadline && after.implementationDeadline < after.signedOn)
    throw fieldError('The deadline is before the signing date', 'implementationDeadline', 'deadline_before_signing');
  await db.transaction().execute(async (trx) => {
    await q.updateOrganization(trx, id, update);
    await recordAudit(trx, {
      entity: 'organization',
      entityKey: String(id),
      action: 'update',
      actorId: actor.id,
      changes: changesBetween(before, after),
    });
  });
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
