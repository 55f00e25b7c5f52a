import type { Database } from '@lpt/db/connect';
import type { ReportingCycle } from '@lpt/db/schema';
import { changesBetween, recordAudit } from '../audit/audit.queries.ts';
import { queueOpeningReminders } from '../outbox/outbox.service.ts';
import { prepareRelease, publishReleaseIn } from '../releases/releases.service.ts';
import * as q from './cycles.queries.ts';

export async function upsertCycle(db: Database, actorId: number, cycle: ReportingCycle) {
  // Closing: the release is planned first, outside the transaction (its publishing inside finds the plan).
  if (cycle.status === 'closed' && (await q.findCycle(db, cycle.year))?.status !== 'closed')
    await prepareRelease(db, cycle.year).catch(() => undefined); // a failure here is met again, and handled, inside
  return db.transaction().execute(async (trx) => {
    const before = await q.findCycle(trx, cycle.year);
    await q.upsertCycle(trx, cycle);
    await recordAudit(trx, {
      entity: 'cycle',
      entityKey: String(cycle.year),
      action: before ? 'update' : 'create',
      actorId,
      changes: changesBetween(before ?? null, cycle),
    });
    // Closing a cycle publishes the year's release, in the same transaction: a release the audit cannot
    // make safe refuses the close with the reason, and nothing is written.
    if (cycle.status === 'closed' && before?.status !== 'closed') await publishReleaseIn(trx, cycle.year, actorId, 'cycle_closed');
    // Opening a cycle (created open, or reopened) queues its opening reminders in the same transaction:
    // a refused opening mails nobody. Before the opening day the scheduler sends them on the day.
    if (cycle.status === 'open' && before?.status !== 'open') await queueOpeningReminders(trx, cycle);
    return { year: cycle.year };
  });
}

/** What closing or opening the year would leave behind: its reports by status (the dialogs ask with them). */
export async function reportCounts(db: Database, year: number) {
  const counts = { year, draft: 0, submitted: 0, returned: 0, approved: 0 };
  for (const row of await q.reportCountsByStatus(db, year)) counts[row.status] = Number(row.count);
  return counts;
}

export const listCycles = q.listCycles;
export const findCycle = q.findCycle;
