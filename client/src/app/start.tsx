// Renders the app. main.tsx loads this once it has started the dashboard's calls.
import { StrictMode } from 'react';
import { i18nReady } from '../i18n/i18n.ts';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { queryClient, trpcClient } from './clients.ts';
import { loadDashboardPage } from './routes.tsx';

export function start() {
  // The dashboard is loaded on demand (routes.tsx); on its address, start on it before React renders.
  if (window.location.pathname === '/') void loadDashboardPage();
  // The page's catalogues were asked for by main.tsx; render once they are in (a failed fetch renders
  // anyway, and the page shows its keys rather than nothing).
  const render = () =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App queryClient={queryClient} trpcClient={trpcClient} />
      </StrictMode>,
    );
  void i18nReady.then(render, render);
}
