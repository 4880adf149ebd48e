/**
 * 要素保障/堵点 in Chromium: the project unit (a project_owner on the project's people list) raises a
 * land obstacle with a photo on its project page, on a phone; it becomes a reported case routed to
 * the land bureau; HQ dispatches it (through the services) and the project page shows the state,
 * the department and the deadline; HQ's case page names the project. Screenshots at 390 and 1440
 * px go to the temporary folder (dudao-screenshots). SQLite, the built web/dist.
 */
import { mkdirSync } from 'node:fs';
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

describe.skipIf(!HAS_CHROMIUM)('项目堵点 in Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;
  let owner: Person;
  let hq: Person;
  let projectId: number;
  let landId: number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ t } = await browserCaseWorld());
    t.env.clock.set(new Date());
    const { city, district } = t.city;
    landId = (await makeUnit(t.database, { code: '411600-ZRZYJ', name: '市自然资源和规划局', kind: 'department', parent: city })).id;
    const person = async (role: 'projects_office' | 'project_owner' | 'hq_dispatcher', unit: typeof city): Promise<Person> => {
      const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
      return { ...u, ctx: await contextFor(t.database, u.id) };
    };
    const office = await person('projects_office', district);
    owner = await person('project_owner', district);
    hq = await person('hq_dispatcher', city);
    projectId = (
      await t.env.services.projects.create(office.ctx, {
        code: 'XM-OB-001',
        name: '耕德电子二期',
        countyUnitId: district.id,
        level: 'municipal',
        category: 'advanced_manufacturing',
        totalInvestment: 135000,
        lon: 114.65,
        lat: 33.62,
        members: [{ userId: owner.id, title: '联系人' }],
      })
    ).id;
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('the project unit raises an obstacle on its project page; HQ dispatches it; the page follows the case', async () => {
    const errors: string[] = [];
    const u = await tb.newPage({ viewport: PHONE });
    u.page.on('pageerror', (e) => errors.push(e.message));
    await login(u.page, url, owner.username, owner.password);
    await u.page.goto(`${url}/projects/${projectId}`);
    const card = u.page.getByTestId('project-obstacles');
    await card.getByText('暂无堵点').waitFor();
    const form = card.getByTestId('obstacle-form');
    await openWith(card.getByTestId('obstacle-open'), form);
    await choose(
      u.page,
      form.getByTestId('obstacle-form-kind'),
      u.page.locator('.ant-select-item-option').filter({ hasText: '用地' }),
      '用地',
    );
    await form.getByTestId('obstacle-form-description').fill('二期用地指标尚未落实，影响3号车间开工。');
    await form.getByTestId('obstacle-form-contact').fill('王经理 13800000000');
    await form
      .getByTestId('obstacle-form-photos')
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
    await form.getByTestId('obstacle-form-submit').click();

    const obstacles = async () => (await t.env.services.projectObstacles.forProject(owner.ctx, projectId)).items;
    await expect.poll(async () => (await obstacles()).length, POLL).toBe(1);
    const o = (await obstacles())[0]!;
    expect(o).toMatchObject({ kind: 'land', state: 'reported', responsibleUnitId: landId, routed: true, raisedBy: { id: owner.id } });
    const row = await t.database.db.selectFrom('cases').selectAll().where('id', '=', o.caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'project_obstacle', category_code: 'E06-YD', reporter_contact: '王经理 13800000000' });
    expect(await t.database.db.selectFrom('files').select('id').where('case_id', '=', o.caseId).execute()).toHaveLength(1);
    const item = card.getByTestId('obstacle-item');
    await item.getByTestId('obstacle-state').filter({ hasText: '已上报' }).waitFor();
    expect(await item.getByTestId('obstacle-kind').innerText()).toBe('用地');
    expect(await item.getByTestId('obstacle-unit').innerText()).toContain('市自然资源和规划局（拟派）');
    await shoot(u.page, 'project-obstacles-390');
    expect(await overflow(u.page)).toBeLessThanOrEqual(0);

    // HQ accepts and dispatches with the routing's suggestion (the case workflow, unchanged).
    const cases = t.env.services.cases;
    const version = async () => (await t.env.services.caseQuery.get(hq.ctx, o.caseId)).version;
    await cases.act(hq.ctx, o.caseId, { action: 'accept', version: await version() }, []);
    const s = await cases.suggestDispatch(hq.ctx, o.caseId);
    expect(s.unitId).toBe(landId);
    await cases.act(hq.ctx, o.caseId, { action: 'dispatch', version: await version(), unitId: landId }, []);
    await u.page.reload();
    await card.getByTestId('obstacle-state').filter({ hasText: '已派遣' }).waitFor();
    expect(await card.getByTestId('obstacle-unit').innerText()).not.toContain('拟派');
    expect(await card.innerText()).not.toContain('待派遣');

    // HQ's case page names the project.
    const h = await tb.newPage({ viewport: DESKTOP });
    h.page.on('pageerror', (e) => errors.push(e.message));
    await login(h.page, url, hq.username, hq.password);
    await h.page.goto(`${url}/cases/${o.caseId}`);
    await h.page.getByTestId('case-project').filter({ hasText: '耕德电子二期' }).waitFor();
    expect(await h.page.getByTestId('case-project').innerText()).toContain('用地');
    await shoot(h.page, 'project-obstacle-case-1440');

    const d = await tb.newPage({ viewport: DESKTOP });
    d.page.on('pageerror', (e) => errors.push(e.message));
    await login(d.page, url, owner.username, owner.password);
    await d.page.goto(`${url}/projects/${projectId}`);
    await d.page.getByTestId('project-obstacles').getByTestId('obstacle-state').filter({ hasText: '已派遣' }).waitFor();
    await shoot(d.page, 'project-obstacles-1440');
    expect(errors).toEqual([]);
  });
});
