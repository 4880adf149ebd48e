import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/reset.css';
import { I18nProvider, loadLocale, readStored } from './i18n/i18n.js';
import { App } from './App.js';
import { loadCityBbox } from './features/cases/map/geo.js';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

// The maps need the city's area from the start: read it first (one small public request);
// an English reader's texts come in the same wait.
void Promise.all([loadCityBbox(), loadLocale(readStored()).catch((e: unknown) => console.error(e))]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  ),
);
