/**
 * 考核奖惩 in Chromium: HQ computes a month's results (draft), publishes them and opens a
 * unit's explanation (its parts add up to the score); then the unit appeals from 我的考核,
 * picking a line of its explanation, and HQ accepts the appeal with points: a corrected
 * version is published (the first kept) and the unit sees HQ's answer.
 *
 * The server runs in this process over SQLite serving the built web/dist (as in
 * letters.test.ts). Its manual clock is set to the real time, because the page compares
 * the appeal deadline with the browser's own clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import type { RequestContext } from '../../src/core/context.js';
import type { AssessmentModel } from '../../src/shared/contracts/assessment.contract.js';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import { makeCampaign } from '../helpers/assessment.js';
import { contextFor, makeUser } from '../helpers/factories.js';
import type { CaseWorld, TestApp } from '../helpers/http.js';
import { browserCaseWorld, choose, confirmDialog, openWith, overflow, serveToBrowser, shoot } from '../helpers/browser-world.js';
import { pdf, photos } from '../helpers/images.js';

const POLL = { timeout: 40_000 };

/** The Beijing day of an instant plus `days`, `YYYY-MM-DD`. */
const beijingDay = (d: Date, days = 0) => new Date(d.getTime() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** One group of city departments scored on their cases, with letter deductions; 红榜 top 1, 黑榜 bottom 1. */
const MODEL: Omit<AssessmentModel, 'version'> = {
  name: '浏览器测试考核办法',
  groups: [
    {
      key: 'departments',
      name: '市直部门',
      members: { unitKinds: ['department'], unitIds: [] },
      components: [
        { kind: 'cases', weight: 100, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 },
        { kind: 'letters', deductions: { reminder: 1, supervision: 3, accountability: 10 }, unansweredDeduction: 1, cap: 10 },
      ],
      total: { floor: 0, cap: 100 },
      lists: { kind: 'rank', red: 1, black: 1 },
    },
  ],
};

describe.skipIf(!HAS_CHROMIUM)('考核奖惩 in Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let world: CaseWorld;
  let tb: TestBrowser;
  let url: string;
  let hq: RequestContext;
  let campaignId: number;
  let monthKey: string;

  async function dispatchCase(unitId: number, description: string) {
    const insp = await contextFor(t.database, world.users.insp.id);
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
    await act(hq, r.id, { action: 'dispatch', unitId, deadline: beijingDay(t.env.clock.now(), 5), reason: '浏览器测试期限' });
  }

  async function pageAs(user: { username: string; password: string }) {
    const s = await tb.newPage();
    const errors: string[] = [];
    s.page.on('pageerror', (e) => errors.push(e.message));
    await login(s.page, url, user.username, user.password);
    return { ...s, errors };
  }

  beforeAll(async () => {
    ({ t, world } = await browserCaseWorld());
    t.env.clock.set(new Date());
    hq = await contextFor(t.database, world.users.hq.id);
    campaignId = await makeCampaign(t.database);
    const draft = await t.env.services.assessmentModels.create(hq, { campaignId, model: MODEL });
    await t.env.services.assessmentModels.publish(hq, draft.id);
    await dispatchCase(world.units.cgj.id, '浏览器测试：七一路垃圾桶满溢');
    await dispatchCase(world.units.cgj.id, '浏览器测试：中州大道占道经营');
    await dispatchCase(world.units.jtj.id, '浏览器测试：交通护栏破损');
    monthKey = beijingDay(t.env.clock.now()).slice(0, 7);
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('HQ computes and publishes the month, opens a unit’s explanation and downloads the Excel', async () => {
    const s = await pageAs(world.users.hq);
    await s.page.getByTestId('menu-assess-results').click();
    await s.page.getByTestId('page-assess-results').waitFor();
    await s.page.goto(`${url}/assessment/results?campaign=${campaignId}&kind=month&period=${monthKey}`);
    await s.page.getByTestId('run-compute').click();
    await expect.poll(() => s.page.getByTestId('run-status').first().getAttribute('data-status'), POLL).toBe('draft');
    const row = s.page.getByTestId(`run-row-${world.units.cgj.id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('城管局（案卷测试）');
    expect(await row.getAttribute('data-rank')).not.toBe('');

    // Under load a click on the confirmation's OK can land while the dialog is still opening and
    // be lost (CI, 7 December: the run stayed a draft for 40 s). Confirm again while it is a draft;
    // publishing twice is refused by the server, never done twice.
    const status = () => s.page.getByTestId('run-status').first().getAttribute('data-status');
    const ok = s.page.getByTestId('run-publish-ok');
    for (let i = 0; i < 4 && (await status()) !== 'published'; i++) {
      if (!(await ok.isVisible()))
        await s.page
          .getByTestId('run-publish')
          .click({ timeout: 5_000 })
          .catch(() => undefined);
      await ok.click({ timeout: 5_000 }).catch(() => undefined);
      await expect
        .poll(status, { timeout: 8_000 })
        .toBe('published')
        .catch(() => undefined);
    }
    await expect.poll(status, POLL).toBe('published');
    await ok.waitFor({ state: 'hidden' });

    await s.page.getByTestId(`run-open-${world.units.cgj.id}`).click();
    const sum = s.page.getByTestId('score-sum');
    await sum.waitFor();
    const score = await sum.getAttribute('data-score');
    expect(score).not.toBe('');
    expect(await sum.getAttribute('data-sum')).toBe(score);
    expect(await s.page.getByTestId('part-cases').count()).toBe(1);
    await s.page.keyboard.press('Escape');

    const xlsx = s.page.waitForEvent('download');
    await s.page.getByTestId('run-xlsx').click();
    expect((await xlsx).suggestedFilename()).toMatch(/\.xlsx$/);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('the unit appeals an item of its explanation; HQ accepts: a corrected version, the first kept', async () => {
    const u = await pageAs(world.users.handler);
    await u.page.getByTestId('menu-assess-mine').click();
    await u.page.getByTestId('page-assess-mine').waitFor();
    await u.page.goto(`${url}/assessment/mine?campaign=${campaignId}&kind=month`);
    await u.page.getByTestId('mine-own').waitFor();
    await u.page.getByTestId('appeal-start').click();
    await u.page.locator('[data-testid^="pick-cases-"]').first().click();
    await u.page.getByTestId('appeal-reason').fill('该案件已于期限内整改完毕。');
    await u.page
      .getByTestId('appeal-files')
      .locator('input[type=file]')
      .setInputFiles({ name: '整改报告.pdf', mimeType: 'application/pdf', buffer: pdf('rectified') });
    await u.page.getByTestId('appeal-files').getByText('整改报告.pdf').waitFor();
    await shoot(u.page, 'assessment-appeal-form-1440');
    await u.page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(u.page)).toBeLessThanOrEqual(0);
    await shoot(u.page, 'assessment-appeal-form-390');
    await u.page.setViewportSize({ width: 1440, height: 900 });
    await u.page.getByTestId('appeal-submit').click();
    await expect.poll(() => u.page.locator('[data-testid^="appeal-item-"][data-status="pending"]').count(), POLL).toBe(1);

    const h = await pageAs(world.users.hq);
    await h.page.getByTestId('menu-assess-appeals').click();
    await h.page.getByTestId('page-assess-appeals').waitFor();
    await h.page.goto(`${url}/assessment/appeals?campaign=${campaignId}`);
    // HQ sees the evidence the unit sent, by its name, and can open it.
    const evidence = h.page.locator('[data-testid^="appeal-files-"] a', { hasText: '整改报告.pdf' });
    await evidence.waitFor();
    const href = await evidence.getAttribute('href');
    const fetched = await h.page.evaluate(async (u) => {
      const r = await fetch(u!);
      return { status: r.status, type: r.headers.get('content-type'), head: (await r.text()).slice(0, 5) };
    }, href);
    expect(fetched).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
    await shoot(h.page, 'assessment-appeals-hq-1440');
    await h.page.locator('[data-testid^="appeal-accept-"]').first().click();
    await h.page.getByTestId('appeal-points').fill('2');
    await h.page.getByTestId('appeal-decision-reason').fill('经核实，案件已按期整改，加 2 分。');
    // A double click on OK decides once: the button waits while the decision is on its way.
    const decisions: string[] = [];
    h.page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/assessment\/appeals\/\d+\/(accept|reject)$/.test(r.url())) decisions.push(r.url());
    });
    await h.page.getByTestId('appeal-decide-ok').dblclick();
    await confirmDialog(h.page.getByTestId('appeal-decide-ok'));
    expect(decisions).toHaveLength(1);
    const corrected = h.page.locator('[data-testid^="appeal-corrected-"]').first();
    // A click on the option can be lost while the list re-renders: pick until the filter shows it.
    await choose(h.page, h.page.getByTestId('appeal-filter'), h.page.locator('.ant-select-item-option[title="全部"]'), '全部');
    await corrected.waitFor();
    await corrected.click();
    await h.page.getByTestId('run-correction').waitFor();
    expect(await h.page.getByTestId('run-version-1').textContent()).toContain('已更正');
    expect(await h.page.getByTestId('run-version-2').textContent()).toContain('已发布');
    expect(h.errors).toEqual([]);

    await u.page.reload();
    await u.page.getByTestId('page-assess-mine').waitFor();
    await expect.poll(() => u.page.locator('[data-testid^="appeal-item-"][data-status="accepted"]').count(), POLL).toBe(1);
    expect(await u.page.getByTestId('appeal-answer').textContent()).toContain('加 2 分');
    expect(u.errors).toEqual([]);
  });

  it('HQ adds 群众满意率 to a new draft: the check asks for a rebalance, the saved model shows it', async () => {
    const s = await pageAs(world.users.hq);
    await s.page.goto(`${url}/assessment/model?campaign=${campaignId}`);
    await s.page.getByTestId('page-assess-model').waitFor();
    await s.page.getByTestId('assess-new-draft').click();
    await s.page.getByTestId('assess-edit').click();
    await s.page.getByTestId('comp-0-satisfaction').click();
    await s.page.getByTestId('assess-save').click();
    const problems = s.page.getByTestId('assess-problems');
    await problems.waitFor();
    // Said in the UI's language from the problem's code and params, at the top and on the group.
    const sumText = '测评得分率、案件处置、群众满意率的权重之和须为 100，现为 110';
    expect(await problems.textContent()).toContain(`市直部门：${sumText}`);
    expect(await problems.textContent()).not.toMatch(/must sum|weights of/);
    expect(await s.page.getByTestId('group-problems').textContent()).toBe(sumText);
    await shoot(s.page, 'assessment-model-problem-1440');
    await s.page.setViewportSize({ width: 390, height: 844 });
    await s.page.getByTestId('group-problems').scrollIntoViewIfNeeded();
    await shoot(s.page, 'assessment-model-problem-390');
    expect(await overflow(s.page)).toBeLessThanOrEqual(0);
    await s.page.setViewportSize({ width: 1440, height: 900 });
    const weight = s.page.getByTestId('field-groups[0].components[0].weight');
    await weight.fill('80');
    const credit = s.page.getByTestId('field-groups[0].components[2].weight');
    await credit.fill('20');
    await s.page.getByTestId('field-groups[0].components[2].basicallySatisfiedCredit').fill('0.9');
    // The list's reload is held back: the saved model must show at once, not the stale one
    // the list still holds (a race CI caught once).
    const slowList = async (route: Route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    };
    await s.page.route('**/api/assessment/models?*', slowList);
    await s.page.getByTestId('assess-save').click();
    const view = s.page.getByTestId('assess-model-view');
    await view.waitFor();
    await s.page.unroute('**/api/assessment/models?*', slowList);
    expect(await view.textContent()).toContain('群众满意率');
    expect(await view.textContent()).toContain('(满意 + 0.9×基本满意)');
    await shoot(s.page, 'assessment-model-satisfaction-1440');
    const versions = await t.env.services.assessmentModels.list(hq, campaignId);
    const draft = versions.find((v) => v.status === 'draft')!;
    expect(draft.model.groups[0]!.components).toContainEqual({ kind: 'satisfaction', weight: 20, basicallySatisfiedCredit: 0.9 });
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('HQ proposes 加减分 (a double click proposes once); a leader approves it on the same page', async () => {
    const results = `${url}/assessment/results?campaign=${campaignId}&kind=month&period=${monthKey}`;
    const s = await pageAs(world.users.hq);
    await s.page.goto(results);
    const panel = s.page.getByTestId('adjustments');
    await openWith(panel.getByTestId('adj-propose'), s.page.getByTestId('adj-reason'));
    await choose(
      s.page,
      s.page.getByTestId('adj-unit'),
      s.page.locator('.ant-select-item-option').filter({ hasText: '交通局（案卷测试）' }),
      '交通局（案卷测试）',
    );
    await s.page.getByTestId('adj-points').fill('1.5');
    await s.page.getByTestId('adj-reason').fill('护栏抢修获市民书面表扬');
    const proposals: string[] = [];
    s.page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/assessment/adjustments') proposals.push(r.url());
    });
    await s.page.getByTestId('adj-propose-ok').dblclick();
    await confirmDialog(s.page.getByTestId('adj-propose-ok'));
    expect(proposals).toHaveLength(1);
    // The accepted appeal above added its own adjustment for 城管局: only 交通局's count here.
    const listed = async () =>
      (await t.env.services.assessmentAdjustments.list(hq, { campaignId, periodKey: monthKey })).filter(
        (a) => a.unitId === world.units.jtj.id,
      );
    await expect.poll(async () => (await listed()).length, POLL).toBe(1);
    const [proposed] = await listed();
    expect(proposed).toMatchObject({ unitId: world.units.jtj.id, points: 1.5, status: 'pending' });
    // HQ proposes, it does not decide.
    await panel.getByTestId(`adj-row-${proposed!.id}`).waitFor();
    expect(await panel.getByTestId(`adj-approve-${proposed!.id}`).count()).toBe(0);
    expect(s.errors).toEqual([]);
    await s.context.close();

    const leader = await makeUser(t.database, { unit: world.units.city, roles: [{ role: 'leader', unit: world.units.city }] });
    const l = await pageAs(leader);
    await l.page.goto(results);
    const approve = l.page.getByTestId(`adj-approve-${proposed!.id}`);
    await approve.waitFor();
    await shoot(l.page, 'assessment-adjustments-leader-1440');
    // Clicked again while still pending: a click lost under load is retried, and one that was not
    // finds the button waiting for its answer (or gone).
    await expect
      .poll(async () => {
        if ((await listed())[0]!.status === 'pending')
          await approve
            .click({ timeout: 5_000 })
            .then(() => approve.waitFor({ state: 'detached', timeout: 5_000 }))
            .catch(() => undefined);
        return (await listed())[0]!.status;
      }, POLL)
      .toBe('approved');
    await l.page.locator(`[data-testid="adj-row-${proposed!.id}"][data-status="approved"]`).waitFor();
    expect(l.errors).toEqual([]);
    await l.context.close();
  });
});
