// The coordinators' audit log in Chromium: a change made to an organisation shows up with who made it,
// the organisation's name and the field before and after; the filters narrow the log (and live in the
// URL); the page fits a phone.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import englishAdmin from '../../client/src/locales/en/admin.json' with { type: 'json' };
import { normalizeText, openContext, settle, useBrowser } from './support/browser.ts';
import { apiClient, sessionTokenFor, signIn, startTestServer, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('the audit log', () => {
  test('shows a change with who made it and the field before and after, and filters by what and by whom', async () => {
    const api = apiClient(server, await sessionTokenFor(server.db, 'coordinator'));
    const organization = (await api.organizations.list.query()).find((o) => o.acronym)!;
    const before = await api.organizations.get.query({ id: organization.id });
    const acronym = `${before.acronym ?? 'X'}Z`.slice(0, 12);
    await api.organizations.update.mutate({ id: organization.id, acronym });
    const coordinator = await server.db.selectFrom('users').select(['id', 'name']).where('email', '=', 'coordinator@example.org').executeTakeFirstOrThrow();
    const donor = await server.db.selectFrom('users').select('id').where('email', '=', 'donor@example.org').executeTakeFirstOrThrow();

    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(context, server, 'coordinator');
      await page.goto('/admin/audit');
      await settle(page);
      await page.getByLabel(englishAdmin.audit.entity).selectOption('organization');
      await expect.poll(() => page.url()).toContain('entity=organization');
      const entry = page.locator('tr[data-audit-entry]').first();
      await expect.poll(async () => normalizeText(await entry.textContent())).toContain(before.name);
      const text = normalizeText(await entry.textContent());
      expect(text).toContain(coordinator.name);
      expect(text).toContain(`acronym: ${before.acronym ?? englishAdmin.audit.empty} → ${acronym}`);
      // Every entry shown is about an organisation.
      const kinds = await page.locator('tr[data-audit-entry] .audit-table__entity').allTextContents();
      expect(new Set(kinds)).toEqual(new Set([englishAdmin.audit.entities.organization]));
      // The donor changed nothing: filtered by the donor, the log is empty.
      await page.getByLabel(englishAdmin.audit.actor).selectOption(String(donor.id));
      await expect.poll(() => page.getByText(englishAdmin.audit.none).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
