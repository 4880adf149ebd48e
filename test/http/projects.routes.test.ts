import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../src/db/schema.js';
import type { Project, ProjectBatchDetail, ProjectList, ProjectRates } from '../../src/shared/contracts/projects.contract.js';
import type { Role } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUnit, makeUser } from '../helpers/factories.js';
import { pdf } from '../helpers/images.js';
import { commandForm, createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`project routes on ${dialect}`, () => {
    let t: TestApp;
    let officeA: Client;
    let officeB: Client;
    let workA: Client;
    let workB: Client;
    let ownerA: Client;
    let ownerB: Client;
    let leader: Client;
    let ownerAId: number;
    let teamA: UnitRow;
    let project: Project;

    const projectsCount = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('projects')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const body = (over: Record<string, unknown> = {}) => ({
      code: 'XM-HTTP-1',
      name: '河南凯旺电子安防设备生产基地',
      countyUnitId: t.city.district.id,
      industryChain: '智能零部件',
      level: 'municipal',
      category: 'advanced_manufacturing',
      totalInvestment: 52000.5,
      expectedAnnualOutput: 25000,
      expectedAnnualTax: 2000,
      jobs: 1200,
      lon: 114.7,
      lat: 33.6,
      workTeamUnitId: teamA.id,
      members: [{ userId: ownerAId, title: '联系人' }],
      ...over,
    });

    beforeAll(async () => {
      t = await createTestApp(dialect);
      t.env.clock.set(new Date('2026-03-20T02:00:00.000Z'));
      teamA = await makeUnit(t.database, { code: 'WT-A', name: '智能零部件产业链专班', kind: 'work_team', parent: t.city.city });
      const teamB = await makeUnit(t.database, { code: 'WT-B', name: '生物医药产业链专班', kind: 'work_team', parent: t.city.city });
      const person = async (unit: UnitRow, role: Role) => {
        const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
        return { id: u.id, client: await loginClient(t, u) };
      };
      officeA = (await person(t.city.district, 'projects_office')).client;
      officeB = (await person(t.city.otherDistrict, 'projects_office')).client;
      workA = (await person(teamA, 'work_team')).client;
      workB = (await person(teamB, 'work_team')).client;
      const a = await person(t.city.city, 'project_owner');
      ownerA = a.client;
      ownerAId = a.id;
      ownerB = (await person(t.city.city, 'project_owner')).client;
      leader = (await person(t.city.city, 'leader')).client;
    });
    afterAll(async () => t.close());

    it('the office registers a project; bad input is a 4xx naming the field and writes nothing', async () => {
      const bad: [Record<string, unknown>, number, string][] = [
        [{ totalInvestment: -5 }, 400, 'totalInvestment'],
        [{ code: 'bad code' }, 422, 'code'],
        [{ lon: 118.2 }, 422, 'lon'],
        [{ countyUnitId: 999_999 }, 422, 'countyUnitId'],
        [{ level: 'galactic' }, 400, 'level'],
        [{ countyUnitId: t.city.otherDistrict.id }, 403, 'countyUnitId'],
      ];
      for (const [over, status, field] of bad) {
        const res = await officeA.post('/api/projects', body(over));
        expect(res.statusCode, `${field}: ${res.body}`).toBe(status);
        // Schema errors name the field by its place in the request (body.totalInvestment).
        expect(res.json<{ details: { field: string } }>().details.field.replace(/^body\./, '')).toBe(field);
      }
      expect((await leader.post('/api/projects', body())).statusCode).toBe(403);
      expect((await ownerA.post('/api/projects', body())).statusCode).toBe(403);
      expect(await projectsCount()).toBe(0);
      const res = await officeA.post('/api/projects', body());
      expect(res.statusCode, res.body).toBe(200);
      project = res.json<Project>();
      expect(project).toMatchObject({
        totalInvestment: 52000.5,
        countyName: '川汇区',
        workTeamName: '智能零部件产业链专班',
        currentStage: 'planning',
      });
      expect((await officeA.post('/api/projects', body())).statusCode).toBe(409);
    });

    it('lists with search and filters in the query string, within each caller’s scope', async () => {
      const codes = async (c: Client, qs = '') => (await c.get(`/api/projects${qs}`)).json<ProjectList>().items.map((p) => p.code);
      expect(await codes(leader, '?minInvestment=50000&q=%E5%87%AF%E6%97%BA')).toEqual(['XM-HTTP-1']);
      expect(await codes(leader, '?minInvestment=52000.51')).toEqual([]);
      expect(await codes(ownerA)).toEqual(['XM-HTTP-1']);
      expect(await codes(workA)).toEqual(['XM-HTTP-1']);
      expect(await codes(ownerB)).toEqual([]);
      expect(await codes(workB)).toEqual([]);
      expect(await codes(officeB)).toEqual([]);
      const bad = await leader.get('/api/projects?stage=flying');
      expect(bad.statusCode).toBe(400);
    });

    it('a stale version is 409; the project unit edits its own project, another project unit gets 404', async () => {
      const stale = await officeA.patch(`/api/projects/${project.id}`, { version: project.version + 1, name: '新名称' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json<{ details: { field: string } }>().details.field).toBe('version');
      const own = await ownerA.patch(`/api/projects/${project.id}`, { version: project.version, jobs: 1300 });
      expect(own.statusCode, own.body).toBe(200);
      project = own.json<Project>();
      // The attack: another project unit (granted on the same city) edits a project that does not name it.
      const attack = await ownerB.patch(`/api/projects/${project.id}`, { version: project.version, name: '被篡改' });
      expect(attack.statusCode).toBe(404);
      expect((await ownerA.patch(`/api/projects/${project.id}`, { version: project.version, workTeamUnitId: null })).statusCode).toBe(403);
      // A projects office of another county neither sees nor edits it.
      expect((await officeB.patch(`/api/projects/${project.id}`, { version: project.version, name: '被篡改' })).statusCode).toBe(404);
      expect((await officeB.get(`/api/projects/${project.id}`)).statusCode).toBe(404);
      expect((await leader.get(`/api/projects/${project.id}`)).json<Project>()).toMatchObject({
        name: '河南凯旺电子安防设备生产基地',
        jobs: 1300,
      });
    });

    it('stages: recorded with a PDF (multipart), a skip without reason is 422 naming reason, the work team confirms', async () => {
      const skip = await ownerA.post(`/api/projects/${project.id}/stages`, { stage: 'started', actualDate: '2026-03-10' });
      expect(skip.statusCode).toBe(422);
      expect(skip.json<{ details: { field: string } }>().details.field).toBe('reason');
      const form = commandForm({ stage: 'signed', actualDate: '2026-03-10', note: '签约仪式' }, [
        { name: 'evidence', filename: 'contract.pdf', type: 'application/pdf', value: pdf('合同') },
      ]);
      const recorded = await ownerA.post(`/api/projects/${project.id}/stages`, form.payload, form.headers);
      expect(recorded.statusCode, recorded.body).toBe(200);
      project = recorded.json<Project>();
      const rec = project.stages[0]!;
      expect(rec).toMatchObject({ stage: 'signed', status: 'pending', files: [{ mime: 'application/pdf', name: 'contract.pdf' }] });
      const url = `/api/projects/${project.id}/stages/${rec.id}/files/${rec.files[0]!.id}`;
      const file = await workA.get(url);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toMatch(/^application\/pdf/);
      expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      for (const c of [ownerB, workB, officeB]) expect((await c.get(url)).statusCode).toBe(404);

      expect((await workB.post(`/api/projects/${project.id}/stages/${rec.id}/confirm`, {})).statusCode).toBe(404);
      expect((await leader.post(`/api/projects/${project.id}/stages/${rec.id}/confirm`, {})).statusCode).toBe(403);
      const confirmed = await workA.post(`/api/projects/${project.id}/stages/${rec.id}/confirm`, {});
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      project = confirmed.json<Project>();
      expect(project).toMatchObject({ currentStage: 'signed', currentStageDate: '2026-03-10' });
      expect((await workA.post(`/api/projects/${project.id}/stages/${rec.id}/reject`, { reason: '晚了' })).statusCode).toBe(409);
    });

    it('batches: the office adds the project in a role; rates as of a day; another county’s office is kept out', async () => {
      const created = await officeA.post('/api/project-batches', {
        countyUnitId: t.city.district.id,
        name: '川汇区第一期',
        seq: 1,
        eventDate: '2026-03-10',
      });
      expect(created.statusCode, created.body).toBe(200);
      const batch = created.json<ProjectBatchDetail>();
      expect((await officeB.post(`/api/project-batches/${batch.id}/projects`, { projectId: project.id, role: 'sign' })).statusCode).toBe(
        404,
      );
      expect((await workA.post(`/api/project-batches/${batch.id}/projects`, { projectId: project.id, role: 'sign' })).statusCode).toBe(403);
      const added = await officeA.post(`/api/project-batches/${batch.id}/projects`, { projectId: project.id, role: 'sign' });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json<ProjectBatchDetail>()).toMatchObject({
        projectCount: 1,
        totalInvestment: 52000.5,
        items: [{ role: 'sign', currentStage: 'signed' }],
      });
      const rates = await leader.get(`/api/project-batches/${batch.id}/rates?asOf=2026-03-10`);
      expect(rates.statusCode, rates.body).toBe(200);
      expect(rates.json<ProjectRates>().rates.find((r) => r.rate === 'performance')).toMatchObject({ count: 0, of: 1, value: 0 });
      const before = await leader.get(`/api/project-batches/${batch.id}/rates?asOf=2026-03-09`);
      expect(before.json<ProjectRates>().rates.find((r) => r.rate === 'performance')).toMatchObject({ of: 0, value: null });
      const range = await leader.get(`/api/project-batches/rates?countyUnitId=${t.city.district.id}&fromSeq=1&toSeq=4`);
      expect(range.json<ProjectRates>()).toMatchObject({ projects: 1, asOf: '2026-03-20' });
      expect((await officeB.get(`/api/project-batches/${batch.id}`)).statusCode).toBe(404);
      expect((await officeB.delete(`/api/project-batches/${batch.id}/projects/${project.id}`)).statusCode).toBe(404);
      const removed = await officeA.delete(`/api/project-batches/${batch.id}/projects/${project.id}`);
      expect(removed.json<ProjectBatchDetail>().projectCount).toBe(0);
    });

    it('terminates with a reason (the office only)', async () => {
      expect((await ownerA.post(`/api/projects/${project.id}/terminate`, { version: project.version, reason: '撤资' })).statusCode).toBe(
        403,
      );
      const res = await officeA.post(`/api/projects/${project.id}/terminate`, { version: project.version, reason: '企业撤资' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Project>()).toMatchObject({ status: 'terminated', terminationReason: '企业撤资' });
    });
  });
}
