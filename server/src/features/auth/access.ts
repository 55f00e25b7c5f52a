// Who may see and change whose data, in one place. Services call these before touching a report;
// routers only decide which roles may call a procedure at all.
import { AppError, refusal } from '../../errors.ts';
import type { Disclosure, Viewer } from '@lpt/shared/enums';
import type { SessionUser } from '../../trpc.ts';

/** Signatories read and write only their own organisation; coordinators everything. */
export function assertCanEditReport(user: SessionUser, organizationId: number) {
  if (user.role === 'coordinator') return;
  if (user.role === 'signatory' && user.organizationId === organizationId) return;
  throw new AppError('FORBIDDEN', refusal('own_reports_only'));
}

/** Reading a single report follows the same rule as editing it: donors see figures only through metrics. */
export const assertCanReadReport = assertCanEditReport;

/** A signatory sees only its own organisation's record; donors and coordinators see every signatory. */
export function assertCanSeeOrganization(user: SessionUser, organizationId: number) {
  if (user.role === 'signatory' && user.organizationId !== organizationId)
    throw new AppError('FORBIDDEN', refusal('own_organization_only'));
}

/** Donors see an organisation's record only where they may see its figures: `public` ones (as in lists). */
export function assertCanSeeOrganizationRecord(user: SessionUser, organization: { id: number; disclosure: Disclosure }) {
  assertCanSeeOrganization(user, organization.id);
  if (user.role === 'donor' && organization.disclosure !== 'public')
    throw new AppError('FORBIDDEN', refusal('aggregate_only_organization'));
}

/** Which organisations a list may show (organizationListScopeOf decides, per role). */
export type OrganizationListScope = { kind: 'all' } | { kind: 'public' } | { kind: 'own'; organizationId: number };

/**
 * Which signatories a user may list: coordinators all; donors the `public` ones (whose figures they see
 * anyway: naming the others, with their type and region, would point at whom an aggregate is about);
 * a signatory its own organisation, which is all its work needs.
 */
export function organizationListScopeOf(user: SessionUser): OrganizationListScope {
  if (user.role === 'coordinator') return { kind: 'all' };
  if (user.role === 'signatory' && user.organizationId != null) return { kind: 'own', organizationId: user.organizationId };
  return { kind: 'public' };
}

/** The organisation a list is restricted to for this user, or null for no restriction. */
export function reportScopeOf(user: SessionUser): number | null {
  if (user.role === 'coordinator') return null;
  if (user.role === 'signatory' && user.organizationId != null) return user.organizationId;
  throw new AppError('FORBIDDEN', refusal('reports_not_for_donors'));
}

/**
 * Whose released figures a caller reads: coordinators read live figures (null); donors the donors'
 * release; everyone else, signatories included, the public's.
 */
export function viewerOf(user: SessionUser | null): Viewer | null {
  if (user?.role === 'coordinator') return null;
  return user?.role === 'donor' ? 'donor' : 'public';
}
