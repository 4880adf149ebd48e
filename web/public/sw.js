/*
 * Dudao service worker (hand-written, no build step). Keeps the app shell working
 * without a connection:
 *  - hashed build assets (/assets/*) and static files: cache first, cached on first fetch
 *    (the page also posts the URLs it already loaded, see features/inspect/pwa.ts);
 *  - page navigations: network first, falling back to the cached index.html (SPA); the
 *    citizens' pages (/report, /track/…, /public-map) are another app (web/public.html) and
 *    are left to the network: cached as '/' they became the staff app's offline shell;
 *  - GET /api/auth/me: network first, falling back to the last answer, so a reload
 *    while offline still knows who is signed in. No other API reply is cached here
 *    (the inspector pages keep their data in IndexedDB); writes are never touched.
 */
// v3: caches of v2 may hold a citizens' page under '/'; activating v3 deletes them.
const CACHE = 'dudao-shell-v3';
// The server's publicPage (src/http/plugins/security-headers.plugin.ts; test/web/service-worker.test.ts keeps them equal).
const PUBLIC_PAGE = /^\/(report|track(\/[^/]*)?|public-map)\/?$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(['/', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png']))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'precache' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    caches.open(CACHE).then((c) =>
      Promise.all(
        data.urls.map((u) =>
          c
            .match(u)
            .then((hit) =>
              hit && u !== '/api/auth/me' ? hit : fetch(u, { credentials: 'same-origin' }).then((r) => (r.ok ? c.put(u, r) : undefined)),
            )
            .catch(() => undefined),
        ),
      ),
    ),
  );
});

async function networkFirst(request, cacheKey) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(cacheKey, res.clone());
    return res;
  } catch (e) {
    const hit = await cache.match(cacheKey);
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  // Signing in or out: forget who was signed in (the next /api/auth/me answer is cached again).
  if (req.method === 'POST' && (url.pathname === '/api/auth/logout' || url.pathname === '/api/auth/login')) {
    event.waitUntil(caches.open(CACHE).then((c) => c.delete('/api/auth/me')));
    return;
  }
  if (req.method !== 'GET') return;
  if (url.pathname === '/api/auth/me') return event.respondWith(networkFirst(req, '/api/auth/me'));
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz' || url.pathname === '/readyz') return;
  if (req.mode === 'navigate') {
    if (PUBLIC_PAGE.test(url.pathname)) return;
    return event.respondWith(networkFirst(req, '/'));
  }
  if (
    url.pathname.startsWith('/assets/') ||
    url.pathname === '/favicon.svg' ||
    url.pathname.startsWith('/icons/') ||
    url.pathname === '/manifest.webmanifest'
  )
    event.respondWith(cacheFirst(req));
});
