// E-mail through the transactional outbox, delivered to a real SMTP server started here (smtp-server as
// the receiver, mailparser to read what arrived): who gets which reminder, in which language; a cycle's
// opening and its reminders commit or fail together; nothing is sent twice, even by two sender loops on
// one database; an SMTP outage delays mail but loses none.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Database } from '@lpt/db/connect';
import type { Locale } from '@lpt/shared/enums';
import { queueScheduledReminders, reminderStageOn } from '@lpt/server/features/outbox/outbox.service';
import { deliverDue, smtpTransport, startMailLoop, type MailTransport } from '@lpt/server/mail/sender';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { failureOf, useReportDatabase } from '../factories/reports.ts';
import { startSmtpServer, type TestSmtpServer } from '../setup/smtp.ts';

const getDb = useReportDatabase();
let smtp: TestSmtpServer;
let transport: MailTransport;

beforeAll(async () => {
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
});
afterAll(async () => {
  transport?.close?.();
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.mode = 'accept';
});

const FROM = 'Pledge secretariat <secretariat@pledge.test>';
const DAY = 86_400_000;
const isoDay = (offsetDays: number, from = new Date()) => new Date(from.getTime() + offsetDays * DAY).toISOString().slice(0, 10);
/** Fast retries for the tests: the back-off's first wait is 1 ms. */
const deliver = (db: Database, options: { maxAttempts?: number } = {}) => deliverDue(db, transport, { from: FROM, retryBaseMs: 1, ...options });

async function signatory(db: Database, organizationId: number, options: { locale?: Locale; remindersEnabled?: boolean; active?: boolean; name?: string } = {}) {
  const user = await createUser(db, 'signatory', organizationId, {
    ...(options.active === false ? { active: false } : {}),
    ...(options.name ? { name: options.name } : {}),
  });
  await db
    .updateTable('users')
    .set({ locale: options.locale ?? null, remindersEnabled: options.remindersEnabled ?? true })
    .where('id', '=', user.id)
    .execute();
  return { ...user, locale: options.locale ?? null };
}

function outbox(db: Database) {
  return db
    .selectFrom('outboxMessages')
    .select(['id', 'email', 'locale', 'kind', 'stage', 'cycleYear', 'subject', 'textBody', 'htmlBody', 'status', 'attempts', 'lastError', 'dedupeKey'])
    .orderBy('id')
    .execute();
}

/** Organisations and accounts of every kind a reminder must tell apart. */
async function pledgeWithAccounts(db: Database, year: number, dueOn: string) {
  const tejido = await createOrganization(db, { name: 'Fundación <Tejido> & Andino', signedOn: '2020-01-01' });
  const pamoja = await createOrganization(db, { name: 'Pamoja Horizons Trust', signedOn: '2020-01-01' });
  const lateSigner = await createOrganization(db, { name: 'Signed After The Due Date', signedOn: isoDay(10, new Date(`${dueOn}T00:00:00Z`)) });
  const withdrawn = await createOrganization(db, { name: 'Withdrawn Early', signedOn: '2020-01-01', withdrawnOn: '2021-01-01' });
  const accounts = {
    spanish: await signatory(db, tejido.id, { locale: 'es', name: 'Lucía <b>Pérez</b>' }),
    french: await signatory(db, pamoja.id, { locale: 'fr', name: 'Amina Diallo' }),
    english: await signatory(db, pamoja.id, { name: 'Grace Otieno' }),
    optedOut: await signatory(db, pamoja.id, { remindersEnabled: false }),
    inactive: await signatory(db, tejido.id, { active: false }),
    lateSigner: await signatory(db, lateSigner.id),
    withdrawn: await signatory(db, withdrawn.id),
    coordinator: await createUser(db, 'coordinator'),
    donor: await createUser(db, 'donor'),
  };
  return { year, dueOn, organizations: { tejido, pamoja, lateSigner, withdrawn }, accounts };
}

describe('opening a cycle', () => {
  it('queues an opening reminder for each signatory account concerned, in its language, and delivers each once', async () => {
    const { db } = getDb();
    const dueOn = isoDay(60);
    const p = await pledgeWithAccounts(db, 2030, dueOn);
    const coordinator = callerFor(db, p.accounts.coordinator);

    await coordinator.cycles.upsert({ year: 2030, opensOn: isoDay(-1), dueOn, status: 'open' });

    const queued = await outbox(db);
    expect(queued.map((m) => m.email).sort()).toEqual([p.accounts.english.email, p.accounts.french.email, p.accounts.spanish.email].sort());
    expect(queued.every((m) => m.kind === 'reminder' && m.stage === 'opening' && m.cycleYear === 2030 && m.status === 'queued')).toBe(true);

    const sent = await deliver(db);
    expect(sent).toEqual({ sent: 3, retried: 0, failed: 0 });
    const byRecipient = Object.fromEntries(smtp.received.map((m) => [m.to, m]));
    expect(Object.keys(byRecipient).sort()).toEqual(queued.map((m) => m.email).sort());

    const spanish = byRecipient[p.accounts.spanish.email]!;
    expect(spanish.subject).toBe('El informe de avance 2030 está abierto: Fundación <Tejido> & Andino');
    expect(spanish.language).toBe('es');
    expect(spanish.from).toBe('secretariat@pledge.test');
    expect(spanish.text).toContain('Hola, Lucía <b>Pérez</b>:');
    expect(spanish.text).toContain('http://localhost:3000/report/2030');
    // People's names reach the HTML as text, never as markup.
    expect(spanish.html).toContain('Fundación &lt;Tejido&gt; &amp; Andino');
    expect(spanish.html).toContain('Lucía &lt;b&gt;Pérez&lt;/b&gt;');
    expect(spanish.html).not.toContain('<b>Pérez</b>');
    expect(spanish.html).toContain('href="http://localhost:3000/report/2030"');

    const french = byRecipient[p.accounts.french.email]!;
    expect(french.subject).toBe('Le rapport d’avancement 2030 est ouvert : Pamoja Horizons Trust');
    expect(french.text).toContain(new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${dueOn}T00:00:00Z`)));
    const english = byRecipient[p.accounts.english.email]!;
    expect(english.subject).toBe('The 2030 progress report is open: Pamoja Horizons Trust');
    expect(english.text).toContain('Hello Grace Otieno,');

    // Delivered once: another pass finds nothing due.
    expect(await deliver(db)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(3);
    expect((await outbox(db)).every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);

    // Saving the open cycle again (a new due date) is no new opening: nothing more is queued.
    await coordinator.cycles.upsert({ year: 2030, opensOn: isoDay(-1), dueOn: isoDay(61), status: 'open' });
    expect(await outbox(db)).toHaveLength(3);
  });

  it('queues nothing when the opening fails, and does not open the cycle when queueing fails', async () => {
    const { db } = getDb();
    const p = await pledgeWithAccounts(db, 2031, isoDay(60));
    const coordinator = callerFor(db, p.accounts.coordinator);
    // The database refuses the cycle at commit, after its reminders were queued in the transaction.
    await sql`create function refuse_2031() returns trigger language plpgsql as $$ begin raise exception 'refused at commit'; end $$`.execute(db);
    await sql`create constraint trigger refuse_2031 after insert or update on reporting_cycles deferrable initially deferred
      for each row when (new.year = 2031) execute function refuse_2031()`.execute(db);
    try {
      await expect(coordinator.cycles.upsert({ year: 2031, opensOn: isoDay(-1), dueOn: isoDay(60), status: 'open' })).rejects.toThrow();
      expect(await db.selectFrom('reportingCycles').select('year').where('year', '=', 2031).execute()).toEqual([]);
      expect(await outbox(db)).toEqual([]);
    } finally {
      await sql`drop trigger refuse_2031 on reporting_cycles`.execute(db);
      await sql`drop function refuse_2031()`.execute(db);
    }

    // The other way round: a message the outbox refuses leaves the cycle unopened.
    await sql`create function refuse_mail() returns trigger language plpgsql as $$ begin raise exception 'outbox refused'; end $$`.execute(db);
    await sql`create trigger refuse_mail before insert on outbox_messages for each row execute function refuse_mail()`.execute(db);
    try {
      await expect(coordinator.cycles.upsert({ year: 2031, opensOn: isoDay(-1), dueOn: isoDay(60), status: 'open' })).rejects.toThrow();
      expect(await db.selectFrom('reportingCycles').select('year').where('year', '=', 2031).execute()).toEqual([]);
    } finally {
      await sql`drop trigger refuse_mail on outbox_messages`.execute(db);
      await sql`drop function refuse_mail()`.execute(db);
    }
    await coordinator.cycles.upsert({ year: 2031, opensOn: isoDay(-1), dueOn: isoDay(60), status: 'open' });
    expect(await outbox(db)).toHaveLength(3);
  });

  it('waits for the opening day when a cycle is opened ahead of it, then the scheduler sends the opening reminder', async () => {
    const { db } = getDb();
    const opensOn = isoDay(5);
    const p = await pledgeWithAccounts(db, 2032, isoDay(90));
    await callerFor(db, p.accounts.coordinator).cycles.upsert({ year: 2032, opensOn, dueOn: isoDay(90), status: 'open' });
    expect(await outbox(db)).toEqual([]);
    expect(await queueScheduledReminders(db, new Date())).toBe(0);
    expect(await queueScheduledReminders(db, new Date(`${opensOn}T08:00:00Z`))).toBe(3);
    expect((await outbox(db)).map((m) => m.stage)).toEqual(['opening', 'opening', 'opening']);
  });
});

describe('scheduled reminders', () => {
  it('go out 30 and 7 days before the due date and once overdue, once per account and stage, never after a submission', async () => {
    const { db } = getDb();
    const dueOn = isoDay(25);
    const p = await pledgeWithAccounts(db, 2033, dueOn);
    await createCycle(db, 2033, { opensOn: isoDay(-40), dueOn });
    const due = new Date(`${dueOn}T09:00:00Z`);

    // 25 days before: the 30-day stage, for the three accounts; running it again (another instance) adds none.
    expect(await queueScheduledReminders(db, new Date())).toBe(3);
    expect(await queueScheduledReminders(db, new Date())).toBe(0);

    // Pamoja submits: its accounts hear no more, and every coordinator hears of the submission.
    const french = callerFor(db, p.accounts.french);
    const { version } = await french.reports.saveDraft({ organizationId: p.organizations.pamoja.id, year: 2033, expectedVersion: 0, data: completeReportData() });
    await french.reports.submit({ organizationId: p.organizations.pamoja.id, year: 2033, expectedVersion: version });

    expect(await queueScheduledReminders(db, new Date(due.getTime() - 7 * DAY))).toBe(1);
    expect(await queueScheduledReminders(db, new Date(due.getTime() + DAY))).toBe(1);
    expect(await queueScheduledReminders(db, new Date(due.getTime() + 9 * DAY))).toBe(0);

    const reminders = (await outbox(db)).filter((m) => m.kind === 'reminder');
    const stagesOf = (email: string) => reminders.filter((m) => m.email === email).map((m) => m.stage);
    expect(stagesOf(p.accounts.spanish.email)).toEqual(['due_30', 'due_7', 'overdue']);
    expect(stagesOf(p.accounts.french.email)).toEqual(['due_30']);
    expect(stagesOf(p.accounts.english.email)).toEqual(['due_30']);
    expect(stagesOf(p.accounts.optedOut.email)).toEqual([]);
    expect(reminders.find((m) => m.stage === 'overdue')!.subject).toBe('El informe de avance 2033 está vencido: Fundación <Tejido> & Andino');

    const submitted = (await outbox(db)).filter((m) => m.kind === 'report_submitted');
    expect(submitted.map((m) => m.email)).toEqual([p.accounts.coordinator.email]);
    expect(submitted[0]!.subject).toBe('Submitted for review: Pamoja Horizons Trust, 2033');
  });

  it('two instances scheduling at the same moment queue each account’s stage once', async () => {
    const { db, databaseUrl } = getDb();
    const p = await pledgeWithAccounts(db, 2040, isoDay(20));
    await createCycle(db, 2040, { opensOn: isoDay(-30), dueOn: isoDay(20) });
    // On PostgreSQL the other instance has its own connections, so both passes really run at once.
    const other = databaseUrl ? await connect({ databaseUrl, maxConnections: 2 }) : null;
    try {
      const passes = await Promise.all([db, other?.db ?? db, db, other?.db ?? db].map((instance) => queueScheduledReminders(instance)));
      expect(passes.reduce((a, b) => a + b, 0)).toBe(3);
    } finally {
      await other?.close();
    }
    const reminders = await outbox(db);
    expect(reminders.map((m) => m.email).sort()).toEqual([p.accounts.english.email, p.accounts.french.email, p.accounts.spanish.email].sort());
  });

  it('name the stage a cycle is in on a given day', () => {
    const cycle = { year: 2034, opensOn: '2035-01-01', dueOn: '2035-03-31', status: 'open' as const };
    expect(reminderStageOn(cycle, '2034-12-31')).toBeNull();
    expect(reminderStageOn(cycle, '2035-01-01')).toBe('opening');
    expect(reminderStageOn(cycle, '2035-03-01')).toBe('due_30');
    expect(reminderStageOn(cycle, '2035-03-24')).toBe('due_7');
    expect(reminderStageOn(cycle, '2035-03-31')).toBe('due_7');
    expect(reminderStageOn(cycle, '2035-04-01')).toBe('overdue');
    expect(reminderStageOn({ ...cycle, status: 'closed' }, '2035-04-01')).toBeNull();
  });
});

describe('a coordinator reminds chosen organisations now', () => {
  it('reaches only their accounts, at most once a day, and only for an open cycle', async () => {
    const { db } = getDb();
    const p = await pledgeWithAccounts(db, 2035, isoDay(40));
    await createCycle(db, 2035, { opensOn: isoDay(-10), dueOn: isoDay(40) });
    await createCycle(db, 2036, { opensOn: isoDay(-10), dueOn: isoDay(40), status: 'closed' });
    const coordinator = callerFor(db, p.accounts.coordinator);

    expect(await coordinator.outbox.remindNow({ year: 2035, organizationIds: [p.organizations.tejido.id] })).toEqual({
      recipients: 1,
      queued: 1,
      alreadyReminded: 0,
      remindedAt: null,
    });
    // Again the same day: nothing queued, and the answer says why (the account had today's reminder, at that time).
    const first = await db.selectFrom('outboxMessages').select('createdAt').where('stage', '=', 'manual').executeTakeFirstOrThrow();
    expect(await coordinator.outbox.remindNow({ year: 2035, organizationIds: [p.organizations.tejido.id] })).toEqual({
      recipients: 1,
      queued: 0,
      alreadyReminded: 1,
      remindedAt: new Date(first.createdAt).toISOString(),
    });
    const messages = await outbox(db);
    expect(messages.map((m) => [m.email, m.stage])).toEqual([[p.accounts.spanish.email, 'manual']]);
    expect(messages[0]!.subject).toBe('Recordatorio: el informe de avance 2035 de Fundación <Tejido> & Andino');

    expect((await failureOf(coordinator.outbox.remindNow({ year: 2036, organizationIds: [p.organizations.tejido.id] }))).code).toBe('CONFLICT');
    expect((await failureOf(coordinator.outbox.remindNow({ year: 2035, organizationIds: [] }))).code).toBe('BAD_REQUEST');
    expect((await failureOf(callerFor(db, p.accounts.french).outbox.remindNow({ year: 2035, organizationIds: [p.organizations.pamoja.id] }))).code).toBe('FORBIDDEN');
    expect(await outbox(db)).toHaveLength(1);

    const listed = await coordinator.outbox.list({ kind: 'reminder' });
    expect(listed.counts).toEqual({ queued: 1, sent: 0, failed: 0 });
    expect(listed.messages.map((m) => m.recipientName)).toEqual(['Lucía <b>Pérez</b>']);
    const shown = await coordinator.outbox.get({ id: listed.messages[0]!.id });
    expect(shown.textBody).toContain('La secretaría del compromiso le recuerda');
  });
});

describe('workflow mails', () => {
  it('a returned report mails each signatory account of the organisation, opted out or not, with the comment', async () => {
    const { db } = getDb();
    const p = await pledgeWithAccounts(db, 2037, isoDay(40));
    await createCycle(db, 2037, { opensOn: isoDay(-10), dueOn: isoDay(40) });
    const english = callerFor(db, p.accounts.english);
    const { version } = await english.reports.saveDraft({ organizationId: p.organizations.pamoja.id, year: 2037, expectedVersion: 0, data: completeReportData() });
    await english.reports.submit({ organizationId: p.organizations.pamoja.id, year: 2037, expectedVersion: version });
    await callerFor(db, p.accounts.coordinator).reports.review({
      organizationId: p.organizations.pamoja.id,
      year: 2037,
      decision: 'return',
      comment: 'Please split <pooled> funds & explain.',
    });

    const returned = (await outbox(db)).filter((m) => m.kind === 'report_returned');
    expect(returned.map((m) => m.email).sort()).toEqual([p.accounts.english.email, p.accounts.french.email, p.accounts.optedOut.email].sort());
    await deliver(db);
    const french = smtp.received.find((m) => m.to === p.accounts.french.email)!;
    expect(french.subject).toBe('Votre rapport d’avancement 2037 a été renvoyé : Pamoja Horizons Trust');
    expect(french.text).toContain('> Please split <pooled> funds & explain.');
    expect(french.html).toContain('Please split &lt;pooled&gt; funds &amp; explain.');
    expect(smtp.received.find((m) => m.to === p.accounts.coordinator.email)!.subject).toBe('Submitted for review: Pamoja Horizons Trust, 2037');
  });
});

describe('delivery', () => {
  it('an SMTP outage (4xx answers, then the server down) delays mail but loses none, and the last try marks it failed', async () => {
    const { db } = getDb();
    const p = await pledgeWithAccounts(db, 2038, isoDay(40));
    await callerFor(db, p.accounts.coordinator).cycles.upsert({ year: 2038, opensOn: isoDay(-1), dueOn: isoDay(40), status: 'open' });

    smtp.mode = 'tempfail';
    expect(await deliver(db)).toEqual({ sent: 0, retried: 3, failed: 0 });
    let messages = await outbox(db);
    expect(messages.every((m) => m.status === 'queued' && m.attempts === 1 && /451/.test(m.lastError ?? ''))).toBe(true);

    await smtp.stop();
    try {
      await new Promise((r) => setTimeout(r, 5));
      expect(await deliver(db)).toEqual({ sent: 0, retried: 3, failed: 0 });
      messages = await outbox(db);
      expect(messages.every((m) => m.status === 'queued' && m.attempts === 2 && m.lastError)).toBe(true);
    } finally {
      await smtp.start();
    }
    smtp.mode = 'accept';
    await new Promise((r) => setTimeout(r, 5));
    expect(await deliver(db)).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to).sort()).toEqual(messages.map((m) => m.email).sort());
    expect((await outbox(db)).every((m) => m.status === 'sent' && m.attempts === 3 && m.lastError === null)).toBe(true);

    // A message that keeps failing is given up after the last try, and shown as failed.
    await callerFor(db, p.accounts.coordinator).outbox.remindNow({ year: 2038, organizationIds: [p.organizations.tejido.id] });
    smtp.mode = 'tempfail';
    expect(await deliver(db, { maxAttempts: 2 })).toEqual({ sent: 0, retried: 1, failed: 0 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await deliver(db, { maxAttempts: 2 })).toEqual({ sent: 0, retried: 0, failed: 1 });
    const failed = (await outbox(db)).filter((m) => m.status === 'failed');
    expect(failed.map((m) => [m.email, m.attempts])).toEqual([[p.accounts.spanish.email, 2]]);
    expect(await deliver(db)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('two sender loops on one database send every message exactly once', async () => {
    const { db, databaseUrl } = getDb();
    const organization = await createOrganization(db, { signedOn: '2020-01-01' });
    for (let i = 0; i < 40; i++) await signatory(db, organization.id);
    const coordinator = await createUser(db, 'coordinator');
    await callerFor(db, coordinator).cycles.upsert({ year: 2039, opensOn: isoDay(-1), dueOn: isoDay(40), status: 'open' });
    expect(await outbox(db)).toHaveLength(40);

    // On PostgreSQL the second loop is another instance: its own connection pool.
    const other = databaseUrl ? await connect({ databaseUrl, maxConnections: 3 }) : null;
    const second = smtpTransport(smtp.url);
    const loops = [db, other?.db ?? db].map((loopDb, i) =>
      startMailLoop({ db: loopDb, transport: i === 0 ? transport : second, from: FROM, deliverEveryMs: 10, batchSize: 3, scheduleEveryMs: 60_000 }),
    );
    try {
      await expect.poll(async () => (await outbox(db)).filter((m) => m.status === 'sent').length, { timeout: 20_000 }).toBe(40);
    } finally {
      await Promise.all(loops.map((l) => l.stop()));
      await other?.close();
    }
    const recipients = smtp.received.map((m) => m.to);
    expect(recipients).toHaveLength(40);
    expect(new Set(recipients).size).toBe(40);
    expect((await outbox(db)).every((m) => m.attempts === 1)).toBe(true);
  });
});
