/**
 * The HQ evaluation pages in Chromium against the real server (built web/dist, demo
 * city): HQ creates a framework draft on the frameworks page and sees it listed with
 * its status, opens its (empty) tree, and opens the results page without errors; the
 * results page ranks the demo districts by simulated index, draws the trend, and
 * downloads the Excel workbook.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { confirmDialog } from '../helpers/browser-world.js';
import { startDemoServer } from '../helpers/server-process.js';

const PASSWORD = 'Dudao-Demo-2026';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

describe.skipIf(!HAS_CHROMIUM)('HQ evaluation pages in Chromium', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let tb: TestBrowser;

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
    [server, tb] = await Promise.all([startDemoServer(), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), server?.stop()]);
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('the results page ranks the districts, draws the trend and downloads the workbook', async () => {
    const { context, page } = await tb.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const failed: string[] = [];
    try {
      await login(page, server.url, 'hq', PASSWORD);
      page.on('response', (r) => {
        if (r.url().includes('/api/') && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${server.url}/evaluation/results`);
      await page.getByTestId('page-eval-results').waitFor();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="page-eval-results"]')?.getAttribute('data-loading') === 'false',
      );

      // The ranking: the demo's districts, ranked 1, 2, … by an index on 0–100, the whole city last.
      const rows = page.locator('[data-testid^="ranking-row-"]');
      await rows.first().waitFor();
      expect(await rows.count()).toBeGreaterThanOrEqual(8);
      expect(await rows.first().getAttribute('data-rank')).toBe('1');
      const first = Number(await rows.first().getByTestId('ranking-index').getAttribute('data-value'));
      const second = Number(await rows.nth(1).getByTestId('ranking-index').getAttribute('data-value'));
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThanOrEqual(100);
      expect(first).toBeGreaterThanOrEqual(second);
      const annual = Number(await page.getByTestId('ranking-city').getByTestId('ranking-annual').getAttribute('data-value'));
      expect(annual).toBeGreaterThan(0);
      await expect(page.getByTestId('results-ranking').textContent()).resolves.toContain('年度分');

      // The trend: weekly lines, drawn on a canvas (echarts loads on demand).
      const chart = page.getByTestId('results-trend-chart');
      await chart.locator('canvas').waitFor();
      expect(Number(await chart.getAttribute('data-series'))).toBeGreaterThanOrEqual(8);
      expect(Number(await chart.getAttribute('data-buckets'))).toBeGreaterThanOrEqual(4);
      await page.getByTestId('trend-bucket').getByText('按月').click();
      await page.waitForURL((u) => u.searchParams.get('bucket') === 'month');
      // 90 days of weeks (14) become at most 4 months.
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="results-trend-chart"]')?.getAttribute('data-buckets')) <= 4,
      );

      // The export downloads a workbook named in Chinese with the index sheet first.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-export').click()]);
      expect(download.suggestedFilename()).toMatch(/^测评结果-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name).slice(0, 2)).toEqual(['区县指数', '区县得分率']);
      expect(wb.getWorksheet('区县指数')!.getCell('A2').value).toBe(1);
      expect(wb.getWorksheet('趋势')!.rowCount).toBeGreaterThanOrEqual(5);

      // In the English UI the same button brings the English workbook (the browser itself still prefers Chinese).
      await page.evaluate(() => localStorage.setItem('dudao.locale', 'en-US'));
      await page.reload();
      await page.getByTestId('results-export').waitFor();
      const [english] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-export').click()]);
      expect(english.suggestedFilename()).toMatch(/^results-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const wbEn = new ExcelJS.Workbook();
      await wbEn.xlsx.load(readFileSync(await english.path()) as unknown as ArrayBuffer);
      expect(wbEn.worksheets.map((w) => w.name).slice(0, 2)).toEqual(['District index', 'District rates']);
      await page.evaluate(() => localStorage.setItem('dudao.locale', 'zh-CN'));

      expect(pageErrors).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await context.close();
    }
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
      await confirmDialog(page.getByTestId('fw-create-ok'));

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
      await page.waitForFunction(
        () => document.querySelector('[data-testid="page-eval-results"]')?.getAttribute('data-loading') === 'false',
      );
      await page.waitForLoadState('networkidle');
      expect(page.url()).toContain('/evaluation/results');

      expect(pageErrors).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
