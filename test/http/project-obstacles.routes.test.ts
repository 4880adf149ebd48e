import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../src/db/schema.js';
import type { CaseDetail } from '../../src/shared/contracts/cases.contract.js';
import type { ProjectObstacle, ProjectObstacleList, ProjectObstaclesReply } from '../../src/shared/contracts/project-obstacles.contract.js';
import type { Project } from '../../src/shared/contracts/projects.contract.js';
import type { Role } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUnit, makeUser } from '../helpers/factories.js';
import { jpeg } from '../helpers/images.js';
import { caseCounts, commandForm, createTestApp, loginClient, routeCollector, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`project obstacle routes on ${dialect}`, () => {
    let t: TestApp;
    let officeA: Client;
    let workA: Client;
    let workB: Client;
    let ownerA: Client;
    let ownerB: Client;
    let leader: Client;
    let hq: Client;
    let project: Project;
    const collected = routeCollector();

    /** Everything a raise could write. */
    const state = async () => {
      const obstacles = Number(
        (
          await t.database.db
            .selectFrom('project_obstacles')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      return { ...(await caseCounts(t.database)), obstacles };
    };

    beforeAll(async () => {
      t = await createTestApp(dialect, { onRoute: collected.onRoute });
      await t.env.services.casePolicy.ensureDefaults();
      t.env.clock.set(new Date('2026-03-20T02:00:00.000Z'));
      await makeUnit(t.database, { code: '411600-XZSPJ', name: '市行政审批和政务信息管理局', kind: 'department', parent: t.city.city });
      const teamA = await makeUnit(t.database, { code: 'WT-A', name: '智能零部件产业链专班', kind: 'work_team', parent: t.city.city });
      const teamB = await makeUnit(t.database, { code: 'WT-B', name: '生物医药产业链专班', kind: 'work_team', parent: t.city.city });
      const person = async (unit: UnitRow, role: Role) => {
        const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
        return { id: u.id, client: await loginClient(t, u) };
      };
      officeA = (await person(t.city.district, 'projects_office')).client;
      workA = (await person(teamA, 'work_team')).client;
      workB = (await person(teamB, 'work_team')).client;
      const a = await person(t.city.city, 'project_owner');
      ownerA = a.client;
      ownerB = (await person(t.city.city, 'project_owner')).client;
      leader = (await person(t.city.city, 'leader')).client;
      hq = (await person(t.city.city, 'hq_dispatcher')).client;
      const created = await officeA.post('/api/projects', {
        code: 'XM-OB-1',
        name: '河南凯旺电子安防设备生产基地',
        countyUnitId: t.city.district.id,
        level: 'municipal',
        category: 'advanced_manufacturing',
        totalInvestment: 52000,
        lon: 114.7,
        lat: 33.6,
        workTeamUnitId: teamA.id,
        members: [{ userId: a.id }],
      });
      expect(created.statusCode, created.body).toBe(200);
      project = created.json<Project>();
    });
    afterAll(async () => t.close());

    it('raising needs case.report (the project side holds it), reading needs project.read', () => {
      const permission = (method: string, url: string) =>
        collected.routes.find((r: RouteOptions) => r.url === url && (Array.isArray(r.method) ? r.method : [r.method]).includes(method))
          ?.config?.permission;
      expect(permission('POST', '/api/projects/:id/obstacles')).toBe('case.report');
      expect(permission('GET', '/api/projects/:id/obstacles')).toBe('project.read');
      expect(permission('GET', '/api/project-obstacles/')).toBe('project.read');
    });

    it('the project unit raises an obstacle with photos (multipart, like a case report); the case page links the project', async () => {
      const form = commandForm({ kind: 'approval', description: '施工许可证审批超时', reporterContact: '王经理 13800000000' }, [
        await jpeg(),
      ]);
      const res = await ownerA.post(`/api/projects/${project.id}/obstacles`, form.payload, form.headers);
      expect(res.statusCode, res.body).toBe(201);
      const o = res.json<ProjectObstacle>();
      expect(o).toMatchObject({ kind: 'approval', state: 'reported', responsibleUnitName: '市行政审批和政务信息管理局', routed: true });
      const list = await ownerA.get(`/api/projects/${project.id}/obstacles`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json<ProjectObstaclesReply>()).toMatchObject({ total: 1, canRaise: true, items: [{ caseNumber: o.caseNumber }] });
      const detail = await hq.get(`/api/cases/${o.caseId}`);
      expect(detail.statusCode, detail.body).toBe(200);
      expect(detail.json<CaseDetail>()).toMatchObject({
        source: 'project_obstacle',
        project: { id: project.id, name: '河南凯旺电子安防设备生产基地', kind: 'approval' },
      });
      // An ordinary case has no project.
      const plain = await hq.post('/api/cases', { source: 'hotline', categoryCode: 'E05', description: '占道', lon: 114.65, lat: 33.62 });
      expect(plain.statusCode, plain.body).toBe(201);
      expect((await hq.get(`/api/cases/${plain.json<{ id: number }>().id}`)).json<CaseDetail>().project).toBeNull();
      const office = await officeA.get(`/api/project-obstacles?county=${t.city.district.id}&state=reported`);
      expect(office.statusCode, office.body).toBe(200);
      expect(office.json<ProjectObstacleList>().items.map((x) => x.caseId)).toEqual([o.caseId]);
      expect((await workA.get('/api/project-obstacles?state=open')).json<ProjectObstacleList>().total).toBe(1);
      expect((await workB.get('/api/project-obstacles')).json<ProjectObstacleList>().total).toBe(0);
    });

    it('bad input is a 4xx naming the field and writes nothing; another owner’s project is a 404', async () => {
      const before = await state();
      const url = `/api/projects/${project.id}/obstacles`;
      const bad: [Client, string, unknown, number, string][] = [
        [ownerA, url, { kind: 'weather', description: '下雨' }, 400, 'kind'],
        [ownerA, url, { description: '无类别' }, 400, 'kind'],
        [ownerA, url, { kind: 'land', description: '' }, 400, 'description'],
        [ownerA, url, { kind: 'land', description: '   ' }, 422, 'description'],
        [ownerA, url, { kind: 'land', description: 'x'.repeat(1501) }, 400, 'description'],
        [ownerA, url, { kind: 'land', description: '用地', extra: 1 }, 400, 'extra'],
        [ownerA, '/api/projects/0/obstacles', { kind: 'land', description: '用地' }, 400, 'id'],
      ];
      for (const [c, u, body, status, field] of bad) {
        const res = await c.post(u, body);
        expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(status);
        expect(res.json<{ message: string }>().message, res.body).toContain(field);
      }
      const wrongFile = commandForm({ kind: 'land', description: '用地' }, [
        { name: 'evidence', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg() },
      ]);
      const wf = await ownerA.post(url, wrongFile.payload, wrongFile.headers);
      expect([wf.statusCode, wf.json<{ message: string }>().message]).toEqual([422, expect.stringContaining('evidence')]);
      const notPhoto = commandForm({ kind: 'land', description: '用地' }, [
        { name: 'photos', filename: 'a.jpg', type: 'image/jpeg', value: Buffer.from('not an image') },
      ]);
      expect((await ownerA.post(url, notPhoto.payload, notPhoto.headers)).statusCode).toBeGreaterThanOrEqual(400);
      // IDOR: another owner's project is not theirs to learn about, nor to raise on.
      const idor = await ownerB.post(url, { kind: 'land', description: '越权' });
      expect(idor.statusCode, idor.body).toBe(404);
      expect((await ownerB.get(url)).statusCode).toBe(404);
      expect((await workB.post(url, { kind: 'land', description: '越权' })).statusCode).toBe(404);
      expect((await ownerA.post('/api/projects/999999/obstacles', { kind: 'land', description: '用地' })).statusCode).toBe(404);
      // A leader reads the project but raises no case (no case.report): refused at the route.
      expect((await leader.post(url, { kind: 'land', description: '用地' })).statusCode).toBe(403);
      expect((await leader.get(url)).json<ProjectObstaclesReply>().canRaise).toBe(false);
      expect((await officeA.get('/api/project-obstacles?state=bogus')).statusCode).toBe(400);
      expect((await officeA.get('/api/project-obstacles?county=999999')).statusCode).toBe(422);
      expect(await state()).toEqual(before);
    });
  });
}
