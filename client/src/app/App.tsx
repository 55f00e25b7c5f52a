// The router in declarative mode (BrowserRouter + useRoutes): the app uses no loaders or actions, and
// it is some 17 KB (gzip) lighter than the data router, which pays for i18next on the dashboard's budget.
import { BrowserRouter, useLocation, useRoutes } from 'react-router';
import { AppErrorBoundary } from './ErrorPages.tsx';
import { Providers, type Clients } from './providers.tsx';
import { routes } from './routes.tsx';

function AppRoutes() {
  const location = useLocation();
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
