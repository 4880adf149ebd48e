/**
 * API tokens and the login throttle in Chromium (issue 11, points 3 and 6): the owner picks
 * scopes and a lifetime, sees expiry and last use; a throttled login says how long to wait.
 * In-process server over SQLite serving web/dist, so the test owns the clock.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/http.js';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** Screenshots for a person to look at (1440 and 390 px); not compared by the test. */
const SHOTS = join(tmpdir(), 'dudao-screenshots');

describe.skipIf(!HAS_CHROMIUM)('API tokens page and throttled login in Chromium', { timeout: 120_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { webDist: WEB_DIST });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    tb = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await tb?.close();
    await t?.close();
  });

  it('creates a token with a chosen scope and lifetime; the list shows scopes, expiry and last use', async () => {
    const { context, page } = await tb.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await login(page, url, 'sys', t.city.sysadmin.password);
      await page.goto(`${url}/settings/tokens`);
      await page.getByTestId('token-create').click();
      await page.getByTestId('token-name').fill('数据交换');
      await page.getByTestId('token-scope-unit.read').click();
      await page.getByTestId('token-days').fill('30');
      await page.screenshot({ path: `${SHOTS}/tokens-create-1440.png` });
      await page.getByRole('button', { name: /确\s*定|OK/ }).click();
      const secret = (await page.getByTestId('token-secret').innerText()).trim();
      expect(secret).toMatch(/^ddt_/);
      await page.getByRole('button', { name: '我已保存' }).click();
      const row = page.locator('tr', { hasText: '数据交换' });
      await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('查看单位');
      expect(await row.innerText()).toContain('从未使用');
      // Used once by an integration: the last use appears after a reload.
      const used = await fetch(`${url}/api/units`, { headers: { authorization: `Bearer ${secret}` } });
      expect(used.status).toBe(200);
      const denied = await fetch(`${url}/api/users`, { headers: { authorization: `Bearer ${secret}` } });
      expect(denied.status).toBe(403);
      await page.reload();
      await expect.poll(() => page.locator('tr', { hasText: '数据交换' }).innerText(), { timeout: 20_000 }).not.toContain('从未使用');
      const text = await page.locator('tr', { hasText: '数据交换' }).innerText();
      expect(text).toContain('有效');
      expect(text).toMatch(/2026-04-01/); // 30 days after 2026-03-02 (the manual clock)
      await page.screenshot({ path: `${SHOTS}/tokens-list-1440.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('on a phone the create dialog fits', async () => {
    const { context, page } = await tb.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await login(page, url, 'sec', t.city.secadmin.password);
      await page.goto(`${url}/settings/tokens`);
      await page.getByTestId('token-create').click();
      await page.getByTestId('token-name').fill('手机');
      await page.waitForTimeout(400); // let the dialog's opening animation end before the picture
      await page.screenshot({ path: `${SHOTS}/tokens-create-390.png` });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it('after five wrong passwords the login page says how long to wait, in Chinese', async () => {
    const { context, page } = await tb.newPage();
    try {
      await page.goto(`${url}/login`);
      for (let i = 0; i < 6; i++) {
        await page.getByTestId('login-username').fill('aud');
        await page.getByTestId('login-password').fill(`wrong-password-${i}`);
        await page.getByTestId('login-submit').click();
        await page.getByTestId('login-error').waitFor();
      }
      await expect
        .poll(() => page.getByTestId('login-error').innerText(), { timeout: 20_000 })
        .toContain('登录失败次数过多，请 15 分钟后再试');
      await page.screenshot({ path: `${SHOTS}/login-throttled.png` });
    } finally {
      await context.close();
    }
  });
});
