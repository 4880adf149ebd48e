import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectRates } from '../../../src/shared/contracts/projects.contract.js';
import type { ProjectStage } from '../../../src/shared/project-enums.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { projectBody, projectWorld, type ProjectWorld } from './project-world.js';

/** rate → [count, of, value, investment value] */
const table = (r: ProjectRates) => Object.fromEntries(r.rates.map((x) => [x.rate, [x.count, x.of, x.value, x.investmentValue]]));

for (const dialect of DIALECTS) {
  describe(`"三个一批" batches on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    const ids: number[] = [];
    let other: number;
    let batch1: number;
    let batch2: number;
    const batches = () => w.env.services.projectBatches;

    /** Walks a project through stages, each recorded by its unit and confirmed by the office. */
    const walk = async (id: number, steps: [ProjectStage, string][]) => {
      for (const [stage, actualDate] of steps) {
        const p = await w.env.services.projectStages.record(w.ownerA.ctx, id, { stage, actualDate });
        await w.env.services.projectStages.confirm(w.officeA.ctx, id, p.stages.find((s) => s.status === 'pending')!.id);
      }
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      w.env.clock.set(new Date('2026-06-30T02:00:00.000Z'));
      // Four projects of 川汇区 of 1, 2, 3 and 4 亿元, and one of 淮阳区.
      for (const [i, amount] of [10000, 20000, 30000, 40000].entries())
        ids.push(
          (
            await w.env.services.projects.create(
              w.officeA.ctx,
              projectBody(w, { code: `XM-${i + 1}`, name: `项目${i + 1}`, totalInvestment: amount }),
            )
          ).id,
        );
      other = (
        await w.env.services.projects.create(
          w.officeB.ctx,
          projectBody(w, { code: 'XM-B', countyUnitId: w.city.otherDistrict.id, members: [] }),
        )
      ).id;
      await walk(ids[0]!, [
        ['signed', '2026-01-10'],
        ['performing', '2026-02-01'],
        ['started', '2026-03-01'],
        ['producing', '2026-05-01'],
      ]);
      await walk(ids[1]!, [
        ['signed', '2026-01-10'],
        ['performing', '2026-02-15'],
        ['started', '2026-04-01'],
        ['partly_producing', '2026-05-20'],
      ]);
      await walk(ids[2]!, [
        ['signed', '2026-01-10'],
        ['performing', '2026-03-01'],
      ]);
      await walk(ids[3]!, [['signed', '2026-01-10']]);
    });
    afterAll(async () => database.drop());

    it('the office numbers batches of its county; 期数 is unique per county; bad input names the field', async () => {
      const first = await batches().create(w.officeA.ctx, {
        countyUnitId: w.city.district.id,
        name: '川汇区第一期',
        seq: 1,
        eventDate: '2026-01-10',
      });
      expect(first).toMatchObject({ countyName: '川汇区', seq: 1, projectCount: 0, totalInvestment: 0, items: [] });
      batch1 = first.id;
      batch2 = (
        await batches().create(w.officeCity.ctx, {
          countyUnitId: w.city.district.id,
          name: '川汇区第二期',
          seq: 2,
          eventDate: '2026-04-01',
        })
      ).id;
      const body = { countyUnitId: w.city.district.id, name: '川汇区第三期', seq: 3, eventDate: '2026-07-01' };
      await expect(batches().create(w.officeA.ctx, { ...body, seq: 1 })).rejects.toMatchObject({
        status: 409,
        details: { field: 'seq', text: { zh: expect.stringMatching(/已有第1批$/) } },
      });
      await expect(batches().create(w.officeA.ctx, { ...body, countyUnitId: 999_999 })).rejects.toMatchObject({
        details: { field: 'countyUnitId' },
      });
      await expect(batches().create(w.officeA.ctx, { ...body, countyUnitId: w.city.street.id })).rejects.toMatchObject({
        details: { field: 'countyUnitId', text: { zh: expect.stringMatching(/不是县（市、区）$/) } },
      });
      await expect(batches().create(w.officeA.ctx, { ...body, name: '  ' })).rejects.toMatchObject({
        details: { field: 'name', text: { zh: '请填写批次名称' } },
      });
      // Another county's office, a work team and a leader do not number 川汇区's batches.
      await expect(batches().create(w.officeB.ctx, body)).rejects.toMatchObject({ status: 403, details: { field: 'countyUnitId' } });
      await expect(batches().create(w.workA.ctx, body)).rejects.toMatchObject({ status: 403 });
      await expect(batches().create(w.leader.ctx, body)).rejects.toMatchObject({ status: 403 });
      // The same 期数 in another county is fine.
      expect(
        (await batches().create(w.officeB.ctx, { ...body, name: '淮阳区第一期', countyUnitId: w.city.otherDistrict.id, seq: 1 })).seq,
      ).toBe(1);
    });

    it('adds projects of the county in their roles; another county’s project or a second entry is refused', async () => {
      for (const [i, id] of ids.slice(0, 3).entries())
        await batches().addProject(w.officeA.ctx, batch1, { projectId: id, role: i === 2 ? 'start' : 'sign' });
      let d = await batches().addProject(w.officeA.ctx, batch2, { projectId: ids[3]!, role: 'sign' });
      d = await batches().addProject(w.officeA.ctx, batch2, { projectId: ids[0]!, role: 'produce' });
      expect(d.items.map((i) => [i.code, i.role])).toEqual([
        ['XM-1', 'produce'],
        ['XM-4', 'sign'],
      ]);
      expect(d.items[0]!.stages.map((s) => s.stage)).toEqual(['signed', 'performing', 'started', 'producing']);
      await expect(batches().addProject(w.officeA.ctx, batch1, { projectId: ids[0]!, role: 'sign' })).rejects.toMatchObject({
        status: 409,
        details: { field: 'projectId', text: { zh: expect.stringMatching(/已在本批次中$/) } },
      });
      await expect(batches().addProject(w.officeA.ctx, batch1, { projectId: other, role: 'sign' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'projectId' },
      });
      await expect(batches().addProject(w.officeB.ctx, batch1, { projectId: ids[3]!, role: 'sign' })).rejects.toMatchObject({
        status: 404,
      });
      const b1 = await batches().get(w.leader.ctx, batch1);
      expect(b1).toMatchObject({ projectCount: 3, totalInvestment: 60000 });
      expect((await w.env.services.projects.list(w.officeA.ctx, { batchId: batch2 })).items.map((p) => p.code)).toEqual(['XM-1', 'XM-4']);
      expect((await w.env.services.projects.get(w.officeA.ctx, ids[0]!)).batches.map((b) => [b.seq, b.role])).toEqual([
        [1, 'sign'],
        [2, 'produce'],
      ]);
    });

    it('removes a project from a batch (404 when it is not in it)', async () => {
      await batches().addProject(w.officeA.ctx, batch2, { projectId: ids[2]!, role: 'start' });
      expect((await batches().removeProject(w.officeA.ctx, batch2, ids[2]!)).projectCount).toBe(2);
      await expect(batches().removeProject(w.officeA.ctx, batch2, ids[2]!)).rejects.toMatchObject({ status: 404 });
      expect(await database.db.selectFrom('audit_log').select('seq').where('action', '=', 'project_batch.remove').execute()).toHaveLength(
        1,
      );
    });

    it('rates of a batch as of a day, count-based and investment-weighted, on both sides of a stage’s day', async () => {
      // Batch 1: XM-1 (1亿, 投产 05-01), XM-2 (2亿, 部分投产 05-20), XM-3 (3亿, 履约 03-01).
      const on = async (asOf: string) => table(await batches().rates(w.leader.ctx, batch1, asOf));
      expect(await on('2026-01-09')).toEqual({
        performance: [0, 0, null, null],
        start: [0, 0, null, null],
        production: [0, 0, null, null],
        capacity: [0, 0, null, null],
      });
      expect((await on('2026-01-10')).performance).toEqual([0, 3, 0, 0]);
      expect((await on('2026-02-28')).performance).toEqual([2, 3, 2 / 3, 30000 / 60000]);
      expect((await on('2026-03-01')).performance).toEqual([3, 3, 1, 1]);
      expect((await on('2026-03-31')).start).toEqual([1, 3, 1 / 3, 10000 / 60000]);
      expect((await on('2026-04-01')).start).toEqual([2, 3, 2 / 3, 30000 / 60000]);
      // 部分投产 counts as started, not as in production.
      expect((await on('2026-05-20')).production).toEqual([1, 2, 0.5, 10000 / 30000]);
      expect((await on('2026-05-20')).capacity).toEqual([0, 1, 0, 0]);
      const now = await batches().rates(w.leader.ctx, batch1);
      expect(now).toMatchObject({ asOf: '2026-06-30', projects: 3, totalInvestment: 60000 });
    });

    it('several periods together count each project once ("前四期")', async () => {
      const r = await batches().rangeRates(w.leader.ctx, { countyUnitId: w.city.district.id, fromSeq: 1, toSeq: 2, asOf: '2026-06-30' });
      expect(r).toMatchObject({ projects: 4, totalInvestment: 100000 });
      expect(table(r).performance).toEqual([3, 4, 0.75, 60000 / 100000]);
      expect(
        (await batches().rangeRates(w.leader.ctx, { countyUnitId: w.city.district.id, fromSeq: 2, toSeq: 2, asOf: '2026-06-30' })).projects,
      ).toBe(2);
      await expect(batches().rangeRates(w.leader.ctx, { countyUnitId: w.city.district.id, fromSeq: 3, toSeq: 1 })).rejects.toMatchObject({
        details: { field: 'toSeq' },
      });
      await expect(batches().rangeRates(w.leaderB.ctx, { countyUnitId: w.city.district.id, fromSeq: 1, toSeq: 2 })).rejects.toMatchObject({
        status: 403,
        details: { field: 'countyUnitId' },
      });
    });

    it('lists the batches of the counties one covers; work teams and project units see none', async () => {
      const names = async (who: { ctx: typeof w.leader.ctx }, countyUnitId?: number) =>
        (await batches().list(who.ctx, countyUnitId ? { countyUnitId } : {})).items.map((b) => b.name);
      expect(await names(w.leader)).toEqual(['川汇区第一期', '川汇区第二期', '淮阳区第一期']);
      expect(await names(w.leader, w.city.district.id)).toEqual(['川汇区第一期', '川汇区第二期']);
      expect(await names(w.officeB)).toEqual(['淮阳区第一期']);
      expect(await names(w.leaderB)).toEqual(['淮阳区第一期']);
      expect(await names(w.workA)).toEqual([]);
      expect(await names(w.ownerA)).toEqual([]);
      await expect(batches().get(w.officeB.ctx, batch1)).rejects.toMatchObject({ status: 404 });
      await expect(batches().get(w.workA.ctx, batch1)).rejects.toMatchObject({ status: 404 });
      await expect(batches().rates(w.leaderB.ctx, batch1)).rejects.toMatchObject({ status: 404 });
    });
  });
}
