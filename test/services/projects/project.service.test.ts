import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project, ProjectPatch } from '../../../src/shared/contracts/projects.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, done, makeUser } from '../../helpers/factories.js';
import { projectBody, projectWorld, type ProjectWorld } from './project-world.js';

for (const dialect of DIALECTS) {
  describe(`project register (重大项目) on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    let a: Project;
    let b: Project;
    const svc = () => w.env.services.projects;

    /** Rows of the tables a register write touches, to show a refused one wrote nothing. */
    const written = async () => {
      const n = async (t: 'projects' | 'project_members' | 'project_milestones' | 'audit_log') =>
        Number(
          (
            await database.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return [await n('projects'), await n('project_members'), await n('project_milestones'), await n('audit_log')];
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
    });
    afterAll(async () => database.drop());

    it('the projects office registers a project of its county; amounts in 万元 come back as given', async () => {
      a = await svc().create(w.officeA.ctx, projectBody(w));
      expect(a).toMatchObject({
        code: 'XM-2026-001',
        countyName: '川汇区',
        totalInvestment: 135000,
        landMu: 254.8,
        floorAreaM2: 290000,
        expectedAnnualOutput: 25000.5,
        expectedAnnualTax: 2000,
        jobs: 1200,
        workTeamName: '生物降解材料产业链专班',
        leader: { id: w.leader.id },
        currentStage: 'planning',
        currentStageDate: null,
        status: 'active',
        pendingStage: null,
        members: [{ userId: w.ownerA.id, title: '联系人' }],
        canEdit: true,
        canManage: true,
        canReport: false,
        canConfirm: true,
        version: 1,
      });
      expect(a.milestones).toEqual([
        { stage: 'signed', name: '签约', plannedDate: '2026-03-10', actualDate: null },
        { stage: null, name: '完成环评批复', plannedDate: '2026-04-30', actualDate: null },
      ]);
      const row = await database.db.selectFrom('projects').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      expect([Number(row.total_investment_wan_cents), Number(row.land_mu_hundredths)]).toEqual([13_500_000, 25_480]);
      b = await svc().create(
        w.officeB.ctx,
        projectBody(w, {
          code: 'XM-2026-002',
          name: '普善药业原料药项目',
          countyUnitId: w.city.otherDistrict.id,
          industryChain: '生物医药',
          level: 'provincial',
          category: 'strategic_emerging',
          totalInvestment: 8000,
          workTeamUnitId: w.teamB.id,
          members: [{ userId: w.ownerB.id }],
          lon: undefined,
          lat: undefined,
        }),
      );
      expect(b).toMatchObject({ countyName: '淮阳区', lon: null, lat: null, members: [{ userId: w.ownerB.id, title: null }] });
      expect(await database.db.selectFrom('audit_log').select('action').where('action', '=', 'project.create').execute()).toHaveLength(2);
    });

    it('refuses bad input with 4xx naming the field and writes nothing', async () => {
      const before = await written();
      const cases: [Partial<Parameters<typeof projectBody>[1]>, number, string][] = [
        [{ code: 'bad code!' }, 422, 'code'],
        [{ code: 'XM-2026-001' }, 409, 'code'],
        [{ name: '   ' }, 422, 'name'],
        [{ totalInvestment: -1 }, 422, 'totalInvestment'],
        [{ totalInvestment: 1.005 }, 422, 'totalInvestment'],
        [{ landMu: -3 }, 422, 'landMu'],
        [{ lon: 120.5, lat: 33.6 }, 422, 'lon'],
        [{ lon: 114.6, lat: 40 }, 422, 'lat'],
        [{ lon: 114.6, lat: null }, 422, 'lat'],
        [{ countyUnitId: 999_999 }, 422, 'countyUnitId'],
        [{ countyUnitId: w.city.street.id }, 422, 'countyUnitId'],
        [{ countyUnitId: w.city.otherDistrict.id }, 403, 'countyUnitId'],
        [{ workTeamUnitId: w.city.dept.id }, 422, 'workTeamUnitId'],
        [{ leaderUserId: 999_999 }, 422, 'leaderUserId'],
        [{ members: [{ userId: w.ownerA.id }, { userId: 999_999 }] }, 422, 'members[1].userId'],
        [{ members: [{ userId: w.ownerA.id }, { userId: w.ownerA.id }] }, 422, 'members[1].userId'],
        [{ milestones: [{ name: ' ', plannedDate: '2026-05-01' }] }, 422, 'milestones[0].name'],
      ];
      for (const [over, status, field] of cases)
        await expect(svc().create(w.officeA.ctx, projectBody(w, { code: 'XM-NEW', ...over })), field).rejects.toMatchObject({
          status,
          details: { field },
        });
      await expect(svc().create(w.officeA.ctx, projectBody(w, { code: 'XM-2026-001' }))).rejects.toMatchObject({
        details: { text: { zh: '项目代码“XM-2026-001”已被其他项目使用' } },
      });
      // Only the projects office registers projects.
      for (const who of [w.ownerA, w.workA, w.leader])
        await expect(svc().create(who.ctx, projectBody(w, { code: 'XM-NEW' }))).rejects.toMatchObject({ status: 403 });
      expect(await written()).toEqual(before);
    });

    it('lists what each role covers: office by county, work team by team, project unit by its people list, leaders all', async () => {
      const codes = async (who: { ctx: typeof w.leader.ctx }) => (await svc().list(who.ctx)).items.map((p) => p.code);
      expect(await codes(w.officeCity)).toEqual(['XM-2026-001', 'XM-2026-002']);
      expect(await codes(w.leader)).toEqual(['XM-2026-001', 'XM-2026-002']);
      expect(await codes(w.officeA)).toEqual(['XM-2026-001']);
      expect(await codes(w.officeB)).toEqual(['XM-2026-002']);
      expect(await codes(w.leaderB)).toEqual(['XM-2026-002']);
      expect(await codes(w.workA)).toEqual(['XM-2026-001']);
      expect(await codes(w.workB)).toEqual(['XM-2026-002']);
      // Granted on the city, yet a project unit sees only the projects that name it.
      expect(await codes(w.ownerA)).toEqual(['XM-2026-001']);
      expect(await codes(w.ownerB)).toEqual(['XM-2026-002']);
      await expect(svc().get(w.ownerA.ctx, b.id)).rejects.toMatchObject({ status: 404 });
      await expect(svc().get(w.workB.ctx, a.id)).rejects.toMatchObject({ status: 404 });
      await expect(svc().get(w.officeB.ctx, a.id)).rejects.toMatchObject({ status: 404 });
      expect((await svc().get(w.ownerA.ctx, a.id)).canReport).toBe(true);
      expect(await svc().get(w.leader.ctx, a.id)).toMatchObject({ canEdit: false, canManage: false, canReport: false, canConfirm: false });
    });

    it('searches by code or name and filters, with paging', async () => {
      const list = (q: Parameters<ReturnType<typeof svc>['list']>[1]) => svc().list(w.officeCity.ctx, q);
      const codes = async (q: Parameters<ReturnType<typeof svc>['list']>[1]) => (await list(q)).items.map((p) => p.code);
      expect(await codes({ q: '普善' })).toEqual(['XM-2026-002']);
      expect(await codes({ q: 'xm-2026-001' })).toEqual(['XM-2026-001']);
      expect(await codes({ q: '%' })).toEqual([]);
      expect(await codes({ countyUnitId: w.city.otherDistrict.id })).toEqual(['XM-2026-002']);
      expect(await codes({ industryChain: '智能零部件' })).toEqual(['XM-2026-001']);
      expect(await codes({ level: 'provincial' })).toEqual(['XM-2026-002']);
      expect(await codes({ category: 'advanced_manufacturing' })).toEqual(['XM-2026-001']);
      expect(await codes({ workTeamUnitId: w.teamB.id })).toEqual(['XM-2026-002']);
      expect(await codes({ stage: 'planning', status: 'active' })).toEqual(['XM-2026-001', 'XM-2026-002']);
      expect(await codes({ stage: 'signed' })).toEqual([]);
      // 亿元以上: at least 10 000 万元, both sides of the boundary.
      expect(await codes({ minInvestment: 10000 })).toEqual(['XM-2026-001']);
      expect(await codes({ minInvestment: 8000 })).toEqual(['XM-2026-001', 'XM-2026-002']);
      expect(await codes({ minInvestment: 8000.01 })).toEqual(['XM-2026-001']);
      const page = await list({ page: 2, pageSize: 1 });
      expect([page.total, page.items.map((p) => p.code)]).toEqual([2, ['XM-2026-002']]);
      await expect(list({ countyUnitId: 999_999 })).rejects.toMatchObject({ status: 422, details: { field: 'countyUnitId' } });
    });

    it('edits at the version read: a stale version is 409 and writes nothing', async () => {
      const edited = await svc().update(w.officeA.ctx, a.id, { version: a.version, totalInvestment: 135000.25, investor: '耕德电子' });
      expect(edited).toMatchObject({ totalInvestment: 135000.25, investor: '耕德电子', version: a.version + 1 });
      const before = await written();
      await expect(svc().update(w.officeA.ctx, a.id, { version: a.version, name: '旧版本' })).rejects.toMatchObject({
        status: 409,
        details: { field: 'version' },
      });
      await expect(svc().update(w.officeA.ctx, a.id, { version: edited.version, lon: 150 })).rejects.toMatchObject({
        details: { field: 'lon' },
      });
      expect(await written()).toEqual(before);
      a = edited;
    });

    it('the project unit edits its own project’s data, not its code, county, team, leader or people', async () => {
      const own = await svc().update(w.ownerA.ctx, a.id, { version: a.version, jobs: 1300, expectedAnnualTax: null });
      expect(own).toMatchObject({ jobs: 1300, expectedAnnualTax: null });
      a = own;
      const restricted: [Omit<ProjectPatch, 'version'>, string][] = [
        [{ code: 'XM-OTHER' }, 'code'],
        [{ countyUnitId: w.city.otherDistrict.id }, 'countyUnitId'],
        [{ workTeamUnitId: w.teamB.id }, 'workTeamUnitId'],
        [{ leaderUserId: w.ownerA.id }, 'leaderUserId'],
        [{ members: [{ userId: w.ownerA.id }, { userId: w.ownerB.id }] }, 'members'],
      ];
      for (const [patch, field] of restricted)
        await expect(svc().update(w.ownerA.ctx, a.id, { version: a.version, ...patch })).rejects.toMatchObject({
          status: 403,
          details: { field },
        });
      // The same values again are no change.
      expect(
        (await svc().update(w.ownerA.ctx, a.id, { version: a.version, code: a.code, members: [{ userId: w.ownerA.id, title: '联系人' }] }))
          .code,
      ).toBe(a.code);
      a = await svc().get(w.ownerA.ctx, a.id);
    });

    it('attack: another project unit, a work team and another county’s office cannot edit the project', async () => {
      const before = await written();
      await expect(svc().update(w.ownerB.ctx, a.id, { version: a.version, name: '被篡改' })).rejects.toMatchObject({ status: 404 });
      await expect(svc().update(w.officeB.ctx, a.id, { version: a.version, name: '被篡改' })).rejects.toMatchObject({ status: 404 });
      await expect(svc().update(w.workA.ctx, a.id, { version: a.version, name: '被篡改' })).rejects.toMatchObject({ status: 403 });
      await expect(svc().update(w.leader.ctx, a.id, { version: a.version, name: '被篡改' })).rejects.toMatchObject({ status: 403 });
      // An office cannot move a project into a county it does not manage.
      await expect(svc().update(w.officeA.ctx, a.id, { version: a.version, countyUnitId: w.city.otherDistrict.id })).rejects.toMatchObject({
        status: 403,
        details: { field: 'countyUnitId' },
      });
      await expect(svc().terminate(w.officeB.ctx, a.id, { version: a.version, reason: '恶意终止' })).rejects.toMatchObject({ status: 404 });
      await expect(svc().terminate(w.ownerA.ctx, a.id, { version: a.version, reason: '自行终止' })).rejects.toMatchObject({ status: 403 });
      expect(await written()).toEqual(before);
      expect((await svc().get(w.officeA.ctx, a.id)).name).toBe('耕德电子二期');
    });

    it('the office changes the people list; the new person sees the project, the removed one no longer does', async () => {
      a = await svc().update(w.officeA.ctx, a.id, { version: a.version, members: [{ userId: w.ownerB.id, title: '负责人' }] });
      expect(a.members).toEqual([expect.objectContaining({ userId: w.ownerB.id, title: '负责人' })]);
      expect((await svc().list(w.ownerB.ctx)).items.map((p) => p.code).sort()).toEqual(['XM-2026-001', 'XM-2026-002']);
      await expect(svc().get(w.ownerA.ctx, a.id)).rejects.toMatchObject({ status: 404 });
      a = await svc().update(w.officeA.ctx, a.id, { version: a.version, members: [{ userId: w.ownerA.id, title: '联系人' }] });
    });
    it('the security admin grants a work team role on a work team and a projects office on a county, nothing else', async () => {
      const sec = await contextFor(database, w.city.secadmin.id);
      const target = await makeUser(database, { unit: w.city.city });
      await expect(
        w.env.services.users.setRoles(sec, target.id, [{ role: 'work_team', unitId: w.city.district.id }]),
      ).rejects.toMatchObject({
        status: 422,
        details: { field: 'roles[0].unitId', text: { zh: '工作专班角色只能授予在工作专班类单位上' } },
      });
      await expect(w.env.services.users.setRoles(sec, target.id, [{ role: 'projects_office', unitId: w.teamA.id }])).rejects.toMatchObject({
        status: 422,
        details: { field: 'roles[0].unitId', text: { zh: '项目办角色只能授予在市或县（市、区）上' } },
      });
      const ok = done(
        await w.env.services.users.setRoles(sec, target.id, [
          { role: 'work_team', unitId: w.teamA.id },
          { role: 'projects_office', unitId: w.city.district.id },
        ]),
      );
      expect(ok.roles.map((r) => r.role).sort()).toEqual(['projects_office', 'work_team']);
    });
  });
}
