import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const WEB_DIST = resolve(import.meta.dirname, '../web/dist');

/** Figure 7: gzip sizes (KB = 1024 bytes) of the JavaScript three first screens load. */
export interface BundleResult {
  login_js_gzip_kb: number;
  inspector_js_gzip_kb: number;
  /** The citizens' report page (/report, web/public.html; issue 15: ≤ 120 KB). */
  public_js_gzip_kb: number;
  login_files: number;
  inspector_files: number;
  public_files: number;
}

/** The staff app's and the citizens' pages' HTML entries (web/vite.config.ts rollupOptions.input). */
export const STAFF_ENTRY = 'index.html';
export const PUBLIC_ENTRY = 'public.html';

export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
}

/**
 * Reads Vite's build manifest (web/dist/.vite/manifest.json, `build.manifest` in
 * web/vite.config.ts) and follows static imports only — what the browser fetches
 * before the screen can show, modulepreloads included:
 * - login: the entry chunk (index.html's script; the login page is in it) and its imports;
 * - inspector's first screen (/inspect/today): that plus the lazy chunks on the route's
 *   path (the app shell, the route guard, the today page) and their imports;
 * - the citizens' report page (/report): public.html's chunk and its imports (the proof-of-work
 *   worker is loaded only when a report is sent, so it is not counted).
 */
export function measureBundle(dist = WEB_DIST): BundleResult {
  const manifest = readManifest(dist);
  const key = (suffix: string): string => {
    const k = Object.keys(manifest).find((x) => x === suffix || x.endsWith(`/${suffix}`));
    if (!k) throw new Error(`bundle: ${suffix} is not in the build manifest (was the route renamed?)`);
    return k;
  };
  const closure = (starts: string[]): string[] =>
    staticClosure(manifest, starts)
      .map((k) => manifest[k]!.file)
      .filter((f) => /\.m?js$/.test(f));
  const gzKb = (files: string[]): number =>
    Math.round((files.reduce((s, f) => s + gzipSync(readFileSync(join(dist, f))).length, 0) / 1024) * 10) / 10;
  const entry = key(STAFF_ENTRY);
  const login = closure([entry]);
  const inspector = closure([entry, key('shell/AppShell.tsx'), key('shell/RouteGuard.tsx'), key('features/inspect/TodayPage.tsx')]);
  const citizen = closure([key(PUBLIC_ENTRY)]);
  return {
    login_js_gzip_kb: gzKb(login),
    inspector_js_gzip_kb: gzKb(inspector),
    public_js_gzip_kb: gzKb(citizen),
    login_files: login.length,
    inspector_files: inspector.length,
    public_files: citizen.length,
  };
}

/** Vite's build manifest of the built web (web/dist/.vite/manifest.json). */
export function readManifest(dist = WEB_DIST): Record<string, ManifestChunk> {
  const file = join(dist, '.vite/manifest.json');
  if (!existsSync(file)) throw new Error(`no ${file}: build the web app first (npm run build:web)`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, ManifestChunk>;
}

/** The manifest keys of `starts` and every chunk they import statically, transitively. */
export function staticClosure(manifest: Record<string, ManifestChunk>, starts: string[]): string[] {
  const seen = new Set<string>();
  const visit = (k: string): void => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const i of manifest[k]?.imports ?? []) visit(i);
  };
  starts.forEach(visit);
  return [...seen];
}
