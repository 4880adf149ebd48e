/**
 * 三员分立 in Chromium (issue 11, point 1): the security admin resets the auditor's password,
 * which only files a request ("等待另一位管理员批准"); the sysadmin approves it on
 * 管理员变更审批, and only then does the new password work.
 * In-process server over SQLite serving web/dist, like tokens.test.ts.
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
/** Screenshots for a person to look at; not compared by the test. */
const SHOTS = join(tmpdir(), 'dudao-screenshots');

describe.skipIf(!HAS_CHROMIUM)('admin approvals (三员分立) in Chromium', { timeout: 120_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;
  const canLogin = async (username: string, password: string) =>
    (
      await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
    ).status === 200;

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

  it('secadmin asks to reset the auditor’s password; sysadmin approves; then it applies', async () => {
    const sec = await tb.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await login(sec.page, url, 'sec', t.city.secadmin.password);
      await sec.page.goto(`${url}/admin/security`);
      await sec.page.getByTestId('user-reset-aud').click();
      await sec.page.getByTestId('reset-password').fill('Second-Admin-Said-Yes-1');
      await sec.page.getByRole('button', { name: /确\s*定|OK/ }).click();
      await expect.poll(() => sec.page.getByText('已提交，等待另一位管理员批准').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      // The requester sees the request but may only cancel it.
      await sec.page.goto(`${url}/admin/requests`);
      const own = sec.page.locator('tr', { hasText: '重置密码' });
      await expect.poll(() => own.innerText(), { timeout: 20_000 }).toContain('撤销申请');
      expect(await own.locator('[data-testid^="admin-request-approve-"]').count()).toBe(0);
    } finally {
      await sec.context.close();
    }
    expect(await canLogin('aud', 'Second-Admin-Said-Yes-1')).toBe(false);

    const sys = await tb.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await login(sys.page, url, 'sys', t.city.sysadmin.password);
      await sys.page.goto(`${url}/admin/requests`);
      const row = sys.page.locator('tr', { hasText: '重置密码' });
      await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('待批准');
      await sys.page.screenshot({ path: `${SHOTS}/admin-requests-1440.png`, fullPage: true });
      await row.locator('[data-testid^="admin-request-approve-"]').click();
      await sys.page.getByRole('button', { name: /确\s*定|OK/ }).click();
      await expect.poll(() => sys.page.getByText('已批准，变更已生效').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await sys.page.getByTestId('admin-request-filter').getByText('已批准').click();
      await expect.poll(() => sys.page.locator('tr', { hasText: '重置密码' }).innerText(), { timeout: 20_000 }).toContain('已批准');
    } finally {
      await sys.context.close();
    }
    expect(await canLogin('aud', 'Second-Admin-Said-Yes-1')).toBe(true);
  });
});
