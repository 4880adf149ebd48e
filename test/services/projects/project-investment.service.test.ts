import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../../src/shared/contracts/projects.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { photos } from '../../helpers/images.js';
import { projectBody, projectWorld, type ProjectWorld } from './project-world.js';

const MS = 1;

for (const dialect of DIALECTS) {
  describe(`project investment (plans, monthly reports, lapses) on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    let a: Project;
    let b: Project;
    const inv = () => w.env.services.projectInvestment;
    const lapses = () => w.env.services.projectReportLapses;
    const at = (iso: string) => {
      const d = new Date(iso);
      w.env.clock.set(d);
      return d;
    };
    const audits = async (action: string) =>
      (await database.db.selectFrom('audit_log').select('summary').where('action', '=', action).execute()).length;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      await w.env.services.casePolicy.ensureDefaults();
      at('2026-03-20T02:00:00.000Z');
      a = await w.env.services.projects.create(w.officeA.ctx, projectBody(w));
      b = await w.env.services.projects.create(
        w.officeB.ctx,
        projectBody(w, {
          code: 'XM-B',
          name: '凯旺电子安防基地',
          countyUnitId: w.city.otherDistrict.id,
          workTeamUnitId: w.teamB.id,
          members: [{ userId: w.ownerB.id }],
        }),
      );
    });
    afterAll(async () => database.drop());

    it('the projects office sets the annual plan; changing it needs the version read; the project unit and leaders may not', async () => {
      const p = await inv().setPlan(w.officeA.ctx, a.id, 2026, { plan: 12000, note: '年度计划' });
      expect(p).toMatchObject({ year: 2026, plan: 12000, note: '年度计划', version: 1, setBy: { id: w.officeA.id } });
      await expect(inv().setPlan(w.officeA.ctx, a.id, 2026, { plan: 13000 })).rejects.toMatchObject({
        status: 409,
        details: { field: 'version' },
      });
      await expect(inv().setPlan(w.officeA.ctx, a.id, 2026, { plan: 13000, version: 2 })).rejects.toMatchObject({ status: 409 });
      expect(await inv().setPlan(w.officeA.ctx, a.id, 2026, { plan: 12000.5, version: 1 })).toMatchObject({ plan: 12000.5, version: 2 });
      await expect(inv().setPlan(w.officeA.ctx, a.id, 2026, { plan: 1.234, version: 2 })).rejects.toMatchObject({
        status: 422,
        details: { field: 'plan' },
      });
      await expect(inv().setPlan(w.ownerA.ctx, a.id, 2026, { plan: 1, version: 2 })).rejects.toMatchObject({ status: 403 });
      await expect(inv().setPlan(w.leader.ctx, a.id, 2026, { plan: 1, version: 2 })).rejects.toMatchObject({ status: 403 });
      await expect(inv().setPlan(w.officeB.ctx, a.id, 2026, { plan: 1, version: 2 })).rejects.toMatchObject({ status: 404 });
      expect(await audits('project_plan.set')).toBe(2);
      await inv().setPlan(w.officeB.ctx, b.id, 2026, { plan: 5000 });
      expect((await inv().plan(w.leader.ctx, a.id, 2026)).plan).toBe(12000.5);
      await expect(inv().plan(w.leader.ctx, a.id, 2025)).rejects.toMatchObject({ status: 404 });
    });

    it('the project unit files an ended month with a photo and an opening balance; the domain sums it; a month not over is refused', async () => {
      at('2026-04-03T02:00:00.000Z');
      await expect(inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 4, completed: 1, progress: '进行中' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'month', text: { zh: '2026年4月尚未结束，请于次月1日起报送' } },
      });
      const r = await inv().file(
        w.ownerA.ctx,
        a.id,
        { year: 2026, month: 3, completed: 1000, opening: 5000, progress: '主体结构施工', problems: '用工紧张' },
        await photos(1, 'photos'),
      );
      expect(r).toMatchObject({
        year: 2026,
        completedThisYear: 1000,
        completedSinceStart: 6000,
        dueDay: 5,
        canReport: true,
        canPlan: false,
      });
      const march = r.months.find((m) => m.month === 3)!;
      expect(march).toMatchObject({
        owed: true,
        standing: 'on_time',
        completed: 1000,
        cumulativeThisYear: 1000,
        cumulativeSinceStart: 6000,
      });
      expect(march.versions).toHaveLength(1);
      expect(march.versions[0]!.files.map((f) => f.mime)).toEqual(['image/jpeg']);
      expect(march.dueAt).toBe('2026-04-05T16:00:00.000Z');
      // 完成率 and 序时进度 as the domain gives them (day 93 of 365 on 2026-04-03).
      expect(r.completionRate).toBeCloseTo(1000 / 12000.5, 10);
      expect(r.elapsedDays).toBe(93);
      expect(r.light).toBe('yellow');
      expect(r.reason).toBe('behind_schedule');
      const photo = await inv().photo(w.leader.ctx, a.id, march.versions[0]!.id, march.versions[0]!.files[0]!.id);
      expect(photo.mime).toBe('image/jpeg');
      expect(await audits('project_report.file')).toBe(1);
    });

    it('a month is filed once; a correction is the next version with a reason, the first kept, its filing time unchanged', async () => {
      at('2026-04-08T02:00:00.000Z');
      await expect(inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 3, completed: 1200, progress: 'x' })).rejects.toMatchObject({
        status: 409,
        details: { field: 'version' },
      });
      await expect(
        inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 3, completed: 1200, progress: 'x', version: 1 }),
      ).rejects.toMatchObject({ status: 422, details: { field: 'correctionReason', text: { zh: '更正已报送的月报，请填写更正理由' } } });
      await expect(
        inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 3, completed: 1200, progress: 'x', version: 2, correctionReason: '更正' }),
      ).rejects.toMatchObject({ status: 409 });
      const r = await inv().file(w.ownerA.ctx, a.id, {
        year: 2026,
        month: 3,
        completed: 1200,
        opening: 5000,
        progress: '主体结构施工（更正）',
        version: 1,
        correctionReason: '漏报设备款',
      });
      const march = r.months.find((m) => m.month === 3)!;
      expect(march.versions.map((v) => [v.version, v.completed, v.correctionReason])).toEqual([
        [2, 1200, '漏报设备款'],
        [1, 1000, null],
      ]);
      // Corrected a week after it was due: the month still counts as filed on time (its first filing).
      expect(march).toMatchObject({ standing: 'on_time', completed: 1200, filedAt: '2026-04-03T02:00:00.000Z' });
      expect(r.completedSinceStart).toBe(6200);
      expect(await audits('project_report.correct')).toBe(1);
      // The opening balance belongs to the earliest month only; months before it are covered by it.
      await expect(inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 2, completed: 1, progress: 'x' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'month', text: { zh: '2026年3月之前的完成额已计入其开工以来累计完成，无需报送' } },
      });
      at('2026-05-02T02:00:00.000Z');
      await expect(inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 4, completed: 1, opening: 5, progress: 'x' })).rejects.toMatchObject(
        {
          status: 422,
          details: { field: 'opening', text: { zh: '开工以来累计完成额只在首次报送的月份填写（已报送2026年3月）' } },
        },
      );
      at('2026-04-08T02:00:00.000Z');
    });

    it("only the project's own unit files: another project's owner gets 404, the work team and the office 403", async () => {
      const body = { year: 2026, month: 3, completed: 1, progress: 'x' };
      await expect(inv().file(w.ownerB.ctx, a.id, body)).rejects.toMatchObject({ status: 404 });
      await expect(inv().investment(w.ownerB.ctx, a.id)).rejects.toMatchObject({ status: 404 });
      await expect(inv().file(w.workA.ctx, a.id, body)).rejects.toMatchObject({ status: 403 });
      await expect(inv().file(w.officeA.ctx, a.id, body)).rejects.toMatchObject({ status: 403 });
    });

    it('lateness on both sides of the due instant (the end of the 5th of the next month, China time)', async () => {
      // Project B's March report is not filed: open until 2026-04-05 24:00 China time, missing from then on.
      at(new Date(Date.parse('2026-04-05T16:00:00.000Z') - MS).toISOString());
      let r = await inv().investment(w.ownerB.ctx, b.id);
      expect(r.months.find((m) => m.month === 3)!.standing).toBe('open');
      expect(r.lapses).toEqual([]);
      expect((await lapses().due(w.ownerB.ctx)).items.map((i) => [i.projectId, i.month, i.standing])).toEqual([[b.id, 3, 'open']]);
      at('2026-04-05T16:00:00.000Z');
      r = await inv().investment(w.ownerB.ctx, b.id);
      expect(r.months.find((m) => m.month === 3)!.standing).toBe('missing');
      expect(r.lapses.map((l) => [l.month, l.standing])).toEqual([[3, 'missing']]);
      // A's April report, filed one millisecond before its due instant, is on time.
      at(new Date(Date.parse('2026-05-05T16:00:00.000Z') - MS).toISOString());
      r = await inv().file(w.ownerA.ctx, a.id, { year: 2026, month: 4, completed: 800, progress: '设备安装' });
      expect(r.months.find((m) => m.month === 4)!.standing).toBe('on_time');
      // The office of B's county sees B's missing months; the office of A's county does not.
      const list = await lapses().lapses(w.officeB.ctx);
      // April is not due yet at this instant: only March is listed.
      expect(list.items.map((i) => [i.projectCode, i.month, i.standing])).toEqual([['XM-B', 3, 'missing']]);
      expect((await lapses().lapses(w.officeA.ctx)).items).toEqual([]);
    });

    it('a missing report climbs the ladder (提醒函, then 督办函) addressed to the county, and stops once filed late', async () => {
      const letters = async () =>
        database.db.selectFrom('letters').select(['id', 'type', 'number', 'unit_id', 'status', 'title']).orderBy('id').execute();
      // B's March report has been missing since 2026-04-06 00:00 China time; one whole working day later a 提醒函.
      const first = await lapses().sweep(at('2026-04-10T02:00:00.000Z'));
      expect(first.issued).toBe(1);
      let all = await letters();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ type: '提醒函', unit_id: w.city.otherDistrict.id, status: 'issued' });
      expect(all[0]!.number).toMatch(/〔2026〕1号$/);
      const links = await database.db.selectFrom('letter_report_lapses').selectAll().execute();
      expect(links.map((l) => [l.letter_id, l.project_id, l.year, l.month, l.rung_key])).toEqual([[all[0]!.id, b.id, 2026, 3, 'reminder']]);
      // Idempotent: the same instant plans nothing more.
      expect((await lapses().sweep(w.env.clock.now())).issued).toBe(0);
      // Still missing three working days after the 提醒函: a 督办函.
      const second = await lapses().sweep(at('2026-04-16T02:00:00.000Z'));
      expect(second.issued).toBe(1);
      all = await letters();
      expect(all.map((l) => l.type)).toEqual(['提醒函', '督办函']);
      // The project unit files March late: it shows as late with its letters, and climbs no further.
      at('2026-04-17T02:00:00.000Z');
      const r = await inv().file(w.ownerB.ctx, b.id, { year: 2026, month: 3, completed: 300, progress: '补报', opening: 0 });
      const march = r.months.find((m) => m.month === 3)!;
      expect(march.standing).toBe('late');
      expect(march.letters.map((l) => l.type)).toEqual(['提醒函', '督办函']);
      const later = await lapses().sweep(at('2026-05-20T02:00:00.000Z'));
      expect((await letters()).filter((l) => l.type === '问责函')).toEqual([]);
      // …while April (missing since 2026-05-06) got its own 提醒函.
      expect(later.issued).toBe(1);
      const april = await database.db.selectFrom('letter_report_lapses').selectAll().where('month', '=', 4).execute();
      expect(april.map((l) => [l.project_id, l.rung_key])).toEqual([[b.id, 'reminder']]);
      expect((await lapses().lapses(w.officeB.ctx, { standing: 'late' })).items.map((i) => [i.month, i.letters.length])).toEqual([[3, 2]]);
    });
  });
}
