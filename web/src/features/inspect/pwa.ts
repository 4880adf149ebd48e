/**
 * Registers the hand-written service worker (web/public/sw.js) in production builds only,
 * then hands it the URLs this page already loaded so the app shell and the chunks
 * fetched before registration are cached too.
 */
import { OFFLINE_API_PATHS } from '../../api/inspections.js';

let done = false;

export function registerServiceWorker(): void {
  if (done || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  done = true;
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      const urls = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => u.startsWith(location.origin) && new URL(u).pathname.startsWith('/assets/'));
      reg.active?.postMessage({ type: 'precache', urls: ['/', '/manifest.webmanifest', '/favicon.svg', ...OFFLINE_API_PATHS, ...urls] });
    })
    .catch(() => undefined);
}
