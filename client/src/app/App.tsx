// The router in declarative mode (BrowserRouter + useRoutes): the app uses no loaders or actions, and
// it is some 17 KB (gzip) lighter than the data router, which pays for i18next on the dashboard's budget.
// The server renders the same routes in a StaticRouter (entry-server.tsx).
import { useRef } from 'react';
import { BrowserRouter, useLocation, useRoutes } from 'react-router';
import { pageRender } from '../lib/pageRender.ts';
import { AppErrorBoundary } from './ErrorPages.tsx';
import { Providers, type Clients } from './providers.tsx';
import { routes } from './routes.tsx';

export function AppRoutes() {
  const location = useLocation();
  // The first navigation in the browser ends the hydration of the server's page: later pages render as
  // usual. Noted during the render (idempotent), so the next page's first render already knows.
  const first = useRef(location.key);
  if (location.key !== first.current) pageRender.hydrating = false;
  return <AppErrorBoundary resetKey={location.pathname}>{useRoutes(routes)}</AppErrorBoundary>;
}

export function App(clients: Clients) {
  return (
    <Providers {...clients}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}
