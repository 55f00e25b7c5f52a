// The embed's entry (embed.html): one public chart, /embed/<chart>?year=…&region=…&type=…&typeGroup=…&lang=….
// The server has checked the address already (server/src/http/embed-route.ts); it is read again here
// with the same schema. Only React, the charts and their words load: not the app, its router or its
// session.
import { createRoot } from 'react-dom/client';
import { parseEmbedAddress } from '@lpt/shared/embed';
import '../styles/global.css';
import '../ui/data-table.css';
import '../features/dashboard/dashboard.css';
import './embed.css';
import { EmbedPage } from './EmbedPage.tsx';
import { embedLocale, startEmbedI18n } from './i18n.ts';

const address = parseEmbedAddress(window.location.pathname.split('/')[2] ?? '', new URLSearchParams(window.location.search));
const root = createRoot(document.getElementById('embed')!);
const language = embedLocale(address.ok ? address.query.lang : undefined);
void startEmbedI18n(language).then(() => root.render(<EmbedPage address={address} />));
