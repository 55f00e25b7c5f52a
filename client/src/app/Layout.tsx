// The frame of every page: a skip link, the header with the navigation of the signed-in role, the
// main region (focused after each client-side navigation so screen readers announce the new page) and
// a short footer on what the figures are.
import { Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '@lpt/shared/enums';
import { roleLabels } from '../lib/labels.ts';
import { useMe, useSignOut } from '../lib/session.ts';
import { PageLoading } from './PageLoading.tsx';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

const dashboard: NavItem = { to: '/', label: 'Dashboard', end: true };
const corrections: NavItem = { to: '/corrections', label: 'Corrections' };

const roleNav: Record<Role, NavItem[]> = {
  signatory: [{ to: '/report', label: 'My report' }],
  coordinator: [
    { to: '/review', label: 'Review' },
    { to: '/admin/organizations', label: 'Organisations' },
    { to: '/admin/users', label: 'Users' },
    { to: '/admin/cycles', label: 'Cycles' },
    { to: '/admin/rates', label: 'Rates' },
    { to: '/admin/releases', label: 'Releases' },
  ],
  donor: [],
};

export function Layout() {
  const { user, isLoading } = useMe();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
  }, [location.pathname]);

  const items = [dashboard, ...(user ? roleNav[user.role] : []), corrections];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand" aria-label="Localization Pledge Tracker, dashboard">
            <span className="brand__mark" aria-hidden="true" />
            <span className="brand__name">Localization Pledge Tracker</span>
          </Link>
          <nav aria-label="Main" className="main-nav">
            <ul>
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end ?? false}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">{isLoading ? null : user ? <SignedIn name={user.name} role={user.role} /> : <SignInLink />}</div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>
          Figures come from approved progress reports of the signatories of the pledge “Localization in migration
          governance”, converted to US dollars at annual average rates. Aggregates built from fewer than five
          organisations are withheld from public view.
        </p>
      </footer>
    </div>
  );
}

function SignInLink() {
  const location = useLocation();
  if (location.pathname === '/login') return null;
  const next = `${location.pathname}${location.search}`;
  return (
    <Link className="button button--ghost" to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`}>
      Sign in
    </Link>
  );
}

function SignedIn({ name, role }: { name: string; role: Role }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <>
      <span className="account__who">
        <span className="account__name">{name}</span>
        <span className="account__role">{roleLabels[role]}</span>
      </span>
      <button
        type="button"
        className="button button--ghost"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/') })}
      >
        Sign out
      </button>
    </>
  );
}
