/**
 * The Content-Security-Policy in Chromium (issue 11, point 5): demo roles open the main
 * pages of the built app and the API docs, and the browser reports no violation (no
 * inline script, no eval, no style, image, worker or connection it refused) while every
 * page renders styled. Runs the real server (built dist/ and web/dist, demo city) so the
 * headers are the ones `npm start` sends.
 */
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request as pwRequest, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { jpeg } from '../helpers/images.js';
import { startDemoServer } from '../helpers/server-process.js';

const PASSWORD = 'Dudao-Demo-2026';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Records every violation the document reports, from before its first script runs. */
function listenForViolations(): void {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations!.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

/** A context that collects violations from documents (the event) and from workers (the console). */
async function watchedPage(
  tb: TestBrowser,
  viewport?: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const { context, page } = await tb.newPage(viewport ? { viewport } : {});
  const violations: string[] = [];
  await context.addInitScript(listenForViolations);
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  return { context, page, violations };
}

/**
 * Opens `path`, waits for `selector`, lets late chunks and charts load, and adds what the
 * document reported to `violations`. Checks the page is styled: Ant Design's CSS-in-JS
 * wrote its <style> elements (a policy refusing them leaves unstyled markup).
 */
async function visit(page: Page, base: string, path: string, selector: string, violations: string[]): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator(selector).first().waitFor();
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => window.__cspViolations ?? ['listener missing']);
  violations.push(...found.map((v) => `${path}: ${v}`));
  if (!path.startsWith('/api/docs')) {
    const styles = await page.evaluate(() => document.querySelectorAll('style').length);
    expect(styles, `${path}: antd style elements`).toBeGreaterThan(0);
  }
}

describe.skipIf(!HAS_CHROMIUM)('Content-Security-Policy in Chromium', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let tb: TestBrowser;
  let caseId: number;
  let photoId: number;

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
    [server, tb] = await Promise.all([startDemoServer(), launchBrowser()]);
    // A case with a photo, reported through the API by the demo inspector.
    const ctx = await pwRequest.newContext({ baseURL: server.url });
    try {
      const res = await ctx.post('/api/auth/login', { data: { username: 'inspector', password: PASSWORD } });
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const command = {
        source: 'inspection',
        categoryCode: 'E01-01',
        description: 'CSP 测试',
        lon: 114.6497,
        lat: 33.6253,
        address: '川汇区七一路',
      };
      const created = await ctx.post('/api/cases', {
        headers: { 'x-csrf-token': csrfToken },
        multipart: {
          command: JSON.stringify(command),
          photos: { name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#aa5533', 320, 240) },
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      caseId = ((await created.json()) as { id: number }).id;
      const c = (await (await ctx.get(`/api/cases/${caseId}`)).json()) as { events: { photos: { id: number }[] }[] };
      photoId = c.events[0]!.photos[0]!.id;
    } finally {
      await ctx.dispose();
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), server?.stop()]);
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('the built shell has no inline script and is sent with a strict policy', async () => {
    const res = await fetch(`${server.url}/cases`);
    const html = await res.text();
    expect(html).toContain('<script type="module"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('the watcher sees a violation when there is one: an injected inline script is refused', async () => {
    const { context, page, violations } = await watchedPage(tb);
    try {
      await visit(page, server.url, '/login', '[data-testid="login-username"]', violations);
      expect(violations).toEqual([]);
      const ran = await page.evaluate(async () => {
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true;';
        document.head.append(s);
        await new Promise((r) => setTimeout(r, 200));
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      });
      expect(ran).toBe(false);
      expect(await page.evaluate(() => window.__cspViolations)).toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
    } finally {
      await context.close();
    }
  });

  it('HQ: home, cases, a case with its photo, map, letters, results chart and the API docs', async () => {
    const { context, page, violations } = await watchedPage(tb, { width: 1440, height: 900 });
    try {
      await visit(page, server.url, '/login', '[data-testid="login-username"]', violations);
      await login(page, server.url, 'hq', PASSWORD);
      await visit(page, server.url, '/dispatch', '[data-testid="home-dispatch"]', violations);
      await visit(page, server.url, '/cases', '[data-testid="page-cases"] .ant-table-row', violations);
      await visit(page, server.url, `/cases/${caseId}`, `[data-testid="photo-${photoId}"] img`, violations);
      // The thumbnail and the stripped copy (the preview) are shown, not downloaded.
      const thumb = page.locator(`[data-testid="photo-${photoId}"] img`).first();
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await page.locator(`[data-testid="photo-${photoId}"] .ant-image`).first().click();
      const preview = page.locator('.ant-image-preview-img');
      await preview.waitFor();
      await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      violations.push(...(await page.evaluate(() => window.__cspViolations ?? [])).map((v) => `photo preview: ${v}`));
      await visit(page, server.url, '/cases/map', '[data-testid="case-map"][data-loading="false"]', violations);
      await visit(page, server.url, '/letters', '[data-testid="page-letters"]', violations);
      await visit(page, server.url, '/evaluation/results', '[data-testid="results-trend-chart"] canvas', violations);
      await visit(page, server.url, '/api/docs', '.swagger-ui .info .title', violations);
      expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('Dudao');
      // An operation opened: its parameters, responses and example values render too.
      await page.locator('.swagger-ui .opblock-summary').first().click();
      await page.locator('.swagger-ui .opblock.is-open .responses-wrapper').first().waitFor();
      await page.waitForTimeout(300);
      violations.push(...(await page.evaluate(() => window.__cspViolations ?? [])).map((v) => `docs operation: ${v}`));
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('inspector on a phone: home, today page with the service worker, a report with a photo preview', async () => {
    const { context, page, violations } = await watchedPage(tb, { width: 390, height: 844 });
    try {
      await login(page, server.url, 'inspector', PASSWORD);
      await visit(page, server.url, '/inspect', '[data-testid="home-inspect"]', violations);
      await visit(page, server.url, '/inspect/today', '[data-testid="page-inspect-today"]', violations);
      // worker-src 'self' lets the offline app shell register.
      const active = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => Boolean(r.active)));
      expect(active).toBe(true);
      await visit(page, server.url, '/cases/new', '[data-testid="page-case-new"]', violations);
      await page
        .getByTestId('report-photos')
        .locator('input[type=file]')
        .first()
        .setInputFiles({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#3366aa', 320, 240) });
      await page.getByTestId('report-photos').locator('.ant-upload-list-item').first().waitFor();
      await page.waitForTimeout(500);
      violations.push(...(await page.evaluate(() => window.__cspViolations ?? [])).map((v) => `photo picker: ${v}`));
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('leader, unit handler, citizen and auditor: their home pages', async () => {
    const homes: [string, string, string][] = [
      ['leader', '/dashboard', 'home-dashboard'],
      ['handler', '/unit-work', 'home-unit-work'],
      ['citizen', '/citizen', 'home-citizen'],
      ['auditor', '/audit', 'home-audit'],
    ];
    for (const [username, path, testId] of homes) {
      const { context, page, violations } = await watchedPage(tb);
      try {
        await login(page, server.url, username, PASSWORD);
        await visit(page, server.url, path, `[data-testid="${testId}"]`, violations);
        if (username === 'leader') await visit(page, server.url, '/letters', '[data-testid="page-letters"]', violations);
        expect(violations, username).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
