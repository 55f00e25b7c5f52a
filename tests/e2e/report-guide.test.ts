// A form that guides (issue 19), on a laptop (1366×900) and a phone (390×844): the section navigator with
// each section's state as the figures are typed, beside the form or as a bar that opens on demand; a
// Submit with a field in error moves the focus to the error summary at the button (no confirmation, no
// "No warnings"), whose links focus their fields; and a conflict names the fields it is in conflict with.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SESSION_COOKIE } from '@lpt/server/features/auth/auth.service';
import { DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { useReportFixtures } from './support/reportFixtures.ts';

const YEAR = DEMO_OPEN_YEAR;
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };
const fixtures = useReportFixtures();
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const field = (page: Page, path: string) => page.locator(`#field-${path.replaceAll('.', '-')}`);
const navItem = (page: Page, section: string) => page.locator(`.section-nav__item[data-section="${section}"]`);
const stateOf = (page: Page, section: string) => navItem(page, section).getAttribute('data-state');
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

async function openForm(name: string, viewport: { width: number; height: number }, locale = 'en-GB') {
  const signatory = await fixtures.newSignatory({ name, country: 'SN', signedOn: '2022-05-01' });
  const context = await fixtures.browser.newContext({ viewport, locale });
  await context.addCookies([{ name: SESSION_COOKIE, value: signatory.token, url: fixtures.server.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  await page.goto(`${fixtures.server.baseUrl}/report/${YEAR}`);
  await poll(() => page.locator('.section-nav__item').count()).toBe(7);
  return { ...signatory, context, page };
}

/** Local partners above the "led by" counts, then lowered to 0: the counts now exceed their whole. */
async function partnersBelowTheirCounts(page: Page) {
  await field(page, 'collaboration.localPartners').fill('10');
  await field(page, 'collaboration.partnersByLeadership.migrantLed').fill('3');
  await field(page, 'collaboration.partnersByLeadership.womenLed').fill('5');
  await poll(() => page.getByTestId('save-status').textContent()).toMatch(/^(Saved at|Enregistré à|Guardado a las)/);
  await field(page, 'collaboration.localPartners').fill('0');
}

describe('the section navigator', () => {
  test('on a laptop: beside the form and still in view at the bottom; its states follow the figures; a link focuses its section', async () => {
    const { page, context } = await openForm('Saint-Louis Migrant Council', LAPTOP);
    const nav = page.getByRole('navigation', { name: /^Sections/ });
    expect(await nav.isVisible()).toBe(true);
    // Beside the form, not above it; the phone's toggle is not shown.
    const navBox = (await nav.boundingBox())!;
    const bodyBox = (await page.locator('.report-form__body').boundingBox())!;
    expect(navBox.x + navBox.width).toBeLessThanOrEqual(bodyBox.x);
    expect(await page.locator('.section-nav__toggle').isVisible()).toBe(false);

    expect(await stateOf(page, 'currency')).toBe('incomplete');
    expect(await navItem(page, 'collaboration').textContent()).toContain('11 to fill in');
    await page.getByLabel('Report currency', { exact: true }).selectOption('USD');
    await poll(() => stateOf(page, 'currency')).toBe('complete');
    expect(await navItem(page, 'currency').textContent()).toContain('Complete');

    await field(page, 'needs.status').selectOption('not_applicable');
    await poll(() => navItem(page, 'needs').textContent()).toContain('1 to fill in');
    await field(page, 'needs.notApplicableReason').fill('No needs assessments in this period.');
    await poll(() => stateOf(page, 'needs')).toBe('not_applicable');
    expect(await navItem(page, 'needs').textContent()).toContain('Not applicable');
    expect(await nav.textContent()).toContain('2 of 6 done');

    await field(page, 'collaboration.forums').fill('3');
    await field(page, 'collaboration.forumsCoLed').fill('5');
    await poll(() => stateOf(page, 'collaboration')).toBe('errors');
    expect(await navItem(page, 'collaboration').textContent()).toContain('1 error');
    await field(page, 'collaboration.forumsCoLed').fill('2');
    await poll(() => stateOf(page, 'collaboration')).toBe('incomplete');

    // A warning: funding reaches local actors with zero local partners.
    await field(page, 'collaboration.localPartners').fill('0');
    await field(page, 'funding.inScopeExpenditure').fill('1,000');
    await field(page, 'funding.toLocalDirect').fill('100');
    await poll(() => stateOf(page, 'collaboration')).toBe('warnings');
    expect(await navItem(page, 'submit').textContent()).toContain('1 warning to justify');

    // Sticky: at the bottom of the form the navigator is still on screen, and its links work from there.
    await page.locator('#submit-title').scrollIntoViewIfNeeded();
    const stuck = (await nav.boundingBox())!;
    expect(stuck.y).toBeGreaterThanOrEqual(0);
    expect(stuck.y + stuck.height).toBeLessThanOrEqual(LAPTOP.height);
    await navItem(page, 'funding').getByRole('link').click();
    await poll(() => focusedId(page)).toBe('section-funding-title');
    const heading = (await page.locator('#section-funding-title').boundingBox())!;
    const toolbar = (await page.locator('.report-toolbar').boundingBox())!;
    expect(heading.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
    expect(heading.y).toBeLessThan(LAPTOP.height / 2);
    await context.close();
  });

  test('on a phone: a compact bar that opens the list on demand; choosing a section closes it and focuses the section, clear of the bar', async () => {
    const { page, context } = await openForm('Podor Returnees Association', PHONE);
    const toggle = page.getByRole('button', { name: /^Sections · 0 of 6 done/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#section-nav-list').isVisible()).toBe(false);
    // The sticky bar (save state and navigator) stays small.
    expect((await page.locator('.report-form__bar').boundingBox())!.height).toBeLessThan(PHONE.height * 0.2);

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await poll(() => page.locator('#section-nav-list').isVisible()).toBe(true);
    // Keyboard: Escape closes the list.
    await page.keyboard.press('Escape');
    await poll(() => page.locator('#section-nav-list').isVisible()).toBe(false);
    await toggle.press('Enter');
    await poll(() => page.locator('#section-nav-list').isVisible()).toBe(true);
    await navItem(page, 'credit').getByRole('link').click();
    await poll(() => focusedId(page)).toBe('section-credit-title');
    expect(await page.locator('#section-nav-list').isVisible()).toBe(false);
    const bar = (await page.locator('.report-form__bar').boundingBox())!;
    const heading = (await page.locator('#section-credit-title').boundingBox())!;
    expect(heading.y).toBeGreaterThanOrEqual(bar.y + bar.height);
    expect(heading.y).toBeLessThan(PHONE.height);

    await field(page, 'credit.status').selectOption('in_progress');
    await field(page, 'credit.publicationsReviewed').fill('4');
    await field(page, 'credit.publicationsCrediting').fill('6');
    await poll(() => stateOf(page, 'credit')).toBe('errors');
    await context.close();
  });
});

describe('submitting with a field in error', () => {
  for (const viewport of [PHONE, LAPTOP])
    test(`at ${viewport.width}×${viewport.height}: the focus moves to the error summary at the button, no confirmation opens, and its links focus their fields`, async () => {
      const { page, context } = await openForm(`Matam Local Network ${viewport.width}`, viewport);
      await page.getByLabel('Report currency', { exact: true }).selectOption('USD');
      await partnersBelowTheirCounts(page);
      const panel = page.locator('.submit-panel');
      // The submit box never says there is nothing to look at while a field is in error.
      await poll(() => panel.textContent()).toContain('Some fields are in error');
      expect(await panel.textContent()).not.toContain('No warnings on the figures as they stand');

      await page.getByRole('button', { name: 'Submit report' }).click();
      const summary = panel.locator('.error-summary');
      await poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false)).toBe(true);
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await page.getByRole('dialog').count()).toBe(0);
      // At the button: right above it, and on screen.
      const box = (await summary.boundingBox())!;
      const button = (await page.getByRole('button', { name: 'Submit report' }).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(button.y);
      expect(box.y).toBeLessThan(viewport.height);
      // Its heading is not hidden under the sticky bar (the save state; on a phone the navigator too).
      const covering = (await page.locator(viewport === PHONE ? '.report-form__bar' : '.report-toolbar').boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(covering.y + covering.height);
      expect(await summary.textContent()).toContain(
        'Collaboration and inclusion: Local partners by leadership — Led by women: Cannot exceed the number of local partners',
      );

      // The keyboard: Tab to the first link, Enter focuses its field.
      await page.keyboard.press('Tab');
      const firstTarget = (await page.evaluate(() => document.activeElement?.getAttribute('href')))!.slice(1);
      await page.keyboard.press('Enter');
      await poll(() => focusedId(page)).toBe(firstTarget);
      // A click on another does the same.
      await summary.locator('a[href="#field-collaboration-partnersByLeadership-womenLed"]').click();
      await poll(() => focusedId(page)).toBe('field-collaboration-partnersByLeadership-womenLed');
      expect(await page.getByRole('dialog').count()).toBe(0);
      await context.close();
    });
});

describe('a conflict names the fields to change', () => {
  test('local partners set below the "led by" counts: the field typed names those counts, and so does the save status', async () => {
    const { page, context } = await openForm('Kaffrine Solidarity Network', PHONE);
    await page.getByLabel('Report currency', { exact: true }).selectOption('USD');
    await partnersBelowTheirCounts(page);
    const error = page.locator('#field-collaboration-localPartners-error');
    await poll(() => error.textContent()).toBe(
      'Collaboration and inclusion: Local partners by leadership (Led by migrants or refugees and Led by women) are larger than this figure, of which they are part: raise this figure or lower those.',
    );
    expect(await field(page, 'collaboration.localPartners').getAttribute('aria-describedby')).toContain('field-collaboration-localPartners-error');
    await poll(() => page.getByTestId('save-status').textContent()).toBe(
      'Not saved: Collaboration and inclusion: Local and national partners, in conflict with Collaboration and inclusion: Local partners by leadership (Led by migrants or refugees and Led by women) — correct it to save it. Everything else is saved.',
    );
    // Lowering the counts clears it.
    await field(page, 'collaboration.partnersByLeadership.migrantLed').fill('0');
    await field(page, 'collaboration.partnersByLeadership.womenLed').fill('0');
    await poll(() => error.count()).toBe(0);
    await poll(() => page.getByTestId('save-status').textContent()).toMatch(/^Saved at/);
    await context.close();
  });

  test('in French: the conflict names the counts, and the navigator speaks French', async () => {
    const { page, context } = await openForm('Réseau local de Kédougou', PHONE, 'fr-FR');
    await poll(() => page.locator('.section-nav__toggle').textContent()).toContain('Sections · 0 sur 6 terminées');
    await partnersBelowTheirCounts(page);
    await poll(() => page.locator('#field-collaboration-localPartners-error').textContent()).toBe(
      'Collaboration et inclusion: Partenaires locaux selon leur direction (Dirigées par des personnes migrantes ou réfugiées et Dirigées par des femmes) dépassent ce nombre, dont ils font partie : augmentez ce nombre ou réduisez-les.',
    );
    await poll(() => stateOf(page, 'collaboration')).toBe('errors');
    expect(await navItem(page, 'collaboration').textContent()).toContain('2 erreurs');
    await context.close();
  });

  test('in Spanish: states and the error summary at the button', async () => {
    const { page, context } = await openForm('Red local de Sédhiou', LAPTOP, 'es-ES');
    await page.locator('#field-currency').selectOption('USD');
    await poll(() => navItem(page, 'currency').textContent()).toContain('Completa');
    await partnersBelowTheirCounts(page);
    await poll(() => page.locator('#field-collaboration-localPartners-error').textContent()).toContain(
      'superan esta cifra, de la que forman parte: aumente esta cifra o redúzcalas.',
    );
    const panel = page.locator('.submit-panel');
    await poll(() => panel.textContent()).toContain('Algunos campos tienen errores');
    expect(await panel.textContent()).not.toContain('No hay advertencias');
    await page.getByRole('button', { name: 'Enviar el informe' }).click();
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false)).toBe(true);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await context.close();
  });
});
