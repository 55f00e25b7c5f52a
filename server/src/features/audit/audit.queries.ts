import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditEntity, DB, FieldChange } from '@lpt/db/schema';

type Db = Kysely<DB> | Transaction<DB>;

export function recordAudit(
  db: Db,
  entry: { entity: AuditEntity; entityKey: string; action: string; actorId: number | null; changes: FieldChange[] },
) {
  return db
    .insertInto('auditLog')
    .values({ ...entry, changes: JSON.stringify(entry.changes) })
    .execute();
}

export interface AuditFilter {
  entity?: AuditEntity | undefined;
  entityKey?: string | undefined;
  actorId?: number | undefined;
  /** Inclusive dates (YYYY-MM-DD, the server's calendar). */
  fromDate?: string | undefined;
  toDate?: string | undefined;
  before?: number | undefined;
  limit: number;
}

/** Audit entries newest first, each with who made it and what it is about in words (a name, an e-mail). */
export function listAudit(db: Db, filter: AuditFilter) {
  let query = db
    .selectFrom('auditLog')
    .leftJoin('users as actor', 'actor.id', 'auditLog.actorId')
    // The entity's key is text (an id, a year, "2025-EUR"): organisations and users are named by it.
    .leftJoin('organizations as subjectOrganization', (join) =>
      join.on(sql<boolean>`${sql.ref('auditLog.entity')} = 'organization' and ${sql.ref('subjectOrganization.id')}::text = ${sql.ref('auditLog.entityKey')}`),
    )
    .leftJoin('users as subjectUser', (join) =>
      join.on(sql<boolean>`${sql.ref('auditLog.entity')} = 'user' and ${sql.ref('subjectUser.id')}::text = ${sql.ref('auditLog.entityKey')}`),
    )
    // A report (a review decision) is named by its organisation and year.
    .leftJoin('progressReports as subjectReport', (join) =>
      join.on(sql<boolean>`${sql.ref('auditLog.entity')} = 'report' and ${sql.ref('subjectReport.id')}::text = ${sql.ref('auditLog.entityKey')}`),
    )
    .leftJoin('organizations as reportOrganization', 'reportOrganization.id', 'subjectReport.organizationId')
    .select([
      'auditLog.id',
      'auditLog.entity',
      'auditLog.entityKey',
      'auditLog.action',
      'auditLog.at',
      'auditLog.changes',
      'auditLog.actorId',
      'actor.name as actorName',
      sql<string | null>`coalesce(${sql.ref('subjectOrganization.name')}, ${sql.ref('subjectUser.email')}, ${sql.ref('reportOrganization.name')} || ' · ' || ${sql.ref('subjectReport.year')})`.as(
        'subjectName',
      ),
    ])
    .orderBy('auditLog.id', 'desc')
    .limit(filter.limit);
  if (filter.entity) query = query.where('auditLog.entity', '=', filter.entity);
  if (filter.entityKey) query = query.where('auditLog.entityKey', '=', filter.entityKey);
  if (filter.actorId) query = query.where('auditLog.actorId', '=', filter.actorId);
  if (filter.fromDate) query = query.where('auditLog.at', '>=', sql<string>`${filter.fromDate}::date`);
  if (filter.toDate) query = query.where('auditLog.at', '<', sql<string>`${filter.toDate}::date + 1`);
  if (filter.before) query = query.where('auditLog.id', '<', filter.before);
  return query.execute();
}

/** Field-level differences between two flat records, for the audit log. */
export function changesBetween(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(after)) {
    const from = before?.[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to ?? null)) changes.push({ field, from, to: to ?? null });
  }
  return changes;
}
