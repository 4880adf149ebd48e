import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateProjectMeetingBody, ProjectMeeting } from '../../../src/shared/contracts/project-meetings.contract.js';
import type { Project } from '../../../src/shared/contracts/projects.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor } from '../../helpers/factories.js';
import { projectBody, projectWorld, type Person, type ProjectWorld } from './project-world.js';

for (const dialect of DIALECTS) {
  describe(`推进例会 (progress meetings) on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    let a: Project;
    let b: Project;
    let handler: Person;
    let m: ProjectMeeting;
    const meetings = () => w.env.services.projectMeetings;
    const count = async (table: 'project_meetings' | 'project_meeting_actions') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      );
    const body = (over: Partial<CreateProjectMeetingBody> = {}): CreateProjectMeetingBody => ({
      unitId: w.city.district.id,
      meetingDate: '2026-12-03',
      title: '川汇区第49周重点项目推进例会',
      decisions: '一、耕德电子二期12月底前完成厂房封顶；二、城管局协调夜间施工许可。',
      attendeeUserIds: [w.leader.id, w.workA.id],
      attendeeNames: ['耕德电子 张经理'],
      projectIds: [a.id],
      actions: [{ title: '办理夜间施工许可', unitId: w.city.dept.id, projectId: a.id, dueDate: '2026-12-10' }],
      ...over,
    });

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      w.env.clock.set(new Date('2026-12-03T02:00:00.000Z'));
      a = await w.env.services.projects.create(w.officeA.ctx, projectBody(w));
      b = await w.env.services.projects.create(
        w.officeB.ctx,
        projectBody(w, {
          code: 'XM-B',
          countyUnitId: w.city.otherDistrict.id,
          workTeamUnitId: w.teamB.id,
          members: [{ userId: w.ownerB.id }],
        }),
      );
      handler = { id: w.city.handler.id, ctx: await contextFor(database, w.city.handler.id) };
    });
    afterAll(async () => database.drop());

    it("the county's projects office records a meeting; the owner unit of each item is told", async () => {
      m = await meetings().create(w.officeA.ctx, body());
      expect(m).toMatchObject({
        unit: { id: w.city.district.id, name: '川汇区' },
        meetingDate: '2026-12-03',
        projects: [{ id: a.id, code: 'XM-2026-001' }],
        createdBy: { id: w.officeA.id },
      });
      expect(m.attendees.map((x) => x.userId)).toEqual([w.leader.id, w.workA.id, null]);
      expect(m.attendees[2]!.name).toBe('耕德电子 张经理');
      expect(m.actions).toEqual([
        expect.objectContaining({
          title: '办理夜间施工许可',
          unit: { id: w.city.dept.id, name: '市城市管理局' },
          project: { id: a.id, name: a.name },
          dueAt: '2026-12-10T16:00:00.000Z',
          status: 'open',
          progress: 'in_progress',
          can: { report: true, decide: false },
        }),
      ]);
      const told = await database.db.selectFrom('notifications').select('user_id').where('kind', '=', 'project_meeting.assigned').execute();
      expect(told.map((r) => r.user_id)).toEqual([handler.id]);
    });

    it('a work team records its own meetings, not a county it does not cover', async () => {
      expect(await meetings().create(w.workA.ctx, body({ unitId: w.teamA.id, title: '生物降解材料专班例会', actions: [] }))).toMatchObject({
        unit: { id: w.teamA.id },
      });
      await expect(meetings().create(w.workA.ctx, body())).rejects.toMatchObject({ status: 403 });
      await expect(meetings().create(w.officeA.ctx, body({ unitId: w.city.otherDistrict.id }))).rejects.toMatchObject({ status: 403 });
      await expect(meetings().create(w.leader.ctx, body())).rejects.toMatchObject({ status: 403 });
    });

    it('bad input is refused naming the field, nothing written', async () => {
      const before = [await count('project_meetings'), await count('project_meeting_actions')];
      const cases: [Partial<CreateProjectMeetingBody>, string][] = [
        [{ unitId: w.city.dept.id }, 'unitId'],
        [{ unitId: 999_999 }, 'unitId'],
        [{ meetingDate: '2026-12-04' }, 'meetingDate'],
        [{ title: '  ' }, 'title'],
        [{ attendeeUserIds: [w.leader.id, 999_999] }, 'attendeeUserIds[1]'],
        [{ attendeeNames: [' '] }, 'attendeeNames[0]'],
        [{ projectIds: [b.id] }, 'projectIds[0]'],
        [{ actions: [{ title: '逾期', unitId: w.city.dept.id, dueDate: '2026-12-02' }] }, 'actions[0].dueDate'],
        [{ actions: [{ title: '无单位', unitId: 999_999, dueDate: '2026-12-10' }] }, 'actions[0].unitId'],
        [{ actions: [{ title: ' ', unitId: w.city.dept.id, dueDate: '2026-12-10' }] }, 'actions[0].title'],
      ];
      for (const [over, field] of cases)
        await expect(meetings().create(w.officeA.ctx, body(over))).rejects.toMatchObject({ status: 422, details: { field } });
      // What the office fills in by hand is refused in Chinese too.
      const said: [Partial<CreateProjectMeetingBody>, string][] = [
        [{ meetingDate: '2026-12-04' }, '会议日期不能晚于今天'],
        [{ title: '  ' }, '请填写会议名称'],
        [{ unitId: w.city.dept.id }, `${w.city.dept.name}不是县（市、区）或工作专班`],
        [{ actions: [{ title: '逾期', unitId: w.city.dept.id, dueDate: '2026-12-02' }] }, '期限已过，请选择今后的日期或时间'],
      ];
      for (const [over, zh] of said)
        await expect(meetings().create(w.officeA.ctx, body(over))).rejects.toMatchObject({ details: { text: { zh } } });
      expect([await count('project_meetings'), await count('project_meeting_actions')]).toEqual(before);
    });

    it('who reads: the county and the city, attendees, owner units; not another county or the project unit', async () => {
      expect((await meetings().list(w.officeCity.ctx)).items.map((x) => x.id)).toContain(m.id);
      expect((await meetings().list(w.officeA.ctx, { project: a.id })).items.map((x) => [x.id, x.actions, x.actionsOpen])).toEqual([
        [m.id, 1, 1],
      ]);
      expect((await meetings().list(w.officeB.ctx)).items).toEqual([]);
      expect((await meetings().list(w.ownerA.ctx)).items).toEqual([]);
      expect((await meetings().list(w.workA.ctx)).items.map((x) => x.id)).toContain(m.id); // attended
      expect(await meetings().get(handler.ctx, m.id)).toMatchObject({ id: m.id });
      await expect(meetings().get(w.officeB.ctx, m.id)).rejects.toMatchObject({ status: 404 });
      await expect(meetings().get(w.ownerA.ctx, m.id)).rejects.toMatchObject({ status: 404 });
    });

    it('an item goes open → reported → sent back → reported → done; versions and sides are checked', async () => {
      const item = m.actions[0]!;
      const act = meetings().act.bind(meetings());
      await expect(act(handler.ctx, m.id, item.id, { action: 'confirm', version: item.version })).rejects.toMatchObject({ status: 403 });
      await expect(act(handler.ctx, m.id, item.id, { action: 'report', version: item.version, note: ' ' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'note' },
      });
      w.env.clock.set(new Date('2026-12-08T02:00:00.000Z'));
      let r = await act(handler.ctx, m.id, item.id, { action: 'report', version: item.version, note: '许可已办结' });
      expect(r.actions[0]).toMatchObject({ status: 'reported', reportNote: '许可已办结', can: { report: false, decide: false } });
      await expect(act(handler.ctx, m.id, item.id, { action: 'report', version: item.version, note: '再报' })).rejects.toMatchObject({
        status: 409,
      });
      r = await act(w.officeA.ctx, m.id, item.id, { action: 'return', version: r.actions[0]!.version, note: '缺许可证照片' });
      expect(r.actions[0]).toMatchObject({ status: 'open', returnReason: '缺许可证照片' });
      w.env.clock.set(new Date('2026-12-11T02:00:00.000Z')); // past the deadline
      expect((await meetings().get(handler.ctx, m.id)).actions[0]!.progress).toBe('overdue');
      r = await act(w.officeA.ctx, m.id, item.id, { action: 'report', version: r.actions[0]!.version, note: '项目办代报：已补照片' });
      r = await act(w.officeA.ctx, m.id, item.id, { action: 'confirm', version: r.actions[0]!.version });
      expect(r.actions[0]).toMatchObject({ status: 'done', progress: 'done', doneAt: '2026-12-11T02:00:00.000Z' });
      await expect(act(w.officeB.ctx, m.id, item.id, { action: 'confirm', version: r.actions[0]!.version })).rejects.toMatchObject({
        status: 404,
      });
      expect((await meetings().list(w.officeA.ctx, { project: a.id })).items[0]!.actionsOpen).toBe(0);
    });
  });
}
