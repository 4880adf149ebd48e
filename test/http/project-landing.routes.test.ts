/**
 * The endpoints behind the landing blocks of a work team and a project unit (issue 14 point 7):
 * each sees only its own — the team its team's projects' obstacles and visit compliance, the
 * project unit its own projects' obstacles, visits and reports due — never the other side's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../src/db/schema.js';
import type { ProjectObstacle, ProjectObstacleList } from '../../src/shared/contracts/project-obstacles.contract.js';
import type { ReportDueList } from '../../src/shared/contracts/project-investment.contract.js';
import type { VisitCompliance } from '../../src/shared/contracts/project-visits.contract.js';
import type { Project } from '../../src/shared/contracts/projects.contract.js';
import type { Role } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUnit, makeUser } from '../helpers/factories.js';
import { commandForm, createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`projects landing scoping on ${dialect}`, () => {
    let t: TestApp;
    const c: Record<'workA' | 'workB' | 'ownerA' | 'ownerB' | 'leaderA' | 'leaderB', Client> = {} as never;
    const ids: Record<'leaderA' | 'leaderB', number> = { leaderA: 0, leaderB: 0 };
    let a: Project;
    let b: Project;
    const obstacle: Record<'a' | 'b', number> = { a: 0, b: 0 };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.env.services.casePolicy.ensureDefaults();
      // The projects start in March; the rest happens on a Thursday in May (ISO week 2026-W19),
      // when April's report is owed.
      t.env.clock.set(new Date('2026-03-20T02:00:00.000Z'));
      const teamA = await makeUnit(t.database, { code: 'WT-A', name: '智能零部件产业链专班', kind: 'work_team', parent: t.city.city });
      const teamB = await makeUnit(t.database, { code: 'WT-B', name: '生物医药产业链专班', kind: 'work_team', parent: t.city.city });
      const users = new Map<Client, { username: string; password: string }>();
      const person = async (unit: UnitRow, role: Role) => {
        const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
        const client = await loginClient(t, u);
        users.set(client, u);
        return { id: u.id, client };
      };
      const office = (await person(t.city.district, 'projects_office')).client;
      c.workA = (await person(teamA, 'work_team')).client;
      c.workB = (await person(teamB, 'work_team')).client;
      const oA = await person(t.city.city, 'project_owner');
      const oB = await person(t.city.city, 'project_owner');
      c.ownerA = oA.client;
      c.ownerB = oB.client;
      const lA = await person(t.city.city, 'leader');
      const lB = await person(t.city.city, 'leader');
      c.leaderA = lA.client;
      c.leaderB = lB.client;
      ids.leaderA = lA.id;
      ids.leaderB = lB.id;
      const create = async (code: string, name: string, team: UnitRow, owner: number, leader: number) => {
        const r = await office.post('/api/projects', {
          code,
          name,
          countyUnitId: t.city.district.id,
          level: 'municipal',
          category: 'advanced_manufacturing',
          totalInvestment: 52000,
          lon: 114.65,
          lat: 33.62,
          workTeamUnitId: team.id,
          leaderUserId: leader,
          members: [{ userId: owner }],
        });
        expect(r.statusCode, r.body).toBe(200);
        return r.json<Project>();
      };
      a = await create('XM-A', '耕德电子二期', teamA, oA.id, lA.id);
      b = await create('XM-B', '普善药业扩建项目', teamB, oB.id, lB.id);
      // A project with an annual plan reports monthly.
      for (const p of [a, b]) expect((await office.put(`/api/projects/${p.id}/plans/2026`, { plan: 12000 })).statusCode).toBe(200);
      // Sessions idle out over weeks: everyone signs in again.
      t.env.clock.set(new Date('2026-05-07T02:00:00.000Z'));
      for (const k of Object.keys(c) as (keyof typeof c)[]) c[k] = await loginClient(t, users.get(c[k])!);
      for (const [key, owner, p] of [
        ['a', c.ownerA, a],
        ['b', c.ownerB, b],
      ] as const) {
        const form = commandForm({ kind: 'land', description: `${p.name}用地指标不足` });
        const r = await owner.post(`/api/projects/${p.id}/obstacles`, form.payload, form.headers);
        expect(r.statusCode, r.body).toBe(201);
        obstacle[key] = r.json<ProjectObstacle>().caseId;
      }
      for (const [leader, p] of [
        [c.leaderA, a],
        [c.leaderB, b],
      ] as const) {
        const form = commandForm({ visitDate: '2026-05-06', place: `${p.name}工地`, lon: 114.65, lat: 33.62, solved: '协调供电' });
        const r = await leader.post(`/api/projects/${p.id}/visits`, form.payload, form.headers);
        expect(r.statusCode, r.body).toBe(200);
      }
    });
    afterAll(async () => t.close());

    const obstacles = async (who: Client) => {
      const r = await who.get('/api/project-obstacles?state=open');
      expect(r.statusCode, r.body).toBe(200);
      return r.json<ProjectObstacleList>().items.map((o) => [o.projectName, o.caseId]);
    };
    const compliance = async (who: Client) => {
      const r = await who.get('/api/project-visits/compliance');
      expect(r.statusCode, r.body).toBe(200);
      const v = r.json<VisitCompliance>();
      return {
        projects: v.projects.map((p) => p.projectName),
        leaders: v.leaders.map((l) => l.leaderId),
        visits: v.leaders.map((l) => l.weeks.at(-1)?.visits),
      };
    };
    const due = async (who: Client) => {
      const r = await who.get('/api/project-reports/due');
      expect(r.statusCode, r.body).toBe(200);
      return [...new Set(r.json<ReportDueList>().items.map((i) => i.projectName))];
    };

    it("a work team sees its team's projects' obstacles and its leaders' visit compliance, not the other team's", async () => {
      expect(await obstacles(c.workA)).toEqual([['耕德电子二期', obstacle.a]]);
      expect(await obstacles(c.workB)).toEqual([['普善药业扩建项目', obstacle.b]]);
      expect(await compliance(c.workA)).toEqual({ projects: ['耕德电子二期'], leaders: [ids.leaderA], visits: [1] });
      expect(await compliance(c.workB)).toEqual({ projects: ['普善药业扩建项目'], leaders: [ids.leaderB], visits: [1] });
      // A work team files no reports: nothing is due from it.
      expect(await due(c.workA)).toEqual([]);
    });

    it('a project unit sees its own obstacles and reports due, not another unit’s', async () => {
      expect(await obstacles(c.ownerA)).toEqual([['耕德电子二期', obstacle.a]]);
      expect(await obstacles(c.ownerB)).toEqual([['普善药业扩建项目', obstacle.b]]);
      expect(await due(c.ownerA)).toEqual(['耕德电子二期']);
      expect(await due(c.ownerB)).toEqual(['普善药业扩建项目']);
      expect((await compliance(c.ownerA)).projects).toEqual(['耕德电子二期']);
    });
  });
}
