/**
 * Issue 13, point 9, in Chromium: HQ issues a 问责函 by hand, which waits for the
 * leader's approval without a number; the leader sees the badge and the 待我审批 filter,
 * opens the letter, previews it and approves it; it is numbered and issued then.
 * In-process server over SQLite serving the built web/dist, like letters.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import { contextFor, makeUser } from '../helpers/factories.js';
import type { CaseWorld, TestApp } from '../helpers/http.js';
import { browserCaseWorld, serveToBrowser } from '../helpers/browser-world.js';
import { photos } from '../helpers/images.js';

const POLL = { timeout: 40_000 };

describe.skipIf(!HAS_CHROMIUM)('the leader approves a 问责函 in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let world: CaseWorld;
  let tb: TestBrowser;
  let url: string;
  let letterId: number;
  let leader: { username: string; password: string };

  beforeAll(async () => {
    ({ t, world } = await browserCaseWorld());
    const hq = await contextFor(t.database, world.users.hq.id);
    const insp = await contextFor(t.database, world.users.insp.id);
    const s = t.env.services;
    const r = await s.cases.report(
      insp,
      { source: 'inspection', categoryCode: 'E01-01', description: '浏览器测试：占道经营', lon: 114.65, lat: 33.62, address: '七一路' },
      await photos(1),
    );
    for (const body of [{ action: 'accept' }, { action: 'dispatch', unitId: world.units.cgj.id }]) {
      const c = await s.caseQuery.get(hq, r.id);
      await s.cases.act(hq, r.id, { version: c.version, ...body } as never, []);
    }
    const draft = await s.letters.draft(hq, { unitId: world.units.cgj.id, type: '问责函', caseIds: [r.id] });
    expect(await s.letters.issue(hq, draft.id)).toMatchObject({ status: 'pending_approval', number: null });
    letterId = draft.id;
    leader = await makeUser(t.database, { unit: world.units.city, roles: [{ role: 'leader', unit: world.units.city }] });
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('badge → 待我审批 → preview → approve → numbered and issued', async () => {
    const { page } = await tb.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, url, leader.username, leader.password);
    await expect.poll(async () => Number(await page.getByTestId('letters-badge').getAttribute('data-count')), POLL).toBe(1);
    await page.getByTestId('menu-letters').click();
    await page.getByTestId('page-letters').waitFor();
    await page.getByTestId('letter-awaiting-filter').click();
    const row = page.locator(`[data-testid="letter-row-${letterId}"][data-state="pending_approval"]`);
    await row.getByTestId('letter-awaiting-mine').waitFor();
    await row.getByTestId(`letter-open-${letterId}`).click();
    const detail = page.locator('[data-testid="letter-detail"][data-state="pending_approval"]');
    await detail.waitFor();
    await page.getByTestId('letter-pending').waitFor();
    await expect.poll(() => page.getByTestId('preview-number').textContent(), POLL).toBe('（草稿）');
    // On a starved machine a click can land before the page reacts (no dialog opens, or the
    // confirm's OK is lost during its opening animation); a user clicks again, so does the test.
    const ok = page.getByTestId('letter-approve-ok');
    await detail.getByTestId('letter-approve').click();
    if (
      !(await ok.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      ))
    )
      await detail.getByTestId('letter-approve').click();
    const sent = page.waitForRequest((r) => r.method() === 'POST' && /\/api\/letters\/\d+\/approve$/.test(r.url()), { timeout: 30_000 });
    await ok.click();
    if (!(await Promise.race([sent, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]))) await ok.click();
    await page.locator('[data-testid="letter-detail"][data-state="issued"]').waitFor();
    expect(await page.getByTestId('letter-number').textContent()).toBe('周创指责〔2026〕1号');
    expect(await page.getByTestId('letter-approve').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
