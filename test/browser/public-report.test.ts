/**
 * The citizens' pages in Chromium (issue 15 "Shown by"): at phone size (390 px) a citizen
 * without an account reports a problem on /report with a photo and a point picked on the
 * map (the proof of work runs in the page, at a few bits set here); HQ accepts and
 * dispatches, the unit rectifies, an inspector closes it (through the services); the
 * citizen opens the private link, sees 已办结 with the unit's name and the before/after
 * photos (and the +1 a second citizen added through "我也遇到"), rates 不满意 with a comment and sees it recorded for HQ's review. Then
 * screenshots of /report and the tracking page at 390 and 1440 px, without sideways
 * scrolling. The server runs in this process over SQLite, serving the built web/dist.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/core/context.js';
import { HAS_CHROMIUM, type TestBrowser } from '../helpers/browser.js';
import { browserCaseWorld, overflow, serveToBrowser, shoot } from '../helpers/browser-world.js';
import { contextFor } from '../helpers/factories.js';
import type { CaseWorld, TestApp } from '../helpers/http.js';
import { jpeg, photos } from '../helpers/images.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const POLL = { timeout: 40_000 };

describe.skipIf(!HAS_CHROMIUM)('public report, tracking and rating in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let world: CaseWorld;
  let tb: TestBrowser;
  let url: string;
  let photo: Buffer;
  let hq: RequestContext;

  beforeAll(async () => {
    ({ t, world } = await browserCaseWorld());
    t.env.clock.set(new Date());
    hq = await contextFor(t.database, world.users.hq.id);
    // HQ makes a category public; a 4-bit proof of work keeps the test quick.
    await t.env.services.publicSettings.update(hq, { categoryCodes: ['E01-01'], powBits: 4, trackByNumber: false });
    photo = await jpeg('#aa5533', 640, 480);
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  /** Page errors and CSP violations a page reports while the test drives it. */
  function watch(page: Page): string[] {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) problems.push(m.text());
    });
    return problems;
  }

  /** Moves a case through the services as HQ, the unit and an inspector would. */
  async function closeCase(number: string): Promise<void> {
    const { id } = await t.database.db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    const handler = await contextFor(t.database, world.users.handler.id);
    const inspector = await contextFor(t.database, world.users.insp2.id);
    const act = async (ctx: RequestContext, body: Record<string, unknown>, files = 0) => {
      const c = await t.env.services.caseQuery.get(hq, id);
      await t.env.services.cases.act(ctx, id, { version: c.version, ...body } as never, files ? await photos(files) : []);
    };
    await act(hq, { action: 'accept' });
    await act(hq, { action: 'dispatch', unitId: world.units.cgj.id });
    await act(handler, { action: 'acknowledge' });
    await act(handler, { action: 'rectify', note: '已清理完毕' }, 1);
    await act(inspector, { action: 'verify_close' }, 1);
  }

  it('a phone-sized report with a photo and a map point; tracking after closure; a 不满意 rating', async () => {
    const { context, page } = await tb.newPage({ viewport: PHONE });
    const problems = watch(page);
    await page.goto(`${url}/report`);
    await page.getByTestId('report-form').waitFor();
    // The public entry, not the staff app: no Ant Design anywhere on the page.
    expect(await page.locator('[class*="ant-"]').count()).toBe(0);

    await page.getByTestId('category').selectOption('E01-01');
    await page.getByTestId('description').fill('人行道上堆放建筑垃圾，影响通行');
    // Two photos, one after the other: both previews stay shown.
    await page.getByTestId('photo-input').setInputFiles({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.pm-photos img').first().waitFor();
    await page.getByTestId('photo-input').setInputFiles({ name: 'close-up.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => page.locator('.pm-photos img').count(), POLL).toBe(2);
    await expect
      .poll(() => page.locator('.pm-photos img').evaluateAll((els) => els.map((el) => (el as HTMLImageElement).naturalWidth > 0)), POLL)
      .toEqual([true, true]);
    await page.getByTestId('pick-map').locator('.pm-city').waitFor();
    await page.getByTestId('pick-map').click();
    await expect.poll(() => page.getByTestId('picked').textContent(), POLL).toMatch(/已选位置：\d+\.\d+, \d+\.\d+/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'public-report-390');

    const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/public/reports'), POLL);
    await page.getByTestId('submit').click();
    const res = await sent;
    expect(res.status(), await res.text()).toBe(201);
    await page.getByTestId('report-done').waitFor();
    const number = (await page.getByTestId('case-number').textContent())!.trim();
    expect(number).toMatch(/^\d{4}-\d{6}$/);
    const link = await page.getByTestId('track-link').inputValue();
    expect(link).toContain(`/track/${number}?t=`);
    expect(await page.getByTestId('report-done').textContent()).toContain('请保存此链接');
    await shoot(page, 'public-report-done-390');

    // A second citizen (another browser, so another device) reports the same problem at the same
    // point: the page offers the open case as "我也遇到", and a +1 with its own photo is counted.
    const other = await tb.newPage({ viewport: PHONE });
    const otherProblems = watch(other.page);
    await other.page.goto(`${url}/report`);
    await other.page.getByTestId('category').selectOption('E01-01');
    await other.page.getByTestId('description').fill('这里也有建筑垃圾');
    await other.page.getByTestId('photo-input').setInputFiles({ name: 'again.jpg', mimeType: 'image/jpeg', buffer: photo });
    await other.page.getByTestId('pick-map').locator('.pm-city').waitFor();
    await other.page.getByTestId('pick-map').click();
    await other.page.getByTestId('submit').click();
    const candidate = other.page.getByTestId(`candidate-${number}`);
    await candidate.waitFor();
    await shoot(other.page, 'public-duplicates-390');
    await candidate.locator('input[type=file]').setInputFiles({ name: 'metoo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await candidate.getByRole('button', { name: '我也遇到' }).click();
    await expect.poll(() => candidate.textContent(), POLL).toContain('目前共有 1 人遇到此问题');
    expect(otherProblems).toEqual([]);
    await other.context.close();

    // By number alone (HQ has not enabled it): the page says to use the private link.
    await page.goto(`${url}/track/${number}`);
    await expect.poll(() => page.getByTestId('track-problem').textContent(), POLL).toContain('请使用上报时获得的链接查询');

    await closeCase(number);

    await page.goto(link);
    await page.getByTestId('case-view').waitFor();
    expect(await page.getByTestId('stage').textContent()).toContain('已办结');
    expect(await page.getByTestId('unit-name').textContent()).toBe('城管局（案卷测试）');
    for (const kind of ['photos-before', 'photos-after']) {
      const img = page.getByTestId(kind).locator('img').first();
      await img.waitFor();
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), POLL).toBe(true);
    }
    expect(await page.getByTestId('timeline').textContent()).toContain('已办结');
    expect(await page.getByTestId('case-view').textContent()).toContain('1 人也遇到此问题');
    // Nobody's name is on the public page (staff are only ever named by unit).
    const text = (await page.locator('body').textContent()) ?? '';
    for (const u of [world.users.hq, world.users.handler, world.users.insp2]) expect(text).not.toContain(u.username);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'public-track-390');

    await page.getByTestId('rate-dissatisfied').check({ force: true });
    await page.getByTestId('rate-comment').fill('垃圾清走了但路面仍有污渍');
    const rated = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/satisfaction'), POLL);
    await page.getByTestId('rate-submit').click();
    const rateRes = await rated;
    expect(rateRes.status(), await rateRes.text()).toBe(201);
    const recorded = page.getByTestId('rated');
    await recorded.waitFor();
    expect(await recorded.textContent()).toContain('不满意');
    expect(await recorded.textContent()).toContain('垃圾清走了但路面仍有污渍');
    expect(await recorded.textContent()).toContain('复核');

    // Opened again, the rating is there and the form is gone.
    await page.reload();
    await page.getByTestId('rated').waitFor();
    expect(await page.getByTestId('rating-form').count()).toBe(0);
    await shoot(page, 'public-track-rated-390');

    // The same pages on a desktop.
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await page.getByTestId('rated').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'public-track-1440');
    await page.goto(`${url}/report`);
    await page.getByTestId('pick-map').locator('.pm-city').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'public-report-1440');

    // HQ opens the public map: the case is on it (at a coarse position) and in the list below.
    await t.env.services.publicSettings.update(hq, { publicMap: true });
    await page.goto(`${url}/public-map`);
    await page.getByTestId('public-map').waitFor();
    await expect.poll(() => page.getByTestId('public-map').textContent(), POLL).toContain(number);
    expect(await page.locator('.pm-cluster').count()).toBeGreaterThan(0);
    await shoot(page, 'public-map-1440');

    expect(problems).toEqual([]);
    await context.close();
  });
});
