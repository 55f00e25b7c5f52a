// What goes into the outbox, and when. Every function that queues takes the caller's transaction, so a
// mail exists exactly when what caused it was committed: a cycle's opening, a returned or submitted
// report, a coordinator's "remind now", the scheduler's pass.
//
// Reminders of a cycle go to every active signatory account with reminders on, of each eligible
// organisation without a submitted report, at four stages: when the cycle opens, 30 and 7 days before the
// due date, and once it is overdue. The dedupe key (account, cycle, stage) makes each stage go out once per
// account whatever the number of server instances; a coordinator's reminder is keyed by the day, so
// pressing "remind now" twice in a day mails nobody twice.
// Submitted reports are mailed to every coordinator at once (one mail per submission, no digest).
import type { Transaction } from 'kysely';
import type { Database } from '@lpt/db/connect';
import type { DB, NewOutboxMessage, ReminderStage } from '@lpt/db/schema';
import type { WorkflowMessage, WorkflowOutbox } from '@lpt/db/workflow';
import { DEFAULT_LOCALE, type CycleStatus, type Locale, type Role } from '@lpt/shared/enums';
import type { outboxListInput, remindNowInput } from '@lpt/shared/schemas';
import type { z } from 'zod';
import { AppError, refusal } from '../../errors.ts';
import { invitationMail, isDeliveringMail, passwordResetMail, reminderMail, reportReturnedMail, reportSubmittedMail } from './mail.ts';
import * as q from './outbox.queries.ts';

type Trx = Transaction<DB>;
type Db = Database | Trx;
type Cycle = { year: number; opensOn: string; dueOn: string; status: CycleStatus };

const DAY_MS = 86_400_000;
/** A scheduled reminder waits while the account had another reminder of the cycle this recently. */
export const QUIET_DAYS = 3;

const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The stage a cycle is in on `today` (a UTC date), or null before it opens: only the latest stage reached
 * is sent, so a server that was down for a while does not send every stage it missed at once.
 */
export function reminderStageOn(cycle: Cycle, today: string): Exclude<ReminderStage, 'manual'> | null {
  if (cycle.status !== 'open' || today < cycle.opensOn) return null;
  if (today > cycle.dueOn) return 'overdue';
  if (today >= addDays(cycle.dueOn, -7)) return 'due_7';
  if (today >= addDays(cycle.dueOn, -30)) return 'due_30';
  return 'opening';
}

async function queueReminders(
  db: Db,
  cycle: Cycle,
  stage: ReminderStage,
  keyOf: (userId: number) => string,
  options: { organizationIds?: number[]; quietSince?: string } = {},
) {
  const recipients = await q.reminderRecipients(db, cycle, options);
  const messages: NewOutboxMessage[] = recipients.map((r) => {
    const locale = r.locale ?? DEFAULT_LOCALE;
    const mail = reminderMail(locale, { stage, name: r.name, organization: r.organizationName, year: cycle.year, dueOn: cycle.dueOn });
    return {
      userId: r.userId,
      email: r.email,
      locale,
      kind: 'reminder',
      stage,
      cycleYear: cycle.year,
      organizationId: r.organizationId,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      dedupeKey: keyOf(r.userId),
    };
  });
  return { recipients: recipients.length, queued: await q.queueMessages(db, messages) };
}

const reminderKey = (year: number, stage: ReminderStage, userId: number) => `reminder:${year}:${stage}:user:${userId}`;

/** Called in the transaction that opens a cycle (created open, or reopened) on or after its opening day. */
export async function queueOpeningReminders(trx: Trx, cycle: Cycle, today = utcToday()) {
  if (reminderStageOn(cycle, today) === null) return { recipients: 0, queued: 0 };
  return queueReminders(trx, cycle, 'opening', (userId) => reminderKey(cycle.year, 'opening', userId));
}

/**
 * The scheduler's pass: for each open cycle, the stage it is in today, to everyone it concerns who has not
 * had it. Idempotent (the dedupe key), so every instance may run it as often as it likes.
 */
export async function queueScheduledReminders(db: Database, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  const quietSince = new Date(now.getTime() - QUIET_DAYS * DAY_MS).toISOString();
  let queued = 0;
  for (const cycle of await q.openCycles(db)) {
    const stage = reminderStageOn(cycle, today);
    if (!stage) continue;
    // The opening reminder is the cycle's first word: no quiet period before it.
    const result = await db.transaction().execute((trx) =>
      queueReminders(trx, cycle, stage, (userId) => reminderKey(cycle.year, stage, userId), stage === 'opening' ? {} : { quietSince }),
    );
    queued += result.queued;
  }
  return queued;
}

/**
 * A coordinator's reminder to the chosen organisations of an open cycle, now. Its answer says why fewer
 * reminders were queued than accounts concerned: those accounts had this day's reminder already
 * (`alreadyReminded`, the latest at `remindedAt`); no account concerned at all is `recipients: 0`.
 */
export async function remindNow(db: Database, input: z.infer<typeof remindNowInput>, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const cycle = await q.cycleOfYear(trx, input.year);
    if (!cycle) throw new AppError('NOT_FOUND', refusal('no_cycle', { year: input.year }));
    if (cycle.status !== 'open') throw new AppError('CONFLICT', refusal('reminders_cycle_closed', { year: input.year }));
    const day = now.toISOString().slice(0, 10);
    const keyOf = (userId: number) => `reminder:${cycle.year}:manual:${day}:user:${userId}`;
    const concerned = await q.reminderRecipients(trx, cycle, { organizationIds: input.organizationIds });
    const before = await q.queuedUnderKeys(trx, concerned.map((r) => keyOf(r.userId)));
    const result = await queueReminders(trx, cycle, 'manual', keyOf, { organizationIds: input.organizationIds });
    return { ...result, alreadyReminded: before.count, remindedAt: before.latest };
  });
}

/**
 * The report workflow's messages (db/src/workflow.ts hands them over as data, in the transaction of the
 * step that caused them), composed here in each reader's language.
 */
export const workflowOutbox: WorkflowOutbox = {
  async queue(trx, messages) {
    const names = await q.organizationNames(trx, [...new Set(messages.map((m) => m.organizationId))]);
    for (const message of messages) await queueWorkflowMessage(trx, message, names.get(message.organizationId) ?? '');
  },
};

function queueWorkflowMessage(trx: Trx, message: WorkflowMessage, organizationName: string) {
  const report = { id: message.reportId, organizationId: message.organizationId, organizationName, year: message.year, version: message.version };
  return message.kind === 'report_submitted'
    ? queueReportSubmitted(trx, { ...report, late: message.late })
    : queueReportReturned(trx, { ...report, comment: message.comment });
}

/** A returned report: every signatory account of the organisation hears of it. */
async function queueReportReturned(
  trx: Trx,
  report: { id: number; organizationId: number; organizationName: string; year: number; version: number; comment: string },
) {
  const recipients = await q.signatoriesOf(trx, report.organizationId);
  return q.queueMessages(
    trx,
    recipients.map((r) => {
      const locale = r.locale ?? DEFAULT_LOCALE;
      const mail = reportReturnedMail(locale, { name: r.name, organization: report.organizationName, year: report.year, comment: report.comment });
      return {
        userId: r.id,
        email: r.email,
        locale,
        kind: 'report_returned' as const,
        stage: null,
        cycleYear: report.year,
        organizationId: report.organizationId,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        dedupeKey: `report_returned:${report.id}:v${report.version}:user:${r.id}`,
      };
    }),
  );
}

/** A submission: every active coordinator hears of it at once. */
async function queueReportSubmitted(
  trx: Trx,
  report: { id: number; organizationId: number; organizationName: string; year: number; version: number; late: boolean },
) {
  const recipients = await q.activeCoordinators(trx);
  return q.queueMessages(
    trx,
    recipients.map((r) => {
      const locale = r.locale ?? DEFAULT_LOCALE;
      const mail = reportSubmittedMail(locale, {
        name: r.name,
        organization: report.organizationName,
        organizationId: report.organizationId,
        year: report.year,
        version: report.version,
        late: report.late,
      });
      return {
        userId: r.id,
        email: r.email,
        locale,
        kind: 'report_submitted' as const,
        stage: null,
        cycleYear: report.year,
        organizationId: report.organizationId,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        dedupeKey: `report_submitted:${report.id}:v${report.version}:user:${r.id}`,
      };
    }),
  );
}

/**
 * In the transaction that creates a reset request: its mail, to the account's own address, stored with a
 * note where the link goes; the link is minted when the mail is sent (mailToSend, server/src/mail/sender.ts).
 */
export async function queuePasswordReset(
  trx: Trx,
  reset: { requestId: number; expiresAt: string; issuedByCoordinator: boolean; user: { id: number; email: string; name: string; locale: Locale | null } },
) {
  const locale = reset.user.locale ?? DEFAULT_LOCALE;
  const mail = passwordResetMail(locale, { name: reset.user.name, email: reset.user.email, token: null, expiresAt: reset.expiresAt, issuedByCoordinator: reset.issuedByCoordinator });
  return q.queueMessages(trx, [
    {
      userId: reset.user.id,
      email: reset.user.email,
      locale,
      kind: 'password_reset',
      stage: null,
      cycleYear: null,
      organizationId: null,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      dedupeKey: `password_reset:${reset.requestId}`,
      passwordResetId: reset.requestId,
    },
  ]);
}

/**
 * In the transaction that creates an invitation's request (users/invitations.service.ts): its mail, in the
 * language given, stored with a note where the link goes; the link is minted when the mail is sent.
 */
export async function queueInvitation(
  trx: Trx,
  invitation: {
    requestId: number;
    expiresAt: string;
    inviter: string;
    locale: Locale;
    user: { id: number; email: string; name: string; role: Role };
  },
) {
  const { user, locale } = invitation;
  const mail = invitationMail(locale, { ...user, inviter: invitation.inviter, token: null, expiresAt: invitation.expiresAt });
  return q.queueMessages(trx, [
    {
      userId: user.id,
      email: user.email,
      locale,
      kind: 'invitation',
      stage: null,
      cycleYear: null,
      organizationId: null,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      dedupeKey: `invitation:${invitation.requestId}`,
      passwordResetId: invitation.requestId,
    },
  ]);
}

export async function listMessages(db: Database, input: z.infer<typeof outboxListInput>) {
  const [messages, counts] = await Promise.all([
    q.listMessages(db, { status: input?.status, kind: input?.kind, cycleYear: input?.cycleYear, limit: input?.limit ?? 200 }),
    q.countByStatus(db),
  ]);
  return { delivering: isDeliveringMail(), counts, messages };
}

export async function getMessage(db: Database, id: number) {
  const message = await q.findMessage(db, id);
  if (!message) throw new AppError('NOT_FOUND', refusal('no_such_message'));
  // A reset mail is stored with a note where its link goes (the link exists only in the mail sent).
  return message;
}

function utcToday() {
  return new Date().toISOString().slice(0, 10);
}
