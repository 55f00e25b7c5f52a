// The frame of every page: a skip link, the header with the navigation of the signed-in role and the
// language menu, the main region (focused after each client-side navigation so screen readers announce
// the new page) and a short footer on what the figures are.
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '@lpt/shared/enums';
import { roleLabel } from '../lib/labels.ts';
import { useMe, useSignOut } from '../lib/session.ts';
import { LanguageMenu, useAccountLocale } from './LanguageMenu.tsx';
import { PageLoading } from '../ui/PageLoading.tsx';

interface NavItem {
  to: string;
  /** The key of its label in the common catalogue (nav.*). */
  key: 'dashboard' | 'corrections' | 'myReport' | 'review' | 'organizations' | 'users' | 'cycles' | 'rates' | 'releases' | 'audit' | 'outbox' | 'account' | 'import';
  end?: boolean;
}

const dashboard: NavItem = { to: '/', key: 'dashboard', end: true };
const corrections: NavItem = { to: '/corrections', key: 'corrections' };
/** Every signed-in person's own settings (reminders by e-mail). */
const account: NavItem = { to: '/account', key: 'account' };

const roleNav: Record<Role, NavItem[]> = {
  signatory: [{ to: '/report', key: 'myReport' }],
  coordinator: [
    { to: '/review', key: 'review' },
    { to: '/admin/organizations', key: 'organizations' },
    { to: '/admin/users', key: 'users' },
    { to: '/admin/cycles', key: 'cycles' },
    { to: '/admin/rates', key: 'rates' },
    { to: '/admin/releases', key: 'releases' },
    { to: '/admin/import', key: 'import' },
    { to: '/admin/outbox', key: 'outbox' },
    { to: '/admin/audit', key: 'audit' },
  ],
  donor: [],
};

export function Layout() {
  const { t } = useTranslation();
  const { user, isLoading } = useMe();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useAccountLocale();

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
  }, [location.pathname]);

  const items = [dashboard, ...(user ? roleNav[user.role] : []), corrections, ...(user ? [account] : [])];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand" aria-label={t('common:brandHome')}>
            <span className="brand__mark" aria-hidden="true" />
            <span className="brand__name">{t('common:brand')}</span>
          </Link>
          <nav aria-label={t('common:mainNav')} className="main-nav">
            <ul>
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end ?? false}>
                    {t(`common:nav.${item.key}`)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            <LanguageMenu />
            {isLoading ? null : user ? <SignedIn name={user.name} role={user.role} /> : <SignInLink />}
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('common:footer')}</p>
      </footer>
    </div>
  );
}

function SignInLink() {
  const { t } = useTranslation();
  const location = useLocation();
  if (location.pathname === '/login') return null;
  const next = `${location.pathname}${location.search}`;
  return (
    <Link className="button button--ghost" to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`}>
      {t('common:signIn')}
    </Link>
  );
}

function SignedIn({ name, role }: { name: string; role: Role }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <>
      <span className="account__who">
        <span className="account__name">{name}</span>
        <span className="account__role">{roleLabel(t, role)}</span>
      </span>
      <button
        type="button"
        className="button button--ghost"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/') })}
      >
        {t('common:signOut')}
      </button>
    </>
  );
}
