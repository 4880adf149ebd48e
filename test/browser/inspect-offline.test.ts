/**
 * The inspector's offline checklist in Chromium against the real server (built
 * web/dist). Set-up goes through the API as `hq` (a published framework with two
 * standards for parks, three must-check park points near 川汇区, a one-day plan for
 * today assigned to `inspector`, room for the whole plan in one day); then, at phone size, the inspector loads /inspect/today
 * online (the device caches points and checklists), drops the connection, records
 * three inspections with photos (one with a failed standard), comes back online and
 * syncs. The first send is cut off after the server stored it (the reply never
 * arrives), so the item stays queued and is re-sent: the server must end with exactly
 * three inspections and one new case. A replay of the same three submissions
 * afterwards (same idempotency keys) must change nothing.
 */
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request as pwRequest, type APIRequestContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, login, type TestBrowser } from '../helpers/browser.js';
import { jpeg } from '../helpers/images.js';
import { startDemoServer } from '../helpers/server-process.js';

const PASSWORD = 'Dudao-Demo-2026';
const PHONE = { width: 390, height: 844 };
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const HERE = { longitude: 114.65, latitude: 33.62 };
/** expect.poll waits 1 s by default; a sync round on a loaded machine can take longer. */
const POLL = { timeout: 20_000, interval: 200 };

interface ApiSession {
  ctx: APIRequestContext;
  csrf: string;
}

function chinaDay(offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

describe.skipIf(!HAS_CHROMIUM)('inspector offline checklist in Chromium', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let tb: TestBrowser;
  let photo: Buffer;
  const sessions = new Map<string, ApiSession>();
  let frameworkId = 0;
  const pointIds: number[] = [];

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

  /** Answers counted in the roll-up of our framework (2 per inspection, none "not applicable"). */
  async function answeredCount(): Promise<number> {
    const q = new URLSearchParams({
      frameworkId: String(frameworkId),
      from: `${chinaDay(-2)}T00:00:00Z`,
      to: `${chinaDay(2)}T00:00:00Z`,
      groupBy: 'all',
    });
    const r = await call<{ cells: { answered: number }[] }>('hq', 'GET', `/api/inspections/results?${q}`);
    return r.cells.reduce((n, c) => n + c.answered, 0);
  }

  async function inspectionCases(): Promise<number> {
    const r = await call<{ total: number }>('hq', 'GET', '/api/cases?source=inspection&pageSize=1');
    return r.total;
  }

  const queueCount = async (page: Page) => Number(await page.getByTestId('sync-queue').getAttribute('data-count'));

  beforeAll(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
    [server, tb, photo] = await Promise.all([startDemoServer(), launchBrowser(), jpeg('#aa3355', 320, 240)]);

    const stamp = Date.now().toString(36).toUpperCase();
    const fw = await call<{ id: number }>('hq', 'POST', '/api/frameworks', { name: `离线测试体系 ${stamp}` });
    frameworkId = fw.id;
    await call('hq', 'PUT', `/api/frameworks/${fw.id}/nodes`, {
      nodes: [
        { code: 'T01', parentCode: null, level: 'item', name: '公共环境', weight: 100 },
        { code: 'T01.01', parentCode: 'T01', level: 'indicator', name: '市容市貌', weight: 100 },
        { code: 'T01.01.01', parentCode: 'T01.01', level: 'content', name: '环境卫生' },
        { code: 'S1', parentCode: 'T01.01.01', level: 'standard', name: '地面无垃圾', method: 'field', points: 2, pointTypes: ['park'] },
        {
          code: 'S2',
          parentCode: 'T01.01.01',
          level: 'standard',
          name: '公厕整洁',
          method: 'field',
          points: 3,
          pointTypes: ['park'],
          passRule: { kind: 'scored', max: 3 },
        },
      ],
    });
    await call('hq', 'POST', `/api/frameworks/${fw.id}/publish`);
    // Nearest first: 0.002°, 0.006°, 0.012° east of where the phone says it is.
    for (const [i, d] of [0.012, 0.002, 0.006].entries()) {
      const p = await call<{ id: number }>('hq', 'POST', '/api/checkpoints', {
        code: `OFF-${stamp}-${i}`,
        name: `离线公园${i + 1}`,
        type: 'park',
        lon: HERE.longitude + d,
        lat: HERE.latitude,
        mustCheck: true,
      });
      pointIds.push(p.id);
    }
    const me = await call<{ user: { id: number } }>('inspector', 'GET', '/api/auth/me');
    // The plan also takes the demo city's must-check points; a one-day plan with room for
    // all of them keeps this test's three points in today's route (inspect-day.test.ts
    // covers the split into days).
    const campaigns = await call<{ items: { id: number; current: boolean }[] }>('hq', 'GET', '/api/campaigns');
    await call('hq', 'PATCH', `/api/campaigns/${campaigns.items.find((c) => c.current)!.id}`, { settings: { maxPointsPerDay: 200 } });
    await call('hq', 'POST', '/api/inspections/plans', {
      name: `离线测试计划 ${stamp}`,
      periodFrom: chinaDay(),
      periodTo: chinaDay(),
      targetCount: 3,
      frameworkId,
      inspectorIds: [me.user.id],
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([...sessions.values()].map((s) => s.ctx.dispose()));
    await Promise.allSettled([tb?.close(), server?.stop()]);
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('records three inspections offline and syncs each exactly once, also after an interrupted and a repeated sync', async () => {
    const casesBefore = await inspectionCases();
    expect(await answeredCount()).toBe(0);

    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      await context.grantPermissions(['geolocation'], { origin: server.url });
      await context.setGeolocation(HERE);
      await login(page, server.url, 'inspector', PASSWORD);
      await page.goto(`${server.url}/inspect/today`);
      for (const id of pointIds) await page.getByTestId(`point-${id}`).waitFor();
      // Nearest first: pointIds[1] (0.002°), pointIds[2], pointIds[0].
      const order = await Promise.all(pointIds.map(async (id) => Number(await page.getByTestId(`point-${id}`).getAttribute('data-order'))));
      expect(order[1]).toBeLessThan(order[2]!);
      expect(order[2]).toBeLessThan(order[0]!);
      expect(await queueCount(page)).toBe(0);

      await context.setOffline(true);
      await page.getByTestId('net-status').and(page.locator('[data-online="false"]')).waitFor();

      const record = async (pointId: number, s1: 'pass' | 'fail', score: number, n: number) => {
        await page.getByTestId(`point-${pointId}`).click();
        await page.getByTestId('page-inspect-point').waitFor();
        await page
          .getByTestId('std-S1')
          .getByText(s1 === 'pass' ? '达标' : '不达标', { exact: true })
          .click();
        await page.getByTestId('std-S2').locator('input.ant-input-number-input').fill(String(score));
        await page
          .getByTestId('photos-S1')
          .locator('input[type=file]')
          .first()
          .setInputFiles({ name: `s1-${n}.jpg`, mimeType: 'image/jpeg', buffer: photo });
        await page.getByTestId('insp-note').fill(`离线检查 ${n}`);
        await page.getByTestId('insp-submit').click();
        await page.getByTestId('page-inspect-today').waitFor();
        await expect.poll(() => queueCount(page), POLL).toBe(n);
      };
      await record(pointIds[0]!, 'pass', 3, 1);
      await record(pointIds[1]!, 'fail', 1.5, 2);
      await record(pointIds[2]!, 'pass', 2, 3);
      // A failed standard without a photo is refused on the phone (nothing queued).
      await page.getByTestId(`point-${pointIds[0]}`).click();
      await page.getByTestId('std-S1').getByText('不达标', { exact: true }).click();
      await page.getByTestId('std-S2').locator('input.ant-input-number-input').fill('1');
      await page.getByTestId('insp-submit').click();
      await page.getByText('请拍照', { exact: false }).first().waitFor();
      await page.getByRole('link', { name: '返回点位列表' }).click();
      await page.getByTestId('page-inspect-today').waitFor();
      await expect.poll(() => queueCount(page), POLL).toBe(3);

      // Keep the three submissions (with their Blobs) in the page for the replay below.
      await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((res, rej) => {
          const r = indexedDB.open('dudao-inspect');
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error ?? new Error('IndexedDB request failed'));
        });
        const items = await new Promise<unknown[]>((res, rej) => {
          const r = db.transaction('queue').objectStore('queue').getAll();
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error ?? new Error('IndexedDB request failed'));
        });
        (window as unknown as { __replay: unknown[] }).__replay = items;
      });
      expect(await answeredCount()).toBe(0);

      // Back online, but the reply to the first send is lost after the server stored it.
      let cut = 0;
      await page.route('**/api/inspections', async (route) => {
        if (route.request().method() !== 'POST' || cut > 0) return route.continue();
        cut += 1;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await context.setOffline(false);
      await expect.poll(() => cut, POLL).toBe(1);
      await expect.poll(() => answeredCount(), POLL).toBe(2);
      expect(await queueCount(page)).toBe(3);
      await page.unroute('**/api/inspections');

      const statuses: number[] = [];
      page.on('response', (r) => {
        if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/inspections') statuses.push(r.status());
      });
      await page.getByTestId('sync-now').click();
      await expect.poll(() => queueCount(page), POLL).toBe(0);
      expect(statuses.sort()).toEqual([200, 201, 201]);
      expect(await answeredCount()).toBe(6);
      expect((await inspectionCases()) - casesBefore).toBe(1);

      // A second sync of the same queue (same keys and content): only replays, nothing new.
      statuses.length = 0;
      const replayed = await page.evaluate(async () => {
        const items = (window as unknown as { __replay: unknown[] }).__replay;
        const db = await new Promise<IDBDatabase>((res, rej) => {
          const r = indexedDB.open('dudao-inspect');
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error ?? new Error('IndexedDB request failed'));
        });
        await new Promise<void>((res, rej) => {
          const tx = db.transaction('queue', 'readwrite');
          for (const it of items) tx.objectStore('queue').put(it);
          tx.oncomplete = () => res();
          tx.onerror = () => rej(tx.error ?? new Error('IndexedDB transaction failed'));
        });
        db.close();
        return items.length;
      });
      expect(replayed).toBe(3);
      await page.reload(); // the app syncs on start
      await page.getByTestId('page-inspect-today').waitFor();
      // The bar shows 0 before it has read the queue: wait for the three sends themselves.
      await expect.poll(() => statuses.length, POLL).toBe(3);
      await expect.poll(() => queueCount(page), POLL).toBe(0);
      expect(statuses).toEqual([200, 200, 200]);
      expect(await answeredCount()).toBe(6);
      expect((await inspectionCases()) - casesBefore).toBe(1);
    } finally {
      await context.close();
    }
  });
  it("reloads the app shell and today's points with no connection (service worker + device cache)", async () => {
    const sw = await (await apiAs('inspector')).ctx.get('/sw.js');
    expect(sw.ok()).toBe(true);
    expect(sw.headers()['content-type']).toMatch(/javascript/);
    const { context, page } = await tb.newPage({ viewport: PHONE });
    try {
      await context.grantPermissions(['geolocation'], { origin: server.url });
      await context.setGeolocation(HERE);
      await login(page, server.url, 'inspector', PASSWORD);
      await page.goto(`${server.url}/inspect/today`);
      await page.getByTestId(`point-${pointIds[0]}`).waitFor();
      // The worker took control and cached the shell, the chunks already loaded and who is signed in.
      await page.waitForFunction(
        async () =>
          Boolean(navigator.serviceWorker.controller) && Boolean(await caches.match('/api/auth/me')) && Boolean(await caches.match('/')),
        null,
        { timeout: 20_000 },
      );
      // …and every chunk this page loaded (the worker caches them after registration; on a busy machine that takes a while).
      await page.waitForFunction(
        async () => {
          const chunks = performance
            .getEntriesByType('resource')
            .map((e) => e.name)
            .filter((u) => new URL(u).pathname.startsWith('/assets/'));
          for (const u of chunks) if (!(await caches.match(u))) return false;
          return chunks.length > 0;
        },
        null,
        { timeout: 30_000 },
      );
      // Chromium itself judges the app installable (manifest, icons, service worker).
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
      // A test context is an incognito one, which Chromium never installs from; every other check must pass.
      expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

      // The same browser opens the citizens' report page (another app, web/public.html): the
      // worker must not keep it as the staff shell.
      await page.goto(`${server.url}/report`);
      await page.getByTestId('report-form').waitFor();
      expect(await page.evaluate(async () => (await (await caches.match('/'))?.text())?.includes('市民随手拍') ?? false)).toBe(false);
      await page.goto(`${server.url}/inspect/today`);
      await page.getByTestId(`point-${pointIds[0]}`).waitFor();

      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('page-inspect-today').waitFor();
      await page.getByTestId('from-cache').waitFor();
      for (const id of pointIds) await page.getByTestId(`point-${id}`).waitFor();
      await page.getByTestId(`point-${pointIds[0]}`).click();
      await page.getByTestId('std-S1').waitFor();
    } finally {
      await context.close();
    }
  });
});
