// Every page of the app as each role sees it, on the demo data: the list the accessibility scan
// (a11y.test.ts) and the phone-width walk (reflow.test.ts) both go through, so a new page is added once.
import { DEMO_CLOSED_YEARS, DEMO_OPEN_YEAR } from '@lpt/db/seed/demo';
import type { DemoAccount, TestServer } from './server.ts';

export interface AppPage {
  as: DemoAccount | 'public';
  /** A function for paths that need the seeded data (called inside the test). */
  path: string | (() => string);
  name: string;
}

const closedYear = Math.max(...DEMO_CLOSED_YEARS);

/** The pages; `submitted` is the first submitted report of the demo (the review desk opens it). */
export function appPages(submitted: () => { organizationId: number; year: number }): AppPage[] {
  return [
    { as: 'public', path: '/', name: 'dashboard' },
    { as: 'public', path: `/?year=${closedYear}&region=oceania`, name: 'dashboard, withheld selection' },
    { as: 'public', path: '/login', name: 'sign-in' },
    { as: 'public', path: '/corrections', name: 'corrections log' },
    { as: 'public', path: `/report-card/${closedYear}`, name: 'annual report' },
    { as: 'public', path: '/forgot-password', name: 'forgotten password' },
    { as: 'public', path: '/reset-password?token=made-up', name: 'new password from a link' },
    // An unknown address is the server's own 404 page (not the app: tests/http/edge.test.ts).
    { as: 'public', path: '/no-such-page', name: 'not found' },
    { as: 'donor', path: '/', name: 'dashboard with organisations' },
    { as: 'donor', path: '/admin/users', name: 'page of another role' },
    { as: 'coordinator', path: '/', name: 'coordinator dashboard' },
    { as: 'coordinator', path: `/?year=${DEMO_OPEN_YEAR}&submitted=1`, name: 'dashboard with submitted reports' },
    { as: 'coordinator', path: '/review', name: 'review queue' },
    { as: 'coordinator', path: () => `/review/${submitted().organizationId}/${submitted().year}`, name: 'review of a report' },
    { as: 'coordinator', path: '/admin/organizations', name: 'organisations' },
    { as: 'coordinator', path: '/admin/users', name: 'users' },
    { as: 'coordinator', path: '/admin/cycles', name: 'cycles' },
    { as: 'coordinator', path: '/admin/rates', name: 'rates' },
    { as: 'coordinator', path: '/admin/releases', name: 'releases' },
    { as: 'coordinator', path: '/admin/audit', name: 'audit log' },
    { as: 'coordinator', path: '/admin/outbox', name: 'outbox' },
    { as: 'coordinator', path: '/admin/import', name: 'import' },
    { as: 'signatory', path: '/account', name: 'account' },
    { as: 'signatory', path: '/report', name: 'report form, open cycle' },
    { as: 'signatory', path: `/report/${closedYear}`, name: 'report of a closed cycle' },
    { as: 'signatory2', path: `/report/${DEMO_OPEN_YEAR}`, name: 'returned report with comments' },
  ];
}

/** The demo's first submitted report, which the review desk's page opens. */
export function firstSubmittedReport(server: TestServer) {
  return server.db
    .selectFrom('progressReports')
    .select(['organizationId', 'year'])
    .where('status', '=', 'submitted')
    .orderBy('id')
    .executeTakeFirstOrThrow();
}
