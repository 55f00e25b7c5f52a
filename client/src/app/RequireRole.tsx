// Guards a group of routes by role. Not signed in: to the sign-in page, coming back afterwards.
// Signed in with another role: a plain "not for your account" page (the API refuses anyway).
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '@lpt/shared/enums';
import { formatList } from '../lib/format.ts';
import { roleLabel } from '../lib/labels.ts';
import { homeOf, useMe } from '../lib/session.ts';
import { usePageTitle } from '../lib/usePageTitle.ts';
import { PageLoading } from '../ui/PageLoading.tsx';

export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const { user, isLoading } = useMe();
  const location = useLocation();
  if (isLoading) return <PageLoading />;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!roles.includes(user.role)) return <NotForYourRole allowed={roles} home={homeOf(user.role)} />;
  return <Outlet />;
}

function NotForYourRole({ allowed, home }: { allowed: readonly Role[]; home: string }) {
  const { t } = useTranslation();
  usePageTitle(t('common:notForYou.pageTitle'));
  return (
    <section className="page page--narrow">
      <h1>{t('common:notForYou.title')}</h1>
      <p>
        {t('common:notForYou.text', { roles: formatList(allowed.map((r) => roleLabel(t, r))) })}{' '}
        <Link to={home}>{t('common:notForYou.home')}</Link>.
      </p>
    </section>
  );
}
