// Why a request was refused travels as a code with parameters (`error.data.refusal`), beside the English
// sentence API users read, so the web app can say it in the reader's language without parsing words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '@lpt/shared/messages';
import { completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { ApiClient, clientWithSession, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const testDatabase = useTestDatabase();
const getDb = () => testDatabase().db;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(getDb());
});
afterAll(async () => {
  await server?.close();
});

const refusalOf = (answer: { json: unknown }) =>
  (answer.json as { error?: { data?: { refusal?: unknown } } }).error?.data?.refusal;

describe('refusals', () => {
  it('names a closed cycle by code and year, with the English sentence as the message', async () => {
    const db = getDb();
    await createCycle(db, 2019, { status: 'closed' });
    const organization = await createOrganization(db);
    const signatory = await createUser(db, 'signatory', organization.id);
    const client = await clientWithSession(db, server.url, signatory.id);
    const answer = await client.mutation('reports.saveDraft', {
      organizationId: organization.id,
      year: 2019,
      expectedVersion: 0,
      data: completeReportData(),
    });
    expect(answer.error?.code).toBe('FORBIDDEN');
    expect(refusalOf(answer)).toEqual({ code: 'cycle_closed', params: { year: 2019 } });
    expect(answer.error?.message).toBe('The 2019 reporting cycle is closed: it accepts no changes');
    expect(answer.error?.message).toBe(refusal('cycle_closed', { year: 2019 }).message);
  });

  it('names a wrong sign-in without saying whether the account exists', async () => {
    const known = await createUser(getDb(), 'donor');
    const wrongPassword = await new ApiClient(server.url).login(known.email, 'not-the-password-2026');
    const unknown = await new ApiClient(server.url).login('nobody@test.example', 'not-the-password-2026');
    expect(refusalOf(wrongPassword)).toEqual({ code: 'wrong_credentials', params: {} });
    expect(refusalOf(unknown)).toEqual(refusalOf(wrongPassword));
  });

  it('names by code what a coordinator asks that cannot be done: a reset for a deactivated account, a reminder of a closed year, a message that is not there', async () => {
    const db = getDb();
    const coordinator = await createUser(db, 'coordinator');
    const client = await clientWithSession(db, server.url, coordinator.id);
    const deactivated = await createUser(db, 'donor', null, { active: false });
    const reset = await client.mutation('users.issuePasswordReset', { id: deactivated.id });
    expect(reset.error?.code).toBe('CONFLICT');
    expect(refusalOf(reset)).toEqual({ code: 'account_deactivated', params: {} });
    await createCycle(db, 2018, { status: 'closed' });
    const organization = await createOrganization(db);
    const reminder = await client.mutation('outbox.remindNow', { year: 2018, organizationIds: [organization.id] });
    expect(refusalOf(reminder)).toEqual({ code: 'reminders_cycle_closed', params: { year: 2018 } });
    expect(reminder.error?.message).toBe('The 2018 reporting cycle is closed: nobody is reminded of it');
    const message = await client.query('outbox.get', { id: 987_654 });
    expect(message.error?.code).toBe('NOT_FOUND');
    expect(refusalOf(message)).toEqual({ code: 'no_such_message', params: {} });
  });

  it('sends no refusal for a field problem: those are coded issues', async () => {
    const coordinator = await createUser(getDb(), 'coordinator');
    const client = await clientWithSession(getDb(), server.url, coordinator.id);
    const answer = await client.mutation('rates.upsert', { year: 2024, currency: 'USD', usdPerUnit: 2 });
    expect(answer.error?.code).toBe('BAD_REQUEST');
    expect(refusalOf(answer)).toBeNull();
  });
});
