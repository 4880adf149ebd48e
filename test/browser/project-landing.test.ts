/**
 * The landing pages of the project roles in Chromium (issue 14 point 7): the project unit signs
 * in and lands on 我的项目 with last month's report due and no obstacle; on a phone it follows the
 * due month to its project, files it with a site photo and raises an obstacle, and back on its
 * landing page the month is gone and the obstacle shows with its case state. The work team lands
 * on 专班项目 with its projects' open obstacles (not another team's) and its leader's "4个1"
 * weeks; a leader finds 三个一批 in the menu and reads a batch's rates. Screenshots of both
 * landing pages at 1440 and 390 px go to the temporary folder (dudao-screenshots). SQLite, the
 * built web/dist.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import type { RequestContext } from '../../src/core/context.js';
import { contextFor, makeUnit, makeUser } from '../helpers/factories.js';
import type { TestApp } from '../helpers/http.js';
import { browserCaseWorld, choose, openWith, overflow, serveToBrowser, shoot, SHOTS } from '../helpers/browser-world.js';
import { jpeg } from '../helpers/images.js';

const POLL = { timeout: 40_000 };
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

type Person = { id: number; username: string; password: string; ctx: RequestContext };

/** Today in China, `YYYY-MM-DD`. */
/** Waits until no antd spinner is turning (a screenshot mid fade-in shows pale rows). */
const settled = (page: Page) => expect.poll(async () => page.locator('.ant-spin-spinning').count(), POLL).toBe(0);

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Last month in China: its year and month, and an instant in the middle of it. */
function lastMonth(): { year: number; month: number; mid: Date } {
  const [y, m] = chinaToday().split('-').map(Number) as [number, number];
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  return { year, month, mid: new Date(Date.UTC(year, month - 1, 15, 2)) };
}

describe.skipIf(!HAS_CHROMIUM)('项目单位与专班的首页 in Chromium', { timeout: 300_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;
  let owner: Person;
  let team: Person;
  let leader: Person;
  let projectId: number;
  let batchId: number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ t } = await browserCaseWorld());
    const { city, district } = t.city;
    await makeUnit(t.database, { code: '411600-ZRZYJ', name: '市自然资源和规划局', kind: 'department', parent: city });
    const teamUnit = await makeUnit(t.database, { code: 'WT-ZN', name: '智能零部件产业链专班', kind: 'work_team', parent: city });
    const otherTeam = await makeUnit(t.database, { code: 'WT-SY', name: '生物医药产业链专班', kind: 'work_team', parent: city });
    const person = async (role: 'projects_office' | 'project_owner' | 'work_team' | 'leader', unit: typeof city): Promise<Person> => {
      const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
      return { ...u, ctx: await contextFor(t.database, u.id) };
    };
    const office = await person('projects_office', district);
    owner = await person('project_owner', district);
    const otherOwner = await person('project_owner', district);
    team = await person('work_team', teamUnit);
    leader = await person('leader', city);
    const svc = t.env.services;
    // The projects were registered last month: that month's report is the one owed.
    const last = lastMonth();
    t.env.clock.set(last.mid);
    const make = async (code: string, name: string, teamId: number, ownerId: number | null) =>
      (
        await svc.projects.create(office.ctx, {
          code,
          name,
          countyUnitId: district.id,
          level: 'municipal',
          category: 'advanced_manufacturing',
          industryChain: '智能零部件',
          totalInvestment: 135000,
          lon: 114.65,
          lat: 33.62,
          workTeamUnitId: teamId,
          leaderUserId: leader.id,
          members: ownerId ? [{ userId: ownerId, title: '联系人' }] : [],
        })
      ).id;
    projectId = await make('XM-LD-1', '耕德电子二期', teamUnit.id, owner.id);
    const kaiwang = await make('XM-LD-2', '河南凯旺电子安防设备生产基地', teamUnit.id, null);
    const pushan = await make('XM-LD-3', '普善药业原料药扩建项目', otherTeam.id, otherOwner.id);
    t.env.clock.set(new Date());
    // 耕德 is signed (recorded by its unit, confirmed by the office): the batch has a base for 履约率.
    const rec = await svc.projectStages.record(owner.ctx, projectId, { stage: 'signed', actualDate: chinaToday() });
    await svc.projectStages.confirm(office.ctx, projectId, rec.stages.find((s) => s.status === 'pending')!.id);
    await svc.projectInvestment.setPlan(office.ctx, projectId, last.year, { plan: 36500 });
    // Another team's obstacle stays off this team's page.
    await svc.projectObstacles.raise(otherOwner.ctx, pushan, { kind: 'funding', description: '流动资金贷款尚未到位。' }, []);
    await svc.projectVisits.log(leader.ctx, kaiwang, {
      visitDate: chinaToday(),
      // Midnight: a visit at noon (the default) would lie in the future in the morning hours.
      visitTime: '00:00',
      place: '凯旺电子工地',
      lon: 114.65,
      lat: 33.62,
      solved: '协调解决用电增容',
    });
    const batch = await svc.projectBatches.create(office.ctx, {
      countyUnitId: district.id,
      name: '第一期',
      seq: 1,
      eventDate: chinaToday(),
    });
    batchId = batch.id;
    await svc.projectBatches.addProject(office.ctx, batchId, { projectId, role: 'sign' });
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  /** Signs in and waits for the landing page (the role's home, /projects). */
  const land = async (page: Page, who: Person, viewer: 'unit' | 'team') => {
    await login(page, url, who.username, who.password);
    expect(new URL(page.url()).pathname).toBe('/projects');
    await page.getByTestId('home-projects').waitFor();
    return page.getByTestId(`projects-home-${viewer}`);
  };

  it('the project unit lands on its page, files the month due with a photo, raises an obstacle and sees both there', async () => {
    const errors: string[] = [];
    const u = await tb.newPage({ viewport: PHONE });
    u.page.on('pageerror', (e) => errors.push(e.message));
    const home = await land(u.page, owner, 'unit');
    const due = home.getByTestId('reports-due-item');
    await expect
      .poll(
        async () =>
          (
            await due
              .first()
              .innerText()
              .catch(() => '')
          ).replace(/\s+/g, ' '),
        POLL,
      )
      .toContain('耕德电子二期');
    expect(await due.count()).toBe(1);
    expect(await due.innerText()).toContain(`${lastMonth().year}年${lastMonth().month}月`);
    await home.getByTestId('scope-obstacles').getByText('暂无堵点').waitFor();
    // Only its own project is listed; another unit's is not.
    await u.page.getByTestId(`project-link-${projectId}`).waitFor();
    expect(await u.page.getByTestId('projects-table').innerText()).not.toContain('普善药业');

    // The due month leads to the project page, where it is filed with a site photo.
    await due.getByRole('link', { name: '耕德电子二期' }).click();
    const form = u.page.getByTestId('report-form');
    await form.waitFor();
    await form.getByTestId('report-form-completed').fill('1200.5');
    await form.getByTestId('report-form-progress').fill('二期厂房主体结构完工，设备进场安装。');
    await form
      .getByTestId('report-form-photos')
      .locator('input[type=file]')
      .setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#446688', 320, 240) });
    await form.getByTestId('report-form-submit').click();
    const filed = async () => {
      const inv = await t.env.services.projectInvestment.investment(owner.ctx, projectId, lastMonth().year);
      return [...inv.months, ...inv.lapses].find((m) => m.month === lastMonth().month && m.versions.length > 0) ?? null;
    };
    await expect.poll(async () => (await filed())?.completed ?? null, POLL).toBe(1200.5);
    expect((await filed())!.versions[0]!.files.map((f) => f.mime)).toEqual(['image/jpeg']);

    // And raises an obstacle there.
    const card = u.page.getByTestId('project-obstacles');
    const of = card.getByTestId('obstacle-form');
    // The investment card above reloads after the filing and moves this button: open until open.
    await openWith(card.getByTestId('obstacle-open'), of);
    await choose(
      u.page,
      of.getByTestId('obstacle-form-kind'),
      u.page.locator('.ant-select-item-option').filter({ hasText: '用地' }),
      '用地',
    );
    await of.getByTestId('obstacle-form-description').fill('二期用地指标尚未落实，影响3号车间开工。');
    await of.getByTestId('obstacle-form-submit').click();
    const obstacles = async () => (await t.env.services.projectObstacles.forProject(owner.ctx, projectId)).items;
    await expect.poll(async () => (await obstacles()).length, POLL).toBe(1);

    // Back on the landing page: nothing due any more, the obstacle with its case state.
    await u.page.goto(`${url}/projects`);
    const back = u.page.getByTestId('projects-home-unit');
    await back.getByTestId('reports-due').getByText('暂无待报月份').waitFor();
    const item = back.getByTestId('scope-obstacles').getByTestId('obstacle-item');
    await item.getByTestId('obstacle-state').filter({ hasText: '已上报' }).waitFor();
    expect(await item.getByTestId('obstacle-kind').innerText()).toBe('用地');
    expect(await item.innerText()).toContain('耕德电子二期');
    expect(await item.innerText()).toContain('市自然资源和规划局');
    await settled(u.page);
    await shoot(u.page, 'project-home-unit-390');
    expect(await overflow(u.page)).toBeLessThanOrEqual(0);

    const d = await tb.newPage({ viewport: DESKTOP });
    d.page.on('pageerror', (e) => errors.push(e.message));
    const wide = await land(d.page, owner, 'unit');
    await wide.getByTestId('obstacle-item').waitFor();
    await wide.getByTestId('reports-due').getByText('暂无待报月份').waitFor();
    await settled(d.page);
    await shoot(d.page, 'project-home-unit-1440');
    expect(errors).toEqual([]);
  });

  it("the work team lands on its page: its projects, their open obstacles and its leader's weeks", async () => {
    const errors: string[] = [];
    // The project unit's obstacle (raised in the test above; raised here when this test runs alone).
    if (!(await t.env.services.projectObstacles.forProject(owner.ctx, projectId)).total)
      await t.env.services.projectObstacles.raise(owner.ctx, projectId, { kind: 'land', description: '二期用地指标尚未落实。' }, []);
    const w = await tb.newPage({ viewport: DESKTOP });
    w.page.on('pageerror', (e) => errors.push(e.message));
    const home = await land(w.page, team, 'team');
    const compliance = home.getByTestId('visit-compliance');
    const { display_name: leaderName } = await t.database.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', leader.id)
      .executeTakeFirstOrThrow();
    await compliance.getByText(leaderName).waitFor();
    // This week: one visit, against three per project: not met yet, and the week is still running.
    await expect.poll(async () => compliance.innerText(), POLL).toMatch(/1\/\d+ 进行中/);
    // The obstacle of its project — not the other team's.
    const list = home.getByTestId('scope-obstacles');
    await expect.poll(async () => list.innerText(), POLL).toContain('耕德电子二期');
    expect(await list.innerText()).not.toContain('普善药业');
    const table = w.page.getByTestId('projects-table');
    await table.getByText('河南凯旺电子安防设备生产基地').waitFor();
    expect(await table.innerText()).not.toContain('普善药业');
    await settled(w.page);
    await shoot(w.page, 'project-home-team-1440');

    const p = await tb.newPage({ viewport: PHONE });
    p.page.on('pageerror', (e) => errors.push(e.message));
    const small = await land(p.page, team, 'team');
    await small.getByTestId('visit-compliance').getByText('未达标').first().waitFor();
    await small.getByTestId('scope-obstacles').getByTestId('obstacle-item').first().waitFor();
    await settled(p.page);
    await shoot(p.page, 'project-home-team-390');
    expect(await overflow(p.page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('a leader finds 三个一批 in the menu and reads a batch’s rates', async () => {
    const errors: string[] = [];
    const l = await tb.newPage({ viewport: DESKTOP });
    l.page.on('pageerror', (e) => errors.push(e.message));
    await login(l.page, url, leader.username, leader.password);
    await l.page.getByTestId('menu-project-batches').click();
    await l.page.getByTestId(`batch-link-${batchId}`).click();
    const rates = l.page.getByTestId('batch-rates');
    await rates.waitFor();
    const text = (await rates.innerText()).replace(/\s+/g, ' ');
    for (const name of ['履约率', '开工率', '投产率', '达产率']) expect(text).toContain(name);
    // 耕德 signed only: 履约 0 of 1, and the later rates have no base yet.
    expect(await rates.getByTestId('rate-batch-performance').innerText()).toContain('0%');
    expect(await rates.getByTestId('rate-batch-start').innerText()).toContain('—');
    expect(errors).toEqual([]);
  });
});
