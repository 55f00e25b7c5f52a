// The change log as coordinators read it. Other features write it from their services (recordAudit, in
// the transaction of the change it records); nothing edits it.
import type { Database } from '@lpt/db/connect';
import type { auditListInput } from '@lpt/shared/schemas';
import type { z } from 'zod';
import * as q from './audit.queries.ts';

/** A page of entries, newest first: 100 unless the caller asks for another page size. */
export function listAudit(db: Database, input: z.output<typeof auditListInput>) {
  return q.listAudit(db, { limit: 100, ...input });
}
