/**
 * 奖惩记录 in Chromium (issue 13 point 5): HQ records a 通报批评 of a department linked to
 * the letter issued to it; the department's handler then finds it on its own 奖惩记录 page,
 * and the handler of another department does not. The server runs in this process over
 * SQLite (as in letters.test.ts) serving the built web/dist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import { makeCampaign } from '../helpers/assessment.js';
import type { CaseWorld, TestApp } from '../helpers/http.js';
import { browserCaseWorld, chooseUnit, openWith, serveToBrowser } from '../helpers/browser-world.js';
import { issuedLetter } from '../helpers/sanctions.js';

const POLL = { timeout: 40_000 };

describe.skipIf(!HAS_CHROMIUM)('奖惩记录 in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let world: CaseWorld;
  let tb: TestBrowser;
  let url: string;

  beforeAll(async () => {
    ({ t, world } = await browserCaseWorld());
    // The form proposes today (the browser's clock) as the decision day: the server's clock must not be behind it.
    t.env.clock.set(new Date());
    await makeCampaign(t.database, '2026 创文');
    await issuedLetter(t.database, world.units.cgj.id, 7);
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('HQ records a 通报批评 linked to a letter; the unit sees it, another unit does not', async () => {
    const s = await tb.newPage();
    const errors: string[] = [];
    s.page.on('pageerror', (e) => errors.push(e.message));
    await login(s.page, url, world.users.hq.username, world.users.hq.password);
    await s.page.getByTestId('menu-sanctions').click();
    await s.page.getByTestId('page-sanctions').waitFor();
    await openWith(s.page.getByTestId('sanction-new'), s.page.getByTestId('sanction-unit'));
    await chooseUnit(s.page, s.page.getByTestId('sanction-unit'), '城管局（案卷测试）');
    // The letters of the chosen unit load; pick the one issued to it.
    await s.page.getByTestId('sanction-letters-select').click();
    const option = s.page.locator('.ant-select-item-option', { hasText: '周创指督〔2026〕7号' });
    await option.waitFor(POLL);
    // The list re-renders when the unit's letters arrive; a click landing then is lost: click
    // again until the letter shows as chosen (checked first, so a late click is not undone).
    const chosen = s.page.getByTestId('sanction-letters-select').locator('.ant-select-selection-item', { hasText: '周创指督〔2026〕7号' });
    for (let i = 0; i < 4 && !(await chosen.isVisible()); i++) {
      await option.click();
      await chosen.waitFor({ timeout: 4000 }).catch(() => undefined);
    }
    await chosen.waitFor(POLL);
    await s.page.keyboard.press('Escape');
    await s.page.getByTestId('sanction-summary').fill('超期案件较多，经督办仍未整改到位，予以通报批评。');
    await s.page.getByTestId('sanction-docno').fill('周创指〔2026〕9号');
    const sent = s.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/sanctions'), POLL);
    await s.page.getByTestId('sanction-save').click();
    const res = await sent;
    expect(res.status(), await res.text()).toBe(200);
    const card = s.page.getByTestId('sanction-list').locator('.ant-list-item').first();
    await expect.poll(() => card.textContent(), POLL).toContain('通报批评');
    expect(await card.textContent()).toContain('周创指督〔2026〕7号');
    expect(errors).toEqual([]);

    const u = await tb.newPage();
    await login(u.page, url, world.users.handler.username, world.users.handler.password);
    await u.page.getByTestId('menu-sanctions').click();
    await u.page.getByTestId('page-sanctions').waitFor();
    const mine = u.page.getByTestId('sanction-list');
    await expect.poll(() => mine.textContent(), POLL).toContain('超期案件较多，经督办仍未整改到位');
    expect(await mine.textContent()).toContain('城管局（案卷测试）');
    expect(await u.page.getByTestId('sanction-new').count()).toBe(0);

    const o = await tb.newPage();
    await login(o.page, url, world.users.jtjHandler.username, world.users.jtjHandler.password);
    await o.page.getByTestId('menu-sanctions').click();
    await o.page.getByTestId('page-sanctions').waitFor();
    await expect.poll(() => o.page.getByText('暂无奖惩记录').count(), POLL).toBeGreaterThan(0);
  });
});
