// Answers kept per release, over real HTTP (the server on a free port, the test file's database): the
// public's and donors' metrics calls and downloads carry an ETag of the newest release and answer 304
// with no body to If-None-Match until the next release; the cache and the ETags are never shared between
// audiences, filters or languages; a coordinator's live figures are never kept. Fixture (2025): five
// public organisations in Africa, published; five more approved later, then published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as metrics from '@lpt/server/features/metrics/metrics.service';
import { releaseETagOf } from '@lpt/server/http/release-etag';
import { callerFor, completeReportData, createCycle, createOrganization, createUser } from '../factories/index.ts';
import { createApprovedReport } from '../factories/metrics.ts';
import { ApiClient, clientWithSession, startTestServer, type TestServer } from '../security/http.ts';
import { useTestDatabase } from '../setup/database.ts';

const getDb = useTestDatabase();
let server: TestServer;
let anonymous: ApiClient;
let donor: ApiClient;
let donorUser: Awaited<ReturnType<typeof createUser>>;
let coordinator: ApiClient;
let coordinatorUser: Awaited<ReturnType<typeof createUser>>;

const ETAG = /^W\/"r(\d+)-[\w-]+"$/;
const releaseOf = (etag: string | null) => Number(ETAG.exec(etag ?? '')?.[1]);
const approve = async (country: string, direct: number) => {
  const { db } = getDb();
  const { id } = await createOrganization(db, { country, disclosure: 'public', signedOn: '2020-01-01' });
  await createApprovedReport(db, {
    organizationId: id,
    year: 2025,
    approvedBy: coordinatorUser.id,
    data: completeReportData({
      funding: { inScopeExpenditure: 1_000_000, toLocalDirect: direct, toLocalPooled: 0, toLocalOneIntermediary: 0, toLocalTwoPlusIntermediaries: 0, multiYearToLocal: 0 },
    }),
  });
};

beforeAll(async () => {
  const { db } = getDb();
  await createCycle(db, 2025, { dueOn: '2026-03-31' });
  coordinatorUser = await createUser(db, 'coordinator');
  for (const direct of [100_000, 200_000, 300_000, 400_000, 500_000]) await approve('KE', direct);
  await callerFor(db, coordinatorUser).releases.publish({ year: 2025 });
  server = await startTestServer(db);
  anonymous = new ApiClient(server.url);
  donorUser = await createUser(db, 'donor');
  donor = await clientWithSession(db, server.url, donorUser.id);
  coordinator = await clientWithSession(db, server.url, coordinatorUser.id);
});

afterAll(async () => {
  await server?.close();
});

describe('answers kept per release', () => {
  it('tags a public answer with its release, and answers the same call with If-None-Match 304 without a body', async () => {
    const first = await anonymous.query('metrics.summary', { year: 2025 });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(ETAG);
    expect(releaseOf(etag)).toBe(first.data.release.id);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('vary')).toMatch(/cookie/i);

    const again = await anonymous.query('metrics.summary', { year: 2025 }, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // A list of tags, the strong form of the same tag, and `*` match too; another tag does not.
    for (const header of [`W/"other", ${etag}`, etag!.slice(2), '*'])
      expect((await anonymous.query('metrics.summary', { year: 2025 }, { 'if-none-match': header })).status).toBe(304);
    const other = await anonymous.query('metrics.summary', { year: 2025 }, { 'if-none-match': 'W/"r1-other"' });
    expect(other.status).toBe(200);
    expect(other.data).toEqual(first.data);
    // The kept answer is the one tRPC makes (a batch goes through tRPC's adapter, and is not kept).
    const batch = await anonymous.raw(`/trpc/metrics.summary?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { year: 2025 } }))}`);
    expect(batch.json[0].result.data).toEqual(first.data);
    expect(batch.headers.get('etag')).toBeNull();
    // A call that fails is never kept nor tagged, whatever If-None-Match says.
    const invalid = await anonymous.query('metrics.summary', { year: 'x' }, { 'if-none-match': '*' });
    expect(invalid.status).toBe(400);
    expect(invalid.error?.code).toBe('BAD_REQUEST');
    expect(invalid.headers.get('etag')).toBeNull();
    expect(invalid.headers.get('cache-control')).toBe('no-store');
  });

  it("honours a tag this instance never sent (another instance's, of the same release) after making the answer", async () => {
    const input = { fromYear: 2024, toYear: 2025 };
    const etag = await releaseETagOf({ db: getDb().db }, { audience: 'public', what: 'metrics.trend', params: JSON.stringify(input) });
    const answer = await anonymous.query('metrics.trend', input, { 'if-none-match': etag });
    expect(answer.status).toBe(304);
    expect(answer.text).toBe('');
    expect(answer.headers.get('etag')).toBe(etag);
    expect((await anonymous.query('metrics.trend', input)).headers.get('etag')).toBe(etag);
  });

  it('keeps answers apart by audience and filter: a donor never gets the public answer, nor the reverse', async () => {
    const { db } = getDb();
    // The public's answer first, so that a cache shared by audiences would hand it to the donor.
    const publicAnswer = await anonymous.query('metrics.summary', { year: 2025 });
    const donorAnswer = await donor.query('metrics.summary', { year: 2025 });
    // The service reads only the reader's role here.
    const donorSession = { id: donorUser.id, role: 'donor' } as never;
    // Each equals what is computed for its reader without any cache (the service itself).
    expect(donorAnswer.data).toEqual(JSON.parse(JSON.stringify(await metrics.summary(db, donorSession, { year: 2025 }))));
    expect(publicAnswer.data).toEqual(JSON.parse(JSON.stringify(await metrics.summary(db, null, { year: 2025 }))));
    expect(donorAnswer.headers.get('etag')).toMatch(ETAG);
    expect(donorAnswer.headers.get('etag')).not.toBe(publicAnswer.headers.get('etag'));
    expect(donorAnswer.headers.get('cache-control')).toBe('private, no-cache');
    // The public's tag is no proof of the donor's answer, nor the reverse.
    expect((await donor.query('metrics.summary', { year: 2025 }, { 'if-none-match': publicAnswer.headers.get('etag')! })).status).toBe(200);
    expect((await anonymous.query('metrics.summary', { year: 2025 }, { 'if-none-match': donorAnswer.headers.get('etag')! })).status).toBe(200);

    // A donor's answer (the public organisations one by one), kept: never the public's, whatever the tag.
    const organizations = await donor.query('metrics.organizations', { year: 2025 });
    expect(organizations.status).toBe(200);
    expect(organizations.data.organizations).toHaveLength(5);
    const donorTag = organizations.headers.get('etag')!;
    expect(donorTag).toMatch(ETAG);
    expect((await donor.query('metrics.organizations', { year: 2025 }, { 'if-none-match': donorTag })).status).toBe(304);
    for (const tag of [donorTag, '*']) {
      const refused = await anonymous.query('metrics.organizations', { year: 2025 }, { 'if-none-match': tag });
      expect(refused.status).toBe(401);
      expect(refused.data).toBeUndefined();
      expect(refused.headers.get('etag')).toBeNull();
    }

    // Another filter is another answer with another tag.
    const africa = await donor.query('metrics.summary', { year: 2025, region: 'africa' });
    const europe = await donor.query('metrics.summary', { year: 2025, region: 'europe' });
    expect(africa.data.organizationsReporting).toBe(5);
    expect(europe.data).not.toEqual(africa.data);
    expect(europe.headers.get('etag')).not.toBe(africa.headers.get('etag'));
    const tagged = await donor.query('metrics.summary', { year: 2025, region: 'europe' }, { 'if-none-match': africa.headers.get('etag')! });
    expect(tagged.status).toBe(200);
    expect(tagged.data).toEqual(europe.data);

    // A donor's API token reads the donor's answer, tagged alike; a token that is not one is refused, whatever the tag.
    const created = await donor.mutation('auth.createApiToken', { name: 'release cache', expiresInDays: 30 });
    expect(created.ok, created.text).toBe(true);
    const script = donor.anonymous();
    const bearer = { authorization: `Bearer ${created.data.token}` };
    const byToken = await script.query('metrics.summary', { year: 2025 }, bearer);
    expect(byToken.data).toEqual(donorAnswer.data);
    expect(byToken.headers.get('etag')).toBe(donorAnswer.headers.get('etag'));
    expect((await script.query('metrics.summary', { year: 2025 }, { ...bearer, 'if-none-match': byToken.headers.get('etag')! })).status).toBe(304);
    const forged = await script.query('metrics.summary', { year: 2025 }, { authorization: 'Bearer lpt_not-a-token', 'if-none-match': '*' });
    expect(forged.status).toBe(401);
  });

  it('keeps downloads apart by language and format, and CSV and Excel answer If-None-Match with 304', async () => {
    const english = await donor.raw('/csv/summary.csv?year=2025&lang=en');
    const french = await donor.raw('/csv/summary.csv?year=2025&lang=fr');
    const data = await donor.raw('/csv/summary.csv?year=2025&format=data');
    expect([english.status, french.status, data.status]).toEqual([200, 200, 200]);
    expect(french.headers.get('content-language')).toBe('fr');
    expect(french.text).not.toBe(english.text);
    const tags = [english, french, data].map((a) => a.headers.get('etag'));
    expect(tags.every((t) => ETAG.test(t ?? ''))).toBe(true);
    expect(new Set(tags).size).toBe(3);

    const englishAgain = await donor.raw('/csv/summary.csv?year=2025&lang=en', { headers: { 'if-none-match': tags[0]! } });
    expect(englishAgain.status).toBe(304);
    expect(englishAgain.text).toBe('');
    const frenchWithEnglishTag = await donor.raw('/csv/summary.csv?year=2025&lang=fr', { headers: { 'if-none-match': tags[0]! } });
    expect(frenchWithEnglishTag.status).toBe(200);
    expect(frenchWithEnglishTag.text).toBe(french.text);

    const workbook = await anonymous.raw('/xlsx/summary.xlsx?year=2025&lang=en');
    expect(workbook.status).toBe(200);
    const workbookTag = workbook.headers.get('etag');
    expect(workbookTag).toMatch(ETAG);
    expect(workbookTag).not.toBe(tags[0]);
    const workbookAgain = await anonymous.raw('/xlsx/summary.xlsx?year=2025&lang=en', { headers: { 'if-none-match': workbookTag! } });
    expect(workbookAgain.status).toBe(304);
    expect(workbookAgain.text).toBe('');
    // A donor-only file is not the public's to have: refused, whatever the tag.
    const refused = await anonymous.raw('/csv/organizations.csv?year=2025', { headers: { 'if-none-match': '*' } });
    expect(refused.status).toBe(401);
  });

  it("never keeps a coordinator's live figures: an approval shows at once, and the public's answer waits for a release", async () => {
    const before = await coordinator.query('metrics.summary', { year: 2025 });
    expect(before.data.organizationsReporting).toBe(5);
    expect(before.headers.get('etag')).toBeNull();
    expect(before.headers.get('cache-control')).toBe('no-store');
    const file = await coordinator.raw('/csv/summary.csv?year=2025&format=data');
    expect(file.headers.get('etag')).toBeNull();
    expect(file.headers.get('cache-control')).toBe('no-store');
    const publicTag = (await anonymous.query('metrics.summary', { year: 2025 })).headers.get('etag')!;

    await approve('KE', 600_000);

    const after = await coordinator.query('metrics.summary', { year: 2025 });
    expect(after.data.organizationsReporting).toBe(6);
    expect(after.data.release).toBeNull();
    // No release yet: the public's answer is the same, still 304.
    expect((await anonymous.query('metrics.summary', { year: 2025 }, { 'if-none-match': publicTag })).status).toBe(304);
  });

  it('a new release changes the ETag and the answer', async () => {
    const old = await donor.query('metrics.summary', { year: 2025 });
    const oldFile = await donor.raw('/xlsx/summary.xlsx?year=2025&lang=en');
    // Five new reports, enough to be released together (one alone would wait: told apart by the difference).
    for (const direct of [700_000, 800_000, 900_000, 50_000]) await approve('KE', direct);
    const published = await coordinator.mutation('releases.publish', { year: 2025 });
    expect(published.ok, published.text).toBe(true);

    const fresh = await donor.query('metrics.summary', { year: 2025 }, { 'if-none-match': old.headers.get('etag')! });
    expect(fresh.status).toBe(200);
    expect(fresh.data.release.number).toBe(old.data.release.number + 1);
    expect(old.data.organizationsReporting).toBe(5);
    expect(fresh.data.organizationsReporting).toBe(10);
    expect(releaseOf(fresh.headers.get('etag'))).toBe(fresh.data.release.id);
    expect(releaseOf(fresh.headers.get('etag'))).toBeGreaterThan(releaseOf(old.headers.get('etag')));
    const freshFile = await donor.raw('/xlsx/summary.xlsx?year=2025&lang=en', { headers: { 'if-none-match': oldFile.headers.get('etag')! } });
    expect(freshFile.status).toBe(200);
    expect(freshFile.headers.get('etag')).not.toBe(oldFile.headers.get('etag'));
    expect((await donor.query('metrics.summary', { year: 2025 }, { 'if-none-match': fresh.headers.get('etag')! })).status).toBe(304);
  });
});
