import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type TestBrowser } from './browser.js';
import { caseWorld, createTestApp, type AppOverrides, type CaseWorld, type TestApp } from './http.js';

/** The built web the in-process app serves to the browser tests. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The in-process app (SQLite) over the built web, with the people and units of
 * {@link caseWorld}. Fails with what to run when web/dist has not been built.
 */
export async function browserCaseWorld(overrides: AppOverrides = {}): Promise<{ t: TestApp; world: CaseWorld }> {
  if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
  const t = await createTestApp('sqlite', { webDist: WEB_DIST, ...overrides });
  return { t, world: await caseWorld(t) };
}

/** Starts the app on a free port and launches Chromium: the base URL and the browser. */
export async function serveToBrowser(t: TestApp): Promise<{ url: string; tb: TestBrowser }> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return { url, tb: await launchBrowser() };
}
