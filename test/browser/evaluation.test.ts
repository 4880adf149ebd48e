/**
 * The HQ evaluation pages in Chromium against the real server (built web/dist, demo
 * city): HQ creates a framework draft on the frameworks page and sees it listed with
 * its status, opens its (empty) tree, and opens the results page without errors.
 */
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { startServer } from '../helpers/server-process.js';

const PASSWORD = 'Dudao-Demo-2026';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

describe.skipIf(!HAS_CHROMIUM)('HQ evaluation pages in Chromium', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let tb: TestBrowser;

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
    [server, tb] = await Promise.all([startServer(), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), server?.stop()]);
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('HQ creates a draft framework on the frameworks page, sees it, and opens the results page without errors', async () => {
    const { context, page } = await tb.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const failed: string[] = [];
    try {
      await login(page, server.url, 'hq', PASSWORD);
      // From here on (the login page's own session probe is a 401 by design) no API call may fail.
      page.on('response', (r) => {
        if (r.url().includes('/api/') && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });

      // The menu offers the evaluation pages to HQ.
      await page.getByTestId('menu-eval-frameworks').click();
      await page.getByTestId('page-eval-frameworks').waitFor();
      expect(page.url()).toContain('/evaluation/frameworks');

      const name = `浏览器测试体系 ${Date.now()}`;
      await page.getByTestId('fw-create').click();
      await page.getByTestId('fw-create-name').fill(name);
      await page.getByTestId('fw-create-ok').click();

      const row = page.locator(`tr[data-name="${name}"]`);
      await row.waitFor();
      await expect(row.getByTestId('fw-status-draft').count()).resolves.toBe(1);
      // The new draft is selected and its (empty) tree shown.
      const tree = page.getByTestId('fw-tree');
      await tree.waitFor();
      const id = await tree.getAttribute('data-id');
      expect(await row.getAttribute('data-testid')).toBe(`fw-row-${id}`);
      // A draft offers import and publish.
      await row.getByTestId(`fw-import-${id}`).waitFor();
      await row.getByTestId(`fw-publish-${id}`).waitFor();

      // Reloaded from the server, it is still there.
      await page.goto(`${server.url}/evaluation/frameworks`);
      await page.locator(`tr[data-name="${name}"]`).waitFor();

      // Results page: loads, finishes its requests, no errors.
      await page.getByTestId('menu-eval-results').click();
      const results = page.getByTestId('page-eval-results');
      await results.waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="page-eval-results"]')?.getAttribute('data-loading') === 'false');
      await page.waitForLoadState('networkidle');
      expect(page.url()).toContain('/evaluation/results');

      expect(pageErrors).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
