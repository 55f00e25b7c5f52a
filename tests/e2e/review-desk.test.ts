// The review desk (issue 19) in a real browser on the demo data: the queue's filters live in the address
// (a link keeps them) and are applied by the server; a report is assigned from the queue; "approve and
// next" / "return and next" open the next report of the same filtered queue, and say when none is left;
// "Comment" opens a comment box beside the field; after approving, the desk says the figures reach donors
// and the public at the next release, with a link to the Releases page. On a laptop in English and on a
// phone in French.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import french from '../../client/src/locales/fr/review.json' with { type: 'json' };
import { launchChromium } from '../setup/chromium.ts';
import { normalizeText, settle } from './support/browser.ts';
import { apiClient, signIn, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });

async function coordinatorPage(viewport: { width: number; height: number }, locale = 'en-GB') {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale });
  const token = await signIn(context, server, 'coordinator');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, context, errors, api: apiClient(server, token) };
}

/** The organisations of the queue's rows, in the order shown. */
const shownNames = (page: Page) =>
  page.locator('.queue-table tbody th[scope="row"] a').evaluateAll((links) => links.map((a) => a.textContent?.trim() ?? ''));

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the review desk on a laptop', () => {
  test('filters from the address, assigns, approves and opens the next report, and says when figures reach donors', async () => {
    const { page, context, errors, api } = await coordinatorPage({ width: 1366, height: 900 });
    try {
      const coordinator = await server.db.selectFrom('users').select(['id', 'name']).where('email', '=', 'coordinator@example.org').executeTakeFirstOrThrow();
      // A link with filters opens the queue filtered and sorted as it says, as the server answers it.
      // The region with the most reports waiting (two at least), so that "next" has somewhere to go.
      const all = await api.reports.queue.query({ year: DEMO_OPEN_YEAR, status: 'submitted' });
      const waiting = new Map<string, number>();
      for (const r of all) waiting.set(r.region, (waiting.get(r.region) ?? 0) + 1);
      const region = [...waiting.entries()].sort((a, b) => b[1] - a[1])[0]![0] as (typeof all)[number]['region'];
      const filter = { year: DEMO_OPEN_YEAR, status: 'submitted', region, sort: 'newest' } as const;
      const expected = await api.reports.queue.query(filter);
      expect(expected.length).toBeGreaterThan(1);
      expect(all.length).toBeGreaterThan(expected.length);
      expect(expected.every((r) => r.region === region)).toBe(true);
      await page.goto(`/review?year=${DEMO_OPEN_YEAR}&region=${region}&sort=newest`);
      await poll(() => shownNames(page)).toEqual(expected.map((r) => r.organizationName));
      expect(await page.getByLabel('Region').inputValue()).toBe(region);
      expect(await page.getByLabel('Order').inputValue()).toBe('newest');

      // Choosing a filter writes it into the address; a reload keeps it.
      const type = expected[0]!.organizationType;
      await page.getByLabel('Organisation type').selectOption(type);
      await poll(() => new URL(page.url()).searchParams.get('type')).toBe(type);
      const byType = await api.reports.queue.query({ ...filter, organizationType: type });
      await poll(() => shownNames(page)).toEqual(byType.map((r) => r.organizationName));
      await page.reload();
      await poll(() => shownNames(page)).toEqual(byType.map((r) => r.organizationName));
      await page.getByLabel('Organisation type').selectOption('');
      await poll(() => shownNames(page)).toEqual(expected.map((r) => r.organizationName));

      // Assigning the first two reports to oneself, from the queue: stored, audited, and "assigned to me" lists them.
      const [first, second] = expected as [(typeof expected)[number], (typeof expected)[number]];
      for (const row of [first, second])
        await page.getByLabel(`Assign the report of ${row.organizationName} to`).selectOption(String(coordinator.id));
      const assigned = async () =>
        (await server.db.selectFrom('reportAssignments').select(['reportId', 'assigneeId']).orderBy('reportId').execute()).map((a) => `${a.reportId}:${a.assigneeId}`);
      await poll(assigned).toEqual([first.id, second.id].sort((a, b) => a - b).map((id) => `${id}:${coordinator.id}`));
      const audit = await api.audit.list.query({ entity: 'report', entityKey: String(first.id) });
      expect(audit[0]).toMatchObject({ action: 'assign', actorId: coordinator.id, changes: [{ field: 'assignee', from: null, to: coordinator.name }] });
      await page.getByLabel('Assigned to', { exact: true }).selectOption('me');
      await poll(() => shownNames(page)).toEqual([first.organizationName, second.organizationName]);
      expect(new URL(page.url()).searchParams.get('assigned')).toBe('me');

      // Approve and next: the first report is approved and the second of the same queue opens, with the message.
      await page.locator('.queue-table').getByRole('link', { name: first.organizationName }).click();
      await page.waitForURL(`**/review/${first.organizationId}/${DEMO_OPEN_YEAR}?**`);
      expect(new URL(page.url()).searchParams.get('assigned')).toBe('me');
      await settle(page);
      await page.getByLabel('Approve these figures').check();
      await page.getByRole('button', { name: 'Approve and next' }).click();
      const dialog = page.getByRole('dialog', { name: 'Approve this report?' });
      expect(normalizeText(await dialog.textContent())).toContain('Donors and the public see them only from the year’s next release');
      await dialog.getByRole('button', { name: 'Approve and next' }).click();
      await page.waitForURL(`**/review/${second.organizationId}/${DEMO_OPEN_YEAR}?**`);
      expect((await api.reports.get.query({ organizationId: first.organizationId, year: DEMO_OPEN_YEAR })).report?.status).toBe('approved');
      const outcome = page.locator('[data-outcome="approve"]');
      await poll(() => outcome.count()).toBe(1);
      const said = normalizeText(await outcome.textContent());
      expect(said).toContain('donors and the public see them from the year’s next release');
      expect(said).not.toMatch(/now published/i);
      expect(await outcome.getByRole('link', { name: 'Releases page' }).getAttribute('href')).toBe('/admin/releases');

      // Return and next on the last one: none is left, so the desk says so and shows the queue again.
      await settle(page);
      await page.getByLabel('Return for changes').check();
      await page.getByLabel('Comment to the signatory').fill('Please attach the audited accounts.');
      await page.getByRole('button', { name: 'Return and next' }).click();
      await page.waitForURL((url) => url.pathname === '/review' && url.searchParams.get('assigned') === 'me');
      await poll(() => page.getByRole('status').filter({ hasText: 'No report is left in this queue' }).count()).toBe(1);
      expect((await api.reports.get.query({ organizationId: second.organizationId, year: DEMO_OPEN_YEAR })).report?.status).toBe('returned');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the review desk on a phone, in French', () => {
  test('a field’s comment opens beside the field, is sent with the return, and the page fits 390 px', async () => {
    const { page, context, errors, api } = await coordinatorPage({ width: 390, height: 844 }, 'fr-FR');
    try {
      const queue = await api.reports.queue.query({ year: DEMO_OPEN_YEAR, status: 'submitted', region: 'americas' });
      const report = queue[0]!;
      await page.goto(`/review?year=${DEMO_OPEN_YEAR}&region=americas`);
      await poll(() => shownNames(page)).toEqual(queue.map((r) => r.organizationName));
      expect(await page.getByLabel(french.filter.region).inputValue()).toBe('americas');
      expect(await fitsWidth(page)).toBeLessThanOrEqual(390);

      await page.locator('.queue-table').getByRole('link', { name: report.organizationName }).click();
      await page.waitForURL(`**/review/${report.organizationId}/${DEMO_OPEN_YEAR}?**`);
      await settle(page);
      // "Commentaire" on the direct transfers row opens a box in the row right under it, focused.
      const row = page.locator('#view-funding-toLocalDirect');
      await row.getByRole('button', { name: new RegExp(`^${french.view.comment}`) }).click();
      const box = page.locator('#view-funding-toLocalDirect + tr .field-comment-box textarea');
      await poll(() => box.count()).toBe(1);
      await poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await box.getAttribute('id')).toBe('field-comment-funding-toLocalDirect');
      const boxTop = (await box.boundingBox())!.y;
      const decisionTop = (await page.locator('#decision-title').boundingBox())!.y;
      expect(decisionTop - boxTop).toBeGreaterThan(844);
      await box.fill('Ce montant dépasse les subventions listées en annexe.');
      expect(await fitsWidth(page)).toBeLessThanOrEqual(390);

      // The return carries the comment on that field, as today's field comments.
      await page.getByLabel(french.decision.comment).fill('Merci de vérifier les transferts directs.');
      await page.getByRole('button', { name: french.decision.submitReturn }).click();
      await poll(() => page.locator('[data-outcome="return"]').count()).toBe(1);
      const decision = await server.db
        .selectFrom('reviewDecisions')
        .select(['decision', 'fieldComments'])
        .where('reportId', '=', report.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(decision).toEqual({ decision: 'return', fieldComments: { 'funding.toLocalDirect': 'Ce montant dépasse les subventions listées en annexe.' } });

      // Approving another report in French says when the figures reach donors and the public, with the link.
      const next = (await api.reports.queue.query({ year: DEMO_OPEN_YEAR, status: 'submitted' }))[0]!;
      await page.goto(`/review/${next.organizationId}/${DEMO_OPEN_YEAR}`);
      await settle(page);
      await page.getByLabel(french.decision.approve).check();
      await page.getByRole('button', { name: french.decision.submitApprove }).click();
      await page.getByRole('dialog').getByRole('button', { name: french.decision.submitApprove }).click();
      const outcome = page.locator('[data-outcome="approve"]');
      await poll(() => outcome.count()).toBe(1);
      const said = normalizeText(await outcome.textContent());
      expect(said).toContain('à partir de la prochaine publication de l’année');
      expect(said).not.toMatch(/désormais publiés/);
      expect(await outcome.getByRole('link', { name: french.decision.releasesLink }).getAttribute('href')).toBe('/admin/releases');
      expect(await fitsWidth(page)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
