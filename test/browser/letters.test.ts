/**
 * Official letters in Chromium through a REAL escalation: a case goes overdue (time
 * moved), the sweep issues a 提醒函, the unit signs for it with a reply, the case
 * stays open, a 督办函 follows; then HQ drafts, issues and withdraws a letter by hand.
 *
 * Unlike the other browser tests, the server runs in this process (createTestApp
 * over SQLite, serving the built web/dist, listening on a free port) so the test
 * owns the clock: `t.env.clock` is the ManualClock every service reads, and the
 * escalation sweep is called directly instead of waiting for its timer. Sessions
 * expire by that clock too (idle 30 min), so after a jump in time people log in again.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/core/context.js';
import type { LetterView } from '../../src/shared/contracts/letters.contract.js';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import { contextFor } from '../helpers/factories.js';
import type { CaseWorld, TestApp } from '../helpers/http.js';
import { browserCaseWorld, choose, chooseUnit, confirmDialog, serveToBrowser } from '../helpers/browser-world.js';
import { photos } from '../helpers/images.js';

/** 09:00 China time on a day of March 2026 (the manual clock starts on Monday 03-02). */
const at = (day: string) => new Date(`2026-03-${day}T01:00:00.000Z`);
/** expect.poll waits 1 s by default; a lazily loaded page on a busy machine needs longer. */
const POLL = { timeout: 40_000 };

describe.skipIf(!HAS_CHROMIUM)('official letters in Chromium (in-process server, manual clock)', { timeout: 180_000 }, () => {
  let t: TestApp;
  let world: CaseWorld;
  let tb: TestBrowser;
  let url: string;
  let hq: RequestContext;
  let insp: RequestContext;
  const caseIds: number[] = [];
  const caseNumbers: string[] = [];

  const sweepAt = async (instant: Date) => {
    t.env.clock.set(instant);
    return t.env.services.escalation.sweep(t.env.clock.now());
  };
  const lettersOf = async () => t.env.services.letters.list(hq);

  /** Reports, accepts and dispatches a case to 411600-CGJ with the given deadline day. */
  async function dispatchCase(deadline: string, description: string) {
    const act = async (ctx: RequestContext, id: number, body: Record<string, unknown>) => {
      const c = await t.env.services.caseQuery.get(hq, id);
      return t.env.services.cases.act(ctx, id, { version: c.version, ...body } as never, []);
    };
    const r = await t.env.services.cases.report(
      insp,
      { source: 'inspection', categoryCode: 'E01-01', description, lon: 114.65, lat: 33.62, address: '七一路与中州大道交叉口' },
      await photos(1),
    );
    await act(hq, r.id, { action: 'accept' });
    await act(hq, r.id, { action: 'dispatch', unitId: world.units.cgj.id, deadline, reason: '浏览器测试期限' });
    caseIds.push(r.id);
    caseNumbers.push(r.number);
  }

  /** A fresh browser profile logged in as `user`, on the letters page. */
  async function lettersPageAs(user: { username: string; password: string }) {
    const s = await tb.newPage();
    const errors: string[] = [];
    s.page.on('pageerror', (e) => errors.push(e.message));
    await login(s.page, url, user.username, user.password);
    return { ...s, errors };
  }
  const openLetters = async (page: Page) => {
    await page.getByTestId('menu-letters').click();
    await page.getByTestId('page-letters').waitFor();
  };
  const badgeCount = async (page: Page) => {
    const badge = page.getByTestId('letters-badge');
    return (await badge.count()) === 0 ? 0 : Number(await badge.getAttribute('data-count'));
  };
  const rowOf = (page: Page, number: string) => page.locator(`[data-testid^="letter-row-"][data-number="${number}"]`);

  beforeAll(async () => {
    ({ t, world } = await browserCaseWorld());
    hq = await contextFor(t.database, world.users.hq.id);
    insp = await contextFor(t.database, world.users.insp.id);
    ({ url, tb } = await serveToBrowser(t));
    // Monday 2026-03-02 09:00: the case is due at the end of Tuesday 03-03.
    await dispatchCase('2026-03-03', '浏览器测试：七一路垃圾桶满溢');
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('overdue → 提醒函 → the unit signs with a reply → still open → 督办函', async () => {
    // Thursday 09:00: one working day overdue → the sweep issues one 提醒函 to the unit.
    expect((await sweepAt(at('04'))).issued).toBe(0);
    expect((await sweepAt(at('05'))).issued).toBe(1);
    const [reminder] = await lettersOf();
    expect(reminder).toMatchObject({ number: '周创指提〔2026〕1号', type: '提醒函', unitId: world.units.cgj.id, state: 'issued' });

    // The handler sees the red badge, opens the letter, finds its number and the case, signs with a reply.
    const h = await lettersPageAs(world.users.handler);
    try {
      await expect.poll(() => badgeCount(h.page), POLL).toBe(1);
      await openLetters(h.page);
      const row = rowOf(h.page, '周创指提〔2026〕1号');
      await row.getByTestId('letter-unsigned').waitFor();
      // Opening the letter sends the explicit delivery request (reading alone records nothing).
      const delivered = h.page.waitForResponse(
        (r) => r.url().endsWith(`/api/letters/${reminder!.id}/delivered`) && r.request().method() === 'POST',
      );
      await row.getByTestId(`letter-open-${reminder!.id}`).click();
      const detail = h.page.getByTestId('letter-detail');
      await detail.waitFor();
      expect(await detail.getByTestId('letter-number').textContent()).toBe('周创指提〔2026〕1号');
      await expect.poll(() => h.page.getByTestId('preview-number').textContent(), POLL).toBe('周创指提〔2026〕1号');
      expect(await h.page.getByTestId('preview-title').textContent()).toBe('关于城管局（案卷测试）问题整改超期的提醒函');
      // Issued on Thursday 2026-03-05: the date is printed without leading zeros.
      expect(await h.page.getByTestId('preview-date').textContent()).toBe('2026年3月5日');
      await h.page.locator(`[data-testid="preview-case"][data-number="${caseNumbers[0]}"]`).waitFor();
      await detail.getByTestId(`letter-case-${caseIds[0]}`).waitFor();
      // The page's POST recorded delivery.
      expect((await delivered).status()).toBe(200);
      await h.page.locator('[data-testid="letter-detail"][data-state="delivered"]').waitFor();

      const docx = h.page.waitForEvent('download');
      await detail.getByTestId('letter-docx').click();
      expect((await docx).suggestedFilename()).toContain('周创指提〔2026〕1号');

      await detail.getByTestId('letter-sign').click();
      await h.page.getByTestId('sign-text').fill('已收到，正在组织清运，明日完成。');
      await confirmDialog(h.page.getByTestId('sign-ok'));
      await h.page.locator('[data-testid="letter-detail"][data-state="replied"]').waitFor();
      expect(await h.page.getByTestId('letter-reply-text').textContent()).toContain('正在组织清运');
      // Signed and replied: neither button is offered any more, and the badge is gone.
      expect(await detail.getByTestId('letter-sign').count()).toBe(0);
      expect(await detail.getByTestId('letter-reply').count()).toBe(0);
      await expect.poll(() => badgeCount(h.page), POLL).toBe(0);
      expect(h.errors).toEqual([]);
    } finally {
      await h.context.close();
    }

    // HQ sees it in the ledger as replied.
    const q = await lettersPageAs(world.users.hq);
    try {
      await openLetters(q.page);
      await q.page.locator(`[data-testid^="letter-row-"][data-number="周创指提〔2026〕1号"][data-state="replied"]`).waitFor();
      expect(await rowOf(q.page, '周创指提〔2026〕1号').getByTestId('letter-state').textContent()).toBe('已回复');
      expect(q.errors).toEqual([]);
    } finally {
      await q.context.close();
    }

    // Nobody finishes the work. Wednesday 03-11: still open three working days after the
    // reminder → the 督办函. (A second case, due 03-10, is not yet a working day overdue.)
    await dispatchCase('2026-03-10', '浏览器测试：中州大道占道经营');
    expect((await sweepAt(at('10'))).issued).toBe(0);
    const second = await sweepAt(at('11'));
    expect(second.letters.map((l) => l.number)).toEqual(['周创指督〔2026〕1号']);
    expect((await t.env.services.caseQuery.get(hq, caseIds[0]!)).overdue).toBe(true);

    // The handler's old session has expired by the server's clock: log in again, badge 1 again.
    const h2 = await lettersPageAs(world.users.handler);
    try {
      await expect.poll(() => badgeCount(h2.page), POLL).toBe(1);
      await openLetters(h2.page);
      const row = rowOf(h2.page, '周创指督〔2026〕1号');
      await row.getByTestId('letter-unsigned').waitFor();
      expect(await row.getAttribute('data-type')).toBe('督办函');
      // The earlier reminder stays in the list, replied.
      await h2.page.locator(`[data-testid^="letter-row-"][data-number="周创指提〔2026〕1号"][data-state="replied"]`).waitFor();
      const supervision = (await lettersOf()).find((l) => l.number === '周创指督〔2026〕1号')!;
      await row.getByTestId(`letter-open-${supervision.id}`).click();
      await expect.poll(() => h2.page.getByTestId('preview-number').textContent(), POLL).toBe('周创指督〔2026〕1号');
      // The 督办函 cites the reminder it follows.
      expect(await h2.page.getByTestId('letter-preview').textContent()).toContain('周创指提〔2026〕1号');
      expect(h2.errors).toEqual([]);
    } finally {
      await h2.context.close();
    }
  });

  it('HQ drafts a letter by hand, issues it and withdraws it with a reason', async () => {
    const q = await lettersPageAs(world.users.hq);
    try {
      await openLetters(q.page);
      await q.page.getByTestId('letter-draft').click();
      await chooseUnit(q.page, q.page.getByTestId('draft-unit'), '城管局（案卷测试）');
      // No campaign in this database: the type is typed rather than picked from a ladder.
      await q.page.getByTestId('draft-type').locator('input').fill('提醒函');
      await q.page.getByTestId(`draft-case-${caseIds[1]}`).locator('input[type="checkbox"]').check();
      await q.page.getByTestId('draft-save').click();

      const detail = q.page.getByTestId('letter-detail');
      await q.page.locator('[data-testid="letter-detail"][data-state="draft"]').waitFor();
      await detail.getByTestId(`letter-case-${caseIds[1]}`).waitFor();
      await expect.poll(() => q.page.getByTestId('preview-number').textContent(), POLL).toBe('（草稿）');

      await detail.getByTestId('letter-issue').click();
      const ok = q.page.getByTestId('letter-issue-ok');
      const sent = q.page.waitForRequest((r) => r.method() === 'POST' && /\/api\/letters\/\d+\/issue$/.test(r.url()), { timeout: 30_000 });
      await ok.click();
      // A click during the confirm dialog's opening animation can be lost on a starved machine
      // (no request sent); a user would click again, so does the test.
      if (!(await Promise.race([sent, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]))) await ok.click();
      const res = await (await sent).response();
      expect(res?.status(), `POST issue: ${await res?.text().catch(() => '')}`).toBe(200);
      await q.page.locator('[data-testid="letter-detail"][data-state="issued"]').waitFor();
      const number = (await detail.getAttribute('data-number')) ?? '';
      expect(number).toBe('周创指提〔2026〕2号');

      await detail.getByTestId('letter-withdraw').click();
      await q.page.getByTestId('withdraw-text').fill('误发，案卷已另行督办');
      await confirmDialog(q.page.getByTestId('withdraw-ok'));
      await q.page.locator('[data-testid="letter-detail"][data-state="withdrawn"]').waitFor();
      const withdrawn = (await lettersOf()).find((l: LetterView) => l.number === number)!;
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawReason: '误发，案卷已另行督办' });

      // The ledger filtered to withdrawn letters, and its Excel export.
      await q.page.locator('.ant-drawer-close').click();
      await q.page.getByTestId('letter-detail').waitFor({ state: 'detached' });
      // A pick during the dropdown's opening animation can be lost on a starved machine (CI saw
      // all three letters after 40 s): `choose` picks until the select shows it, as a user would.
      await choose(q.page, q.page.getByTestId('letter-filter-state'), q.page.locator('.ant-select-item-option[title="已撤回"]'), '已撤回');
      await expect.poll(() => q.page.locator('[data-testid^="letter-row-"]').count(), POLL).toBe(1);
      await rowOf(q.page, number).waitFor();
      const xlsx = q.page.waitForEvent('download');
      await q.page.getByTestId('letter-export').click();
      expect((await xlsx).suggestedFilename()).toMatch(/\.xlsx$/);
      expect(q.errors).toEqual([]);
    } finally {
      await q.context.close();
    }
  });
});
