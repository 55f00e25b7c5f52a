// The report's whole journey in a real browser against the real server: a signatory fills in the form
// (autosaved), submits past a warning with a justification; a coordinator returns it with a comment on
// a field; the signatory sees the comment at that field, fixes it and resubmits; the coordinator sees
// the change and approves; and the public dashboard then counts the new report.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import { SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';
import { translatorFor } from '@lpt/server/i18n/translate';
import { completeReportData } from '../factories/index.ts';
import { useReportFixtures } from './support/reportFixtures.ts';
import { apiClient, sessionTokenFor } from './support/server.ts';

const YEAR = DEMO_OPEN_YEAR;
const normalize = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');
const fixtures = useReportFixtures();
const { contextWithSession } = fixtures;
const newSignatory = (name: string) => fixtures.newSignatory({ name, country: 'KE', signedOn: '2021-03-01' });

/** Waits for what a user would wait for: pages load lazily and saves happen 1.5 s after typing stops. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

const field = (page: Page, path: string) => page.locator(`#field-${path.replaceAll('.', '-')}`);
const saveStatus = (page: Page) => page.getByTestId('save-status');

describe('the signatory report form', () => {
  test('a signatory fills in the report, sees it autosaved and submits past a warning with a justification', async () => {
    const { organization, token, api } = await newSignatory('Mto Wetu Community Network');
    const context = await contextWithSession(token);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Signing in lands on the open cycle's report; nothing exists yet.
    await page.goto(`${fixtures.server.baseUrl}/report`);
    await page.waitForURL(`**/report/${YEAR}`);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Progress report ${YEAR}`);
    expect(await api.reports.get.query({ organizationId: organization.id, year: YEAR })).toMatchObject({ report: null });

    await page.getByLabel('Report currency', { exact: true }).selectOption('USD');
    for (const section of ['collaboration', 'funding', 'needs', 'credit', 'capacity'])
      await field(page, `${section}.status`).selectOption('in_progress');
    await field(page, 'collaboration.narrative').fill('We work with local partners in every district office.');

    // Zero local partners while funding reaches local actors: a warning, not an error.
    await field(page, 'collaboration.localPartners').fill('0');
    await field(page, 'collaboration.forums').fill('3');
    // A part larger than its whole is an error at the field, and that field's change is not saved (the rest is).
    await field(page, 'collaboration.forumsCoLed').fill('5');
    await poll(() => page.locator('#field-collaboration-forumsCoLed-error').textContent()).toContain('Cannot exceed the number of fora');
    expect(await field(page, 'collaboration.forumsCoLed').getAttribute('aria-describedby')).toContain('field-collaboration-forumsCoLed-error');
    await poll(() => saveStatus(page).textContent()).toMatch(/^Not saved: .*Fora .* — correct it to save it\. Everything else is saved\.$/);
    await field(page, 'collaboration.forumsCoLed').fill('1');
    for (const category of ['migrantLed', 'hostCommunityLed', 'womenLed', 'youthLed', 'disabilityLed', 'informalOrMovement', 'communityOrTraditional'])
      await field(page, `collaboration.partnersByLeadership.${category}`).fill('0');

    await field(page, 'funding.inScopeExpenditure').fill('1,000,000');
    await field(page, 'funding.toLocalDirect').fill('150000');
    await field(page, 'funding.toLocalPooled').fill('50000');
    await field(page, 'funding.toLocalOneIntermediary').fill('40000');
    await field(page, 'funding.toLocalTwoPlusIntermediaries').fill('60000');
    await field(page, 'funding.multiYearToLocal').fill('20000');
    // The counted share is live: (150,000 + 50,000 + 40,000) / 1,000,000; two-plus intermediaries not counted.
    await poll(() => page.getByTestId('counted-local-share').textContent()).toBe('24.0\u00a0%');

    await field(page, 'needs.assessmentsTotal').fill('4');
    await field(page, 'needs.assessmentsJoint').fill('3');
    await page.getByRole('group', { name: 'Crediting policy in place' }).getByLabel('Yes').check();
    await field(page, 'credit.publicationsReviewed').fill('10');
    await field(page, 'credit.publicationsCrediting').fill('8');
    await field(page, 'capacity.requestsReceived').fill('2');
    await field(page, 'capacity.requestsSupported').fill('2');
    await field(page, 'capacity.capacitySpend').fill('12500.50');
    await page.getByRole('group', { name: 'Areas supported' }).getByLabel('Digital skills and data').check();

    await poll(() => saveStatus(page).textContent()).toMatch(/^Saved at/);
    const saved = await api.reports.get.query({ organizationId: organization.id, year: YEAR });
    expect(saved.report?.status).toBe('draft');
    expect(saved.report?.data.funding).toMatchObject({ inScopeExpenditure: 1_000_000, toLocalDirect: 150_000, toLocalTwoPlusIntermediaries: 60_000 });
    expect(saved.report?.data.capacity).toMatchObject({ capacitySpend: 12_500.5, supportAreas: ['digital_data'] });
    expect(saved.report?.data.credit.hasCreditPolicy).toBe(true);

    // The warning is listed before submitting, and submitting without a justification is refused.
    const warning = page.locator('[data-warning="funding_without_partners"]');
    await poll(() => warning.textContent()).toContain('zero local partners');
    await page.getByRole('button', { name: 'Submit report' }).click();
    await poll(() => page.locator('.error-summary').textContent()).toContain('zero local partners');
    expect((await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.status).toBe('draft');

    const justification = 'Our partners this year were all reached through a pooled fund we do not manage.';
    await warning.getByLabel('Justification').fill(justification);
    await page.getByRole('button', { name: 'Submit report' }).click();
    await page.getByRole('dialog', { name: `Submit the ${YEAR} report?` }).getByRole('button', { name: 'Submit the report' }).click();
    await poll(() => page.locator('.alert--success').first().textContent()).toContain('your report was submitted');

    const submitted = await api.reports.get.query({ organizationId: organization.id, year: YEAR });
    expect(submitted.report?.status).toBe('submitted');
    expect(submitted.report?.warnings).toEqual([expect.objectContaining({ code: 'funding_without_partners', justification })]);
    // A submitted report is read-only for the signatory.
    await poll(() => field(page, 'funding.toLocalDirect').isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  test('a coordinator returns a report with a field comment; the signatory fixes it; the coordinator approves and the dashboard counts it', async () => {
    const { organization, token, api } = await newSignatory('Bahari Returnee Association');
    const first = completeReportData();
    const { version } = await api.reports.saveDraft.mutate({ organizationId: organization.id, year: YEAR, expectedVersion: 0, data: first });
    await api.reports.submit.mutate({ organizationId: organization.id, year: YEAR, expectedVersion: version });
    const publicApi = apiClient(fixtures.server);
    const coordinatorApi = apiClient(fixtures.server, await sessionTokenFor(fixtures.server.db, 'coordinator'));
    const before = await coordinatorApi.metrics.summary.query({ year: YEAR });

    // The coordinator finds it in the queue and returns it with a comment on one field.
    const coordinatorContext = await contextWithSession(await sessionTokenFor(fixtures.server.db, 'coordinator'));
    const desk = await coordinatorContext.newPage();
    await desk.goto(`${fixtures.server.baseUrl}/review`);
    await desk.getByRole('link', { name: organization.name }).first().click();
    await desk.waitForURL(`**/review/${organization.id}/${YEAR}`);
    await desk.getByLabel('Return for changes').check();
    await desk.getByLabel('Comment to the signatory').fill('Please check the direct transfers against your audited accounts.');
    await desk.getByLabel('Field to comment on').selectOption('funding.toLocalDirect');
    await desk.getByRole('button', { name: 'Add comment' }).click();
    const fieldComment = 'This is higher than the grants listed in your annex.';
    await desk.getByLabel('Comment on Funding to local actors: Transferred directly to local actors').fill(fieldComment);
    await desk.getByRole('button', { name: 'Return to the signatory' }).click();
    await poll(() => desk.getByRole('status').filter({ hasText: 'Returned' }).count()).toBe(1);

    // The signatory sees the comment at the top and at the field it names, fixes the figure and resubmits.
    const signatoryContext = await contextWithSession(token);
    const page = await signatoryContext.newPage();
    await page.goto(`${fixtures.server.baseUrl}/report/${YEAR}`);
    await poll(() => page.locator('.return-notice').textContent()).toContain('audited accounts');
    expect(await page.locator('#field-funding-toLocalDirect-comment').textContent()).toContain(fieldComment);
    expect(await field(page, 'funding.toLocalDirect').getAttribute('aria-describedby')).toContain('field-funding-toLocalDirect-comment');
    await field(page, 'funding.toLocalDirect').fill('100000');
    await poll(() => saveStatus(page).textContent()).toMatch(/^Saved at/);
    await page.getByRole('button', { name: 'Submit report' }).click();
    await page.getByRole('dialog', { name: `Submit the ${YEAR} report?` }).getByRole('button', { name: 'Submit the report' }).click();
    await poll(() => page.locator('.alert--success').first().textContent()).toContain('submitted');

    // The coordinator sees exactly what changed, and approves.
    await desk.reload();
    const changes = desk.locator('section', { has: desk.getByRole('heading', { name: 'What changed since the previous submission' }) });
    await poll(() => changes.locator('tbody tr').count()).toBe(1);
    expect(await changes.locator('tbody tr').textContent()).toMatch(/Transferred directly to local actors.*USD 120,000.*USD 100,000/);
    await desk.getByLabel('Approve these figures').check();
    await desk.getByRole('button', { name: 'Approve the report' }).click();
    // Approving publishes the figures: the desk asks once more, in a dialog.
    await desk.getByRole('dialog', { name: 'Approve this report?' }).getByRole('button', { name: 'Approve the report' }).click();
    await poll(() => desk.getByRole('status').filter({ hasText: 'Approved' }).count()).toBe(1);
    expect((await api.reports.get.query({ organizationId: organization.id, year: YEAR })).report?.status).toBe('approved');

    // Coordinators' live figures count it at once; the public's once the year is released.
    expect((await coordinatorApi.metrics.summary.query({ year: YEAR })).organizationsReporting).toBe((before.organizationsReporting ?? 0) + 1);
    const release = await coordinatorApi.releases.publish.mutate({ year: YEAR });
    const after = await publicApi.metrics.summary.query({ year: YEAR });
    expect(after.release?.id).toBe(release.id);
    expect(after.organizationsReporting ?? 'withheld').toBe(after.suppressed ? 'withheld' : (before.organizationsReporting ?? 0) + 1);
    const dashboard = await (await fixtures.browser.newContext()).newPage();
    await dashboard.goto(`${fixtures.server.baseUrl}/?year=${YEAR}`);
    // The released total is shown, or says why it is withheld (the open year's few reports may be dominated).
    if (after.suppressed) await poll(async () => normalize(await dashboard.locator('main').textContent())).toContain(translatorFor('en')(`common:withheld.${after.suppressedBecause!}`, { count: SUPPRESSION_THRESHOLD }));
    else await poll(() => dashboard.locator('.dashboard__scope').textContent()).toContain(`${after.organizationsReporting} signatories reporting`);
    await dashboard.context().close();
    await coordinatorContext.close();
    await signatoryContext.close();
  });
});
