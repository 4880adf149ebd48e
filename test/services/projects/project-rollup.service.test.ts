import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectRollup } from '../../../src/shared/contracts/project-rollups.contract.js';
import type { ProjectCreate } from '../../../src/shared/contracts/projects.contract.js';
import type { ProjectStage } from '../../../src/shared/project-enums.js';
import { projectRollupRepository } from '../../../src/db/repositories/project-rollup.repository.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { projectBody, projectWorld, type Person, type ProjectWorld } from './project-world.js';

/** key → [count, investment (万元)] */
const table = (r: ProjectRollup) => Object.fromEntries(r.groups.map((g) => [g.name ?? g.key, [g.count, g.investment]]));

for (const dialect of DIALECTS) {
  describe(`project roll-ups on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    const id: Record<string, number> = {};
    const rollups = () => w.env.services.projectRollups;

    const walk = async (owner: Person, pid: number, steps: [ProjectStage, string][]) => {
      for (const [stage, actualDate] of steps) {
        const p = await w.env.services.projectStages.record(owner.ctx, pid, { stage, actualDate });
        await w.env.services.projectStages.confirm(w.officeCity.ctx, pid, p.stages.find((s) => s.status === 'pending')!.id);
      }
    };
    const create = async (key: string, by: Person, over: Partial<ProjectCreate>) => {
      id[key] = (await w.env.services.projects.create(by.ctx, projectBody(w, { code: `XM-${key}`, name: `项目${key}`, ...over }))).id;
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      w.env.clock.set(new Date('2026-06-30T02:00:00.000Z'));
      // 川汇区: P1 13.5亿 industrial 在建; P2 exactly 1亿 signed; P3 just under 1亿 signed last year;
      // P5 2亿 industrial 部分投产; P6 3亿 signed then 终止 today. 淮阳区: P4 5亿, no stage, no team.
      await create('P1', w.officeA, { totalInvestment: 135000 });
      await create('P2', w.officeA, {
        totalInvestment: 10000,
        industryChain: '生物医药',
        category: 'strategic_emerging',
        level: 'provincial',
        workTeamUnitId: w.teamB.id,
        members: [{ userId: w.ownerB.id, title: null }],
      });
      await create('P3', w.officeA, { totalInvestment: 9999.99, category: 'infrastructure', level: 'county' });
      await create('P4', w.officeB, {
        totalInvestment: 50000,
        countyUnitId: w.city.otherDistrict.id,
        industryChain: null,
        category: 'services',
        workTeamUnitId: null,
        members: [],
      });
      await create('P5', w.officeA, { totalInvestment: 20000 });
      await create('P6', w.officeA, { totalInvestment: 30000 });
      await walk(w.ownerA, id.P1!, [
        ['signed', '2026-01-10'],
        ['performing', '2026-02-01'],
        ['started', '2026-03-01'],
      ]);
      await walk(w.ownerB, id.P2!, [['signed', '2026-02-15']]);
      await walk(w.ownerA, id.P3!, [
        ['signed', '2025-12-31'],
        ['performing', '2026-01-20'],
        ['started', '2026-04-01'],
      ]);
      await walk(w.ownerA, id.P5!, [
        ['signed', '2026-01-05'],
        ['performing', '2026-02-01'],
        ['started', '2026-05-01'],
        ['partly_producing', '2026-06-01'],
      ]);
      await walk(w.ownerA, id.P6!, [['signed', '2026-03-01']]);
      const p6 = await w.env.services.projects.get(w.officeA.ctx, id.P6!);
      await w.env.services.projects.terminate(w.officeA.ctx, id.P6!, { version: p6.version, reason: '企业撤资' });
      const b = w.env.services.projectBatches;
      const b1 = await b.create(w.officeA.ctx, { countyUnitId: w.city.district.id, name: '第一期', seq: 1, eventDate: '2026-01-10' });
      await b.addProject(w.officeA.ctx, b1.id, { projectId: id.P1!, role: 'sign' });
      await b.addProject(w.officeA.ctx, b1.id, { projectId: id.P2!, role: 'sign' });
      const b2 = await b.create(w.officeA.ctx, { countyUnitId: w.city.district.id, name: '第二期', seq: 2, eventDate: '2026-07-01' });
      await b.addProject(w.officeA.ctx, b2.id, { projectId: id.P5!, role: 'start' });
    });
    afterAll(async () => database.drop());

    it('groups by county, chain, team, level, category, size band, stage and batch; sums equal the total', async () => {
      const at = (by: ProjectRollup['by']) => rollups().rollup(w.leader.ctx, { by, asOf: '2026-06-30' });
      const county = await at('county');
      expect(county.total).toEqual({ count: 5, investment: 224999.99 });
      expect(table(county)).toEqual({ 川汇区: [4, 174999.99], 淮阳区: [1, 50000] });
      expect(table(await at('chain'))).toEqual({ 智能零部件: [3, 164999.99], none: [1, 50000], 生物医药: [1, 10000] });
      expect(table(await at('team'))).toEqual({ 生物降解材料产业链专班: [3, 164999.99], none: [1, 50000], 生物医药产业链专班: [1, 10000] });
      expect(table(await at('level'))).toEqual({ municipal: [3, 205000], provincial: [1, 10000], county: [1, 9999.99] });
      expect(table(await at('category'))).toEqual({
        advanced_manufacturing: [2, 155000],
        services: [1, 50000],
        strategic_emerging: [1, 10000],
        infrastructure: [1, 9999.99],
      });
      expect(table(await at('size'))).toEqual({
        yi_10_plus: [1, 135000],
        yi_5_10: [1, 50000],
        yi_1_5: [2, 30000],
        under_1yi: [1, 9999.99],
      });
      const stage = await at('stage');
      expect(table(stage)).toEqual({ started: [2, 144999.99], none: [1, 50000], partly_producing: [1, 20000], signed: [1, 10000] });
      expect(stage.groups.find((g) => g.key === 'started')).toMatchObject({ underConstruction: 2, producing: 0 });
      // By batch: a batch is an event; 第二期 (1 July) already lists P5.
      expect(table(await at('batch'))).toEqual({ '川汇区 第一期': [2, 145000], none: [2, 59999.99], '川汇区 第二期': [1, 20000] });
      for (const by of ['county', 'chain', 'team', 'level', 'category', 'size', 'stage'] as const) {
        const r = await at(by);
        expect(r.groups.reduce((a, g) => a + g.count, 0)).toBe(r.total.count);
      }
    });

    it('takes stages as of the day: both sides of a stage date, of registration and of 终止', async () => {
      const stages = async (asOf: string) => table(await rollups().rollup(w.leader.ctx, { by: 'stage', asOf }));
      // P1 started on 1 March: 履约 the day before, 开工 on the day.
      expect((await stages('2026-02-28')).performing).toEqual([3, 164999.99]);
      expect((await stages('2026-03-01')).started).toEqual([1, 135000]);
      // P4 (no stage) was registered today and P6 terminated today: yesterday P4 was not there and P6 still was.
      const yesterday = await rollups().rollup(w.leader.ctx, { by: 'county', asOf: '2026-06-29' });
      expect(table(yesterday)).toEqual({ 川汇区: [5, 204999.99] });
      // Before any stage and before registration: nothing.
      expect((await rollups().rollup(w.leader.ctx, { by: 'county', asOf: '2025-01-01' })).total).toEqual({ count: 0, investment: 0 });
    });

    it('filters a period, a size and 在建工业项目; 今年以来新签约亿元以上 in the summary', async () => {
      const r = await rollups().rollup(w.leader.ctx, {
        by: 'county',
        asOf: '2026-06-30',
        from: '2026-01-01',
        to: '2026-06-30',
        minInvestment: 10000,
      });
      expect(r.total).toEqual({ count: 3, investment: 165000 });
      // The period's last day is in, the day after not; P2 (15 February) is out of a January period.
      expect(
        (await rollups().rollup(w.leader.ctx, { by: 'size', from: '2026-01-01', to: '2026-02-14', asOf: '2026-06-30' })).total.count,
      ).toBe(2);
      expect(
        (await rollups().rollup(w.leader.ctx, { by: 'size', from: '2026-01-01', to: '2026-02-15', asOf: '2026-06-30' })).total.count,
      ).toBe(3);
      const industrial = await rollups().rollup(w.leader.ctx, {
        by: 'stage',
        asOf: '2026-06-30',
        industrial: true,
        underConstruction: true,
      });
      expect(table(industrial)).toEqual({ started: [1, 135000], partly_producing: [1, 20000] });
      await expect(rollups().rollup(w.leader.ctx, { by: 'county', from: '2026-02-01', to: '2026-01-01' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'to' },
      });
      await expect(rollups().rollup(w.leader.ctx, { by: 'county', county: 999_999 })).rejects.toMatchObject({
        details: { field: 'county' },
      });

      const s = await rollups().summary(w.leader.ctx, { asOf: '2026-06-30' });
      expect(s).toMatchObject({
        asOf: '2026-06-30',
        total: { count: 5, investment: 224999.99 },
        underConstruction: 3,
        producing: 0,
        newlySigned: { from: '2026-01-01', to: '2026-06-30', minInvestment: 10000, count: 3, investment: 165000 },
        // No monthly investment reports yet on this branch: the figures are null, not 0.
        industrialUnderConstruction: {
          count: 2,
          investment: 155000,
          investmentReports: false,
          completedThisYear: null,
          annualPlan: null,
          completionRate: null,
        },
      });
      expect(s.latestBatch?.batch).toMatchObject({ name: '第一期', countyName: '川汇区', projectCount: 2 });
      expect(s.latestBatch?.rates.projects).toBe(2);
      // On 1 July the second batch is the latest.
      expect((await rollups().summary(w.leader.ctx, { asOf: '2026-07-01' })).latestBatch?.batch.name).toBe('第二期');
      // Today by default (2026-06-30 China time).
      expect((await rollups().summary(w.leader.ctx)).asOf).toBe('2026-06-30');
    });

    it('is scoped by the viewer: county office, work team, project unit, leaders', async () => {
      const total = async (p: Person, county?: number) =>
        (await rollups().rollup(p.ctx, { by: 'county', asOf: '2026-06-30', county })).total.count;
      expect(await total(w.leader)).toBe(5);
      expect(await total(w.officeCity)).toBe(5);
      expect(await total(w.officeA)).toBe(4);
      expect(await total(w.officeB)).toBe(1);
      expect(await total(w.leaderB)).toBe(1);
      expect(await total(w.workA)).toBe(3);
      expect(await total(w.workB)).toBe(1);
      expect(await total(w.ownerA)).toBe(3);
      expect(await total(w.ownerB)).toBe(1);
      expect(await total(w.leader, w.city.otherDistrict.id)).toBe(1);
      expect(await total(w.officeB, w.city.district.id)).toBe(0);
      // Batches are a county's: a work team and a project unit get no latest batch; another county's office neither.
      expect((await rollups().summary(w.workA.ctx, { asOf: '2026-06-30' })).latestBatch).toBeNull();
      expect((await rollups().summary(w.ownerA.ctx, { asOf: '2026-06-30' })).latestBatch).toBeNull();
      expect((await rollups().summary(w.officeB.ctx, { asOf: '2026-06-30' })).latestBatch).toBeNull();
      const points = await rollups().points(w.ownerA.ctx, { asOf: '2026-06-30' });
      expect(points.items.map((p) => [p.name, p.stage])).toEqual([
        ['项目P1', 'started'],
        ['项目P3', 'started'],
        ['项目P5', 'partly_producing'],
      ]);
    });

    it('keeps the stage spans equal to a full recompute from the records', async () => {
      const kept = await projectRollupRepository.stageSpans(database.db);
      expect(kept.filter((d) => d.project_id === id.P5).map((d) => [d.from_day, d.to_day, d.stage_rank, d.signed_on])).toEqual([
        ['2026-01-05', '2026-02-01', 1, '2026-01-05'],
        ['2026-02-01', '2026-05-01', 2, '2026-01-05'],
        ['2026-05-01', '2026-06-01', 3, '2026-01-05'],
        ['2026-06-01', null, 4, '2026-01-05'],
      ]);
      await projectRollupRepository.refreshStageSpans(database.db, null);
      expect(await projectRollupRepository.stageSpans(database.db)).toEqual(kept);
    });

    it('answers again from the data after a write (a confirmed stage, a batch item), not from the memo', async () => {
      const stage = async () => table(await rollups().rollup(w.leader.ctx, { by: 'stage', asOf: '2026-06-30' }));
      const summary = async () => (await rollups().summary(w.leader.ctx, { asOf: '2026-06-30' })).latestBatch?.batch.projectCount;
      expect((await stage()).signed).toEqual([1, 10000]);
      expect(await summary()).toBe(2);
      await walk(w.ownerB, id.P2!, [['performing', '2026-06-01']]);
      expect((await stage()).signed).toBeUndefined();
      expect((await stage()).performing).toEqual([1, 10000]);
      const b1 = (await w.env.services.projectBatches.list(w.officeA.ctx)).items.find((b) => b.name === '第一期')!;
      await w.env.services.projectBatches.addProject(w.officeA.ctx, b1.id, { projectId: id.P3!, role: 'start' });
      expect(await summary()).toBe(3);
      // A move back (部分投产 → 开工, production stopped) counts from its day.
      const p = await w.env.services.projectStages.record(w.ownerA.ctx, id.P5!, {
        stage: 'started',
        actualDate: '2026-06-20',
        reason: '生产线检修',
      });
      await w.env.services.projectStages.confirm(w.officeCity.ctx, id.P5!, p.stages.find((x) => x.status === 'pending')!.id);
      const at = async (asOf: string) => table(await rollups().rollup(w.leader.ctx, { by: 'stage', asOf }));
      expect((await at('2026-06-19')).partly_producing).toEqual([1, 20000]);
      expect((await at('2026-06-20')).partly_producing).toBeUndefined();
      expect((await at('2026-06-20')).started).toEqual([3, 164999.99]);
    });
  });
}
