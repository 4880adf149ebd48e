/**
 * The citizens' pages (issue 15): their own small entry (web/public.html), served at
 * /report, /track/:number and /public-map. Plain React and one stylesheet — none of the
 * staff app (Ant Design, echarts, its shell) — so the page loads fast on a poor phone
 * connection (bench key public_js_gzip_kb).
 */
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { PublicConfig } from '../../../src/shared/contracts/public.contract.js';
import { publicApi } from '../api/public.js';
import { initialLang, LangContext, storeLang, translator, type Lang } from './i18n.js';
import { MapPage } from './MapPage.js';
import { ReportPage } from './ReportPage.js';
import { errorText } from './send.js';
import { TrackPage } from './TrackPage.js';
import './public.css';

type Route = { page: 'report' } | { page: 'track'; number: string | null; token: string | null } | { page: 'map' };

/** Which page the address asks for. */
function route(): Route {
  const path = window.location.pathname.replace(/\/+$/, '');
  const track = /^\/track(?:\/([^/]+))?$/.exec(path);
  if (track)
    return {
      page: 'track',
      number: track[1] ? decodeURIComponent(track[1]) : null,
      token: new URLSearchParams(window.location.search).get('t'),
    };
  if (path === '/public-map') return { page: 'map' };
  return { page: 'report' };
}

function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [config, setConfig] = useState<PublicConfig | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const value = useMemo(() => ({ lang, t: translator(lang) }), [lang]);
  const { t } = value;
  const here = useMemo(route, []);

  const load = () => {
    setProblem(null);
    publicApi
      .config()
      .then(setConfig)
      .catch((e: unknown) => setProblem(errorText(e, t)));
  };
  useEffect(() => {
    storeLang(lang);
    document.title = config ? `${t('appTitle')} · ${config.cityName}` : t('appTitle');
  }, [lang, config, t]);
  useEffect(load, []);

  const nav = (page: Route['page'], href: string, key: Parameters<typeof t>[0]) => (
    <a href={href} className={here.page === page ? 'pm-nav-on' : undefined} aria-current={here.page === page ? 'page' : undefined}>
      {t(key)}
    </a>
  );

  return (
    <LangContext.Provider value={value}>
      <header className="pm-top">
        <div className="pm-top-inner">
          <span className="pm-brand">
            {t('appTitle')}
            {config && <small>{config.cityName}</small>}
          </span>
          <button type="button" className="pm-lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang">
            {t('switchLang')}
          </button>
        </div>
        <nav className="pm-nav">
          {nav('report', '/report', 'navReport')}
          {nav('track', '/track', 'navTrack')}
          {config?.publicMap && nav('map', '/public-map', 'navMap')}
        </nav>
      </header>
      <main className="pm-main">
        {problem && (
          <p className="pm-error" role="alert">
            {problem}{' '}
            <button type="button" className="pm-link-button" onClick={load}>
              {t('retry')}
            </button>
          </p>
        )}
        {!config && !problem && <p className="pm-hint">{t('loading')}</p>}
        {config && here.page === 'report' && <ReportPage config={config} />}
        {config && here.page === 'track' && <TrackPage number={here.number} token={here.token} />}
        {config && here.page === 'map' && <MapPage config={config} />}
      </main>
    </LangContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
