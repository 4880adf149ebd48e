/**
 * The inspector's day in Chromium at phone size (390 px) against the real server
 * (built web/dist, demo city). HQ sets the campaign's maxPointsPerDay to 6 and plans
 * the whole city for three days for `inspector`; the plan holds far more points than
 * a day. The inspector's "today" must be one walkable route: at most 6 points, close
 * together, with a progress count. The inspector records one point with the network
 * cut (it shows 待同步 and counts), comes back online, and once the sync and the
 * refresh succeed the offline banner is gone and the point shows done.
 */
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request as pwRequest, type APIRequestContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_TYPES } from '../../src/shared/evaluation-enums.js';
import type { TodayRouteSummary } from '../../src/shared/contracts/inspections.contract.js';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { startDemoServer } from '../helpers/server-process.js';

const PASSWORD = 'Dudao-Demo-2026';
const PHONE = { width: 390, height: 844 };
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const MAX = 6;
const POLL = { timeout: 20_000, interval: 200 };

interface ApiSession {
  ctx: APIRequestContext;
  csrf: string;
}

interface TodayItem {
  point: { id: number; name: string; lon: number | null; lat: number | null; areaUnitId: number | null };
  done: boolean;
}

function chinaDay(offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

function metres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

function spread(points: { lon: number | null; lat: number | null }[]): number {
  const located = points.filter((p): p is { lon: number; lat: number } => p.lon !== null && p.lat !== null);
  let max = 0;
  for (const a of located) for (const b of located) max = Math.max(max, metres(a, b));
  return max;
}

describe.skipIf(!HAS_CHROMIUM)("inspector's day route in Chromium", { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let tb: TestBrowser;
  const sessions = new Map<string, ApiSession>();

  async function apiAs(username: string): Promise<ApiSession> {
    const known = sessions.get(username);
    if (known) return known;
    const ctx = await pwRequest.newContext({ baseURL: server.url });
    const res = await ctx.post('/api/auth/login', { data: { username, password: PASSWORD } });
    expect(res.ok(), `login ${username}`).toBe(true);
    const s = { ctx, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    sessions.set(username, s);
    return s;
  }

  async function call<T>(username: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, data?: unknown): Promise<T> {
    const s = await apiAs(username);
    const res = await s.ctx.fetch(path, { method, headers: { 'x-csrf-token': s.csrf }, data });
    expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  const progress = async (page: Page) => {
    const el = page.getByTestId('progress');
    return {
      done: Number(await el.getAttribute('data-done')),
      total: Number(await el.getAttribute('data-total')),
      text: await el.textContent(),
    };
  };

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
    [server, tb] = await Promise.all([startDemoServer(), launchBrowser()]);
    const stamp = Date.now().toString(36).toUpperCase();
    // One pass/fail standard for every point type, so any point of the route has a checklist.
    const fw = await call<{ id: number }>('hq', 'POST', '/api/frameworks', { name: `路线测试体系 ${stamp}` });
    await call('hq', 'PUT', `/api/frameworks/${fw.id}/nodes`, {
      nodes: [
        { code: 'R01', parentCode: null, level: 'item', name: '公共环境', weight: 100 },
        { code: 'R01.01', parentCode: 'R01', level: 'indicator', name: '市容市貌', weight: 100 },
        { code: 'R01.01.01', parentCode: 'R01.01', level: 'content', name: '环境卫生' },
        {
          code: 'RS1',
          parentCode: 'R01.01.01',
          level: 'standard',
          name: '地面无垃圾',
          method: 'field',
          points: 2,
          pointTypes: [...POINT_TYPES],
        },
      ],
    });
    await call('hq', 'POST', `/api/frameworks/${fw.id}/publish`);
    const campaigns = await call<{ items: { id: number; current: boolean }[] }>('hq', 'GET', '/api/campaigns');
    const current = campaigns.items.find((c) => c.current)!;
    const patched = await call<{ settings: { maxPointsPerDay: number } }>('hq', 'PATCH', `/api/campaigns/${current.id}`, {
      settings: { maxPointsPerDay: MAX },
    });
    expect(patched.settings.maxPointsPerDay).toBe(MAX);
    const me = await call<{ user: { id: number } }>('inspector', 'GET', '/api/auth/me');
    await call('hq', 'POST', '/api/inspections/plans', {
      name: `路线测试计划 ${stamp}`,
      periodFrom: chinaDay(),
      periodTo: chinaDay(2),
      targetCount: 40,
      frameworkId: fw.id,
      inspectorIds: [me.user.id],
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([...sessions.values()].map((s) => s.ctx.dispose()));
    await Promise.allSettled([tb?.close(), server?.stop()]);
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('shows a walkable day of at most maxPointsPerDay points, records one offline, and after the sync the banner clears and the point is done', async () => {
    const today = await call<{ items: TodayItem[]; route: TodayRouteSummary }>('inspector', 'GET', '/api/inspections/mine');
    const { items, route } = today;
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(MAX);
    expect(route).toMatchObject({ dayNumber: 1, periodDays: 3, maxPointsPerDay: MAX });
    expect(route.planPoints).toBeGreaterThan(MAX);
    expect(route.routeDays).toBeGreaterThan(1);
    // Near each other: within a few km, while the plan spreads over the whole city.
    const all = await call<{ items: { id: number; lon: number | null; lat: number | null }[] }>('hq', 'GET', '/api/checkpoints');
    const cityWide = spread(all.items);
    expect(spread(items.map((i) => i.point))).toBeLessThan(Math.min(8_000, cityWide / 5));
    const first = items[0]!.point;

    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      await context.grantPermissions(['geolocation'], { origin: server.url });
      await context.setGeolocation({ longitude: first.lon ?? 114.65, latitude: first.lat ?? 33.62 });
      await login(page, server.url, 'inspector', PASSWORD);
      await page.goto(`${server.url}/inspect/today`);
      for (const i of items) await page.getByTestId(`point-${i.point.id}`).waitFor();
      expect(await page.locator('[data-testid^="point-"][data-order]').count()).toBe(items.length);
      await page.getByTestId('route-info').waitFor();
      expect(await progress(page)).toEqual({ done: 0, total: items.length, text: `已检 0 / ${items.length}` });
      // The page fits the phone: nothing scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

      await context.setOffline(true);
      await page.getByTestId('net-status').and(page.locator('[data-online="false"]')).waitFor();
      await page.getByTestId(`point-${first.id}`).click();
      await page.getByTestId('page-inspect-point').waitFor();
      await page.getByTestId('std-RS1').getByText('达标', { exact: true }).click();
      await page.getByTestId('insp-submit').click();
      await page.getByTestId('page-inspect-today').waitFor();
      await page.getByTestId('from-cache').waitFor();
      await expect.poll(async () => page.getByTestId(`point-${first.id}`).getAttribute('data-state'), POLL).toBe('queued');
      await page.getByTestId(`point-${first.id}`).getByText('待同步').waitFor();
      expect(await progress(page)).toEqual({ done: 1, total: items.length, text: `已检 1 / ${items.length}` });

      await context.setOffline(false);
      await expect.poll(async () => Number(await page.getByTestId('sync-queue').getAttribute('data-count')), POLL).toBe(0);
      await page.getByTestId('from-cache').waitFor({ state: 'detached', timeout: 20_000 });
      await expect.poll(async () => page.getByTestId(`point-${first.id}`).getAttribute('data-state'), POLL).toBe('done');
      await page.getByTestId(`point-${first.id}`).getByText('已检', { exact: true }).waitFor();
      expect(await progress(page)).toEqual({ done: 1, total: items.length, text: `已检 1 / ${items.length}` });
      const after = await call<{ items: TodayItem[] }>('inspector', 'GET', '/api/inspections/mine');
      expect(after.items.find((i) => i.point.id === first.id)?.done).toBe(true);
      expect(after.items.map((i) => i.point.id).sort()).toEqual(items.map((i) => i.point.id).sort());
    } finally {
      await context.close();
    }
  });
});
