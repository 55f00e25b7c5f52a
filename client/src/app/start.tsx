// Renders the app. main.tsx loads this once it has started the dashboard's calls.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { queryClient, trpcClient } from './clients.ts';
import { loadDashboardPage } from './routes.tsx';

export function start() {
  // The dashboard is loaded on demand (routes.tsx); on its address, start on it before React renders.
  if (window.location.pathname === '/') void loadDashboardPage();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App queryClient={queryClient} trpcClient={trpcClient} />
    </StrictMode>,
  );
}
