/**
 * Browser flows against the real server (built web/dist, demo city loaded) in the
 * system Chromium. Real: server, database, HTTP, the built front end. Mocked: nothing.
 * One server and one browser for the whole file; each test gets fresh contexts.
 */
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { UNIT_SHEET } from '../../src/documents/xlsx/directory.sheets.js';
import type { Role } from '../../src/shared/enums.js';
import { ROLE_LABELS } from '../../src/shared/labels.js';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { openWith, shoot } from '../helpers/browser-world.js';
import { startDemoServer } from '../helpers/server-process.js';
import { textOf } from '../../src/shared/text.js';

const PASSWORD = 'Dudao-Demo-2026';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
type MenuKey =
  | 'dispatch'
  | 'inspect'
  | 'unit-work'
  | 'dashboard'
  | 'projects'
  | 'citizen'
  | 'units'
  | 'case-new'
  | 'verify'
  | 'cases'
  | 'case-map'
  | 'eval-frameworks'
  | 'eval-checkpoints'
  | 'eval-plans'
  | 'eval-campaigns'
  | 'eval-results'
  | 'letters'
  | 'briefings'
  | 'action-items'
  | 'assess-model'
  | 'assess-results'
  | 'assess-mine'
  | 'assess-appeals'
  | 'sanctions'
  | 'project-dashboard'
  | 'project-batches'
  | 'admin-units'
  | 'admin-users'
  | 'admin-security'
  | 'admin-requests'
  | 'audit'
  | 'tokens'
  | 'satisfaction'
  | 'public-settings'
  | 'api-keys'
  | 'password';

interface Account {
  username: string;
  role: Role;
  home: string;
  menu: MenuKey[];
}

/** Every demo account, its landing page and exactly the menu it should see. */
const ACCOUNTS: Account[] = [
  {
    username: 'hq',
    role: 'hq_dispatcher',
    home: '/dispatch',
    // Issue 13 point 6: HQ opens the 领导驾驶舱 from its menu too.
    menu: [
      'dispatch',
      'dashboard',
      'case-new',
      'cases',
      'case-map',
      'eval-frameworks',
      'eval-checkpoints',
      'eval-plans',
      'eval-campaigns',
      'eval-results',
      'letters',
      'briefings',
      // Issue 13 point 8: the 交办事项 list.
      'action-items',
      // Issue 13: 考核结果, 申诉处理 and 考核办法.
      'assess-results',
      'assess-appeals',
      'assess-model',
      'sanctions',
      // Issue 15: 回访复核, 市民上报设置 and the integrators' API keys.
      'satisfaction',
      'public-settings',
      'api-keys',
      'units',
      'password',
    ],
  },
  {
    username: 'inspector',
    role: 'inspector',
    home: '/inspect',
    menu: ['inspect', 'case-new', 'verify', 'cases', 'case-map', 'units', 'password'],
  },
  {
    username: 'handler',
    role: 'unit_handler',
    home: '/unit-work',
    // Issue 13: 我的考核 (its results and appeals).
    menu: ['unit-work', 'cases', 'case-map', 'letters', 'assess-mine', 'sanctions', 'action-items', 'units', 'password'],
  },
  {
    username: 'unithead',
    role: 'unit_head',
    home: '/unit-work',
    menu: ['unit-work', 'cases', 'case-map', 'letters', 'assess-mine', 'sanctions', 'action-items', 'units', 'password'],
  },
  {
    username: 'leader',
    role: 'leader',
    home: '/dashboard',
    // Issue 13: 考核结果 and 考核办法 (read; 加减分 approved on the results page).
    menu: [
      'dashboard',
      'cases',
      'case-map',
      'eval-results',
      'letters',
      'briefings',
      'assess-results',
      'assess-model',
      'action-items',
      'sanctions',
      'project-dashboard',
      'project-batches',
      // Issue 15: leaders read the units' 满意率 on 回访复核.
      'satisfaction',
      'units',
      'password',
    ],
  },
  {
    username: 'owner',
    role: 'project_owner',
    home: '/projects',
    // Issue 14 point 7: 项目总览 for the project roles and leaders.
    menu: ['projects', 'project-dashboard', 'case-new', 'cases', 'case-map', 'units', 'password'],
  },
  { username: 'citizen', role: 'citizen', home: '/citizen', menu: ['citizen', 'case-new', 'password'] },
  {
    username: 'sysadmin',
    role: 'sysadmin',
    home: '/admin/units',
    // Issue 15: the sysadmin issues integrators' API keys too.
    menu: ['admin-units', 'admin-users', 'admin-requests', 'tokens', 'api-keys', 'password'],
  },
  {
    username: 'secadmin',
    role: 'security_admin',
    home: '/admin/security',
    menu: ['units', 'admin-security', 'admin-requests', 'tokens', 'password'],
  },
  { username: 'auditor', role: 'auditor', home: '/audit', menu: ['units', 'admin-requests', 'audit', 'password'] },
];

/** `/admin/units` → `home-admin-units`: the test id every home page root carries. */
const homeTestId = (home: string) => `home-${home.slice(1).replace(/\//g, '-')}`;

async function menuKeys(page: Page): Promise<string[]> {
  await page.getByTestId('side-menu').locator('[data-testid^="menu-"]').first().waitFor();
  const ids = await page.locator('[data-testid^="menu-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace(/^menu-/, '')).sort();
}

describe.skipIf(!HAS_CHROMIUM)('web front end in Chromium', { timeout: 60_000 }, () => {
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

  describe('each demo role lands on its home page with its menu', () => {
    // One context for all roles so the HTTP cache is shared; cookies are dropped
    // between roles, which is all a new visitor differs by.
    let shared: Awaited<ReturnType<TestBrowser['newPage']>>;
    beforeAll(async () => {
      shared = await tb.newPage();
    });
    afterAll(async () => {
      await shared?.context.close();
    });
    beforeEach(async () => {
      await shared.context.clearCookies();
    });

    for (const a of ACCOUNTS) {
      it(`${a.username} (${a.role}) → ${a.home}`, async () => {
        const { page } = shared;
        await login(page, server.url, a.username, PASSWORD);
        await page.getByTestId(homeTestId(a.home)).waitFor();
        expect(new URL(page.url()).pathname).toBe(a.home);
        expect((await page.getByTestId('home-user').textContent())?.trim()).not.toBe('');
        expect(await page.getByTestId('home-roles').textContent()).toContain(ROLE_LABELS[a.role].zh);
        expect(await menuKeys(page)).toEqual([...a.menu].sort());
      });
    }
  });

  it('keeps the login route small: its JavaScript is at most 300 KB gzip', async () => {
    const { context, page } = await tb.newPage();
    try {
      const scripts = new Map<string, number>();
      page.on('response', (res) => {
        if (!/\.m?js(\?|$)/.test(res.url())) return;
        void res
          .body()
          .then((b) => scripts.set(res.url(), gzipSync(b).length))
          .catch(() => undefined);
      });
      await page.goto(`${server.url}/login`, { waitUntil: 'networkidle' });
      await page.getByTestId('login-page').waitFor();
      const total = [...scripts.values()].reduce((s, n) => s + n, 0);
      expect(scripts.size).toBeGreaterThan(0);
      expect([...scripts.keys()].some((u) => /echarts|DashboardHome|UnitsPage|AuditPage/.test(u))).toBe(false);
      expect(total).toBeLessThanOrEqual(300 * 1024);
    } finally {
      await context.close();
    }
  });

  it('refuses a units workbook with a bad parent code and names the row', async () => {
    const { context, page } = await tb.newPage();
    try {
      await login(page, server.url, 'sysadmin', PASSWORD);
      await page.getByTestId('home-admin-units').waitFor();

      // Learn the columns from the server's own template rather than hard-coding them.
      const template = await context.request.get(`${server.url}/api/units/template`);
      expect(template.ok()).toBe(true);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await template.body()) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      if (!ws) throw new Error('template has no worksheet');
      const colOf = new Map<string, number>();
      ws.getRow(1).eachCell((cell, col) => {
        // Headers are in one language (Chinese, or English for an English Accept-Language).
        const text = textOf(cell.value ?? '').trim();
        const key = UNIT_SHEET.columns.find((c) => c.header.zh === text || c.header.en === text)?.key;
        if (key) colOf.set(key, col);
      });
      for (const key of ['code', 'name', 'kind', 'parentCode']) expect(colOf.has(key), `template column ${key}`).toBe(true);
      if (ws.rowCount > 1) ws.spliceRows(2, ws.rowCount - 1);

      const put = (values: Record<string, string>) => {
        const row = ws.getRow(ws.rowCount + 1);
        for (const [k, v] of Object.entries(values)) row.getCell(colOf.get(k) ?? 0).value = v;
        row.commit();
        return row.number;
      };
      put({ code: 'T-GOOD-1', name: '浏览器测试单位', kind: 'department', parentCode: '411600' });
      const badRow = put({ code: 'T-BAD-1', name: '上级不存在的单位', kind: 'department', parentCode: 'NO-SUCH-PARENT' });
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());

      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-units').click()]);
      await chooser.setFiles({ name: 'units.xlsx', mimeType: XLSX, buffer: bytes });

      const report = page.getByTestId('import-errors');
      await report.waitFor();
      expect(await report.textContent()).toContain('未导入任何数据');
      // The problem and its column in Chinese, as the template names the column.
      const said = (await report.innerText()).replace(/\s+/g, ' ');
      expect(said).toContain('上级编码');
      expect(said).toContain('上级单位“NO-SUCH-PARENT”不存在');
      expect(said).not.toContain('does not exist');
      const rowCells = await report.locator('tbody tr td:nth-child(2)').allTextContents();
      expect(rowCells.map((s) => s.trim())).toContain(String(badRow));

      // All or nothing: the good row must not have been written either.
      const units = (await (await context.request.get(`${server.url}/api/units`)).json()) as { items: { code: string }[] };
      expect(units.items.some((u) => u.code === 'T-GOOD-1')).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('says server refusals in Chinese: a unit still in use, a project that does not exist; in English the server’s own words', async () => {
    const { context, page } = await tb.newPage();
    try {
      await login(page, server.url, 'sysadmin', PASSWORD);
      await page.getByTestId('home-admin-units').waitFor();
      await page.getByTestId('unit-search').fill('城市管理局');
      await page.getByTestId('unit-node-411600-CGJ').click();
      const ok = page.locator('.ant-popconfirm .ant-btn-primary');
      const refused = page.getByTestId('unit-delete-refused');
      await openWith(page.getByTestId('unit-delete'), ok);
      await openWith(ok, refused);
      const said = (await refused.textContent()) ?? '';
      expect(said).toMatch(/^该单位仍被以下数据引用：\d+ 名人员、.*\d+ 件案件.*。未删除，请先移交或删除这些数据。$/);
      expect(said).not.toMatch(/[A-Za-z]/);
      await page.waitForTimeout(500); // the dialog's fade-in, for the picture
      await shoot(page, 'unit-delete-refused-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await shoot(page, 'unit-delete-refused-390');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.keyboard.press('Escape');

      await context.clearCookies();
      await login(page, server.url, 'leader', PASSWORD);
      await page.goto(`${server.url}/projects/2147483000`);
      const missing = page.locator('.ant-alert-error');
      await missing.waitFor();
      expect((await missing.textContent())?.trim()).toBe('未找到该项目，可能已被删除或链接有误');
      await shoot(page, 'project-missing-1440');

      await page.getByTestId('lang-en').click();
      // English is its own chunk: the choice is stored once its texts have arrived.
      await page.waitForFunction(() => localStorage.getItem('dudao.locale') === 'en-US');
      await page.goto(`${server.url}/projects/2147483000`);
      await page.locator('.ant-alert-error').filter({ hasText: 'project 2147483000 not found' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('in English: periods as 2026-11 / 2026 W48 (not 2026年11月), and English colons and brackets after English labels', async () => {
    const { context, page } = await tb.newPage();
    try {
      await page.goto(`${server.url}/login`);
      await page.getByTestId('lang-en').click();
      await page.waitForFunction(() => localStorage.getItem('dudao.locale') === 'en-US');
      await login(page, server.url, 'hq', PASSWORD);
      await page.goto(`${server.url}/dashboard`);
      const card = page.getByTestId('cockpit-red-black');
      await card.locator('.ant-card-head-title').filter({ hasText: 'Red and black lists ·' }).waitFor();
      expect((await card.locator('.ant-card-head-title').innerText()).trim()).toMatch(/^Red and black lists · \d{4}(-\d{2}| W\d{1,2})$/);
      await page.goto(`${server.url}/sanctions`);
      // The period in the UI's words; the labels' colons and lists in English punctuation (the
      // summary and the document number are HQ's own Chinese text).
      const periods = page.locator('[data-testid^="sanction-period-"]');
      await periods.first().waitFor();
      for (const text of await periods.allInnerTexts()) expect(text).toMatch(/^\d{4}(-\d{2}| W\d{1,2}| Q\d)?$/);
      const said = await page.getByTestId('page-sanctions').innerText();
      expect(said).toMatch(/Decided on: \d{4}-\d{2}-\d{2}/);
      expect(said).not.toMatch(/(Decided on|Document no\.|Recorded by)：/);
      // Counts and codes after an English label in English brackets: 项目库's late reports.
      await context.clearCookies();
      await login(page, server.url, 'leader', PASSWORD);
      await page.goto(`${server.url}/projects`);
      await page.getByText(/^Late and missing monthly reports \(\d+\)$/).waitFor();
      expect(await page.locator('body').innerText()).not.toMatch(/[A-Za-z]（/);
    } finally {
      await context.close();
    }
  });

  it('switches to English, keeps it after a reload, and back to Chinese', async () => {
    const { context, page } = await tb.newPage();
    try {
      await page.goto(`${server.url}/login`);
      await page.getByTestId('lang-en').click();
      await page.getByTestId('login-submit').filter({ hasText: 'Sign in' }).waitFor();
      await login(page, server.url, 'sysadmin', PASSWORD);
      await page.getByTestId('menu-admin-users').filter({ hasText: 'Users' }).waitFor();
      expect((await page.getByTestId('menu-admin-units').textContent())?.trim()).toBe('Units');

      await page.reload();
      await page.getByTestId('menu-admin-users').filter({ hasText: 'Users' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
      expect(await page.evaluate(() => localStorage.getItem('dudao.locale'))).toBe('en-US');

      await page.getByTestId('lang-zh').click();
      await page.getByTestId('menu-admin-users').filter({ hasText: '用户管理' }).waitFor();

      await page.getByTestId('user-menu').click();
      await page.getByTestId('logout').click();
      await page.getByTestId('login-submit').filter({ hasText: '登录' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await context.close();
    }
  });

  it('shows the auditor the audit log with the logins, and verifies the chain', async () => {
    const { context, page } = await tb.newPage();
    try {
      await login(page, server.url, 'auditor', PASSWORD);
      await page.getByTestId('home-audit').waitFor();
      const table = page.getByTestId('audit-table');
      // Actions show their label (登录) with the code in the tag's title.
      await table.locator('tbody tr [title="auth.login"]').first().waitFor();

      // Filtering by actor narrows the table to that account's own records.
      const me = (await (await context.request.get(`${server.url}/api/auth/me`)).json()) as {
        user: { username: string; displayName: string };
      };
      await page.getByTestId('audit-filter-actor').fill('auditor');
      await page.getByTestId('audit-search').click();
      // Column 4 is the actor (column 1 is the row expander).
      await page.waitForFunction(
        (names) => {
          const cells = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr.ant-table-row td:nth-child(4)')];
          return cells.length > 0 && cells.every((c) => names.includes(c.textContent?.trim() ?? ''));
        },
        [me.user.username, me.user.displayName],
      );
      await table.locator('tbody tr [title="auth.login"]').first().waitFor();

      await page.getByTestId('audit-verify').click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor();
      expect(await result.getAttribute('class')).toContain('ant-alert-success');
    } finally {
      await context.close();
    }
  });
});
