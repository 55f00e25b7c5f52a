// Renders the app, or hydrates the page the server rendered (its answers are put in the cache first, so
// the first render draws what the server drew). main.tsx loads this once it has started the page's calls.
import { hydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { changeLocale, storedLocale } from '../i18n/i18n.ts';
import { pageRender, type PageState } from '../lib/pageRender.ts';
import { App } from './App.tsx';
import { queryClient, trpcClient } from './clients.ts';
import { loadDashboardPage } from './routes.tsx';

export function start(i18nReady: Promise<void>, pageState: PageState | null) {
  // The dashboard is loaded on demand (routes.tsx); on its address, start on it before React renders.
  if (window.location.pathname === '/') void loadDashboardPage();
  const app = (
    <StrictMode>
      <App queryClient={queryClient} trpcClient={trpcClient} />
    </StrictMode>
  );
  const container = document.getElementById('root')!;
  // The page's catalogues were asked for by main.tsx; render once they are in (a failed fetch renders
  // anyway, and the page shows its keys rather than nothing).
  const render = () => {
    if (!pageState) return void createRoot(container).render(app);
    hydrate(queryClient, pageState.queries);
    pageRender.hydrating = true;
    hydrateRoot(container, app);
    // A language chosen on this browser before the server could know it (no cookie yet): switched once
    // the page is in, not during its hydration.
    const chosen = storedLocale();
    if (chosen && chosen !== pageState.lang) window.addEventListener('load', () => void changeLocale(chosen), { once: true });
  };
  void i18nReady.then(render, render);
}
