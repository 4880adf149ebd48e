/**
 * 周例会交办事项 in Chromium: HQ opens a published briefing, assigns an item to a unit
 * from its 交办事项 panel; the unit's handler finds it on its 交办事项 page, reports it
 * done with a note and a photo; HQ confirms it. Screenshots of both pages at 1440 and
 * 390 px go to the temporary folder (dudao-screenshots). The server runs in this process
 * over SQLite serving the built web/dist.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import type { RequestContext } from '../../src/core/context.js';
import { contextFor } from '../helpers/factories.js';
import type { CaseWorld, TestApp } from '../helpers/http.js';
import { browserCaseWorld, choose, openWith, overflow, pickDay, serveToBrowser, SHOTS } from '../helpers/browser-world.js';
import { jpeg } from '../helpers/images.js';

const POLL = { timeout: 40_000 };
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** A China day `n` days after today in the browser's real time (the date picker refuses past days). */
function chinaDayIn(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

describe.skipIf(!HAS_CHROMIUM)('交办事项 in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let world: CaseWorld;
  let tb: TestBrowser;
  let url: string;
  let hq: RequestContext;
  let briefingId: number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ t, world } = await browserCaseWorld());
    hq = await contextFor(t.database, world.users.hq.id);
    const draft = await t.env.services.briefings.generate(hq, {});
    briefingId = (await t.env.services.briefings.publish(hq, draft.id, draft.version)).id;
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('HQ assigns an item on the briefing page; the unit reports it done with a photo; HQ confirms', async () => {
    const s = await tb.newPage({ viewport: DESKTOP });
    const errors: string[] = [];
    s.page.on('pageerror', (e) => errors.push(e.message));
    await login(s.page, url, world.users.hq.username, world.users.hq.password);
    await s.page.goto(`${url}/briefings?id=${briefingId}`);
    const panel = s.page.getByTestId('action-items-panel');
    await panel.waitFor();
    const form = panel.getByTestId('action-item-form');
    await openWith(panel.getByTestId('action-item-add'), form);
    await form.getByTestId('action-item-title').fill('清理七一路暴露垃圾');
    await form.getByTestId('action-item-detail-input').fill('建立门前三包长效机制');
    const unit = '城管局（案卷测试）';
    await choose(
      s.page,
      form.getByTestId('action-item-unit'),
      s.page.locator('.ant-select-tree-title').filter({ hasText: unit }).first(),
      unit,
      '城管局',
    );
    const due = chinaDayIn(7);
    const picker = form.getByTestId('action-item-due');
    // The submit is clicked again while nothing was created and the form is still open: a refused
    // submit writes nothing, and a busy button ignores clicks, so a second item cannot be created.
    const created = async () => (await t.env.services.actionItems.list(hq)).items.length;
    await expect
      .poll(
        async () => {
          if ((await created()) > 0) return created();
          await pickDay(s.page, picker, due);
          await form
            .getByTestId('action-item-submit')
            .click({ timeout: 5_000 })
            .catch(() => undefined);
          await expect
            .poll(created, { timeout: 8_000 })
            .toBe(1)
            .catch(() => undefined);
          return created();
        },
        { timeout: 60_000 },
      )
      .toBe(1);
    const [item] = (await t.env.services.actionItems.list(hq)).items;
    expect(item).toMatchObject({ title: '清理七一路暴露垃圾', unitId: world.units.cgj.id, status: 'open', briefingId });
    expect(item!.dueAt.slice(0, 10)).toBe(due);
    await panel.getByTestId(`action-item-open-${item!.id}`).waitFor();
    await s.page.screenshot({ path: `${SHOTS}/briefing-action-items-1440.png`, fullPage: true });

    // The unit's handler, on a phone: its 交办事项 page, the item, the report with a photo.
    const h = await tb.newPage({ viewport: PHONE });
    h.page.on('pageerror', (e) => errors.push(e.message));
    await login(h.page, url, world.users.handler.username, world.users.handler.password);
    await h.page.goto(`${url}/action-items`);
    await h.page.getByTestId('page-action-items').waitFor();
    await h.page.getByTestId(`action-item-open-${item!.id}`).click();
    const detail = h.page.getByTestId('action-item-detail');
    await detail.getByTestId('action-item-note').fill('已清理完毕，并落实门前三包。');
    await detail
      .getByTestId('action-item-evidence')
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'done.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#55aa33', 320, 240) });
    await h.page.screenshot({ path: `${SHOTS}/action-items-report-390.png`, fullPage: true });
    expect(await overflow(h.page)).toBeLessThanOrEqual(0);
    await detail.getByTestId('action-item-report').click();
    await expect.poll(async () => (await t.env.services.actionItems.get(hq, item!.id)).status, POLL).toBe('reported');
    expect((await t.env.services.actionItems.get(hq, item!.id)).files).toHaveLength(1);
    await detail.getByTestId('action-item-files').waitFor();

    // HQ sees it reported on the list page and confirms it.
    await s.page.goto(`${url}/action-items?id=${item!.id}`);
    const hqDetail = s.page.getByTestId('action-item-detail');
    await hqDetail.getByTestId('action-item-confirm').click();
    await expect.poll(async () => (await t.env.services.actionItems.get(hq, item!.id)).status, POLL).toBe('done');
    await hqDetail.getByTestId('progress-done').waitFor();
    await s.page.screenshot({ path: `${SHOTS}/action-items-detail-1440.png`, fullPage: true });
    await s.page.goto(`${url}/action-items`);
    await s.page.getByTestId(`action-item-open-${item!.id}`).waitFor();
    await s.page.screenshot({ path: `${SHOTS}/action-items-1440.png`, fullPage: true });

    // The same pages on a phone are usable: nothing wider than the screen.
    const p = await tb.newPage({ viewport: PHONE });
    await login(p.page, url, world.users.hq.username, world.users.hq.password);
    await p.page.goto(`${url}/action-items`);
    await p.page.getByTestId(`action-item-open-${item!.id}`).waitFor();
    expect(await overflow(p.page)).toBeLessThanOrEqual(0);
    await p.page.screenshot({ path: `${SHOTS}/action-items-390.png`, fullPage: true });
    await p.page.goto(`${url}/briefings?id=${briefingId}`);
    const phonePanel = p.page.getByTestId('action-items-panel');
    await phonePanel.getByTestId(`action-item-open-${item!.id}`).waitFor();
    expect(await overflow(p.page)).toBeLessThanOrEqual(0);
    // The drawer scrolls on its own: bring the panel into view for the picture.
    await phonePanel.scrollIntoViewIfNeeded();
    await p.page.screenshot({ path: `${SHOTS}/briefing-action-items-390.png` });
    await openWith(phonePanel.getByTestId('action-item-add'), phonePanel.getByTestId('action-item-form'));
    await phonePanel.getByTestId('action-item-form').scrollIntoViewIfNeeded();
    expect(await overflow(p.page)).toBeLessThanOrEqual(0);
    await p.page.screenshot({ path: `${SHOTS}/briefing-action-item-form-390.png` });
    expect(errors).toEqual([]);
  });
});
