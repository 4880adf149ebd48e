import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../src/db/schema.js';
import type { ProjectPoints, ProjectRollup, ProjectRollupSummary } from '../../src/shared/contracts/project-rollups.contract.js';
import type { Project } from '../../src/shared/contracts/projects.contract.js';
import type { Role } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUnit, makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`project roll-up routes on ${dialect}`, () => {
    let t: TestApp;
    let officeA: Client;
    let officeB: Client;
    let workB: Client;
    let owner: Client;
    let leader: Client;
    let inspector: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      t.env.clock.set(new Date('2026-03-20T02:00:00.000Z'));
      const team = await makeUnit(t.database, { code: 'WT-A', name: '智能零部件产业链专班', kind: 'work_team', parent: t.city.city });
      const teamB = await makeUnit(t.database, { code: 'WT-B', name: '生物医药产业链专班', kind: 'work_team', parent: t.city.city });
      const person = async (unit: UnitRow, role: Role) => {
        const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
        return { id: u.id, client: await loginClient(t, u) };
      };
      officeA = (await person(t.city.district, 'projects_office')).client;
      officeB = (await person(t.city.otherDistrict, 'projects_office')).client;
      workB = (await person(teamB, 'work_team')).client;
      const o = await person(t.city.city, 'project_owner');
      owner = o.client;
      leader = (await person(t.city.city, 'leader')).client;
      inspector = (await person(t.city.city, 'inspector')).client;
      for (const [code, amount] of [
        ['XM-1', 135000],
        ['XM-2', 9999.99],
      ] as const) {
        const res = await officeA.post('/api/projects', {
          code,
          name: `项目${code}`,
          countyUnitId: t.city.district.id,
          industryChain: '智能零部件',
          level: 'municipal',
          category: 'advanced_manufacturing',
          totalInvestment: amount,
          lon: 114.7,
          lat: 33.6,
          workTeamUnitId: team.id,
          members: [{ userId: o.id, title: null }],
        });
        expect(res.statusCode, res.body).toBe(200);
        const p = res.json<Project>();
        const rec = await owner.post(`/api/projects/${p.id}/stages`, { stage: 'signed', actualDate: '2026-02-01' });
        expect(rec.statusCode, rec.body).toBe(200);
        const pending = rec.json<Project>().stages.find((s) => s.status === 'pending')!;
        expect((await officeA.post(`/api/projects/${p.id}/stages/${pending.id}/confirm`, {})).statusCode).toBe(200);
      }
    });
    afterAll(async () => t.close());

    it('rolls up by a dimension as of a day, within the caller’s scope', async () => {
      const res = await leader.get('/api/project-rollups?by=size&asOf=2026-03-20');
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json<ProjectRollup>();
      expect(r.total).toEqual({ count: 2, investment: 144999.99 });
      expect(r.groups.map((g) => [g.key, g.count, g.investment])).toEqual([
        ['yi_10_plus', 1, 135000],
        ['under_1yi', 1, 9999.99],
      ]);
      const county = (await officeA.get('/api/project-rollups?by=county')).json<ProjectRollup>();
      expect(county.groups).toEqual([
        { key: String(t.city.district.id), name: '川汇区', count: 2, investment: 144999.99, underConstruction: 0, producing: 0 },
      ]);
      // 今年以来新签约亿元以上 through the query string; the day before the signing, nothing.
      const period = (
        await leader.get('/api/project-rollups?by=chain&from=2026-01-01&to=2026-03-20&minInvestment=10000')
      ).json<ProjectRollup>();
      expect(period.groups.map((g) => [g.name, g.count])).toEqual([['智能零部件', 1]]);
      expect((await leader.get('/api/project-rollups?by=chain&asOf=2026-01-31')).json<ProjectRollup>().total.count).toBe(0);
      for (const c of [officeB, workB]) expect((await c.get('/api/project-rollups?by=county')).json<ProjectRollup>().total.count).toBe(0);
      expect((await owner.get('/api/project-rollups?by=team')).json<ProjectRollup>().groups[0]).toMatchObject({
        name: '智能零部件产业链专班',
        count: 2,
      });
    });

    it('summary and map points; bad input is a 4xx naming the field; no project.read, 403', async () => {
      const s = (await leader.get('/api/project-rollups/summary?asOf=2026-03-20')).json<ProjectRollupSummary>();
      expect(s).toMatchObject({
        total: { count: 2 },
        newlySigned: { count: 1, investment: 135000 },
        industrialUnderConstruction: { count: 0, completionRate: null, investmentReports: false },
        latestBatch: null,
      });
      const points = (await owner.get('/api/project-rollups/points')).json<ProjectPoints>();
      expect(points.items.map((p) => [p.name, p.stage, p.lon])).toEqual([
        ['项目XM-1', 'signed', 114.7],
        ['项目XM-2', 'signed', 114.7],
      ]);
      const bad: [string, number, string][] = [
        ['?by=galaxy', 400, 'by'],
        ['?by=county&asOf=2026-02-30', 400, 'asOf'],
        ['?by=county&county=abc', 400, 'county'],
        ['?by=county&county=999999', 422, 'county'],
        ['?by=county&from=2026-03-01&to=2026-02-01', 422, 'to'],
        ['?by=county&minInvestment=-1', 400, 'minInvestment'],
        ['?by=county&extra=1', 400, 'extra'],
      ];
      for (const [qs, status, field] of bad) {
        const res = await leader.get(`/api/project-rollups${qs}`);
        expect(res.statusCode, `${qs}: ${res.body}`).toBe(status);
        expect(res.json<{ details: { field: string } }>().details.field.replace(/^querystring\./, '')).toBe(field);
      }
      expect((await leader.get('/api/project-rollups')).statusCode).toBe(400);
      for (const path of ['/api/project-rollups?by=county', '/api/project-rollups/summary', '/api/project-rollups/points'])
        expect((await inspector.get(path)).statusCode).toBe(403);
    });
  });
}
