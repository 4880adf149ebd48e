/**
 * Campaign settings in Chromium against the real server (built web/dist, demo city):
 * HQ sees the demo campaign as current, changes the weak-point rule and the position
 * limit, saves, and finds them after a reload and in the API; a bad weight set is
 * refused with the field named and nothing saved.
 */
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignView } from '../../src/shared/contracts/campaigns.contract.js';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { startDemoServer } from '../helpers/server-process.js';
import { shoot } from '../helpers/browser-world.js';

const PASSWORD = 'Dudao-Demo-2026';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

describe.skipIf(!HAS_CHROMIUM)('campaign settings in Chromium', { timeout: 120_000 }, () => {
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

  it('HQ changes the weak-point rule and position limit; a bad weight set is refused', async () => {
    const { context, page } = await tb.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await login(page, server.url, 'hq', PASSWORD);
      await page.getByTestId('menu-eval-campaigns').click();
      await page.getByTestId('page-eval-campaigns').waitFor();
      const form = page.getByTestId('campaign-settings');
      await form.waitFor();
      await expect(form.textContent()).resolves.toContain('2026年周口市创建全国文明城市');

      const setNumber = async (testId: string, value: string) => {
        const input = page.getByTestId(testId);
        await input.fill(value);
      };
      await setNumber('setting-lastN', '5');
      await setNumber('setting-ratePercent', '75');
      await setNumber('setting-maxPositionMeters', '450');
      await page.getByTestId('campaign-save').click();
      await page.getByText('设置已保存，立即生效').waitFor();

      const read = async () => (await (await page.request.get(`${server.url}/api/campaigns`)).json()) as { items: CampaignView[] };
      const saved = (await read()).items[0]!;
      expect(saved.settings.weakness).toMatchObject({ lastN: 5, rateThreshold: 0.75 });
      expect(saved.settings.maxPositionMeters).toBe(450);

      await page.reload();
      await page.getByTestId('campaign-settings').waitFor();
      await expect(page.getByTestId('setting-lastN').inputValue()).resolves.toBe('5');

      // Annual weights that do not sum to 100: the server names the field, the page says it in
      // Chinese under the weights with the sum typed; nothing changes.
      await setNumber('setting-annualWeights-survey', '30');
      await page.getByTestId('campaign-save').click();
      const problem = page.getByTestId('setting-problem-annualWeights');
      await problem.waitFor();
      expect(await problem.textContent()).toBe('网上材料、实地测评、问卷调查三项权重须不小于 0 且合计 100，现合计 110');
      await page.getByText('填写内容有误，请检查后重试').first().waitFor();
      expect(await page.getByTestId('setting-problem-cycleWeights').count()).toBe(0);
      await problem.scrollIntoViewIfNeeded();
      await shoot(page, 'campaign-weights-problem-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await problem.scrollIntoViewIfNeeded();
      await shoot(page, 'campaign-weights-problem-390');
      expect((await read()).items[0]!.settings.annualWeights).toEqual({ online: 40, field: 40, survey: 20 });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
