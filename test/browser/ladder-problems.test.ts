/**
 * The escalation ladder's editor in Chromium: HQ saves a ladder the server refuses, and each
 * problem is said in the UI's language (from its code and params) under the rung it is in,
 * the field path kept as a hint. In-process server over SQLite serving the built web/dist,
 * like letters.test.ts; a campaign is created so that the ladder card can be edited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LADDER } from '../../src/demo/demo-ladder.js';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import { campaignOnOneStandard } from '../helpers/evaluation.js';
import { contextFor } from '../helpers/factories.js';
import type { CaseWorld, TestApp } from '../helpers/http.js';
import { browserCaseWorld, overflow, serveToBrowser, shoot } from '../helpers/browser-world.js';

describe.skipIf(!HAS_CHROMIUM)('the escalation ladder’s problems in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let world: CaseWorld;
  let tb: TestBrowser;
  let url: string;

  beforeAll(async () => {
    ({ t, world } = await browserCaseWorld());
    const hq = await contextFor(t.database, world.users.hq.id);
    const s = t.env.services;
    await campaignOnOneStandard(s, hq);
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('a refused ladder: each problem in Chinese under its rung, nothing in English', async () => {
    const { page } = await tb.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, url, world.users.hq.username, world.users.hq.password);
    await page.getByTestId('menu-letters').click();
    await page.getByTestId('page-letters').waitFor();
    await page.getByTestId('ladder-edit').click();
    // 上一级函件逾期未签收 on the first rung, and the 督办函 reusing the 提醒函's key.
    const ladder = structuredClone(DEMO_LADDER);
    ladder.rungs[0]!.triggers.push({ kind: 'unsigned_previous' });
    ladder.rungs[1]!.key = 'reminder';
    await page.getByTestId('ladder-json').fill(JSON.stringify(ladder, null, 2));
    await page.getByTestId('ladder-save').click();
    const problems = page.getByTestId('ladder-problems');
    await problems.waitFor();
    const text = (await problems.textContent()) ?? '';
    expect(text).toContain('阶梯有 2 处问题，未保存');
    expect(text).toContain('提醒函：“上一级函件逾期未签收”依据上一级函件，不能用于第一级');
    expect(text).toContain('督办函：阶梯键 reminder 与「提醒函」重复');
    expect(text).not.toMatch(/refers to|duplicate key|cannot be used/);
    await shoot(page, 'ladder-problems-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await problems.scrollIntoViewIfNeeded();
    await shoot(page, 'ladder-problems-390');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
