// A valid call of every tRPC procedure, and the callers the security tests make them as. The permission
// matrix (tests/http/permissions.test.ts) says who may make each call; the hostile-input tests put bad
// values into every text field of these same inputs. A call that needs a report in some state gets it in
// a reporting year of its own, so that the calls do not depend on each other's order.
import { sql } from 'kysely';
import type { Database } from '@lpt/db/connect';
import { SESSION_COOKIE, startSession } from '@lpt/server/features/auth/auth.service';
import { createResetLink } from '@lpt/server/features/auth/password-reset.service';
import { recoveryCodeHash, sealSecret } from '@lpt/server/features/auth/two-factor';
import { startPendingSignIn } from '@lpt/server/features/auth/two-factor.service';
import { Secret, TOTP } from 'otpauth';
import {
  callerFor,
  completeReportData,
  createCycle,
  createOrganization,
  createRate,
  createUser,
  FACTORY_PASSWORD,
} from '../factories/index.ts';
import { ApiClient } from './http.ts';

export const callerKinds = [
  'anonymous',
  'ownSignatory',
  'otherSignatory',
  'donor',
  'coordinator',
  'endedSession',
] as const;
export type CallerKind = (typeof callerKinds)[number];

export const BASE_YEAR = 2025;

/** Every text the API stores, in the languages and scripts its users write. */
export const NARRATIVE =
  "Co-chaired the district working group; O'Brien & Partners' \"pooled\" fund — 50% (of 2 sites).";

export async function createSecurityFixture(db: Database) {
  const own = await createOrganization(db, { name: 'Sahel Migrant Women Collective' });
  const other = await createOrganization(db, { name: 'Andean Host Communities Network', country: 'PE' });
  const spare = await createOrganization(db, { name: 'Pacific Returnees Forum', country: 'FJ' });
  const users = {
    ownSignatory: await createUser(db, 'signatory', own.id),
    otherSignatory: await createUser(db, 'signatory', other.id),
    donor: await createUser(db, 'donor'),
    coordinator: await createUser(db, 'coordinator'),
    /** A coordinator whose session has expired: it must be worth no more than no session at all. */
    endedSession: await createUser(db, 'coordinator'),
    /** Signs in through auth.login (the callers' own sessions are made directly). */
    login: await createUser(db, 'donor'),
    /** Renamed by users.update. */
    bystander: await createUser(db, 'donor'),
  };
  await createCycle(db, BASE_YEAR, { opensOn: `${BASE_YEAR}-01-01`, dueOn: '2099-12-31' });
  await createRate(db, BASE_YEAR, 'EUR', 1.08);
  const coordinator = callerFor(db, users.coordinator);
  const signatory = callerFor(db, users.ownSignatory);
  // The base report, read by the read-only calls: submitted once, returned, edited again.
  const key = { organizationId: own.id, year: BASE_YEAR };
  const first = await signatory.reports.saveDraft({ ...key, expectedVersion: 0, data: completeReportData() });
  const submitted = await signatory.reports.submit({ ...key, expectedVersion: first.version });
  await coordinator.reports.review({ ...key, decision: 'return', comment: 'Please split pooled funds.' });
  await signatory.reports.saveDraft({
    ...key,
    expectedVersion: submitted.version + 1,
    data: completeReportData({ funding: { toLocalPooled: 20_000 } }),
  });

  let nextYear = 2040;
  let counter = 0;
  const fixture = {
    db,
    own,
    other,
    spare,
    users,
    key,
    coordinator,
    signatory,
    unique: () => `${Date.now().toString(36)}${++counter}`,
    /** A new open reporting year, for calls that need a report of their own. */
    async freshYear(): Promise<number> {
      const year = nextYear++;
      await createCycle(db, year, { opensOn: `${year}-01-01`, dueOn: '2099-12-31' });
      return year;
    },
    /** A pending invitation of its own (sent as a coordinator); returns its account's id. */
    async invitation(): Promise<number> {
      const { id } = await coordinator.users.invite({ email: `pending.${fixture.unique()}@test.example`, name: 'Tomás Quispe', role: 'donor' });
      return id;
    },
    /** A release of the base year (published as a coordinator, once: a repeat would change nothing); returns its id. */
    async release(): Promise<number> {
      const last = await db.selectFrom('metricReleases').select('id').where('year', '=', BASE_YEAR).orderBy('number', 'desc').executeTakeFirst();
      return last?.id ?? (await coordinator.releases.publish({ year: BASE_YEAR })).id;
    },
    /** A report of the own organisation in a new year, moved to `state`; returns its key and version. */
    async reportIn(state: 'draft' | 'submitted' | 'approved') {
      const year = await fixture.freshYear();
      const reportKey = { organizationId: own.id, year };
      let { version } = await signatory.reports.saveDraft({ ...reportKey, expectedVersion: 0, data: completeReportData() });
      if (state !== 'draft') ({ version } = await signatory.reports.submit({ ...reportKey, expectedVersion: version }));
      if (state === 'approved') ({ version } = await coordinator.reports.review({ ...reportKey, decision: 'approve', comment: '' }));
      return { ...reportKey, version };
    },
    /** A client of `baseUrl` acting as `kind`, with a session of its own (ended, for endedSession). */
    async clientFor(baseUrl: string, kind: CallerKind): Promise<ApiClient> {
      const client = new ApiClient(baseUrl);
      if (kind === 'anonymous') return client;
      const user = users[kind];
      const { token } = await startSession(db, user.id);
      if (kind === 'endedSession')
        await sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${user.id}`.execute(db);
      client.cookie = `${SESSION_COOKIE}=${token}`;
      return client;
    },
  };
  return fixture;
}
export type SecurityFixture = Awaited<ReturnType<typeof createSecurityFixture>>;

export interface ProcedureCall {
  type: 'query' | 'mutation';
  /** A valid input, after putting in place whatever state the call needs. */
  input(fx: SecurityFixture): Promise<unknown> | unknown;
}

/** The two-factor secret of the two-factor calls, and the code an authenticator app shows for it now. */
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const totpCode = () => new TOTP({ secret: Secret.fromBase32(TOTP_SECRET) }).generate();
type TwoFactorState = 'off' | 'enrolling' | 'on';

/** Puts accounts in a two-factor state: off, an enrolment of TOTP_SECRET under way, or on with one recovery code. */
async function setTwoFactor(db: Database, userIds: number[], state: TwoFactorState, recoveryCode = 'abcd-efgh-ijkl-mnop') {
  for (const id of userIds) {
    const sealed = sealSecret(TOTP_SECRET, id);
    await db
      .updateTable('users')
      .set({
        totpSecret: state === 'on' ? sealed : null,
        totpEnabledAt: state === 'on' ? new Date().toISOString() : null,
        totpLastStep: null,
        totpPendingSecret: state === 'enrolling' ? sealed : null,
      })
      .where('id', '=', id)
      .execute();
    await db.deleteFrom('recoveryCodes').where('userId', '=', id).execute();
    if (state === 'on') await db.insertInto('recoveryCodes').values({ userId: id, codeHash: recoveryCodeHash(recoveryCode) }).execute();
  }
}
/** Every caller's own account in one two-factor state (whoever makes the call finds its account ready). */
const callersInState = (fx: SecurityFixture, state: TwoFactorState) =>
  setTwoFactor(fx.db, callerKinds.flatMap((kind) => (kind === 'anonymous' ? [] : [fx.users[kind].id])), state);

const query = (input: ProcedureCall['input'] = () => undefined): ProcedureCall => ({ type: 'query', input });
const mutation = (input: ProcedureCall['input']): ProcedureCall => ({ type: 'mutation', input });

let resetRequests = 0;

/** A valid call of every procedure: the table that the router is checked against. */
export const validCalls: Record<string, ProcedureCall> = {
  'auth.login': mutation((fx) => ({ email: fx.users.login.email, password: FACTORY_PASSWORD })),
  'auth.logout': mutation(() => undefined),
  'auth.me': query(),
  'auth.setLocale': mutation(() => ({ locale: 'fr' })),
  'auth.settings': query(),
  'auth.setReminders': mutation(() => ({ enabled: false })),
  // The bystander's address, then others: requests for one address are limited (5 per 15 minutes from one address).
  'auth.requestPasswordReset': mutation((fx) => ({ email: resetRequests++ === 0 ? fx.users.bystander.email : `reset-request-${resetRequests}@pledge.test` })),
  // A fresh link for each call: a link works once.
  'auth.resetPassword': mutation(async (fx) => ({
    token: await createResetLink(fx.db, fx.users.bystander, null),
    newPassword: 'quiet-harbour-lantern-58',
  })),
  'auth.changePassword': mutation(() => ({ currentPassword: FACTORY_PASSWORD, newPassword: FACTORY_PASSWORD })),
  // Each two-factor sign-in call gets an account of its own that passed its password a moment ago.
  'auth.verifySecondFactor': mutation(async (fx) => {
    const { id } = await createUser(fx.db, 'donor');
    await setTwoFactor(fx.db, [id], 'on', 'qrst-uvwx-yz23-4567');
    return { pendingToken: (await startPendingSignIn(fx.db, id, 'second_factor')).pendingToken, code: 'qrst-uvwx-yz23-4567' };
  }),
  'auth.startEnrolmentAtSignIn': mutation(async (fx) => {
    const { id } = await createUser(fx.db, 'coordinator');
    return { pendingToken: (await startPendingSignIn(fx.db, id, 'enrolment')).pendingToken };
  }),
  'auth.confirmEnrolmentAtSignIn': mutation(async (fx) => {
    const { id } = await createUser(fx.db, 'coordinator');
    await setTwoFactor(fx.db, [id], 'enrolling');
    return { pendingToken: (await startPendingSignIn(fx.db, id, 'enrolment')).pendingToken, code: totpCode() };
  }),
  'auth.startTwoFactor': mutation(async (fx) => {
    await callersInState(fx, 'off');
    return undefined;
  }),
  'auth.confirmTwoFactor': mutation(async (fx) => {
    await callersInState(fx, 'enrolling');
    return { code: totpCode() };
  }),
  'auth.disableTwoFactor': mutation(async (fx) => {
    await callersInState(fx, 'on');
    return { currentPassword: FACTORY_PASSWORD };
  }),

  'organizations.list': query(() => ({ type: 'migrant_led', region: 'africa', search: 'Sahel' })),
  'organizations.get': query((fx) => ({ id: fx.own.id })),
  'organizations.create': mutation((fx) => ({
    name: `Lake Chad Diaspora Alliance ${fx.unique()}`,
    acronym: 'LCDA',
    type: 'migrant_led',
    country: 'TD',
    signedOn: '2024-05-02',
    implementationDeadline: '2027-12-31',
    disclosure: 'public',
  })),
  'organizations.update': mutation((fx) => ({ id: fx.spare.id, name: `Pacific Returnees Forum ${fx.unique()}`, acronym: 'PRF' })),

  'users.list': query(),
  'users.create': mutation((fx) => ({
    email: `new.donor.${fx.unique()}@test.example`,
    name: 'Amara Diallo',
    password: 'a-long-unusual-passphrase',
    role: 'donor',
  })),
  'users.invite': mutation((fx) => ({
    email: `invited.${fx.unique()}@test.example`,
    name: 'Nadia Haddad',
    role: 'signatory',
    organizationId: fx.spare.id,
    locale: 'fr',
  })),
  'users.invitations': query(),
  'users.resendInvitation': mutation(async (fx) => ({ id: await fx.invitation() })),
  'users.withdrawInvitation': mutation(async (fx) => ({ id: await fx.invitation() })),
  'users.update': mutation((fx) => ({ id: fx.users.bystander.id, name: `Renamed ${fx.unique()}` })),
  'users.liftSignInLimits': mutation((fx) => ({ id: fx.users.bystander.id })),
  'users.issuePasswordReset': mutation((fx) => ({ id: fx.users.bystander.id })),
  'users.resetTwoFactor': mutation(async (fx) => {
    await setTwoFactor(fx.db, [fx.users.bystander.id], 'on');
    return { id: fx.users.bystander.id };
  }),

  'cycles.list': query(),
  'cycles.reportCounts': query(() => ({ year: BASE_YEAR })),
  'cycles.upsert': mutation(async (fx) => {
    const year = await fx.freshYear();
    return { year, opensOn: `${year + 1}-01-15`, dueOn: `${year + 1}-03-31`, status: 'open' };
  }),

  'rates.list': query(() => ({ year: BASE_YEAR })),
  'rates.missing': query(),
  'rates.upsert': mutation(() => ({ year: BASE_YEAR, currency: 'KES', usdPerUnit: 0.0077 })),
  // A rate no approved report converts with, made for each call: removing it succeeds for a coordinator.
  'rates.remove': mutation(async (fx) => {
    const year = await fx.freshYear();
    await fx.coordinator.rates.upsert({ year, currency: 'NOK', usdPerUnit: 0.094 });
    return { year, currency: 'NOK' };
  }),

  'reports.get': query((fx) => fx.key),
  'reports.list': query(() => ({ year: BASE_YEAR })),
  'reports.saveDraft': mutation(async (fx) => ({
    organizationId: fx.own.id,
    year: await fx.freshYear(),
    expectedVersion: 0,
    data: completeReportData({
      collaboration: { narrative: NARRATIVE },
      needs: { status: 'not_applicable', notApplicableReason: 'No programmes of our own this year.' },
    }),
  })),
  'reports.submit': mutation(async (fx) => {
    const { version, ...key } = await fx.reportIn('draft');
    return { ...key, expectedVersion: version, justifications: { share_jump: 'A new framework agreement.' } };
  }),
  // The base report is returned with an overall comment: its signatory answers it.
  'reports.replyToComment': mutation((fx) => ({ ...fx.key, field: '_', reply: 'Split as asked: see the pooled funds line.' })),
  'reports.review': mutation(async (fx) => {
    const { version: _version, ...key } = await fx.reportIn('submitted');
    return { ...key, decision: 'return', comment: 'Please split pooled funds.', fieldComments: { 'funding.toLocalPooled': 'Which fund?' } };
  }),
  'reports.reopen': mutation(async (fx) => {
    const { version: _version, ...key } = await fx.reportIn('approved');
    return { ...key, reason: 'The auditors corrected the 2024 expenditure.' };
  }),
  'reports.history': query((fx) => fx.key),
  'reports.changesSinceLastSubmission': query((fx) => fx.key),
  'reports.compliance': query(() => ({ year: BASE_YEAR })),
  'reports.corrections': query(() => ({ year: BASE_YEAR })),
  'reports.queue': query(() => ({ year: BASE_YEAR, region: 'africa', organizationType: 'migrant_led', late: false, assigned: 'unassigned', sort: 'newest' })),
  'reports.reviewers': query(),
  // The base report, assigned to the fixture's coordinator (again: a repeat changes nothing).
  'reports.assign': mutation((fx) => ({ ...fx.key, assigneeId: fx.users.coordinator.id })),

  'metrics.summary': query(() => ({ year: BASE_YEAR, region: 'africa', organizationType: 'migrant_led' })),
  'metrics.trend': query(() => ({ fromYear: 2022, toYear: BASE_YEAR })),
  'metrics.breakdown': query(() => ({ year: BASE_YEAR, by: 'region' })),
  'metrics.organizations': query(() => ({ year: BASE_YEAR })),
  'metrics.ownComparison': query((fx) => ({ organizationId: fx.own.id, fromYear: 2022, toYear: BASE_YEAR })),

  'releases.list': query(() => ({ year: BASE_YEAR })),
  'releases.preview': query(() => ({ year: BASE_YEAR })),
  'releases.publish': mutation(async (fx) => ({ year: await fx.freshYear() })),
  'releases.withheldCells': query(async (fx) => ({ releaseId: await fx.release(), viewer: 'donor' })),

  'audit.list': query(() => ({ entity: 'organization', limit: 50 })),

  'outbox.list': query(() => ({ status: 'queued' })),
  // The fixture's base report was submitted and returned: the outbox holds their mails.
  'outbox.get': query(async (fx) => ({
    id: (await fx.db.selectFrom('outboxMessages').select('id').orderBy('id').executeTakeFirstOrThrow()).id,
  })),
  'outbox.remindNow': mutation((fx) => ({ year: BASE_YEAR, organizationIds: [fx.own.id] })),
};

/** The downloads (/csv/<table>.csv, /xlsx/<table>.xlsx), each with a valid query string. */
export const csvRoutes: Record<string, string> = {
  summary: `year=${BASE_YEAR}&region=africa`,
  trend: `fromYear=2022&toYear=${BASE_YEAR}`,
  'commitment-trend': `fromYear=2022&toYear=${BASE_YEAR}`,
  breakdown: `year=${BASE_YEAR}&by=organizationType`,
  distribution: `year=${BASE_YEAR}&region=africa`,
  statuses: `year=${BASE_YEAR}&organizationType=national_ngo`,
  leadership: `year=${BASE_YEAR}`,
  organizations: `year=${BASE_YEAR}`,
};

/** Calls `path` over HTTP with `input`, as a query (GET) or mutation (POST) as the procedure is. */
export function callOverHttp(client: ApiClient, path: string, input: unknown) {
  const call = validCalls[path];
  if (!call) throw new Error(`No valid call of ${path} in tests/security/procedures.ts`);
  return call.type === 'query' ? client.query(path, input) : client.mutation(path, input);
}
