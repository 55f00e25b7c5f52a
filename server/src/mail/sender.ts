// The mail loop of a server process: every few seconds it delivers the outbox's due messages through
// SMTP (when SMTP_URL is set) and, every few minutes, runs the reminder scheduler. Several instances may
// run it on one PostgreSQL: a message is claimed with FOR UPDATE SKIP LOCKED and a lease before it is sent
// (outbox.queries.ts), and the scheduler is idempotent (unique dedupe keys), so nothing goes out twice.
// A delivery that fails is tried again later, each wait twice the last (1 min, 2, 4 … up to 6 h), and the
// message is marked failed after MAX_ATTEMPTS. Without SMTP_URL messages simply wait in the outbox.
// A mail with a secret link (a password reset) gets its link here, minted just before it is handed to SMTP.
// The loop is an edge of the server, like http/: it wires the outbox (features/outbox) to the links of
// auth (features/auth/reset-links.ts), which queues its mails through the outbox.
import nodemailer from 'nodemailer';
import type { Database } from '@lpt/db/connect';
import { mintResetLink } from '../features/auth/reset-links.ts';
import { invitationMail, passwordResetMail, type RenderedMail } from '../features/outbox/mail.ts';
import * as q from '../features/outbox/outbox.queries.ts';
import { queueScheduledReminders } from '../features/outbox/outbox.service.ts';

/** What the loop needs of a mail transport (nodemailer's, or a test's). */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string; html: string; headers: Record<string, string> }): Promise<unknown>;
  close?(): void;
}

export interface MailLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export const MAX_ATTEMPTS = 8;

export interface DeliveryOptions {
  from: string;
  /** The first retry's wait; each next one doubles, up to maxRetryMs. */
  retryBaseMs?: number;
  maxRetryMs?: number;
  maxAttempts?: number;
  /** How long a claimed message is kept from other instances while it is sent. */
  leaseMs?: number;
  batchSize?: number;
}

/** nodemailer over SMTP_URL, with timeouts shorter than the claim's lease. */
export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport({ url, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 });
}

/**
 * What goes out for a claimed message: the stored mail, or for a reset or invitation mail the same mail rendered again
 * with a link minted now (the link is in the message handed to SMTP and nowhere else). null: nothing to
 * send, the reset request having been used, retired or expired since it was queued.
 */
export async function mailToSend(db: Database, message: q.ClaimedMessage): Promise<RenderedMail | null> {
  if (message.passwordResetId === null) return { subject: message.subject, text: message.textBody, html: message.htmlBody };
  const link = await mintResetLink(db, message.passwordResetId);
  if (!link) return null;
  if (message.kind === 'invitation') return invitationMail(message.locale, { ...link, email: message.email });
  return passwordResetMail(message.locale, { ...link, email: message.email });
}

/** Sends the messages due now, once; returns how many were sent, retried and given up. */
export async function deliverDue(db: Database, transport: MailTransport, options: DeliveryOptions) {
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const maxRetryMs = options.maxRetryMs ?? 6 * 3_600_000;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const claimed = await q.claimDueMessages(db, { limit: options.batchSize ?? 20, leaseMs: options.leaseMs ?? 5 * 60_000 });
  const outcome = { sent: 0, retried: 0, failed: 0 };
  for (const message of claimed) {
    try {
      const mail = await mailToSend(db, message);
      if (!mail) {
        await q.markFailed(db, message.id, 'Not sent: the reset link was used, retired or expired before it could go');
        outcome.failed++;
        continue;
      }
      await transport.sendMail({
        from: options.from,
        to: message.email,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'Content-Language': message.locale },
      });
      await q.markSent(db, message.id);
      outcome.sent++;
    } catch (error) {
      const reason = String((error as Error)?.message ?? error).slice(0, 1000);
      if (message.attempts >= maxAttempts) {
        await q.markFailed(db, message.id, reason);
        outcome.failed++;
      } else {
        await q.markRetry(db, message.id, reason, Math.min(retryBaseMs * 2 ** (message.attempts - 1), maxRetryMs));
        outcome.retried++;
      }
    }
  }
  return outcome;
}

export interface MailLoopOptions extends DeliveryOptions {
  db: Database;
  /** null: nothing is sent (no SMTP_URL); the scheduler still queues. */
  transport: MailTransport | null;
  log?: MailLog;
  /** How often the outbox is looked at. */
  deliverEveryMs?: number;
  /** How often the reminder scheduler runs. */
  scheduleEveryMs?: number;
  /** The clock of the scheduler (tests move it). */
  now?: () => Date;
}

export interface MailLoop {
  /** Runs one pass (scheduler if due, then delivery) and resolves when it is done. */
  runOnce(): Promise<void>;
  /** Stops the timer, waits for the pass under way and closes the transport. */
  stop(): Promise<void>;
}

export function startMailLoop(options: MailLoopOptions): MailLoop {
  const deliverEveryMs = options.deliverEveryMs ?? 5_000;
  const scheduleEveryMs = options.scheduleEveryMs ?? 10 * 60_000;
  const now = options.now ?? (() => new Date());
  let lastSchedule = -Infinity;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const pass = async () => {
    try {
      if (Date.now() - lastSchedule >= scheduleEveryMs) {
        lastSchedule = Date.now();
        const queued = await queueScheduledReminders(options.db, now());
        if (queued > 0) options.log?.info({ queued }, 'reminders queued');
      }
      if (options.transport) {
        let outcome;
        // Keep going while full batches come back: a backlog drains without waiting for the timer.
        do {
          outcome = await deliverDue(options.db, options.transport, options);
          if (outcome.sent + outcome.retried + outcome.failed > 0) options.log?.info(outcome, 'outbox delivery');
        } while (!stopped && outcome.sent + outcome.retried + outcome.failed >= (options.batchSize ?? 20));
      }
    } catch (error) {
      // The database may be down for a moment: the next pass tries again.
      options.log?.warn({ err: error }, 'mail loop pass failed');
    }
  };

  const runOnce = () => {
    running = running.then(pass);
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), deliverEveryMs);
    timer.unref?.();
  };
  void runOnce().then(schedule);

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      options.transport?.close?.();
    },
  };
}
