/**
 * What a new user trips over, in Chromium against the real server with the demo city
 * (issue 11, points 13, 14, 17, 20, 21): the inspector's home without the placeholder,
 * a citizen's case page with unit names and no staff names, every main page of every
 * demo role at 390 px without sideways scrolling and with the menu button clear of
 * fields and dialogs, times in Beijing time from a browser in New York, and the 1440 px
 * tables whose pinned column hid 创建时间. Screenshots go to /tmp/shots-web/ for a person.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request as pwRequest, type APIRequestContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { openWith } from '../helpers/browser-world.js';
import { jpeg } from '../helpers/images.js';
import { startDemoServer } from '../helpers/server-process.js';

const PASSWORD = 'Dudao-Demo-2026';
const PHONE = { width: 390, height: 844 };
/** 用户管理 and 安全管理, the two pages of the user list, with who opens each and its screenshot name. */
const USER_PAGES = [
  ['sysadmin', '/admin/users', 'admin-users'],
  ['secadmin', '/admin/security', 'admin-security'],
] as const;
const DESKTOP = { width: 1440, height: 900 };
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = '/tmp/shots-web';
const ACCOUNTS = ['hq', 'inspector', 'handler', 'unithead', 'leader', 'owner', 'citizen', 'sysadmin', 'secadmin', 'auditor'];
/** 川汇区, inside the demo city's area. */
const HERE = { lon: 114.6497, lat: 33.6253 };

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Page width and the fields (inputs, selects, pickers) the menu button's box overlaps. */
async function layoutProblems(page: Page): Promise<{ width: number; covered: string[] }> {
  return page.evaluate(() => {
    const width = document.scrollingElement!.scrollWidth;
    const button = document.querySelector('[data-testid="menu-button"]')?.getBoundingClientRect();
    const covered: string[] = [];
    if (button) {
      for (const el of document.querySelectorAll('input, textarea, .ant-select, .ant-picker, button:not([data-testid="menu-button"])')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || el.closest('.ant-layout-header')) continue;
        if (r.left < button.right && button.left < r.right && r.top < button.bottom && button.top < r.bottom)
          covered.push(el.outerHTML.slice(0, 120));
      }
    }
    return { width, covered };
  });
}

describe.skipIf(!HAS_CHROMIUM)('phone layout, citizen view and Beijing time in Chromium', { timeout: 300_000 }, () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let tb: TestBrowser;
  let photo: Buffer;
  const sessions = new Map<string, { ctx: APIRequestContext; csrf: string }>();

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
    mkdirSync(SHOTS, { recursive: true });
    [server, tb, photo] = await Promise.all([startDemoServer(), launchBrowser(), jpeg('#aa5533', 320, 240)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([...sessions.values()].map((s) => s.ctx.dispose()));
    await Promise.allSettled([tb?.close(), server?.stop()]);
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  async function apiAs(username: string) {
    const known = sessions.get(username);
    if (known) return known;
    const ctx = await pwRequest.newContext({ baseURL: server.url });
    const res = await ctx.post('/api/auth/login', { data: { username, password: PASSWORD } });
    expect(res.ok(), `login ${username}`).toBe(true);
    const s = { ctx, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    sessions.set(username, s);
    return s;
  }

  async function act(username: string, id: number, cmd: Record<string, unknown>, withPhoto = false): Promise<void> {
    const { ctx, csrf } = await apiAs(username);
    const hq = await apiAs('hq');
    const version = ((await (await hq.ctx.get(`/api/cases/${id}`)).json()) as { version: number }).version;
    const command = { ...cmd, version };
    const res = withPhoto
      ? await ctx.post(`/api/cases/${id}/actions`, {
          headers: { 'x-csrf-token': csrf },
          multipart: { command: JSON.stringify(command), photos: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: photo } },
        })
      : await ctx.post(`/api/cases/${id}/actions`, { headers: { 'x-csrf-token': csrf }, data: command });
    expect(res.status(), `${String(cmd.action)}: ${await res.text()}`).toBe(200);
  }

  /** A citizen's report, accepted and dispatched by 王调度 with a hand-picked deadline, acknowledged by 张经办. */
  async function citizenCase(deadline: string): Promise<{ id: number; unitName: string }> {
    const { ctx, csrf } = await apiAs('citizen');
    const command = {
      source: 'citizen',
      categoryCode: 'E01-01',
      description: '手机测试：路边垃圾',
      lon: HERE.lon,
      lat: HERE.lat,
      address: '川汇区七一路',
    };
    const res = await ctx.post('/api/cases', {
      headers: { 'x-csrf-token': csrf },
      multipart: { command: JSON.stringify(command), photos: { name: 'scene.jpg', mimeType: 'image/jpeg', buffer: photo } },
    });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = (await res.json()) as { id: number };
    await act('hq', id, { action: 'accept' });
    const handler = (await (await (await apiAs('handler')).ctx.get('/api/auth/me')).json()) as { roles: { unitId: number }[] };
    const unitId = handler.roles[0]!.unitId;
    await act('hq', id, { action: 'dispatch', unitId, deadline, reason: '测试指定期限' });
    await act('handler', id, { action: 'acknowledge' });
    const detail = (await (await (await apiAs('hq')).ctx.get(`/api/cases/${id}`)).json()) as { assignedUnitName: string };
    return { id, unitName: detail.assignedUnitName };
  }

  it("the inspector's home has no placeholder card and no repeated test id", async () => {
    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      await login(page, server.url, 'inspector', PASSWORD);
      await page.getByTestId('home-inspect').waitFor();
      await page.getByTestId('my-reports').locator('.ant-list-item').first().waitFor();
      const text = await page.getByTestId('home-inspect').innerText();
      expect(text).not.toContain('检查任务将随检查模块上线');
      expect(text).not.toContain('开始检查');
      expect(await page.getByTestId('go-inspect-today').count()).toBe(1);
      // Ids of the page's own parts, not of rows in its lists.
      const ids = await page
        .locator('[data-testid]')
        .evaluateAll((els) => els.filter((e) => !e.closest('.ant-list-item')).map((e) => e.getAttribute('data-testid')));
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(repeated).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/inspect-home-390.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("a citizen's case page names the unit and no staff member, in Beijing time from New York", async () => {
    // Midnight on 10 January in Beijing is 11:00 on 9 January in New York.
    const c = await citizenCase('2027-01-09T16:00:00.000Z');
    expect(c.unitName).toBeTruthy();
    const context = await tb.browser.newContext({ locale: 'zh-CN', viewport: PHONE, timezoneId: 'America/New_York' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    try {
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
      await login(page, server.url, 'citizen', PASSWORD);
      await page.goto(`${server.url}/cases/${c.id}`);
      await page.getByTestId('timeline-acknowledge').waitFor();
      const text = await page.getByTestId('page-case').innerText();
      expect(text).toContain(c.unitName);
      expect(text).not.toMatch(/#\d+/);
      for (const name of ['王调度', '张经办']) expect(text).not.toContain(name);
      expect(await page.getByTestId('case-timeline').innerText()).toContain('指挥中心');
      expect(await page.getByTestId('case-timeline').innerText()).toContain('责任单位');
      expect(await page.getByTestId('case-deadline').innerText()).toBe('2027-01-10 00:00');
      expect(await layoutProblems(page)).toEqual({ width: expect.any(Number), covered: [] });
      expect((await layoutProblems(page)).width).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: `${SHOTS}/citizen-case-390-new-york.png`, fullPage: true });
    } finally {
      await context.close();
    }
    // Staff see the same deadline, and who did it.
    const { context: hqContext, page: hq } = await tb.newPage({ viewport: DESKTOP });
    try {
      await login(hq, server.url, 'hq', PASSWORD);
      await hq.goto(`${server.url}/cases/${c.id}`);
      await hq.getByTestId('timeline-dispatch').waitFor();
      expect(await hq.getByTestId('case-timeline').innerText()).toContain('王调度');
      expect(await hq.getByTestId('case-deadline').innerText()).toBe('2027-01-10 00:00');
      await hq.screenshot({ path: `${SHOTS}/hq-case-1440.png`, fullPage: true });
    } finally {
      await hqContext.close();
    }
  });

  it('a date range picked in New York filters by Beijing days', async () => {
    const context = await tb.browser.newContext({ locale: 'zh-CN', viewport: DESKTOP, timezoneId: 'America/New_York' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    try {
      await login(page, server.url, 'hq', PASSWORD);
      await page.goto(`${server.url}/cases`);
      // AntD puts the test id on both inputs of the range.
      await page.getByTestId('filter-period').first().click();
      await page.getByTestId('filter-period').first().fill('2026-03-10');
      await page.keyboard.press('Enter');
      await page.getByTestId('filter-period').nth(1).fill('2026-03-11');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.searchParams.has('from'));
      const u = new URL(page.url());
      expect(u.searchParams.get('from')).toBe('2026-03-09T16:00:00.000Z');
      expect(u.searchParams.get('to')).toBe('2026-03-11T16:00:00.000Z');
    } finally {
      await context.close();
    }
  });

  it('every main page of every demo role fits 390 px, and the menu button covers no field or dialog', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    // Two phones side by side, each going through half of the accounts: most of a page's time
    // is waiting for the network to go quiet and the charts to settle, which the other overlaps.
    const halves = [ACCOUNTS.filter((_, i) => i % 2 === 0), ACCOUNTS.filter((_, i) => i % 2 === 1)];
    await Promise.all(
      halves.map(async (accounts) => {
        const { context, page } = await tb.newPage({ viewport: PHONE });
        try {
          for (const username of accounts) {
            await login(page, server.url, username, PASSWORD);
            const menu = page.getByTestId('side-menu').locator('[data-testid^="menu-"]');
            await openWith(page.getByTestId('menu-button'), menu.first());
            const keys = await menu.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
            await page.keyboard.press('Escape');
            for (const key of keys) {
              // Closed, not closing: a closing menu still shows its items, which then vanish under the click.
              await menu.first().waitFor({ state: 'hidden' });
              const item = page.getByTestId('side-menu').getByTestId(key);
              await openWith(page.getByTestId('menu-button'), item);
              await item.click();
              await page
                .locator('.ant-drawer-open')
                .waitFor({ state: 'detached' })
                .catch(() => undefined);
              await page.waitForLoadState('networkidle');
              await page.waitForTimeout(300); // charts and tables settle after the data
              const { width, covered } = await layoutProblems(page);
              const where = `${username} ${new URL(page.url()).pathname}`;
              if (width > PHONE.width) problems.push(`${where}: ${width} px wide`);
              if (covered.length) problems.push(`${where}: menu button covers ${covered.join(' | ')}`);
              await page.screenshot({ path: `${SHOTS}/${username}-${key.replace(/^menu-/, '')}-390.png`, fullPage: true });
            }
            await context.clearCookies();
          }
        } finally {
          await context.close();
        }
      }),
    );
    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      // A dialog sits above the menu button: the point at its centre belongs to the dialog's layer.
      await login(page, server.url, 'hq', PASSWORD);
      await openWith(page.getByTestId('user-menu'), page.getByTestId('logout-all'));
      await openWith(page.getByTestId('logout-all'), page.locator('.ant-modal-confirm'));
      const onTop = await page.evaluate(() => {
        const r = document.querySelector('[data-testid="menu-button"]')!.getBoundingClientRect();
        const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return el?.closest('[data-testid="menu-button"]') ? 'menu button' : 'dialog layer';
      });
      expect(onTop).toBe('dialog layer');
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it('at 390 px the case filters open from one button and, date range included, fit the screen', async () => {
    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      await login(page, server.url, 'hq', PASSWORD);
      for (const path of ['/cases', '/cases/map']) {
        await page.goto(`${server.url}${path}`);
        await page.getByTestId('filters-toggle').click();
        await page.getByTestId('filter-period').first().waitFor();
        const { width, covered } = await layoutProblems(page);
        expect(width, path).toBeLessThanOrEqual(PHONE.width);
        expect(covered, path).toEqual([]);
        const picker = (await page.locator('.ant-picker-range').boundingBox())!;
        expect(picker.x + picker.width, path).toBeLessThanOrEqual(PHONE.width);
        await page.screenshot({ path: `${SHOTS}/hq-${path.slice(1).replace('/', '-')}-filters-390.png`, fullPage: true });
      }
    } finally {
      await context.close();
    }
  });

  it('the check point dialog at 390 px keeps every field inside it (the unit pickers stack)', async () => {
    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      await login(page, server.url, 'hq', PASSWORD);
      await page.goto(`${server.url}/evaluation/checkpoints`);
      await page.getByTestId('cp-create').click();
      await page.getByTestId('cp-code').waitFor();
      const outside = await page.evaluate(() => {
        const box = document.querySelector('.ant-modal-content')!.getBoundingClientRect();
        return [...document.querySelectorAll('.ant-modal-content .ant-select, .ant-modal-content input')]
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.right > box.right + 0.5 || r.left < box.left - 0.5).length;
      });
      await page.screenshot({ path: `${SHOTS}/hq-checkpoint-dialog-390.png` });
      expect(outside).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the report form at 390 px: the category box is not under the menu button', async () => {
    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      await login(page, server.url, 'inspector', PASSWORD);
      await page.goto(`${server.url}/cases/new`);
      await page.getByTestId('page-case-new').waitFor();
      const button = (await page.getByTestId('menu-button').boundingBox())!;
      for (const field of await page.locator('input, .ant-select, .ant-cascader').all()) {
        const box = await field.boundingBox();
        if (box) expect(intersects(button, box)).toBe(false);
      }
      await page.screenshot({ path: `${SHOTS}/report-390.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('at 1440 px the pinned 操作 column leaves 创建时间 visible in 用户管理 and 安全管理', async () => {
    const { context, page } = await tb.newPage({ viewport: DESKTOP });
    try {
      for (const [username, path, shot] of USER_PAGES) {
        await context.clearCookies();
        await login(page, server.url, username, PASSWORD);
        await page.goto(`${server.url}${path}`);
        await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
        const header = page.locator('th', { hasText: '创建时间' }).first();
        const box = (await header.boundingBox())!;
        // The header cell is the topmost element at its own centre: nothing pinned lies over it.
        const topmost = await page.evaluate(
          ([x, y]) => document.elementFromPoint(x!, y!)?.closest('th')?.textContent ?? '',
          [box.x + box.width / 2, box.y + box.height / 2],
        );
        expect(topmost, path).toBe('创建时间');
        await page.screenshot({ path: `${SHOTS}/${shot}-1440.png`, fullPage: true });
      }
    } finally {
      await context.close();
    }
  });

  it('at 390 px every person in 用户管理 and 安全管理 shows name, account, unit, roles and status, nothing lies over them, nothing scrolls sideways, every action is in view', async () => {
    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      for (const [username, path, shot] of USER_PAGES) {
        await context.clearCookies();
        await login(page, server.url, username, PASSWORD);
        await page.goto(`${server.url}${path}`);
        await page.getByTestId('user-who-hq').waitFor();
        const hidden = await page.evaluate(() => {
          const problems: string[] = [];
          for (const who of document.querySelectorAll<HTMLElement>('[data-testid^="user-who-"]')) {
            const r = who.getBoundingClientRect();
            // Rows below the fold cannot be hit-tested; those in view are enough.
            if (r.bottom > window.innerHeight) continue;
            // The cell's text is topmost at its own centre and whole within the screen.
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            if (!top || !who.contains(top)) problems.push(`${who.dataset.testid} covered`);
            if (r.left < 0 || r.right > window.innerWidth) problems.push(`${who.dataset.testid} off screen`);
            if (who.scrollWidth > who.clientWidth + 1) problems.push(`${who.dataset.testid} cut`);
          }
          // Unit, roles and status are in the row, not in columns off to the side.
          for (const box of document.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body'))
            if (box.scrollWidth > box.clientWidth + 1) problems.push(`the table scrolls sideways (${box.scrollWidth} px)`);
          for (const b of document.querySelectorAll<HTMLElement>('.ant-table-tbody button')) {
            const r = b.getBoundingClientRect();
            if (r.right > window.innerWidth + 0.5) problems.push(`${b.textContent} beyond the screen`);
          }
          return problems;
        });
        await page.screenshot({ path: `${SHOTS}/${shot}-390.png`, fullPage: true });
        expect(hidden, path).toEqual([]);
        expect(await page.getByTestId('user-who-hq').innerText(), path).toMatch(
          /^王调度\s+hq · 周口市创建全国文明城市指挥部\s+指挥部受理派遣\s*正常$/,
        );
      }
    } finally {
      await context.close();
    }
  });

  it("the owner's case list says there are no cases, not that there is nothing to do", async () => {
    const { context, page } = await tb.newPage({ viewport: DESKTOP });
    try {
      await login(page, server.url, 'owner', PASSWORD);
      await page.goto(`${server.url}/cases?q=${encodeURIComponent('不存在的案件')}`);
      await page.getByTestId('cases-empty').waitFor();
      expect(await page.getByTestId('cases-empty').innerText()).toBe('没有符合筛选条件的案件');
      await page.goto(`${server.url}/cases`);
      await page.waitForLoadState('networkidle');
      expect(await page.getByTestId('page-cases').innerText()).not.toContain('暂无待办');
      await page.screenshot({ path: `${SHOTS}/owner-cases-1440.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('the results trend starts at its first data point; screenshots of the results page', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page } = await tb.newPage({ viewport });
      try {
        await login(page, server.url, 'hq', PASSWORD);
        await page.goto(`${server.url}/evaluation/results`);
        await page.locator('[data-testid="page-eval-results"][data-loading="false"]').waitFor();
        const chart = page.getByTestId('results-trend-chart');
        if (await chart.count()) {
          const first = await page.evaluate(() =>
            document.querySelector('[data-testid="results-trend-chart"]')?.getAttribute('data-first-empty'),
          );
          expect(first).toBe('false');
        }
        await page.waitForTimeout(500);
        await page.screenshot({ path: `${SHOTS}/eval-results-${viewport.width}.png`, fullPage: true });
      } finally {
        await context.close();
      }
    }
  });
});
