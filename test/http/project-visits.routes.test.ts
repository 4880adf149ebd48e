import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../src/db/schema.js';
import type { ProjectMeeting, ProjectMeetingList } from '../../src/shared/contracts/project-meetings.contract.js';
import type { ProjectVisit, ProjectVisitList, VisitCompliance } from '../../src/shared/contracts/project-visits.contract.js';
import type { Project } from '../../src/shared/contracts/projects.contract.js';
import type { Role } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUnit, makeUser } from '../helpers/factories.js';
import { jpeg } from '../helpers/images.js';
import { commandForm, createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`"4个1" routes on ${dialect}`, () => {
    let t: TestApp;
    let officeA: Client;
    let officeB: Client;
    let workA: Client;
    let ownerA: Client;
    let leader: Client;
    let leaderId: number;
    let teamA: UnitRow;
    let project: Project;
    const rows = async (table: 'project_visits' | 'project_visit_files' | 'project_meetings' | 'project_meeting_actions') =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** The field a 4xx names, without the part of the request (`body.`, `querystring.`) Fastify's validation puts first. */
    const field = (r: { json: <T>() => T }) =>
      r.json<{ details?: { field?: string } }>().details?.field?.replace(/^(body|querystring|params)\./, '');

    beforeAll(async () => {
      t = await createTestApp(dialect);
      t.env.clock.set(new Date('2026-12-03T02:00:00.000Z'));
      teamA = await makeUnit(t.database, { code: 'WT-A', name: '智能零部件产业链专班', kind: 'work_team', parent: t.city.city });
      const person = async (unit: UnitRow, role: Role) => {
        const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
        return { id: u.id, client: await loginClient(t, u) };
      };
      officeA = (await person(t.city.district, 'projects_office')).client;
      officeB = (await person(t.city.otherDistrict, 'projects_office')).client;
      workA = (await person(teamA, 'work_team')).client;
      const owner = await person(t.city.city, 'project_owner');
      ownerA = owner.client;
      const l = await person(t.city.city, 'leader');
      leader = l.client;
      leaderId = l.id;
      const created = await officeA.post('/api/projects', {
        code: 'XM-V-1',
        name: '耕德电子二期',
        countyUnitId: t.city.district.id,
        level: 'municipal',
        category: 'advanced_manufacturing',
        totalInvestment: 135000,
        lon: 114.65,
        lat: 33.62,
        workTeamUnitId: teamA.id,
        leaderUserId: leaderId,
        members: [{ userId: owner.id }],
      });
      expect(created.statusCode, created.body).toBe(200);
      project = created.json<Project>();
    });
    afterAll(async () => t.close());

    it('the leader logs a visit with a photo (multipart) and the phone position; the photo is served to readers', async () => {
      const form = commandForm(
        { visitDate: '2026-12-02', place: '耕德电子二期工地', lon: 114.65, lat: 33.623, solved: '协调解决供电线路迁改' },
        [await jpeg()],
      );
      const r = await leader.post(`/api/projects/${project.id}/visits`, form.payload, form.headers);
      expect(r.statusCode, r.body).toBe(200);
      const v = r.json<ProjectVisit>();
      expect(v).toMatchObject({ placeCheck: 'on_site', counts: true, week: '2026-W49', photos: [{ mime: 'image/jpeg' }] });
      expect(v.distanceM).toBeGreaterThan(300);
      const url = `/api/projects/${project.id}/visits/${v.id}/files/${v.photos[0]!.id}`;
      expect((await ownerA.get(url)).statusCode).toBe(200);
      expect((await officeB.get(url)).statusCode).toBe(404);
      const list = await workA.get(`/api/projects/${project.id}/visits`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json<ProjectVisitList>()).toMatchObject({ target: 3, radiusM: 1000, canLog: true, items: [{ id: v.id }] });
    });

    it('bad input is 4xx naming the field and writes nothing; unauthorized callers are refused', async () => {
      const before = [await rows('project_visits'), await rows('project_visit_files')];
      const ok = { visitDate: '2026-12-02', place: '工地', lon: 114.65, lat: 33.62, solved: '协调' };
      const bad: [Record<string, unknown>, number, string][] = [
        [{ ...ok, visitDate: '2026-02-30' }, 400, 'visitDate'],
        [{ ...ok, visitDate: '2026-12-04' }, 422, 'visitDate'],
        [{ ...ok, lat: 91 }, 400, 'lat'],
        [{ ...ok, lat: null }, 422, 'lat'],
        [{ ...ok, place: '' }, 400, 'place'],
        [{ ...ok, solved: undefined }, 400, 'solved'],
        [{ ...ok, visitTime: '25:00' }, 400, 'visitTime'],
        [{ ...ok, extra: 1 }, 400, 'extra'],
      ];
      for (const [body, status, name] of bad) {
        const r = await leader.post(`/api/projects/${project.id}/visits`, body);
        expect(r.statusCode, `${name}: ${r.body}`).toBe(status);
        expect(field(r)).toBe(name);
      }
      const wrongFile = commandForm(ok, [{ name: 'evidence', filename: 'x.jpg', type: 'image/jpeg', value: await jpeg() }]);
      const wf = await leader.post(`/api/projects/${project.id}/visits`, wrongFile.payload, wrongFile.headers);
      expect([wf.statusCode, field(wf)]).toEqual([422, 'evidence']);
      expect((await ownerA.post(`/api/projects/${project.id}/visits`, ok)).statusCode).toBe(403);
      expect((await officeB.post(`/api/projects/${project.id}/visits`, ok)).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: `/api/projects/${project.id}/visits`, payload: ok })).statusCode).toBe(401);
      expect([await rows('project_visits'), await rows('project_visit_files')]).toEqual(before);
      const week = await officeA.get('/api/project-visits/compliance?week=2026-W60');
      expect([week.statusCode, field(week)]).toEqual([400, 'week']);
      const county = await officeA.get('/api/project-visits/compliance?county=abc');
      expect([county.statusCode, field(county)]).toEqual([400, 'county']);
    });

    it('compliance per leader and per project for the current and last weeks', async () => {
      const r = await officeA.get(`/api/project-visits/compliance?week=2026-W49&weeks=2&county=${t.city.district.id}`);
      expect(r.statusCode, r.body).toBe(200);
      const c = r.json<VisitCompliance>();
      expect(c.weeks.map((w) => w.week)).toEqual(['2026-W48', '2026-W49']);
      expect(c.leaders).toEqual([expect.objectContaining({ leaderId, projects: 1 })]);
      expect(c.leaders[0]!.weeks.map((w) => [w.visits, w.target, w.met])).toEqual([
        [0, 3, false],
        [1, 3, false],
      ]);
      expect((await officeB.get('/api/project-visits/compliance')).json<VisitCompliance>().projects).toEqual([]);
    });

    it('meetings: created by the county office, read by its readers, action items reported and confirmed; bad input names the field', async () => {
      const before = [await rows('project_meetings'), await rows('project_meeting_actions')];
      const ok = {
        unitId: t.city.district.id,
        meetingDate: '2026-12-03',
        title: '第49周推进例会',
        decisions: '加快厂房建设',
        attendeeUserIds: [leaderId],
        attendeeNames: ['耕德电子 张经理'],
        projectIds: [project.id],
        actions: [{ title: '协调施工许可', unitId: t.city.dept.id, projectId: project.id, dueDate: '2026-12-10' }],
      };
      const bad: [Record<string, unknown>, number, string][] = [
        [{ ...ok, meetingDate: '2026-13-01' }, 400, 'meetingDate'],
        [{ ...ok, actions: [{ ...ok.actions[0], dueDate: '2026-12-01' }] }, 422, 'actions[0].dueDate'],
        [{ ...ok, attendeeUserIds: [0] }, 400, 'attendeeUserIds.0'],
        [{ ...ok, unitId: t.city.dept.id }, 422, 'unitId'],
        [{ ...ok, title: undefined }, 400, 'title'],
      ];
      for (const [body, status, name] of bad) {
        const r = await officeA.post('/api/project-meetings', body);
        expect(r.statusCode, `${name}: ${r.body}`).toBe(status);
        expect(field(r)).toBe(name);
      }
      expect((await leader.post('/api/project-meetings', ok)).statusCode).toBe(403);
      expect((await officeB.post('/api/project-meetings', ok)).statusCode).toBe(403);
      expect([await rows('project_meetings'), await rows('project_meeting_actions')]).toEqual(before);

      const created = await officeA.post('/api/project-meetings', ok);
      expect(created.statusCode, created.body).toBe(200);
      const m = created.json<ProjectMeeting>();
      expect((await leader.get('/api/project-meetings')).json<ProjectMeetingList>().items.map((x) => x.id)).toEqual([m.id]);
      expect((await officeB.get(`/api/project-meetings/${m.id}`)).statusCode).toBe(404);
      const item = m.actions[0]!;
      const handler = await loginClient(t, t.city.handler);
      const reported = await handler.post(`/api/project-meetings/${m.id}/actions/${item.id}`, {
        action: 'report',
        version: item.version,
        note: '已办结',
      });
      expect(reported.statusCode, reported.body).toBe(200);
      const wrong = await handler.post(`/api/project-meetings/${m.id}/actions/${item.id}`, { action: 'finish', version: 2 });
      expect([wrong.statusCode, field(wrong)]).toEqual([400, 'action']);
      const done = await officeA.post(`/api/project-meetings/${m.id}/actions/${item.id}`, { action: 'confirm', version: item.version + 1 });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json<ProjectMeeting>().actions[0]).toMatchObject({ status: 'done', progress: 'done' });
    });
  });
}
