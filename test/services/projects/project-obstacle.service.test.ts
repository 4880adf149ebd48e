import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import { OBSTACLE_CATEGORIES, OBSTACLE_CATEGORY_CODES } from '../../../src/domain/projects/obstacles.js';
import type { ActBody } from '../../../src/shared/contracts/cases.contract.js';
import type { Project } from '../../../src/shared/contracts/projects.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeUnit, makeUser } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';
import { projectBody, projectWorld, type ProjectWorld } from './project-world.js';

for (const dialect of DIALECTS) {
  describe(`project obstacles (要素保障) as cases on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    let a: Project;
    let b: Project;
    let hq: RequestContext;
    let insp: RequestContext;
    let landHandler: RequestContext;
    let zrzyj: number;
    let countyLand: number;
    let caseId = 0;
    let deadline = '';
    const svc = () => w.env.services.projectObstacles;
    const cases = () => w.env.services.cases;

    /** Rows a raise writes, to show a refused one wrote nothing. */
    const written = async () => {
      const n = async (t: 'cases' | 'case_events' | 'project_obstacles' | 'audit_log' | 'files') =>
        Number(
          (
            await database.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return [await n('cases'), await n('case_events'), await n('project_obstacles'), await n('audit_log'), await n('files')];
    };
    const act = async (ctx: RequestContext, id: number, body: Omit<ActBody, 'version'>, files = 0) => {
      const c = await w.env.services.caseQuery.get(hq, id);
      return cases().act(ctx, id, { version: c.version, ...body }, files ? await photos(files) : []);
    };
    const obstacleOf = async (ctx: RequestContext, projectId: number, id: number) =>
      (await svc().forProject(ctx, projectId)).items.find((o) => o.caseId === id)!;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      await w.env.services.casePolicy.ensureDefaults();
      const dept = async (code: string, name: string) => makeUnit(database, { code, name, kind: 'department', parent: w.city.city });
      const land = await dept('411600-ZRZYJ', '市自然资源和规划局');
      zrzyj = land.id;
      await dept('411600-XZSPJ', '市行政审批和政务信息管理局');
      await dept('411600-GDJ', '市供电公司');
      // 淮阳区 has its own land bureau: the routing sends its land obstacles there (a county rule).
      const local = await makeUnit(database, {
        code: 'HY-ZRZYJ',
        name: '淮阳区自然资源局',
        kind: 'department',
        parent: w.city.otherDistrict,
      });
      countyLand = local.id;
      const hqUser = await makeUser(database, { unit: w.city.city, roles: [{ role: 'hq_dispatcher', unit: w.city.city }] });
      hq = await contextFor(database, hqUser.id);
      insp = await contextFor(
        database,
        (await makeUser(database, { unit: w.city.city, roles: [{ role: 'inspector', unit: w.city.city }] })).id,
      );
      landHandler = await contextFor(
        database,
        (await makeUser(database, { unit: land, roles: [{ role: 'unit_handler', unit: land }] })).id,
      );
      await w.env.services.caseConfig.updateCategory(hq, OBSTACLE_CATEGORY_CODES.land, { areaRules: { '411603': 'HY-ZRZYJ' } });
      a = await w.env.services.projects.create(w.officeA.ctx, projectBody(w));
      b = await w.env.services.projects.create(
        w.officeB.ctx,
        projectBody(w, {
          code: 'XM-2026-002',
          name: '普善药业原料药项目',
          countyUnitId: w.city.otherDistrict.id,
          workTeamUnitId: w.teamB.id,
          members: [{ userId: w.ownerB.id }],
          lon: undefined,
          lat: undefined,
        }),
      );
    });
    afterAll(async () => database.drop());

    it('each obstacle kind is a case category of its own, under 扩展事件, with a department and a deadline in working days', async () => {
      const categories = (await w.env.services.casePolicy.policy()).categories;
      for (const c of OBSTACLE_CATEGORIES) {
        expect(categories.find((x) => x.code === c.code)).toMatchObject({ parentCode: 'E06', campaign: '重大项目' });
        expect(c.deadlineRule?.unit).toBe('working_days');
      }
      // Seeding again adds nothing (the categories are HQ's to configure from then on).
      await w.env.services.casePolicy.ensureDefaults();
      const codes = (await database.db.selectFrom('categories').select('code').execute()).map((r) => r.code);
      expect(codes.filter((c) => c === OBSTACLE_CATEGORY_CODES.land)).toHaveLength(1);
    });

    it('the project unit raises an obstacle: a reported case (source project_obstacle) routed to the land bureau, linked to the project', async () => {
      const o = await svc().raise(w.ownerA.ctx, a.id, { kind: 'land', description: '  二期用地指标尚未落实，影响开工  ' }, await photos(1));
      caseId = o.caseId;
      expect(o).toMatchObject({
        projectId: a.id,
        projectName: '耕德电子二期',
        countyName: '川汇区',
        kind: 'land',
        state: 'reported',
        responsibleUnitId: zrzyj,
        responsibleUnitName: '市自然资源和规划局',
        routed: true,
        deadline: null,
        overdue: false,
        raisedBy: { id: w.ownerA.id },
        closedAt: null,
      });
      const row = await database.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        source: 'project_obstacle',
        category_code: 'E06-YD',
        state: 'reported',
        area_unit_id: w.city.district.id,
        lon: 114.65,
        lat: 33.62,
        reporter_id: w.ownerA.id,
      });
      expect(row.description).toBe('【要素保障·用地】耕德电子二期：二期用地指标尚未落实，影响开工');
      expect(await database.db.selectFrom('files').select('id').where('case_id', '=', caseId).execute()).toHaveLength(1);
      const audits = (await database.db.selectFrom('audit_log').select(['action', 'target_id']).execute()).map((r) => r.action);
      expect(audits).toContain('project_obstacle.raise');
      // The case page names the project; the work team and the office were told.
      expect((await w.env.services.caseQuery.get(hq, caseId)).project).toEqual({ id: a.id, name: '耕德电子二期', kind: 'land' });
      const told = await database.db.selectFrom('notifications').select('user_id').where('kind', '=', 'project.obstacle').execute();
      expect(told.map((r) => r.user_id)).toEqual(expect.arrayContaining([w.workA.id, w.officeA.id]));
    });

    it('a county rule of the category routes 淮阳区 land obstacles to its own bureau; a project without a point is located by address', async () => {
      const o = await svc().raise(w.ownerB.ctx, b.id, { kind: 'land', description: '厂区征地补偿未完成' }, []);
      expect(o).toMatchObject({ responsibleUnitId: countyLand, responsibleUnitName: '淮阳区自然资源局', routed: true });
      const row = await database.db.selectFrom('cases').selectAll().where('id', '=', o.caseId).executeTakeFirstOrThrow();
      expect([row.lon, row.address]).toEqual([null, '淮阳区 普善药业原料药项目']);
      const s = await cases().suggestDispatch(hq, o.caseId);
      expect(s.unitId).toBe(countyLand);
    });

    it('HQ accepts and dispatches with the routing suggestion: the department and the category deadline', async () => {
      await act(hq, caseId, { action: 'accept' });
      const s = await cases().suggestDispatch(hq, caseId);
      expect(s).toMatchObject({ unitId: zrzyj, unitName: '市自然资源和规划局' });
      // 15 working days from Monday 2026-03-02: three weeks later.
      expect(s.deadline > '2026-03-20').toBe(true);
      await act(hq, caseId, { action: 'dispatch', unitId: zrzyj });
      const o = await obstacleOf(w.ownerA.ctx, a.id, caseId);
      expect(o).toMatchObject({ state: 'dispatched', responsibleUnitId: zrzyj, routed: false, overdue: false });
      deadline = o.deadline!;
      expect(deadline).toBe(s.deadline);
    });

    it('overdue on both sides of the deadline, and the escalation sweep picks it like any case', async () => {
      const at = (ms: number) => new Date(Date.parse(deadline) + ms);
      w.env.clock.set(at(0));
      expect((await obstacleOf(w.ownerA.ctx, a.id, caseId)).overdue).toBe(false);
      expect((await svc().list(w.officeA.ctx, { overdue: true })).items).toEqual([]);
      w.env.clock.set(at(1));
      expect((await obstacleOf(w.ownerA.ctx, a.id, caseId)).overdue).toBe(true);
      expect((await svc().list(w.officeA.ctx, { overdue: true })).items.map((o) => o.caseId)).toEqual([caseId]);
      const lettersFor = async (instant: Date) =>
        (await w.env.services.escalation.plan(instant)).planned.filter((p) => p.caseIds.includes(caseId));
      expect(await lettersFor(at(-60_000))).toEqual([]);
      expect((await lettersFor(at(7 * 86_400_000))).map((p) => [p.rungKey, p.unitId])).toEqual([[expect.any(String), zrzyj]]);
      w.env.clock.set(at(-3_600_000));
    });

    it('the department handles it through the case workflow; verified, the case closes and the project page follows', async () => {
      await act(landHandler, caseId, { action: 'acknowledge' });
      expect((await obstacleOf(w.workA.ctx, a.id, caseId)).state).toBe('acknowledged');
      await act(landHandler, caseId, { action: 'rectify', note: '用地指标已调剂落实' }, 1);
      await act(insp, caseId, { action: 'verify_close', note: '现场核实' }, 1);
      const o = await obstacleOf(w.ownerA.ctx, a.id, caseId);
      expect(o).toMatchObject({ state: 'closed', overdue: false, responsibleUnitName: '市自然资源和规划局' });
      expect(o.closedAt).not.toBeNull();
      expect((await svc().list(w.officeA.ctx, { state: 'closed' })).items.map((x) => x.caseId)).toEqual([caseId]);
      expect((await svc().list(w.officeA.ctx, { state: 'open' })).items).toEqual([]);
    });

    it('the work team and the projects office raise too; the lists follow each side’s projects', async () => {
      const byTeam = await svc().raise(w.workA.ctx, a.id, { kind: 'utilities', description: '双回路供电未接入' }, []);
      expect(byTeam).toMatchObject({ responsibleUnitName: '市供电公司', state: 'reported' });
      const byOffice = await svc().raise(w.officeCity.ctx, a.id, { kind: 'approval', description: '施工许可待审批' }, []);
      expect(byOffice.responsibleUnitName).toBe('市行政审批和政务信息管理局');
      const ids = async (ctx: RequestContext, q = {}) => (await svc().list(ctx, q)).items.map((o) => o.projectId);
      expect(new Set(await ids(w.officeCity.ctx))).toEqual(new Set([a.id, b.id]));
      expect(new Set(await ids(w.officeA.ctx))).toEqual(new Set([a.id]));
      expect(new Set(await ids(w.officeB.ctx))).toEqual(new Set([b.id]));
      expect(new Set(await ids(w.workB.ctx))).toEqual(new Set([b.id]));
      expect(new Set(await ids(w.ownerA.ctx))).toEqual(new Set([a.id]));
      expect(new Set(await ids(w.officeCity.ctx, { county: String(w.city.otherDistrict.id) }))).toEqual(new Set([b.id]));
      expect((await svc().list(w.officeCity.ctx, { kind: 'approval' })).items.map((o) => o.caseId)).toEqual([byOffice.caseId]);
      const page = await svc().forProject(w.ownerA.ctx, a.id);
      expect([page.total, page.canRaise]).toEqual([3, true]);
      expect((await svc().forProject(w.leader.ctx, a.id)).canRaise).toBe(false);
    });

    it('refused raises write nothing: another owner’s project (404), a reader (403), a blank text (422), a stopped project (409)', async () => {
      const before = await written();
      await expect(svc().raise(w.ownerB.ctx, a.id, { kind: 'land', description: '越权' }, await photos(1))).rejects.toMatchObject({
        status: 404,
      });
      await expect(svc().raise(w.workB.ctx, a.id, { kind: 'land', description: '越权' }, [])).rejects.toMatchObject({ status: 404 });
      await expect(svc().forProject(w.ownerB.ctx, a.id)).rejects.toMatchObject({ status: 404 });
      await expect(svc().raise(w.leader.ctx, a.id, { kind: 'land', description: '领导' }, [])).rejects.toMatchObject({ status: 403 });
      await expect(svc().raise(w.ownerA.ctx, a.id, { kind: 'land', description: '   ' }, [])).rejects.toMatchObject({
        status: 422,
        details: { field: 'description' },
      });
      expect(await written()).toEqual(before);
      await w.env.services.projects.terminate(w.officeB.ctx, b.id, { version: b.version, reason: '企业撤资' });
      const stopped = await written();
      await expect(svc().raise(w.ownerB.ctx, b.id, { kind: 'funding', description: '资金' }, [])).rejects.toMatchObject({
        status: 409,
        details: { field: 'status' },
      });
      expect((await svc().forProject(w.ownerB.ctx, b.id)).canRaise).toBe(false);
      expect(await written()).toEqual(stopped);
    });

    it('an obstacle category HQ switched off is refused naming the kind', async () => {
      await w.env.services.caseConfig.updateCategory(hq, OBSTACLE_CATEGORY_CODES.labour, { active: false });
      await expect(svc().raise(w.ownerA.ctx, a.id, { kind: 'labour', description: '招工难' }, [])).rejects.toMatchObject({
        status: 409,
        details: { field: 'kind' },
      });
      await w.env.services.caseConfig.updateCategory(hq, OBSTACLE_CATEGORY_CODES.labour, { active: true });
      expect((await svc().raise(w.ownerA.ctx, a.id, { kind: 'labour', description: '招工难' }, [])).state).toBe('reported');
    });
  });
}
