/**
 * "4个1" in Chromium: the leader in charge, on a phone with its position (about 200 m from the
 * project), logs a site visit with a photo on the project's page and sees it counted; the county's
 * projects office opens 推进例会 (a meeting seeded through the services), reads the compliance
 * table, confirms an action item the owner unit reported done and records a new meeting. Screenshots at 390 and 1440
 * px go to the temporary folder (dudao-screenshots). SQLite, the built web/dist.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, login, type TestBrowser } from '../helpers/browser.js';
import type { RequestContext } from '../../src/core/context.js';
import { contextFor, makeUnit, makeUser } from '../helpers/factories.js';
import type { TestApp } from '../helpers/http.js';
import { browserCaseWorld, openWith, overflow, serveToBrowser, shoot, SHOTS } from '../helpers/browser-world.js';
import { jpeg } from '../helpers/images.js';

const POLL = { timeout: 40_000 };
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SITE = { longitude: 114.65, latitude: 33.62 };

/** A China day `n` days from today. */
function chinaDayIn(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

type Person = { id: number; username: string; password: string; ctx: RequestContext };

describe.skipIf(!HAS_CHROMIUM)('"4个1" in Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let tb: TestBrowser;
  let url: string;
  let office: Person;
  let leader: Person;
  let projectId: number;
  let meetingId: number;
  let actionId: number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ t } = await browserCaseWorld());
    // The server's day is the browser's: a visit may not be dated after the server's today.
    t.env.clock.set(new Date());
    const { city, district, dept } = t.city;
    const teamUnit = await makeUnit(t.database, { code: 'WT-ZN', name: '智能零部件产业链专班', kind: 'work_team', parent: city });
    const person = async (role: 'projects_office' | 'leader' | 'unit_handler', unit: typeof city): Promise<Person> => {
      const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
      return { ...u, ctx: await contextFor(t.database, u.id) };
    };
    office = await person('projects_office', district);
    leader = await person('leader', city);
    const handler = await person('unit_handler', dept);
    const svc = t.env.services;
    projectId = (
      await svc.projects.create(office.ctx, {
        code: 'XM-001',
        name: '耕德电子二期',
        countyUnitId: district.id,
        level: 'municipal',
        category: 'advanced_manufacturing',
        totalInvestment: 135000,
        lon: SITE.longitude,
        lat: SITE.latitude,
        workTeamUnitId: teamUnit.id,
        leaderUserId: leader.id,
      })
    ).id;
    const m = await svc.projectMeetings.create(office.ctx, {
      unitId: district.id,
      meetingDate: chinaDayIn(0),
      title: '川汇区重点项目推进例会',
      decisions: '一、耕德电子二期月底前完成厂房封顶。',
      attendeeUserIds: [leader.id],
      attendeeNames: ['耕德电子 张经理'],
      projectIds: [projectId],
      actions: [{ title: '协调夜间施工许可', unitId: dept.id, projectId, dueDate: chinaDayIn(7) }],
    });
    meetingId = m.id;
    actionId = m.actions[0]!.id;
    await svc.projectMeetings.act(handler.ctx, meetingId, actionId, { action: 'report', version: 1, note: '许可已办结' });
    ({ url, tb } = await serveToBrowser(t));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([tb?.close(), t?.close()]);
  });

  it('the leader logs a visit with a photo and the phone position; the office confirms a meeting item, reads the compliance and records a meeting', async () => {
    const errors: string[] = [];
    const l = await tb.newPage({ viewport: PHONE });
    l.page.on('pageerror', (e) => errors.push(e.message));
    await l.context.grantPermissions(['geolocation'], { origin: url });
    // About 220 m north of the project.
    await l.context.setGeolocation({ longitude: SITE.longitude, latitude: SITE.latitude + 0.002 });
    await login(l.page, url, leader.username, leader.password);
    await l.page.goto(`${url}/projects/${projectId}`);
    const form = l.page.getByTestId('visit-form');
    await form.waitFor();
    await form.getByTestId('visit-form-place').fill('耕德电子二期厂房工地');
    await form.getByTestId('visit-form-solved').fill('协调供电公司迁改线路，明确本周完成。');
    await form.getByTestId('visit-form-locate').click();
    await expect.poll(async () => form.getByTestId('visit-form-position').innerText(), POLL).toContain('33.62');
    await form
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'site.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
    await form.getByTestId('visit-form-submit').click();
    const visits = async () => (await t.env.services.projectVisits.list(office.ctx, projectId)).items;
    await expect.poll(async () => (await visits()).length, POLL).toBe(1);
    const v = (await visits())[0]!;
    expect(v).toMatchObject({ leader: { id: leader.id }, placeCheck: 'on_site', counts: true, visitDate: chinaDayIn(0) });
    expect(v.distanceM).toBeGreaterThan(150);
    expect(v.distanceM).toBeLessThan(300);
    expect(v.photos).toHaveLength(1);
    await l.page.getByTestId(`visit-${v.id}`).filter({ hasText: '在现场' }).waitFor();
    await l.page.getByTestId(`visit-week-${v.week}`).filter({ hasText: '1/3' }).waitFor();
    await shoot(l.page, 'project-visits-390');
    expect(await overflow(l.page)).toBeLessThanOrEqual(0);

    // The projects office: 推进例会 from the menu, the meeting, confirm the reported item.
    const o = await tb.newPage({ viewport: DESKTOP });
    o.page.on('pageerror', (e) => errors.push(e.message));
    await login(o.page, url, office.username, office.password);
    await o.page.getByTestId('menu-project-meetings').click();
    await o.page.getByTestId('home-project-meetings').waitFor();
    await o.page.getByTestId('visit-compliance').getByText('1/3').first().waitFor();
    await shoot(o.page, 'project-meetings-1440');
    await o.page.getByTestId(`meeting-link-${meetingId}`).click();
    await o.page.getByTestId('meeting-decisions').filter({ hasText: '厂房封顶' }).waitFor();
    await o.page.getByTestId(`meeting-action-confirm-${actionId}`).click();
    const status = async () => (await t.env.services.projectMeetings.get(office.ctx, meetingId)).actions[0]!.status;
    await expect.poll(status, POLL).toBe('done');
    await o.page.getByTestId(`meeting-action-status-${actionId}`).filter({ hasText: '已完成' }).waitFor();
    await shoot(o.page, 'project-meeting-1440');

    // …and records this week's meeting: today by default, its own county, a free-text attendee.
    await o.page.getByTestId('menu-project-meetings').click();
    const mf = o.page.getByTestId('meeting-form');
    await openWith(o.page.getByTestId('meeting-new'), mf);
    await mf.getByTestId('meeting-form-title').fill('川汇区第二次推进例会');
    await mf.getByTestId('meeting-form-attendees').click();
    await o.page.keyboard.type('凯旺科技 李总');
    await o.page.keyboard.press('Enter');
    await mf.getByTestId('meeting-form-decisions').fill('凯旺科技本月完成设备安装。');
    await mf.getByTestId('meeting-form-submit').click();
    const second = async () =>
      (await t.env.services.projectMeetings.list(office.ctx)).items.find((x) => x.title === '川汇区第二次推进例会');
    await expect.poll(async () => (await second())?.meetingDate, POLL).toBe(chinaDayIn(0));
    const detail = await t.env.services.projectMeetings.get(office.ctx, (await second())!.id);
    expect(detail).toMatchObject({ decisions: '凯旺科技本月完成设备安装。', attendees: [{ userId: null, name: '凯旺科技 李总' }] });
    await o.page.getByTestId('page-project-meeting').waitFor();
    expect(errors).toEqual([]);
  });
});
