/**
 * The 周例会 briefing in Chromium: HQ generates the draft of the last full week, writes
 * 形势分析 and 下步工作, publishes it as 第1期 and downloads its DOCX and PDF; a leader
 * then finds it in the list. The server runs in this process over SQLite (as in
 * letters.test.ts) serving the built web/dist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import type { RequestContext } from '../../src/core/context.js';
import { contextFor, makeUser } from '../helpers/factories.js';
import type { CaseWorld, TestApp } from '../helpers/http.js';
import { browserCaseWorld, confirmDialog, openWith, serveToBrowser } from '../helpers/browser-world.js';

const POLL = { timeout: 40_000 };

describe.skipIf(!HAS_CHROMIUM)('周例会通报 in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let world: CaseWorld;
  let tb: TestBrowser;
  let url: string;
  let leader: { username: string; password: string };
  let hq: RequestContext;

  beforeAll(async () => {
    ({ t, world } = await browserCaseWorld());
    leader = await makeUser(t.database, { username: 'leader-b', unit: t.city.city, roles: [{ role: 'leader', unit: t.city.city }] });
    hq = await contextFor(t.database, world.users.hq.id);
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('HQ generates, edits, publishes and downloads; the leader reads it', async () => {
    const s = await tb.newPage();
    const errors: string[] = [];
    s.page.on('pageerror', (e) => errors.push(e.message));
    await login(s.page, url, world.users.hq.username, world.users.hq.password);
    await s.page.getByTestId('menu-briefings').click();
    await s.page.getByTestId('page-briefings').waitFor();
    await s.page.getByTestId('briefing-generate').click();
    const detail = s.page.getByTestId('briefing-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('briefing-number').textContent()).toBe('草稿');
    await detail.getByTestId('briefing-situation').fill('本周全市创建工作总体平稳。');
    await detail.getByTestId('briefing-next-steps').fill('各单位要加快超期案件整改。');
    // Saved once: clicked again only while the draft is still version 1 and the button is not
    // waiting for an answer (a click lost under load is retried, a second save is not sent).
    const version = async () => (await t.env.services.briefings.list(hq)).items[0]?.version;
    const save = detail.getByTestId('briefing-save');
    await expect
      .poll(async () => {
        if ((await version()) === 1 && !(await save.evaluate((e) => e.classList.contains('ant-btn-loading'))))
          await save.click({ timeout: 5_000 }).catch(() => undefined);
        await expect
          .poll(version, { timeout: 5_000 })
          .toBe(2)
          .catch(() => undefined);
        return version();
      }, POLL)
      .toBe(2);
    const ok = s.page.locator('.ant-modal-confirm-btns .ant-btn-primary');
    await openWith(detail.getByTestId('briefing-publish'), ok);
    await confirmDialog(ok);
    await expect.poll(() => detail.getByTestId('briefing-number').textContent(), POLL).toBe('2026年第1期');
    expect(await detail.textContent()).toContain('本周全市创建工作总体平稳。');

    const docx = s.page.waitForEvent('download');
    await detail.getByTestId('briefing-docx').click();
    expect((await docx).suggestedFilename()).toContain('2026年第1期');
    const pdf = s.page.waitForEvent('download');
    await detail.getByTestId('briefing-pdf').click();
    expect((await pdf).suggestedFilename()).toMatch(/2026年第1期.*\.pdf$/);
    expect(errors).toEqual([]);

    const l = await tb.newPage();
    await login(l.page, url, leader.username, leader.password);
    await l.page.getByTestId('menu-briefings').click();
    await l.page.getByTestId('page-briefings').waitFor();
    await expect.poll(() => l.page.getByText('2026年第1期').count(), POLL).toBe(1);
    expect(await l.page.getByTestId('briefing-generate').count()).toBe(0);
  });
});
