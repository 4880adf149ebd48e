import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitRow } from '../../src/db/schema.js';
import type {
  InvestmentPlan,
  ProjectInvestment,
  ReportDueList,
  ReportLapseList,
} from '../../src/shared/contracts/project-investment.contract.js';
import type { Project } from '../../src/shared/contracts/projects.contract.js';
import type { Role } from '../../src/shared/enums.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { jpeg } from '../helpers/images.js';
import { commandForm, createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

for (const dialect of DIALECTS) {
  describe(`project investment routes on ${dialect}`, () => {
    let t: TestApp;
    let office: Client;
    let ownerA: Client;
    let ownerB: Client;
    let leader: Client;
    let project: Project;

    const rows = async () => {
      const n = async (table: 'project_investment_plans' | 'project_investment_reports' | 'project_report_files') =>
        Number(
          (
            await t.database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return [await n('project_investment_plans'), await n('project_investment_reports'), await n('project_report_files')];
    };
    const field = (res: { json: <T>() => T }) =>
      res.json<{ details?: { field?: string } }>().details?.field?.replace(/^(body|params|querystring)\./, '');
    const users: Record<string, { username: string; password: string }> = {};
    /** Moves the clock (sessions idle out over weeks) and logs everyone in again. */
    const moveTo = async (iso: string) => {
      t.env.clock.set(new Date(iso));
      office = await loginClient(t, users.office!);
      ownerA = await loginClient(t, users.ownerA!);
      ownerB = await loginClient(t, users.ownerB!);
      leader = await loginClient(t, users.leader!);
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      t.env.clock.set(new Date('2026-03-20T02:00:00.000Z'));
      const person = async (name: string, unit: UnitRow, role: Role) => {
        const u = await makeUser(t.database, { unit, roles: [{ role, unit }] });
        users[name] = u;
        return { id: u.id, client: await loginClient(t, u) };
      };
      office = (await person('office', t.city.district, 'projects_office')).client;
      const a = await person('ownerA', t.city.city, 'project_owner');
      ownerA = a.client;
      ownerB = (await person('ownerB', t.city.city, 'project_owner')).client;
      leader = (await person('leader', t.city.city, 'leader')).client;
      const created = await office.post('/api/projects', {
        code: 'XM-INV-1',
        name: '河南凯旺电子安防设备生产基地',
        countyUnitId: t.city.district.id,
        level: 'municipal',
        category: 'advanced_manufacturing',
        totalInvestment: 52000,
        members: [{ userId: a.id }],
      });
      expect(created.statusCode, created.body).toBe(200);
      project = created.json<Project>();
    });
    afterAll(async () => t.close());

    it('the office sets the plan; bad input is a 4xx naming the field and writes nothing; the project unit may not', async () => {
      const url = `/api/projects/${project.id}/plans/2026`;
      const bad: [string, unknown, number, string | undefined][] = [
        [url, { plan: -1 }, 400, 'plan'],
        [url, { plan: 1.234 }, 422, 'plan'],
        [url, { plan: 10, extra: 1 }, 400, 'extra'],
        [`/api/projects/${project.id}/plans/1999`, { plan: 10 }, 400, 'year'],
      ];
      for (const [u, b, status, f] of bad) {
        const res = await office.put(u, b);
        expect(res.statusCode, `${JSON.stringify(b)} ${res.body}`).toBe(status);
        expect(field(res)).toBe(f);
      }
      expect(await rows()).toEqual([0, 0, 0]);
      expect((await ownerA.put(url, { plan: 10 })).statusCode).toBe(403);
      const ok = await office.put(url, { plan: 7520.25, note: '2026年度计划' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json<InvestmentPlan>()).toMatchObject({ year: 2026, plan: 7520.25, version: 1 });
      expect((await leader.get(url)).json<InvestmentPlan>().plan).toBe(7520.25);
    });

    it('the project unit files a month with a photo (multipart); bad input names the field and writes nothing; another owner gets 404', async () => {
      await moveTo('2026-04-02T02:00:00.000Z');
      const url = `/api/projects/${project.id}/reports`;
      const bad: [unknown, number, string][] = [
        [{ year: 2026, month: 13, completed: 1, progress: 'x' }, 400, 'month'],
        [{ year: 2026, month: 3, completed: -1, progress: 'x' }, 400, 'completed'],
        [{ year: 2026, month: 3, completed: 1 }, 400, 'progress'],
        [{ year: 2026, month: 3, completed: 1, progress: '   ' }, 422, 'progress'],
        [{ year: 2026, month: 4, completed: 1, progress: 'x' }, 422, 'month'],
        [{ year: 2026, month: 3, completed: 1, progress: 'x', version: 1, correctionReason: 'x' }, 404, undefined as unknown as string],
      ];
      for (const [b, status, f] of bad) {
        const res = await ownerA.post(url, b);
        expect(res.statusCode, `${JSON.stringify(b)} ${res.body}`).toBe(status);
        if (f) expect(field(res)).toBe(f);
      }
      const wrongField = commandForm({ year: 2026, month: 3, completed: 1, progress: 'x' }, [
        { name: 'evidence', filename: 'a.jpg', type: 'image/jpeg', value: await jpeg() },
      ]);
      const wf = await ownerA.post(url, wrongField.payload, wrongField.headers);
      expect(wf.statusCode).toBe(422);
      expect(field(wf)).toBe('evidence');
      expect((await ownerB.post(url, { year: 2026, month: 3, completed: 1, progress: 'x' })).statusCode).toBe(404);
      expect((await ownerB.get(`/api/projects/${project.id}/investment`)).statusCode).toBe(404);
      expect((await leader.post(url, { year: 2026, month: 3, completed: 1, progress: 'x' })).statusCode).toBe(403);
      expect(await rows()).toEqual([1, 0, 0]);

      const form = commandForm({ year: 2026, month: 3, completed: 1200.5, progress: '厂房主体完工', problems: '' }, [await jpeg()]);
      const res = await ownerA.post(url, form.payload, form.headers);
      expect(res.statusCode, res.body).toBe(200);
      const inv = res.json<ProjectInvestment>();
      expect(inv).toMatchObject({ completedThisYear: 1200.5, light: 'yellow', reason: 'behind_schedule' });
      const v = inv.months.find((m) => m.month === 3)!.versions[0]!;
      const photo = await leader.get(`/api/projects/${project.id}/reports/${v.id}/files/${v.files[0]!.id}`);
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toMatch(/^image\/jpeg/);
      expect((await ownerB.get(`/api/projects/${project.id}/reports/${v.id}/files/${v.files[0]!.id}`)).statusCode).toBe(404);
      expect(await rows()).toEqual([1, 1, 1]);
      const again = await ownerA.post(url, { year: 2026, month: 3, completed: 1, progress: 'x' });
      expect(again.statusCode).toBe(409);
      expect(field(again)).toBe('version');
    });

    it('the office lists late and missing months; the project unit sees what it still has to file', async () => {
      await moveTo('2026-05-07T02:00:00.000Z');
      const lapses = await office.get('/api/project-reports/lapses');
      expect(lapses.statusCode, lapses.body).toBe(200);
      expect(lapses.json<ReportLapseList>().items.map((i) => [i.projectCode, i.month, i.standing])).toEqual([['XM-INV-1', 4, 'missing']]);
      expect((await office.get('/api/project-reports/lapses?standing=late')).json<ReportLapseList>().items).toEqual([]);
      expect((await office.get('/api/project-reports/lapses?standing=lost')).statusCode).toBe(400);
      const due = await ownerA.get('/api/project-reports/due');
      expect(due.json<ReportDueList>().items.map((i) => [i.month, i.standing])).toEqual([[4, 'missing']]);
      expect((await ownerB.get('/api/project-reports/due')).json<ReportDueList>().items).toEqual([]);
      const inv = await leader.get(`/api/projects/${project.id}/investment?year=2026`);
      expect(inv.json<ProjectInvestment>().lapses.map((l) => l.month)).toEqual([4]);
      expect((await leader.get(`/api/projects/${project.id}/investment?year=abc`)).statusCode).toBe(400);
    });
  });
}
