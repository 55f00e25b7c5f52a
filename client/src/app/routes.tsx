// Every page of the app and who may open it. Pages are loaded on demand (React.lazy), so the public
// dashboard does not carry the report form or the admin pages; the Suspense boundary is in Layout, the
// error boundary in App.tsx.
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { roles } from '@lpt/shared/enums';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './ErrorPages.tsx';
import { RequireRole } from './RequireRole.tsx';

/** Also called by start.tsx on the dashboard's address, before React first renders. */
export const loadDashboardPage = () => import('../features/dashboard/DashboardPage.tsx');
const DashboardPage = lazy(loadDashboardPage);
const ReportCardPage = lazy(() => import('../features/dashboard/ReportCardPage.tsx'));
const LoginPage = lazy(() => import('../features/auth/LoginPage.tsx'));
const ForgotPasswordPage = lazy(() => import('../features/auth/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('../features/auth/ResetPasswordPage.tsx'));
const AcceptInvitationPage = lazy(() => import('../features/auth/AcceptInvitationPage.tsx'));
const CorrectionsPage = lazy(() => import('../features/corrections/CorrectionsPage.tsx'));
const ReleasePage = lazy(() => import('../features/corrections/ReleasePage.tsx'));
const ReportPage = lazy(() => import('../features/report/ReportPage.tsx'));
const ReviewQueuePage = lazy(() => import('../features/review/ReviewQueuePage.tsx'));
const ReviewReportPage = lazy(() => import('../features/review/ReviewReportPage.tsx'));
const OrganizationsPage = lazy(() => import('../features/admin/OrganizationsPage.tsx'));
const UsersPage = lazy(() => import('../features/admin/UsersPage.tsx'));
const CyclesPage = lazy(() => import('../features/admin/CyclesPage.tsx'));
const RatesPage = lazy(() => import('../features/admin/RatesPage.tsx'));
const ReleasesPage = lazy(() => import('../features/admin/ReleasesPage.tsx'));
const AuditLogPage = lazy(() => import('../features/admin/AuditLogPage.tsx'));
const OutboxPage = lazy(() => import('../features/outbox/OutboxPage.tsx'));
const AccountPage = lazy(() => import('../features/account/AccountPage.tsx'));
const ImportPage = lazy(() => import('../features/imports/ImportPage.tsx'));

export const routes: RouteObject[] = [
  {
    path: '/',
    Component: Layout,
    children: [
      { index: true, Component: DashboardPage },
      { path: 'login', Component: LoginPage },
      { path: 'forgot-password', Component: ForgotPasswordPage },
      { path: 'reset-password', Component: ResetPasswordPage },
      { path: 'accept-invitation', Component: AcceptInvitationPage },
      { path: 'corrections', Component: CorrectionsPage },
      // A release's permanent page: its citation, figures as published and files (public).
      { path: 'releases/:year/:number', Component: ReleasePage },
      // The donors' annual report of a year: what donors and the public read, laid out to print on A4.
      { path: 'report-card/:year', Component: ReportCardPage },
      {
        // Coordinators open a signatory's report with ?organizationId=….
        element: <RequireRole roles={['signatory', 'coordinator']} />,
        children: [
          { path: 'report', Component: ReportPage },
          { path: 'report/:year', Component: ReportPage },
        ],
      },
      {
        // Every account.
        element: <RequireRole roles={roles} />,
        children: [{ path: 'account', Component: AccountPage }],
      },
      {
        element: <RequireRole roles={['coordinator']} />,
        children: [
          { path: 'review', Component: ReviewQueuePage },
          { path: 'review/:organizationId/:year', Component: ReviewReportPage },
          { path: 'admin/organizations', Component: OrganizationsPage },
          { path: 'admin/users', Component: UsersPage },
          { path: 'admin/cycles', Component: CyclesPage },
          { path: 'admin/rates', Component: RatesPage },
          { path: 'admin/releases', Component: ReleasesPage },
          { path: 'admin/audit', Component: AuditLogPage },
          { path: 'admin/outbox', Component: OutboxPage },
          { path: 'admin/import', Component: ImportPage },
        ],
      },
      { path: '*', Component: NotFoundPage },
    ],
  },
];
