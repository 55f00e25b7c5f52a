// A returned report's comments take answers in the browser: the demo's returned report (signatory2), on a
// phone; the answer is saved on the server (another device reads it). Rewriting and the reviewer's side:
// tests/integration/comment-replies.test.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import englishReport from '../../client/src/locales/en/report.json' with { type: 'json' };
import { normalizeText, openContext, settle, useBrowser } from './support/browser.ts';
import { signIn, startTestServer, type TestServer } from './support/server.ts';

const browser = useBrowser();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('answering a return', () => {
  test('the signatory answers the overall comment; the answer is kept on the server and read on another device', async () => {
    const { page, context, errors } = await openContext(browser(), server.baseUrl);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(context, server, 'signatory2');
      await page.goto(`/report/${DEMO_OPEN_YEAR}`);
      await settle(page);
      const notice = page.locator('.return-notice');
      const label = englishReport.reply.label.replace('{{field}}', englishReport.reply.overall);
      await notice.getByLabel(label).fill('We split the pooled funds by fund.');
      await notice.getByRole('button', { name: englishReport.reply.send }).first().click();
      await expect.poll(async () => normalizeText(await notice.textContent())).toContain(`${englishReport.reply.yours} We split the pooled funds by fund.`);
      // Another device (a fresh context) reads it from the server.
      const other = await openContext(browser(), server.baseUrl);
      try {
        await signIn(other.context, server, 'signatory2');
        await other.page.goto(`/report/${DEMO_OPEN_YEAR}`);
        await settle(other.page);
        expect(normalizeText(await other.page.locator('.return-notice').textContent())).toContain('We split the pooled funds by fund.');
      } finally {
        await other.context.close();
      }
      const stored = await server.db.selectFrom('reviewCommentReplies').select(['field', 'reply']).execute();
      expect(stored).toEqual([{ field: '_', reply: 'We split the pooled funds by fund.' }]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
