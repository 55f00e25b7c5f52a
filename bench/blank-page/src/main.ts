// The benchmark's reference page: React rendering one heading, built with the web app's Vite options.
// Its first contentful paint is the floor for the dashboard's first chart.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(createElement('h1', null, 'Localization Pledge Tracker'));
