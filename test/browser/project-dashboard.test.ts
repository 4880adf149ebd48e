/**
 * 重大项目总览 in Chromium: a leader sees the projects block on the cockpit, opens the projects
 * dashboard from the menu and reads the headline figures, the charts, the table by dimension, the
 * period table and the map; the project unit reads the overview of its own projects. Screenshots at 1440 px go to the temporary folder (dudao-screenshots).
 * SQLite, the built web/dist.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import type { RequestContext } from '../../src/core/context.js';
import type { ProjectStage } from '../../src/shared/project-enums.js';
import { contextFor, makeUnit, makeUser } from '../helpers/factories.js';
import type { TestApp } from '../helpers/http.js';
import { browserCaseWorld, serveToBrowser, shoot, SHOTS } from '../helpers/browser-world.js';

const POLL = { timeout: 40_000 };
const DESKTOP = { width: 1440, height: 900 };

/** A China day `n` days from today (stages may not be dated in the future). */
function chinaDayIn(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

type Person = { id: number; username: string; password: string; ctx: RequestContext };

describe.skipIf(!HAS_CHROMIUM)('重大项目总览 in Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;
  let leader: Person;
  let owner: Person;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ t } = await browserCaseWorld());
    t.env.clock.set(new Date());
    const { city, district } = t.city;
    const teamUnit = await makeUnit(t.database, { code: 'WT-ZN', name: '智能零部件产业链专班', kind: 'work_team', parent: city });
    const person = async (role: 'projects_office' | 'project_owner' | 'leader', unit: typeof city): Promise<Person> => {
      const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
      return { ...u, ctx: await contextFor(t.database, u.id) };
    };
    const office = await person('projects_office', district);
    owner = await person('project_owner', district);
    leader = await person('leader', city);
    const svc = t.env.services;
    const walk = async (id: number, steps: ProjectStage[]) => {
      for (const [i, stage] of steps.entries()) {
        const p = await svc.projectStages.record(owner.ctx, id, { stage, actualDate: chinaDayIn(-60 + i * 10) });
        await svc.projectStages.confirm(office.ctx, id, p.stages.find((s) => s.status === 'pending')!.id);
      }
    };
    const make = async (
      code: string,
      name: string,
      totalInvestment: number,
      category: 'advanced_manufacturing' | 'infrastructure',
      lon: number,
    ) =>
      (
        await svc.projects.create(office.ctx, {
          code,
          name,
          countyUnitId: district.id,
          level: 'municipal',
          category,
          industryChain: '智能零部件',
          totalInvestment,
          lon,
          lat: 33.62,
          workTeamUnitId: teamUnit.id,
          members: [{ userId: owner.id, title: '联系人' }],
        })
      ).id;
    const a = await make('XM-001', '耕德电子二期', 135000, 'advanced_manufacturing', 114.65);
    const b = await make('XM-002', '河南凯旺电子安防设备生产基地', 52000, 'advanced_manufacturing', 114.7);
    const c = await make('XM-003', '中电建河南厚德新型管廊支撑系统研发生产项目', 8000, 'infrastructure', 114.9);
    await walk(a, ['signed', 'performing', 'started', 'partly_producing']);
    await walk(b, ['signed', 'performing', 'started', 'producing']);
    await walk(c, ['signed']);
    const batch = await svc.projectBatches.create(office.ctx, {
      countyUnitId: district.id,
      name: '第一期',
      seq: 1,
      eventDate: chinaDayIn(-60),
    });
    for (const id of [a, b, c]) await svc.projectBatches.addProject(office.ctx, batch.id, { projectId: id, role: 'sign' });
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('a leader sees the projects block on the cockpit and opens the projects dashboard', async () => {
    const errors: string[] = [];
    const l = await tb.newPage({ viewport: DESKTOP });
    l.page.on('pageerror', (e) => errors.push(e.message));
    await login(l.page, url, leader.username, leader.password);
    await l.page.goto(`${url}/dashboard`);
    const tile = l.page.getByTestId('cockpit-projects');
    await expect.poll(async () => tile.innerText(), POLL).toContain('3 个');
    expect(await tile.innerText()).toContain('川汇区第一期');

    await l.page.getByTestId('menu-project-dashboard').click();
    await l.page.getByTestId('page-project-dashboard').waitFor();
    await expect.poll(async () => l.page.getByTestId('rollup-total').innerText(), POLL).toContain('3 个');
    expect(await l.page.getByTestId('rollup-total').innerText()).toContain('19.50 亿元');
    // 耕德 (部分投产) is 在建 and industrial; 凯旺 is in production.
    expect(await l.page.getByTestId('rollup-under-construction').innerText()).toContain('1 个');
    expect(await l.page.getByTestId('rollup-producing').innerText()).toContain('1 个');
    expect(await l.page.getByTestId('rollup-industrial').innerText()).toContain('13.50 亿元');
    // No monthly investment reports on this branch: said, not faked.
    expect(await l.page.getByTestId('rollup-completion').innerText()).toContain('月度投资填报上线后显示');
    // 今年以来新签约亿元以上: 耕德 and 凯旺 if signed this year (60 days ago), else none.
    const thisYear = chinaDayIn(-60).slice(0, 4) === chinaDayIn(0).slice(0, 4);
    expect(await l.page.getByTestId('rollup-newly-signed').innerText()).toContain(thisYear ? '2 个' : '0 个');
    await l.page.getByTestId('rollup-batch-rates').waitFor();
    for (const by of ['chain', 'county', 'stage', 'size'])
      await l.page.getByTestId(`rollup-chart-${by}`).locator('canvas').first().waitFor();
    // The table by dimension: 川汇区 by county, then by size band.
    await expect.poll(async () => l.page.getByTestId('rollup-table-total').innerText(), POLL).toBe('3');
    await l.page.getByTestId('rollup-by').getByText('按投资规模').click();
    await l.page.getByTestId('rollup-table').getByText('10亿元以上').waitFor();
    await l.page.getByTestId('rollup-table').getByText('1亿元以下').waitFor();
    await expect.poll(async () => l.page.getByTestId('project-map-legend').getAttribute('data-count'), POLL).toBe('3');
    await shoot(l.page, 'project-dashboard-1440');
    expect(errors).toEqual([]);
  });

  it('the project unit opens the overview of its own projects (its landing blocks are on its home, project-landing.test.ts)', async () => {
    const errors: string[] = [];
    const o = await tb.newPage({ viewport: DESKTOP });
    o.page.on('pageerror', (e) => errors.push(e.message));
    await login(o.page, url, owner.username, owner.password);
    await o.page.getByTestId('menu-project-dashboard').click();
    await o.page.getByTestId('page-project-dashboard').waitFor();
    await expect.poll(async () => o.page.getByTestId('rollup-total').innerText(), POLL).toContain('3 个');
    expect(await o.page.getByTestId('projects-home-unit').count()).toBe(0);
    await shoot(o.page, 'project-dashboard-unit-1440');
    expect(errors).toEqual([]);
  });
});
