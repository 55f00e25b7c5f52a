// Password resets: the same answer for a known and an unknown address (only a known, active account gets
// a mail, in its language, with a link); the link works once, until it expires; using it sets the
// password, retires the account's other links and ends its sessions; a coordinator can send one; the
// Outbox page never shows the link.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '@lpt/db/connect';
import { sessionIdOf, startSession, userForSessionToken } from '@lpt/server/features/auth/auth.service';
import { REQUEST_ANSWER_MS } from '@lpt/server/features/auth/password-reset.service';
import { verifyPassword } from '@lpt/server/features/auth/passwords';
import { callerFor, createOrganization, createUser } from '../factories/index.ts';
import { failureOf, useReportDatabase } from '../factories/reports.ts';

const getDb = useReportDatabase();
const NEW_PASSWORD = 'amber-tide-orchard-93';

async function resetMails(db: Database) {
  return db.selectFrom('outboxMessages').select(['id', 'email', 'locale', 'subject', 'textBody', 'htmlBody']).where('kind', '=', 'password_reset').orderBy('id').execute();
}
/** The token of the link in a mail, as the person would follow it. */
function tokenIn(text: string) {
  const match = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no reset link in:\n${text}`);
  return decodeURIComponent(match[1]!);
}
async function passwordHashOf(db: Database, id: number) {
  return (await db.selectFrom('users').select('passwordHash').where('id', '=', id).executeTakeFirstOrThrow()).passwordHash;
}

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
    const token = tokenIn(mails[0]!.textBody);
    expect(mails[0]!.htmlBody).toContain(`/reset-password?token=${token}`);
    // Only the token's hash is stored.
    const stored = await db.selectFrom('passwordResetTokens').select('tokenHash').execute();
    expect(stored).toEqual([{ tokenHash: sessionIdOf(token) }]);
    expect(JSON.stringify(stored)).not.toContain(token);
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
    const [first, second] = (await resetMails(db)).map((m) => tokenIn(m.textBody));

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
    const token = tokenIn((await resetMails(db))[0]!.textBody);

    expect((await failureOf(anonymous.auth.resetPassword({ token, newPassword: 'short' }))).fieldErrors.newPassword).toBeTruthy();
    await sql`update password_reset_tokens set expires_at = now() - interval '1 second'`.execute(db);
    const before = await passwordHashOf(db, user.id);
    expect((await failureOf(anonymous.auth.resetPassword({ token, newPassword: NEW_PASSWORD }))).fieldErrors.token).toBeTruthy();
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
    const shown = await coordinator.outbox.get({ id: mail!.id });
    expect(shown).toMatchObject({ redacted: true, textBody: null, htmlBody: null, email: 'lucia@pledge.test' });
    const listed = await coordinator.outbox.list({ kind: 'password_reset' });
    expect(JSON.stringify(listed)).not.toContain(tokenIn(mail!.textBody));

    // A link a coordinator issued lasts three days, and works.
    const { expiresAt } = await db.selectFrom('passwordResetTokens').select('expiresAt').executeTakeFirstOrThrow();
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(71 * 3_600_000);
    await callerFor(db, null).auth.resetPassword({ token: tokenIn(mail!.textBody), newPassword: NEW_PASSWORD });
    expect(await verifyPassword(await passwordHashOf(db, user.id), NEW_PASSWORD)).toBe(true);

    await db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    expect((await failureOf(coordinator.users.issuePasswordReset({ id: user.id }))).code).toBe('CONFLICT');
  });
});
