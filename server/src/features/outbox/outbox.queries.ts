// SQL of the outbox: queueing (idempotent by dedupe_key), who a reminder is for, the sender's claim
// (FOR UPDATE SKIP LOCKED, so two instances never take the same row) and the coordinators' listing.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewOutboxMessage, OutboxKind, OutboxStatus, ReminderStage } from '@lpt/db/schema';
import type { Locale } from '@lpt/shared/enums';

type Db = Kysely<DB> | Transaction<DB>;

/** Inserts the messages whose dedupe key is new; returns how many were queued. */
export async function queueMessages(db: Db, messages: NewOutboxMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = await db
    .insertInto('outboxMessages')
    .values(messages)
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/** Messages already in the outbox under these dedupe keys: how many, and when the latest was queued. */
export async function queuedUnderKeys(db: Db, keys: string[]): Promise<{ count: number; latest: string | null }> {
  if (keys.length === 0) return { count: 0, latest: null };
  const row = await db
    .selectFrom('outboxMessages')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('createdAt').as('latest')])
    .where('dedupeKey', 'in', keys)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), latest: row.latest == null ? null : new Date(row.latest as string | Date).toISOString() };
}

/**
 * The accounts a reminder of `year` is for: active signatory accounts with reminders on, of organisations
 * eligible for the cycle (signed by its due date, not withdrawn by then), whose report is not submitted
 * (none yet, a draft, or returned). `quietSince`: leave out accounts reminded of this cycle since then.
 */
export function reminderRecipients(
  db: Db,
  cycle: { year: number; dueOn: string },
  options: { organizationIds?: number[]; quietSince?: string } = {},
) {
  let query = db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organizationId')
    .leftJoin('progressReports', (join) =>
      join.onRef('progressReports.organizationId', '=', 'organizations.id').on('progressReports.year', '=', cycle.year),
    )
    .select([
      'users.id as userId',
      'users.email',
      'users.name',
      'users.locale',
      'organizations.id as organizationId',
      'organizations.name as organizationName',
    ])
    .where('users.role', '=', 'signatory')
    .where('users.active', '=', true)
    // An invitation not yet accepted (no password, migration 0016) gets its invitation and nothing else.
    .where('users.passwordHash', 'is not', null)
    .where('users.remindersEnabled', '=', true)
    .where(sql<boolean>`organizations.signed_on <= ${cycle.dueOn}::date
      and (organizations.withdrawn_on is null or organizations.withdrawn_on > ${cycle.dueOn}::date)`)
    .where((eb) => eb.or([eb('progressReports.status', 'is', null), eb('progressReports.status', 'in', ['draft', 'returned'])]));
  if (options.organizationIds) query = query.where('organizations.id', 'in', options.organizationIds);
  if (options.quietSince) {
    const since = options.quietSince;
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outboxMessages')
            .select(sql`1`.as('one'))
            .whereRef('outboxMessages.userId', '=', 'users.id')
            .where('outboxMessages.cycleYear', '=', cycle.year)
            .where('outboxMessages.kind', '=', 'reminder')
            .where('outboxMessages.createdAt', '>', since),
        ),
      ),
    );
  }
  return query.orderBy('users.id').execute();
}

/** Active signatory accounts of an organisation (a returned report's mail goes to each). */
export function signatoriesOf(db: Db, organizationId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale'])
    .where('organizationId', '=', organizationId)
    .where('role', '=', 'signatory')
    .where('active', '=', true)
    .where('passwordHash', 'is not', null)
    .orderBy('id')
    .execute();
}

/** The names of organisations, by id (the workflow's messages name them). */
export async function organizationNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function activeCoordinators(db: Db) {
  return db.selectFrom('users').select(['id', 'email', 'name', 'locale']).where('role', '=', 'coordinator').where('active', '=', true).where('passwordHash', 'is not', null).orderBy('id').execute();
}

export function openCycles(db: Db) {
  return db.selectFrom('reportingCycles').select(['year', 'opensOn', 'dueOn', 'status']).where('status', '=', 'open').execute();
}

/** The cycle of a year, open or closed (a coordinator's reminder goes out only while it is open). */
export function cycleOfYear(db: Db, year: number) {
  return db.selectFrom('reportingCycles').select(['year', 'opensOn', 'dueOn', 'status']).where('year', '=', year).executeTakeFirst();
}

export interface ClaimedMessage {
  id: number;
  email: string;
  locale: Locale;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
  /** A reset or invitation mail's request, whose link is minted when it is sent. */
  passwordResetId: number | null;
  kind: OutboxKind;
}

/**
 * Takes up to `limit` messages due now for sending: each claimed row's attempt is counted and its next
 * attempt moved `leaseMs` ahead, in one short transaction. Rows another instance is claiming at the same
 * moment are skipped (SKIP LOCKED), and once committed the lease keeps them out of every other claim
 * until this instance reports the outcome, or crashes and the lease runs out.
 */
export async function claimDueMessages(db: Kysely<DB>, options: { limit: number; leaseMs: number }): Promise<ClaimedMessage[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('outboxMessages')
      .select('id')
      .where('status', '=', 'queued')
      .where('nextAttemptAt', '<=', sql<string>`now()`)
      .orderBy('nextAttemptAt')
      .orderBy('id')
      .limit(options.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('outboxMessages')
      .set({
        attempts: sql`attempts + 1`,
        nextAttemptAt: sql`now() + ${`${options.leaseMs} milliseconds`}::interval`,
      })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returning(['id', 'email', 'locale', 'kind', 'subject', 'textBody', 'htmlBody', 'attempts', 'passwordResetId'])
      .execute();
  });
}

export function markSent(db: Db, id: number) {
  return db.updateTable('outboxMessages').set({ status: 'sent', sentAt: sql`now()`, lastError: null }).where('id', '=', id).execute();
}

export function markRetry(db: Db, id: number, error: string, delayMs: number) {
  return db
    .updateTable('outboxMessages')
    .set({ lastError: error, nextAttemptAt: sql`now() + ${`${delayMs} milliseconds`}::interval` })
    .where('id', '=', id)
    .execute();
}

export function markFailed(db: Db, id: number, error: string) {
  return db.updateTable('outboxMessages').set({ status: 'failed', lastError: error }).where('id', '=', id).execute();
}

const listColumns = [
  'outboxMessages.id',
  'outboxMessages.userId',
  'outboxMessages.email',
  'outboxMessages.locale',
  'outboxMessages.kind',
  'outboxMessages.stage',
  'outboxMessages.cycleYear',
  'outboxMessages.organizationId',
  'outboxMessages.subject',
  'outboxMessages.status',
  'outboxMessages.attempts',
  'outboxMessages.nextAttemptAt',
  'outboxMessages.lastError',
  'outboxMessages.createdAt',
  'outboxMessages.sentAt',
] as const;

export function listMessages(
  db: Db,
  filter: { status?: OutboxStatus | undefined; kind?: OutboxKind | undefined; cycleYear?: number | undefined; limit: number },
) {
  let query = db
    .selectFrom('outboxMessages')
    .leftJoin('users', 'users.id', 'outboxMessages.userId')
    .leftJoin('organizations', 'organizations.id', 'outboxMessages.organizationId')
    .select([...listColumns, 'users.name as recipientName', 'organizations.name as organizationName']);
  if (filter.status) query = query.where('outboxMessages.status', '=', filter.status);
  if (filter.kind) query = query.where('outboxMessages.kind', '=', filter.kind);
  if (filter.cycleYear !== undefined) query = query.where('outboxMessages.cycleYear', '=', filter.cycleYear);
  return query.orderBy('outboxMessages.createdAt', 'desc').orderBy('outboxMessages.id', 'desc').limit(filter.limit).execute();
}

export function countByStatus(db: Db) {
  return db
    .selectFrom('outboxMessages')
    .select([
      sql<number>`(count(*) filter (where status = 'queued'))::int`.as('queued'),
      sql<number>`(count(*) filter (where status = 'sent'))::int`.as('sent'),
      sql<number>`(count(*) filter (where status = 'failed'))::int`.as('failed'),
    ])
    .executeTakeFirstOrThrow();
}

export function findMessage(db: Db, id: number) {
  return db
    .selectFrom('outboxMessages')
    .leftJoin('users', 'users.id', 'outboxMessages.userId')
    .leftJoin('organizations', 'organizations.id', 'outboxMessages.organizationId')
    .select([...listColumns, 'outboxMessages.textBody', 'outboxMessages.htmlBody', 'users.name as recipientName', 'organizations.name as organizationName'])
    .where('outboxMessages.id', '=', id)
    .executeTakeFirst();
}

export type { ReminderStage };
