import type { Kysely, Transaction } from 'kysely';
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

export function listAudit(db: Db, filter: { entity?: AuditEntity; entityKey?: string; limit: number }) {
  let query = db
    .selectFrom('auditLog')
    .leftJoin('users', 'users.id', 'auditLog.actorId')
    .select(['auditLog.id', 'auditLog.entity', 'auditLog.entityKey', 'auditLog.action', 'auditLog.at', 'auditLog.changes', 'users.name as actorName'])
    .orderBy('auditLog.id', 'desc')
    .limit(filter.limit);
  if (filter.entity) query = query.where('auditLog.entity', '=', filter.entity);
  if (filter.entityKey) query = query.where('auditLog.entityKey', '=', filter.entityKey);
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
