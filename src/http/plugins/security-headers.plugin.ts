import type { FastifyInstance } from 'fastify';

/*
 * Security headers on every reply: the web app, the API docs, the API, files and errors.
 * Written by hand rather than with helmet: the policies differ by path (app, Swagger UI,
 * API) and helmet would add a dependency to set eight headers.
 */

/** A Content-Security-Policy as directive → sources; serialized with `cspHeader`. */
export type CspPolicy = Readonly<Record<string, readonly string[]>>;

/** Extra sources an operator allows; each is appended to the app's directive of that name. */
export interface SecurityHeadersOptions {
  /** Origins the app may load images from besides itself, e.g. a map tile server (`https://tiles.example`). */
  imgSrc?: readonly string[];
}

/** The path under which @fastify/swagger-ui serves the API docs (app.ts registers it there). */
export const DOCS_PREFIX = '/api/docs';

/**
 * The web app (index.html, its assets, the service worker). No inline script anywhere:
 * the Vite build emits only `<script type="module" src>` (no modulepreload polyfill
 * inline), so scripts come from 'self' alone.
 */
export function appPolicy(opts: SecurityHeadersOptions = {}): CspPolicy {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Ant Design 5 is CSS-in-JS: @ant-design/cssinjs writes its rules into <style> elements
    // at run time (and echarts/rc-* components set style attributes). Without
    // 'unsafe-inline' every component renders unstyled. A nonce would need the server to
    // rewrite index.html on every request, which the offline app shell cached by the
    // service worker cannot follow. Styles cannot run code, and script-src stays strict.
    'style-src': ["'self'", "'unsafe-inline'"],
    // data: for antd's inline SVG icons and images; blob: for photos picked for upload and
    // previewed before sending (URL.createObjectURL), and for downloads saved from blobs.
    'img-src': ["'self'", 'data:', 'blob:', ...(opts.imgSrc ?? [])],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    // The inspector's offline app shell (web/public/sw.js, registered by features/inspect/pwa.ts).
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** The citizens' pages' paths (the staff service worker, web/public/sw.js, leaves them alone). */
export const PUBLIC_PAGE_PATH = /^\/(report|track(\/[^/]*)?|public-map)\/?$/;

/**
 * The citizens' pages (issue 15), served from their own entry (web/public.html) rather
 * than the staff app: /report, /track and /track/:number, /public-map.
 */
export function publicPage(path: string): boolean {
  return PUBLIC_PAGE_PATH.test(path);
}

/**
 * The citizens' pages: the app's policy without 'unsafe-inline' styles. They use no
 * Ant Design: one stylesheet file, and React sets style properties through the CSSOM,
 * which style-src does not restrict. worker-src 'self' runs the proof-of-work worker.
 */
export function publicPolicy(opts: SecurityHeadersOptions = {}): CspPolicy {
  return { ...appPolicy(opts), 'style-src': ["'self'"] };
}

/**
 * The one inline <style> element swagger-ui-bundle.js (@fastify/swagger-ui 5.2) inserts
 * while it starts (it is gone once the page is up). The browser test
 * (test/browser/csp.test.ts) reports a violation when an upgrade changes it.
 */
const SWAGGER_UI_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/**
 * Swagger UI under /api/docs. @fastify/swagger-ui 5 serves its scripts and stylesheets as
 * files (swagger-ui-bundle.js, swagger-initializer.js, swagger-ui.css) and otherwise sets
 * styles through the DOM, so neither needs 'unsafe-inline': scripts are 'self' only and
 * its single inline <style> is allowed by its hash. Its stylesheet uses data: images.
 */
export const DOCS_POLICY: CspPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", SWAGGER_UI_STYLE_HASH],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * JSON replies, files and errors from the API: nothing in them may load anything. A
 * photo opened on its own still shows (the image is the document, not a subresource).
 */
export const API_POLICY: CspPolicy = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Serializes a policy into the header value. */
export function cspHeader(policy: CspPolicy): string {
  return Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(' '))
    .join('; ');
}

/** Which policy a path gets: the docs, the API (and health probes), the citizens' pages, or the web app. */
export function policyKind(path: string): 'docs' | 'api' | 'public' | 'app' {
  if (path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`)) return 'docs';
  if (path === '/api' || path.startsWith('/api/') || path === '/healthz' || path === '/readyz') return 'api';
  if (publicPage(path)) return 'public';
  return 'app';
}

/** Headers every reply carries, whatever its path. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Same-origin requests keep the full URL (the app needs none of it); other sites, e.g.
  // a tile server, learn only the origin, and nothing over a downgrade to http.
  'referrer-policy': 'strict-origin-when-cross-origin',
  // Inspectors locate themselves and take photos in the app; nothing else is used.
  'permissions-policy': 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()',
  'cross-origin-opener-policy': 'same-origin',
  // Photos and exports are for this app's pages: another site cannot embed them with a user's cookies.
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Adds an onSend hook setting the security headers on every reply. Register it before
 * any plugin or route so that every scope, the 404 handler and error replies inherit it.
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: SecurityHeadersOptions = {}): void {
  const csp = {
    app: cspHeader(appPolicy(opts)),
    public: cspHeader(publicPolicy(opts)),
    docs: cspHeader(DOCS_POLICY),
    api: cspHeader(API_POLICY),
  };
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) reply.header(name, value);
    reply.header('content-security-policy', csp[policyKind(request.url.split('?')[0] ?? '')]);
  });
}
