// Password resets: the same answer for a known and an unknown address (only a known, active account gets
// a mail, in its language, with a link); the link works once, until it expires; using it sets the
// password, retires the account's other links and ends its sessions; a coordinator can send one. The link
// is minted when the mail is sent (to a real SMTP receiver here): no table holds a usable one, and the
// Outbox page shows a note where it goes. A made-up link is refused before any password is hashed, and
// asking for links and trying them are limited per address and per account.
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@lpt/db/connect';
import * as secretLinksMigration from '../../db/migrations/2026_12_07_0010_secret_links.ts';
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, MAX_FAILURES_PER_ADDRESS, sessionIdOf, startSession, userForSessionToken } from '@lpt/server/features/auth/auth.service';
import { REQUEST_ANSWER_MS } from '@lpt/server/features/auth/password-reset.service';
import { hashPassword, verifyPassword } from '@lpt/server/features/auth/passwords';
import { deliverDue, smtpTransport, type MailTransport } from '@lpt/server/mail/sender';
import type { AppError } from '@lpt/server/errors';
import { callerFor, createOrganization, createUser } from '../factories/index.ts';
import { failureOf, useReportDatabase } from '../factories/reports.ts';
import { dumpDatabase } from '../security/dump.ts';
import { startSmtpServer, type TestSmtpServer } from '../setup/smtp.ts';

const getDb = useReportDatabase();
const NEW_PASSWORD = 'amber-tide-orchard-93';
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

async function resetMails(db: Database) {
  return db.selectFrom('outboxMessages').select(['id', 'email', 'locale', 'subject', 'textBody', 'htmlBody', 'status']).where('kind', '=', 'password_reset').orderBy('id').execute();
}
const LINK = /\/reset-password\?token=([A-Za-z0-9_%-]+)/;
/** The token of the link in a mail, as the person would follow it. */
function tokenIn(text: string) {
  const match = LINK.exec(text);
  if (!match) throw new Error(`no reset link in:\n${text}`);
  return decodeURIComponent(match[1]!);
}
/** Sends what the outbox holds to the SMTP receiver; the reset mails that arrived, oldest first. */
async function deliverResetMails(db: Database) {
  await deliverDue(db, transport, { from: 'Pledge secretariat <secretariat@pledge.test>', retryBaseMs: 1 });
  return smtp.received.filter((m) => LINK.test(m.text));
}
async function deliveredTokens(db: Database) {
  return (await deliverResetMails(db)).map((m) => tokenIn(m.text));
}
async function passwordHashOf(db: Database, id: number) {
  return (await db.selectFrom('users').select('passwordHash').where('id', '=', id).executeTakeFirstOrThrow()).passwordHash;
}
/** A refused call's tRPC code and refusal code (what the web app words). */
async function refusalOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, refusal: (error.cause as AppError | undefined)?.refusal?.code };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}
/** A caller at its own address, so that trying many links is not stopped by the per-address limit. */
const anonymousAt = (db: Database, i: number) => callerFor(db, null, `198.51.${(i >> 8) & 255}.${i & 255}`);

describe('forgot password', () => {
  it('answers the same for a known, an unknown and a deactivated address, and mails only the known active one', async () => {
    const { db } = getDb();
    const anonymous = callerFor(db, null);
    const known = await createUser(db, 'signatory', (await createOrganization(db)).id, { email: 'amina@pledge.test' });
    await db.updateTable('users').set({ locale: 'fr' }).where('id', '=', known.id).execute();
    await createUser(db, 'donor', null, { email: 'gone@pledge.test', active: false });

    const answers = [];
    for (const email of ['amina@pledge.test', 'nobody@pledge.test', 'gone@pledge.test']) {
      const started = performance.now();
      answers.push(await anonymous.auth.requestPasswordReset({ email }));
      // No answer comes sooner than the floor, so an unknown address is not told by a quicker one.
      expect(performance.now() - started).toBeGreaterThanOrEqual(REQUEST_ANSWER_MS - 5);
    }
    expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }]);

    const mails = await resetMails(db);
    expect(mails.map((m) => [m.email, m.locale])).toEqual([['amina@pledge.test', 'fr']]);
    expect(mails[0]!.subject).toBe('Réinitialiser votre mot de passe : Localization Pledge Tracker');
    // The outbox keeps the mail with a note, in the reader's language, where the link goes.
    expect(mails[0]!.textBody).toContain('[le lien est créé à l’envoi de ce courriel et n’est pas conservé ici]');
    expect(mails[0]!.textBody + mails[0]!.htmlBody).not.toContain('token=');

    const [delivered] = await deliverResetMails(db);
    expect(delivered!.to).toBe('amina@pledge.test');
    expect(delivered!.subject).toBe(mails[0]!.subject);
    const token = tokenIn(delivered!.text);
    expect(delivered!.html).toContain(`/reset-password?token=${token}`);
    // Only the token's hash is stored, and only once the mail went.
    const stored = await db.selectFrom('passwordResetTokens').select('tokenHash').execute();
    expect(stored).toEqual([{ tokenHash: sessionIdOf(token) }]);
    expect(JSON.stringify(await resetMails(db))).not.toContain(token);
  });

  it('mails at most three links an hour to one account, with the same answer', async () => {
    const { db } = getDb();
    const anonymous = callerFor(db, null);
    await createUser(db, 'donor', null, { email: 'flood@pledge.test' });
    for (let i = 0; i < 5; i++) expect(await anonymous.auth.requestPasswordReset({ email: 'flood@pledge.test' })).toEqual({ ok: true });
    expect(await resetMails(db)).toHaveLength(3);
  });
});

describe('the reset link', () => {
  it('sets the new password once, ends every session and retires the other links', async () => {
    const { db } = getDb();
    const anonymous = callerFor(db, null);
    const user = await createUser(db, 'signatory', (await createOrganization(db)).id, { email: 'grace@pledge.test' });
    const { token: sessionToken } = await startSession(db, user.id);
    await anonymous.auth.requestPasswordReset({ email: 'grace@pledge.test' });
    await anonymous.auth.requestPasswordReset({ email: 'grace@pledge.test' });
    const [first, second] = await deliveredTokens(db);

    expect(await anonymous.auth.resetPassword({ token: second!, newPassword: NEW_PASSWORD })).toEqual({ ok: true });
    expect(await verifyPassword(await passwordHashOf(db, user.id), NEW_PASSWORD)).toBe(true);
    expect(await userForSessionToken(db, sessionToken)).toBeNull();
    const signedIn = await anonymous.auth.login({ email: 'grace@pledge.test', password: NEW_PASSWORD });
    expect(signedIn.user?.id).toBe(user.id);

    // Used once: the same link again, or the older one, is refused on the token and changes nothing.
    const hash = await passwordHashOf(db, user.id);
    for (const token of [second!, first!]) {
      const refused = await failureOf(anonymous.auth.resetPassword({ token, newPassword: 'another-fresh-phrase-71' }));
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.fieldErrors.token).toEqual(['This link is invalid, has expired or was already used: ask for a new one']);
    }
    expect(await passwordHashOf(db, user.id)).toBe(hash);
    const audit = await db.selectFrom('auditLog').select(['action', 'changes']).where('entityKey', '=', String(user.id)).where('action', '=', 'reset_password').execute();
    expect(audit).toHaveLength(1);
  });

  it('is refused once expired, and for a made-up token; a weak password is refused before the link is used', async () => {
    const { db } = getDb();
    const anonymous = callerFor(db, null);
    const user = await createUser(db, 'donor', null, { email: 'late@pledge.test' });
    await anonymous.auth.requestPasswordReset({ email: 'late@pledge.test' });
    const [token] = await deliveredTokens(db);

    expect((await failureOf(anonymous.auth.resetPassword({ token: token!, newPassword: 'short' }))).fieldErrors.newPassword).toBeTruthy();
    await sql`update password_reset_tokens set expires_at = now() - interval '1 second'`.execute(db);
    const before = await passwordHashOf(db, user.id);
    expect((await failureOf(anonymous.auth.resetPassword({ token: token!, newPassword: NEW_PASSWORD }))).fieldErrors.token).toBeTruthy();
    expect((await failureOf(anonymous.auth.resetPassword({ token: 'x'.repeat(43), newPassword: NEW_PASSWORD }))).fieldErrors.token).toBeTruthy();
    expect(await passwordHashOf(db, user.id)).toBe(before);
  });

  it('a coordinator sends one from the Users page; the account gets it, the coordinator never sees the link', async () => {
    const { db } = getDb();
    const coordinator = callerFor(db, await createUser(db, 'coordinator'));
    const user = await createUser(db, 'signatory', (await createOrganization(db)).id, { email: 'lucia@pledge.test' });
    await db.updateTable('users').set({ locale: 'es' }).where('id', '=', user.id).execute();

    expect(await coordinator.users.issuePasswordReset({ id: user.id })).toEqual({ ok: true });
    const [mail] = await resetMails(db);
    expect(mail!.email).toBe('lucia@pledge.test');
    expect(mail!.textBody).toContain('La secretaría del compromiso inició el restablecimiento');
    // The Outbox page shows the mail as stored: a note where the link goes, in the reader's language.
    const shown = await coordinator.outbox.get({ id: mail!.id });
    expect(shown).toMatchObject({ email: 'lucia@pledge.test', textBody: mail!.textBody });
    expect(shown.textBody).toContain('[el enlace se crea al enviar este correo y no se guarda aquí]');

    const [delivered] = await deliverResetMails(db);
    expect(delivered!.to).toBe('lucia@pledge.test');
    expect(delivered!.text).toContain('La secretaría del compromiso inició el restablecimiento');
    const token = tokenIn(delivered!.text);
    expect(JSON.stringify([await coordinator.outbox.get({ id: mail!.id }), await coordinator.outbox.list({ kind: 'password_reset' })])).not.toContain(token);

    // A link a coordinator issued lasts three days, and works.
    const { expiresAt } = await db.selectFrom('passwordResetTokens').select('expiresAt').executeTakeFirstOrThrow();
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(71 * 3_600_000);
    await callerFor(db, null).auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    expect(await verifyPassword(await passwordHashOf(db, user.id), NEW_PASSWORD)).toBe(true);

    await db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    expect((await failureOf(coordinator.users.issuePasswordReset({ id: user.id }))).code).toBe('CONFLICT');
  });

  it('a mail whose link was retired before it went is not sent with a dead link', async () => {
    const { db } = getDb();
    const anonymous = callerFor(db, null);
    await createUser(db, 'donor', null, { email: 'twice@pledge.test' });
    await anonymous.auth.requestPasswordReset({ email: 'twice@pledge.test' });
    const [token] = await deliveredTokens(db);
    await anonymous.auth.requestPasswordReset({ email: 'twice@pledge.test' });
    // The first link is used while the second mail waits: the second request is retired with it.
    await anonymous.auth.resetPassword({ token: token!, newPassword: NEW_PASSWORD });
    smtp.received.length = 0;
    expect(await deliverResetMails(db)).toEqual([]);
    const [, waiting] = await resetMails(db);
    expect(waiting!.status).toBe('failed');
  });
});

describe('sending', () => {
  it('a mail tried again carries a fresh link: the one of the failed try never works', async () => {
    const { db } = getDb();
    const user = await createUser(db, 'donor', null, { email: 'retry@pledge.test' });
    await callerFor(db, null).auth.requestPasswordReset({ email: user.email });
    smtp.mode = 'tempfail';
    try {
      expect(await deliverResetMails(db)).toEqual([]);
    } finally {
      smtp.mode = 'accept';
    }
    const hashOfFailedTry = (await db.selectFrom('passwordResetTokens').select('tokenHash').executeTakeFirstOrThrow()).tokenHash;
    expect(hashOfFailedTry).not.toBeNull();
    await sql`update outbox_messages set next_attempt_at = now()`.execute(db);
    const [token] = await deliveredTokens(db);
    const stored = await db.selectFrom('passwordResetTokens').select('tokenHash').executeTakeFirstOrThrow();
    expect(stored.tokenHash).toBe(sessionIdOf(token!));
    expect(stored.tokenHash).not.toBe(hashOfFailedTry);
    expect(await callerFor(db, null).auth.resetPassword({ token: token!, newPassword: NEW_PASSWORD })).toEqual({ ok: true });
  });

  it('upgrading a database that kept links in clear (migration 0010) leaves none of them working', async () => {
    const { db } = getDb();
    const user = await createUser(db, 'donor', null, { email: 'before@pledge.test' });
    await secretLinksMigration.down(db);
    try {
      // A link as the server stored it before: its token in the mail's text and HTML.
      const token = 'b'.repeat(43);
      const { id } = await sql<{ id: number }>`insert into password_reset_tokens (user_id, token_hash, expires_at)
        values (${user.id}, ${sessionIdOf(token)}, now() + interval '3 days') returning id`.execute(db).then((r) => r.rows[0]!);
      await sql`insert into outbox_messages (user_id, email, locale, kind, subject, text_body, html_body, dedupe_key)
        values (${user.id}, ${user.email}, 'en', 'password_reset', 'Reset your password',
          ${`Choose a new password: http://localhost:3000/reset-password?token=${token}`},
          ${`<a href="http://localhost:3000/reset-password?token=${token}">Choose a new password</a>`}, ${`password_reset:${id}`})`.execute(db);
    } finally {
      await secretLinksMigration.up(db);
    }
    const [mail] = await resetMails(db);
    expect(mail!.textBody + mail!.htmlBody).not.toContain('b'.repeat(43));
    expect(mail!.textBody).toContain('reset-password?token=[withdrawn]');
    expect(mail!.status).toBe('failed');
    await expectNoUsableTokenIn(db);
    expect((await failureOf(callerFor(db, null).auth.resetPassword({ token: 'b'.repeat(43), newPassword: NEW_PASSWORD }))).fieldErrors.token).toBeTruthy();
  });
});

/** Every string of the database that could be a token, tried as one: each must be refused. */
async function expectNoUsableTokenIn(db: Database) {
  const dump = await dumpDatabase(db);
  const candidates = new Set<string>();
  for (const match of dump.matchAll(/[A-Za-z0-9_-]{16,}/g)) candidates.add(match[0]);
  for (const match of dump.matchAll(/token=([^\s"'<>)]+)/g)) candidates.add(decodeURIComponent(match[1]!));
  expect(candidates.size).toBeGreaterThan(10);
  let i = 0;
  for (const candidate of candidates) {
    const refused = await failureOf(anonymousAt(db, i++).auth.resetPassword({ token: candidate.slice(0, 200), newPassword: NEW_PASSWORD }));
    expect(refused.fieldErrors.token, candidate).toEqual(['This link is invalid, has expired or was already used: ask for a new one']);
  }
  return dump;
}

describe('no usable link at rest', () => {
  it('after a reset is asked for and one is issued by a coordinator, and after both mails went, no table holds a link that works; the links delivered do', async () => {
    const { db } = getDb();
    const coordinator = callerFor(db, await createUser(db, 'coordinator'));
    const asker = await createUser(db, 'signatory', (await createOrganization(db)).id, { email: 'asker@pledge.test' });
    const issued = await createUser(db, 'donor', null, { email: 'issued@pledge.test' });
    await callerFor(db, null).auth.requestPasswordReset({ email: asker.email });
    await coordinator.users.issuePasswordReset({ id: issued.id });
    await coordinator.outbox.list({});

    await expectNoUsableTokenIn(db);
    const delivered = await deliverResetMails(db);
    expect(delivered.map((m) => m.to).sort()).toEqual(['asker@pledge.test', 'issued@pledge.test']);
    const dump = await expectNoUsableTokenIn(db);
    const tokens = delivered.map((m) => tokenIn(m.text));
    for (const token of tokens) expect(dump).not.toContain(token);

    // The links that arrived work, each for its own account.
    for (const [k, mail] of delivered.entries()) {
      const user = mail.to === asker.email ? asker : issued;
      expect(await anonymousAt(db, 5000 + k).auth.resetPassword({ token: tokens[k]!, newPassword: NEW_PASSWORD })).toEqual({ ok: true });
      expect(await verifyPassword(await passwordHashOf(db, user.id), NEW_PASSWORD)).toBe(true);
    }
  });
});

describe('cheap refusals first', () => {
  it('refuses a made-up link without hashing the password: its refusal does not wait for a hashing thread', async () => {
    const { db } = getDb();
    await createUser(db, 'donor', null, { email: 'target@pledge.test' });
    // argon2id hashes on libuv's thread pool. These jobs hold every thread of it for a few seconds: a call
    // that hashes waits until one of them ends, a call that does not is answered while they all run.
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    let poolBusy = true;
    const jobs = Array.from({ length: threads }, () => promisify(pbkdf2)('block', 'the pool', 500_000, 64, 'sha512'));
    void Promise.race(jobs).then(() => (poolBusy = false));
    const blockers = Promise.all(jobs);
    // The yardstick: a hash started now finishes only once a thread is free again.
    const hashFinishedWhileBusy = hashPassword(NEW_PASSWORD).then(() => poolBusy);

    const refusedWhileBusy: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      const refused = await failureOf(anonymousAt(db, i).auth.resetPassword({ token: `made-up-${i}-${'x'.repeat(32)}`, newPassword: NEW_PASSWORD }));
      expect(refused.fieldErrors.token).toBeTruthy();
      refusedWhileBusy.push(poolBusy);
    }
    await blockers;
    expect(await hashFinishedWhileBusy).toBe(false);
    expect(refusedWhileBusy).toEqual(Array(10).fill(true));
  });
});

describe('limits', () => {
  it(`refuses requests past ${MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS} for one account at one address and past ${MAX_FAILURES_PER_ADDRESS} from one address, with the coded refusal`, async () => {
    const { db } = getDb();
    await createUser(db, 'donor', null, { email: 'asked@pledge.test' });
    const attacker = callerFor(db, null, '203.0.113.7');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) expect(await attacker.auth.requestPasswordReset({ email: 'asked@pledge.test' })).toEqual({ ok: true });
    // An unknown address is limited the same way: the refusal tells nothing of the account.
    for (const email of ['asked@pledge.test', 'asked@pledge.test'.toUpperCase()])
      expect(await refusalOf(attacker.auth.requestPasswordReset({ email }))).toEqual({ code: 'TOO_MANY_REQUESTS', refusal: 'reset_requests_limited' });
    // Elsewhere the account is not locked out of its own reset.
    expect(await callerFor(db, null, '192.0.2.44').auth.requestPasswordReset({ email: 'asked@pledge.test' })).toEqual({ ok: true });

    const sprayer = callerFor(db, null, '203.0.113.8');
    await Promise.all(Array.from({ length: MAX_FAILURES_PER_ADDRESS }, (_, i) => sprayer.auth.requestPasswordReset({ email: `someone${i}@pledge.test` })));
    expect(await refusalOf(sprayer.auth.requestPasswordReset({ email: 'one-more@pledge.test' }))).toEqual({ code: 'TOO_MANY_REQUESTS', refusal: 'reset_requests_limited' });
  });

  it(`refuses links from an address after ${MAX_FAILURES_PER_ADDRESS} made-up ones, a real one included, which still works elsewhere`, async () => {
    const { db } = getDb();
    const user = await createUser(db, 'donor', null, { email: 'guessed@pledge.test' });
    await callerFor(db, null).auth.requestPasswordReset({ email: user.email });
    const [token] = await deliveredTokens(db);
    const guesser = callerFor(db, null, '203.0.113.9');
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
      expect((await failureOf(guesser.auth.resetPassword({ token: `guess-${i}-${'y'.repeat(40)}`, newPassword: NEW_PASSWORD }))).fieldErrors.token).toBeTruthy();
    const before = await passwordHashOf(db, user.id);
    expect(await refusalOf(guesser.auth.resetPassword({ token: token!, newPassword: NEW_PASSWORD }))).toEqual({ code: 'TOO_MANY_REQUESTS', refusal: 'reset_links_limited' });
    expect(await passwordHashOf(db, user.id)).toBe(before);
    expect(await callerFor(db, null, '192.0.2.45').auth.resetPassword({ token: token!, newPassword: NEW_PASSWORD })).toEqual({ ok: true });
  });
});
