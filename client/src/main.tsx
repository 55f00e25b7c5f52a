// The entry is kept small. Most visits open a public page the server has already drawn (entry-server.tsx):
// its answers come with it, and the app hydrates that HTML. Otherwise, on the dashboard, its API calls
// (cycles.list, then the metrics) go out from here at once, while React, the router and the page are
// loaded and evaluated (vite.config.ts links those chunks from index.html, so they download alongside
// this one).
import { queryClient, trpcClient } from './app/clients.ts';
import { prefetchDashboard } from './features/dashboard/api/prefetch.ts';
// Starts fetching the active language's catalogues for this page at once, alongside the app's chunks.
import { startI18n } from './i18n/i18n.ts';
import { readPageState } from './lib/pageRender.ts';
import './styles/global.css';
// The tables' look (ui/DataTable.tsx) before the features' styles, which refine it for their own tables.
import './ui/data-table.css';
import './styles/print.css';

const pageState = readPageState();
const i18nReady = startI18n(pageState ? { lang: pageState.lang, intlLocale: pageState.intlLocale } : null);

// A failed prefetch is left to the page, which asks again and shows the error.
if (!pageState && window.location.pathname === '/') prefetchDashboard(queryClient, trpcClient).catch(() => {});

void import('./app/start.tsx').then(({ start }) => start(i18nReady, pageState));
