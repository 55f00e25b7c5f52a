// Invitations (issue 19): a coordinator invites a person by e-mail; the mail goes through the outbox to a
// real SMTP receiver, its link minted when it is sent (the reset-link machinery); the link sets the
// person's own password once, after which they sign in. Resending kills the earlier link, withdrawing kills
// the link and the account, an expired link is refused; no table holds a usable link; only coordinators
// invite, and a refused invitation writes nothing. Until accepted, the account signs in with nothing and is
// mailed nothing else.
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@lpt/db/connect';
import { MAX_FAILURES_PER_ADDRESS, sessionIdOf } from '@lpt/server/features/auth/auth.service';
import { verifyPassword } from '@lpt/server/features/auth/passwords';
import { deliverDue, smtpTransport, type MailTransport } from '@lpt/server/mail/sender';
import type { AppError } from '@lpt/server/errors';
import { callerFor, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { failureOf, useReportDatabase } from '../factories/reports.ts';
import { dumpDatabase } from '../security/dump.ts';
import { startSmtpServer, type TestSmtpServer } from '../setup/smtp.ts';

const getDb = useReportDatabase();
const PASSWORD = 'harbour-lantern-violet-58';
const INVALID_LINK = ['This link is invalid, has expired or was already used: ask for a new one'];
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
});

const LINK = /\/accept-invitation\?token=([A-Za-z0-9_%-]+)/;
/** Sends what the outbox holds; the invitation tokens that arrived for `email`, oldest first. */
async function deliveredTokens(db: Database, email: string) {
  await deliverDue(db, transport, { from: 'Pledge secretariat <secretariat@pledge.test>', retryBaseMs: 1 });
  return smtp.received.filter((m) => m.to === email && LINK.test(m.text)).map((m) => decodeURIComponent(LINK.exec(m.text)![1]!));
}
function invitationMails(db: Database) {
  return db.selectFrom('outboxMessages').select(['id', 'email', 'locale', 'subject', 'textBody', 'htmlBody', 'status', 'lastError']).where('kind', '=', 'invitation').orderBy('id').execute();
}
function auditOf(db: Database, userId: number) {
  return db.selectFrom('auditLog').select(['action', 'actorId']).where('entity', '=', 'user').where('entityKey', '=', String(userId)).orderBy('id').execute();
}
/** A caller at an address of its own, so that the per-address limits of link tries do not add up. */
const anonymousAt = (db: Database, i: number) => callerFor(db, null, `198.51.${(i >> 8) & 255}.${i & 255}`);
async function refusalOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, refusal: (error.cause as AppError | undefined)?.refusal?.code };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

async function setUp(db: Database) {
  const organization = await createOrganization(db, { name: 'Mekong Returnees Association' });
  const coordinatorUser = await createUser(db, 'coordinator', null, { name: 'Ines Moreau' });
  return { organization, coordinatorUser, coordinator: callerFor(db, coordinatorUser) };
}

describe('an invitation', () => {
  it('mails a link in the chosen language that sets the password once; the person then signs in, and the link is refused after', async () => {
    const { db } = getDb();
    const { organization, coordinator, coordinatorUser } = await setUp(db);
    const { id } = await coordinator.users.invite({ email: 'lan.pham@mekong.example', name: 'Lan Pham', role: 'signatory', organizationId: organization.id, locale: 'fr' });

    // Pending: listed apart, not among the accounts; the outbox holds the mail with a note where the link goes.
    expect((await coordinator.users.list()).map((u) => u.email)).not.toContain('lan.pham@mekong.example');
    const [pending] = await coordinator.users.invitations();
    expect(pending).toMatchObject({ id, email: 'lan.pham@mekong.example', role: 'signatory', organizationName: organization.name, invitedBy: 'Ines Moreau', expired: false });
    const [stored] = await invitationMails(db);
    expect(stored).toMatchObject({ email: 'lan.pham@mekong.example', locale: 'fr', status: 'queued', subject: 'Vous êtes invité·e sur le Localization Pledge Tracker' });
    expect(stored!.textBody).toContain('[le lien est créé à l’envoi de ce courriel et n’est pas conservé ici]');
    expect(stored!.textBody + stored!.htmlBody).not.toContain('token=');

    // Before accepting, no password signs in: not even the one the sign-in checks unknown accounts against.
    for (const password of [PASSWORD, 'not-a-real-password-only-for-timing', ''])
      expect(await refusalOf(callerFor(db, null).auth.login({ email: 'lan.pham@mekong.example', password: password || 'x' }))).toEqual({ code: 'UNAUTHORIZED', refusal: 'wrong_credentials' });

    const [token] = await deliveredTokens(db, 'lan.pham@mekong.example');
    const mail = smtp.received.find((m) => m.to === 'lan.pham@mekong.example')!;
    expect(mail.text).toContain('Ines Moreau, du secrétariat de l’engagement, vous a invité·e');
    expect(mail.text).toContain('Votre rôle : Signataire.');
    // Only the token's hash is stored, once the mail went.
    expect(await db.selectFrom('passwordResetTokens').select('tokenHash').where('userId', '=', id).execute()).toEqual([{ tokenHash: sessionIdOf(token!) }]);

    expect(await anonymousAt(db, 1).auth.resetPassword({ token: token!, newPassword: PASSWORD })).toEqual({ ok: true });
    const { passwordHash } = await db.selectFrom('users').select('passwordHash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(await verifyPassword(passwordHash, PASSWORD)).toBe(true);
    const signedIn = await callerFor(db, null).auth.login({ email: 'lan.pham@mekong.example', password: PASSWORD });
    expect(signedIn.user).toMatchObject({ id, role: 'signatory', organizationId: organization.id, locale: 'fr' });
    expect(await coordinator.users.invitations()).toEqual([]);
    expect((await coordinator.users.list()).map((u) => u.email)).toContain('lan.pham@mekong.example');

    // The same link again: refused, and the password stays.
    const refused = await failureOf(anonymousAt(db, 2).auth.resetPassword({ token: token!, newPassword: 'another-sound-phrase-31' }));
    expect(refused.fieldErrors.token).toEqual(INVALID_LINK);
    expect((await db.selectFrom('users').select('passwordHash').where('id', '=', id).executeTakeFirstOrThrow()).passwordHash).toBe(passwordHash);

    expect(await auditOf(db, id)).toEqual([
      { action: 'invite', actorId: coordinatorUser.id },
      { action: 'accept_invitation', actorId: id },
    ]);
  });

  it('goes out in the inviter’s language when none is chosen', async () => {
    const { db } = getDb();
    const { coordinator, coordinatorUser } = await setUp(db);
    await db.updateTable('users').set({ locale: 'es' }).where('id', '=', coordinatorUser.id).execute();
    await coordinator.users.invite({ email: 'donor@fund.example', name: 'Ana Ruiz', role: 'donor' });
    const [stored] = await invitationMails(db);
    expect(stored).toMatchObject({ locale: 'es', subject: 'Le invitan al Localization Pledge Tracker' });
  });

  it('resent: a fresh link works and the earlier one is dead, whether its mail went or was still queued', async () => {
    const { db } = getDb();
    const { coordinator, coordinatorUser } = await setUp(db);
    const { id } = await coordinator.users.invite({ email: 'kofi@donor.example', name: 'Kofi Mensah', role: 'donor' });
    const [first] = await deliveredTokens(db, 'kofi@donor.example');
    await coordinator.users.resendInvitation({ id });
    // A resend whose mail has not gone yet is overtaken by the next: only the newest mail goes out.
    await coordinator.users.resendInvitation({ id });
    const tokens = await deliveredTokens(db, 'kofi@donor.example');
    expect(tokens).toHaveLength(2);
    const latest = tokens[1]!;
    const mails = await invitationMails(db);
    expect(mails.map((m) => m.status)).toEqual(['sent', 'failed', 'sent']);

    expect((await failureOf(anonymousAt(db, 3).auth.resetPassword({ token: first!, newPassword: PASSWORD }))).fieldErrors.token).toEqual(INVALID_LINK);
    expect(await anonymousAt(db, 4).auth.resetPassword({ token: latest, newPassword: PASSWORD })).toEqual({ ok: true });
    expect((await auditOf(db, id)).map((a) => [a.action, a.actorId])).toEqual([
      ['invite', coordinatorUser.id],
      ['resend_invitation', coordinatorUser.id],
      ['resend_invitation', coordinatorUser.id],
      ['accept_invitation', id],
    ]);
    // Accepted: there is nothing left to resend or withdraw.
    expect(await refusalOf(coordinator.users.resendInvitation({ id }))).toEqual({ code: 'NOT_FOUND', refusal: 'no_such_invitation' });
    expect(await refusalOf(coordinator.users.withdrawInvitation({ id }))).toEqual({ code: 'NOT_FOUND', refusal: 'no_such_invitation' });
  });

  it('withdrawn: the link is refused, the account is gone, its mails stay in the outbox and the address can be invited again', async () => {
    const { db } = getDb();
    const { coordinator, coordinatorUser } = await setUp(db);
    const { id } = await coordinator.users.invite({ email: 'sara@donor.example', name: 'Sara Lind', role: 'donor' });
    const [token] = await deliveredTokens(db, 'sara@donor.example');
    await coordinator.users.resendInvitation({ id });
    await coordinator.users.withdrawInvitation({ id });

    expect((await failureOf(anonymousAt(db, 5).auth.resetPassword({ token: token!, newPassword: PASSWORD }))).fieldErrors.token).toEqual(INVALID_LINK);
    expect(await db.selectFrom('users').select('id').where('email', '=', 'sara@donor.example').execute()).toEqual([]);
    expect(await coordinator.users.invitations()).toEqual([]);
    // The mail that went is kept; the one still queued is given up, not sent with a dead link.
    const mails = await invitationMails(db);
    expect(mails.map((m) => [m.status, m.lastError])).toEqual([
      ['sent', null],
      ['failed', 'Not sent: the invitation was withdrawn'],
    ]);
    expect(await deliveredTokens(db, 'sara@donor.example')).toHaveLength(1);
    expect(await auditOf(db, id)).toEqual([
      { action: 'invite', actorId: coordinatorUser.id },
      { action: 'resend_invitation', actorId: coordinatorUser.id },
      { action: 'withdraw_invitation', actorId: coordinatorUser.id },
    ]);
    expect(await refusalOf(coordinator.users.withdrawInvitation({ id }))).toEqual({ code: 'NOT_FOUND', refusal: 'no_such_invitation' });

    const again = await coordinator.users.invite({ email: 'sara@donor.example', name: 'Sara Lind', role: 'donor' });
    expect(again.id).not.toBe(id);
  });

  it('expires: its link is refused, the list says so, and a resend gives a link that works', async () => {
    const { db } = getDb();
    const { coordinator } = await setUp(db);
    const { id } = await coordinator.users.invite({ email: 'late@donor.example', name: 'Omar Farouk', role: 'donor' });
    const [token] = await deliveredTokens(db, 'late@donor.example');
    await sql`update password_reset_tokens set expires_at = now() - interval '1 minute' where user_id = ${id}`.execute(db);
    expect((await failureOf(anonymousAt(db, 6).auth.resetPassword({ token: token!, newPassword: PASSWORD }))).fieldErrors.token).toEqual(INVALID_LINK);
    expect((await coordinator.users.invitations())[0]).toMatchObject({ id, expired: true });
    // "Forgot your password?" does not reopen an invitation: nothing is mailed.
    await callerFor(db, null, '192.0.2.60').auth.requestPasswordReset({ email: 'late@donor.example' });
    expect(await db.selectFrom('outboxMessages').select('id').where('kind', '=', 'password_reset').execute()).toEqual([]);

    await coordinator.users.resendInvitation({ id });
    expect((await coordinator.users.invitations())[0]).toMatchObject({ id, expired: false });
    const [, fresh] = await deliveredTokens(db, 'late@donor.example');
    expect(await anonymousAt(db, 7).auth.resetPassword({ token: fresh!, newPassword: PASSWORD })).toEqual({ ok: true });
  });

  it('is refused for an address that has an account or a pending invitation, and for an unknown organisation', async () => {
    const { db } = getDb();
    const { coordinator } = await setUp(db);
    const existing = await createUser(db, 'donor', null, { email: 'taken@donor.example' });
    await coordinator.users.invite({ email: 'pending@donor.example', name: 'Pending Person', role: 'donor' });
    for (const email of [existing.email, 'pending@donor.example'])
      expect(await refusalOf(coordinator.users.invite({ email, name: 'Someone Else', role: 'donor' }))).toEqual({ code: 'CONFLICT', refusal: 'email_taken' });
    const noOrg = await failureOf(coordinator.users.invite({ email: 'x@y.example', name: 'X Y', role: 'signatory', organizationId: 999_999 }));
    expect(noOrg.fieldErrors.organizationId).toEqual(['No such organisation']);
    expect(await invitationMails(db)).toHaveLength(1);
  });

  it('gets no reminder or workflow mail before it is accepted', async () => {
    const { db } = getDb();
    const { organization, coordinator } = await setUp(db);
    await createCycle(db, 2026, { opensOn: '2026-01-01', dueOn: '2099-12-31' });
    await coordinator.users.invite({ email: 'new.signatory@mekong.example', name: 'Vy Tran', role: 'signatory', organizationId: organization.id });
    await coordinator.users.invite({ email: 'new.coordinator@pledge.example', name: 'Rui Costa', role: 'coordinator' });
    await coordinator.outbox.remindNow({ year: 2026, organizationIds: [organization.id] });
    const mailed = await db.selectFrom('outboxMessages').select(['email', 'kind']).where('kind', '<>', 'invitation').execute();
    expect(mailed.map((m) => m.email)).not.toContain('new.signatory@mekong.example');
    // A signatory account with a password is reminded (the call did remind).
    const signatory = await createUser(db, 'signatory', organization.id, { email: 'old.signatory@mekong.example' });
    await coordinator.outbox.remindNow({ year: 2026, organizationIds: [organization.id] });
    const after = await db.selectFrom('outboxMessages').select('email').where('kind', '=', 'reminder').execute();
    expect(after.map((m) => m.email)).toEqual([signatory.email]);
  });
});

describe('no usable link at rest', () => {
  it('after an invitation and a resend, before and after the mails went, no string of the database opens it; the delivered link does', async () => {
    const { db } = getDb();
    const { coordinator } = await setUp(db);
    const { id } = await coordinator.users.invite({ email: 'rest@donor.example', name: 'Rest Tester', role: 'donor' });
    await coordinator.users.resendInvitation({ id });
    await coordinator.outbox.list({});
    await expectNoUsableTokenIn(db);
    const tokens = await deliveredTokens(db, 'rest@donor.example');
    expect(tokens).toHaveLength(1);
    const dump = await expectNoUsableTokenIn(db);
    expect(dump).not.toContain(tokens[0]!);
    expect(await anonymousAt(db, 9000).auth.resetPassword({ token: tokens[0]!, newPassword: PASSWORD })).toEqual({ ok: true });
  });
});

/** Every string of the database that could be a token, tried as one: each must be refused. */
async function expectNoUsableTokenIn(db: Database) {
  const dump = await dumpDatabase(db);
  const candidates = new Set<string>();
  for (const match of dump.matchAll(/[A-Za-z0-9_-]{16,}/g)) candidates.add(match[0]);
  for (const match of dump.matchAll(/token=([^\s"'<>)]+)/g)) candidates.add(decodeURIComponent(match[1]!));
  expect(candidates.size).toBeGreaterThan(5);
  let i = 0;
  for (const candidate of candidates) {
    const refused = await failureOf(anonymousAt(db, 100 + i++).auth.resetPassword({ token: candidate.slice(0, 200), newPassword: PASSWORD }));
    expect(refused.fieldErrors.token, candidate).toEqual(INVALID_LINK);
  }
  return dump;
}

describe('accepting', () => {
  it(`is public but limited: after ${MAX_FAILURES_PER_ADDRESS} made-up links from an address, a real one is refused there and still works elsewhere`, async () => {
    const { db } = getDb();
    const { coordinator } = await setUp(db);
    const { id } = await coordinator.users.invite({ email: 'limited@donor.example', name: 'Limited Person', role: 'donor' });
    const [token] = await deliveredTokens(db, 'limited@donor.example');
    const guesser = callerFor(db, null, '203.0.113.19');
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
      expect((await failureOf(guesser.auth.resetPassword({ token: `guess-${i}-${'z'.repeat(40)}`, newPassword: PASSWORD }))).fieldErrors.token).toEqual(INVALID_LINK);
    expect(await refusalOf(guesser.auth.resetPassword({ token: token!, newPassword: PASSWORD }))).toEqual({ code: 'TOO_MANY_REQUESTS', refusal: 'reset_links_limited' });
    expect((await db.selectFrom('users').select('passwordHash').where('id', '=', id).executeTakeFirstOrThrow()).passwordHash).toBeNull();
    expect(await callerFor(db, null, '192.0.2.61').auth.resetPassword({ token: token!, newPassword: PASSWORD })).toEqual({ ok: true });
  });
});

describe('who may invite', () => {
  it('a signatory or a donor cannot invite, list, resend or withdraw, and their refused calls write nothing', async () => {
    const { db } = getDb();
    const { organization, coordinator } = await setUp(db);
    const { id } = await coordinator.users.invite({ email: 'waiting@donor.example', name: 'Waiting Person', role: 'donor' });
    const signatory = callerFor(db, await createUser(db, 'signatory', organization.id));
    const donor = callerFor(db, await createUser(db, 'donor'));
    const before = await dumpDatabase(db);
    for (const caller of [signatory, donor]) {
      expect(await refusalOf(caller.users.invite({ email: 'friend@donor.example', name: 'A Friend', role: 'coordinator' }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusalOf(caller.users.invitations())).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusalOf(caller.users.resendInvitation({ id }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusalOf(caller.users.withdrawInvitation({ id }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await refusalOf(callerFor(db, null).users.invite({ email: 'friend@donor.example', name: 'A Friend', role: 'coordinator' }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await dumpDatabase(db)).toBe(before);
  });
});
