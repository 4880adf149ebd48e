import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawFrameworkNode } from '../../../src/domain/evaluation/framework.js';
import type { RequestContext } from '../../../src/core/context.js';
import type { DistrictIndexRow } from '../../../src/shared/contracts/results.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { evaluationSetup } from '../../helpers/evaluation.js';
import type { CityWithStaff, TestEnv } from '../../helpers/factories.js';

/**
 * Two items (framework weights 70/30), five standards, all for parks:
 *   A 市容环境 → SA1 field 4 pts (scored), SA2 material 2 pts
 *   B 文明秩序 → SB1 field 5 pts (scored), SB2 survey 5 pts (scored), SB3 online 1 pt
 */
const RESULT_NODES: RawFrameworkNode[] = [
  { code: 'A', parentCode: null, level: 'item', name: '市容环境', weight: 70 },
  { code: 'B', parentCode: null, level: 'item', name: '文明秩序', weight: 30 },
  { code: 'A.1', parentCode: 'A', level: 'indicator', name: '环境卫生' },
  { code: 'B.1', parentCode: 'B', level: 'indicator', name: '公共秩序' },
  { code: 'A.1.1', parentCode: 'A.1', level: 'content', name: '保洁' },
  { code: 'B.1.1', parentCode: 'B.1', level: 'content', name: '秩序' },
  {
    code: 'SA1',
    parentCode: 'A.1.1',
    level: 'standard',
    name: '地面整洁',
    method: 'field',
    points: 4,
    pointTypes: ['park'],
    passRule: { kind: 'scored', max: 4 },
  },
  { code: 'SA2', parentCode: 'A.1.1', level: 'standard', name: '保洁台账', method: 'material', points: 2, pointTypes: ['park'] },
  {
    code: 'SB1',
    parentCode: 'B.1.1',
    level: 'standard',
    name: '游园有序',
    method: 'field',
    points: 5,
    pointTypes: ['park'],
    passRule: { kind: 'scored', max: 5 },
  },
  {
    code: 'SB2',
    parentCode: 'B.1.1',
    level: 'standard',
    name: '群众满意度',
    method: 'survey',
    points: 5,
    pointTypes: ['park'],
    passRule: { kind: 'scored', max: 5 },
  },
  { code: 'SB3', parentCode: 'B.1.1', level: 'standard', name: '网上申报材料', method: 'online', points: 1, pointTypes: ['park'] },
];

type A = { standardCode: string; answer: string; score?: number };
const s = (code: string, score: number): A => ({ standardCode: code, answer: 'score', score });
const pass = (code: string): A => ({ standardCode: code, answer: 'pass' });
const na = (code: string): A => ({ standardCode: code, answer: 'na' });

/**
 * P1 (川汇区, via its street) and P2 (淮阳区). Weeks start Monday 00:00 China time:
 *   I1 P1 Mon 03-02:           SA1 3/4, SA2 2/2, SB1 4/5, SB2 5/5, SB3 1/1   → 15/17 (week 1)
 *   I2 P2 Tue 03-03:           SA1 2/4, SA2 2/2, SB1 1/5, SB2 na,  SB3 1/1   → 6/12  (week 1)
 *   I4 P2 Sun 03-08 23:59:59:  SA1 0/4, SA2 na,  SB1 5/5, SB2 na,  SB3 na    → 5/9   (week 1)
 *   I3 P1 Mon 03-09 00:00:00:  SA1 4/4, SA2 2/2, SB1 5/5, SB2 3/5, SB3 1/1   → 15/17 (week 2)
 * 川汇: A 11/12, B 19/22; field 16/18, online (material + online) 6/6, survey 8/10.
 * 淮阳: A 4/10,  B 7/11;  field 8/18,  online 3/3, survey none (two "na").
 * City: A 15/22, B 26/33; field 24/36, online 9/9, survey 8/10.
 */
const INSPECTIONS: { point: 'P1' | 'P2'; at: string; answers: A[] }[] = [
  { point: 'P1', at: '2026-03-02T02:00:00Z', answers: [s('SA1', 3), pass('SA2'), s('SB1', 4), s('SB2', 5), pass('SB3')] },
  { point: 'P2', at: '2026-03-03T02:00:00Z', answers: [s('SA1', 2), pass('SA2'), s('SB1', 1), na('SB2'), pass('SB3')] },
  { point: 'P2', at: '2026-03-08T15:59:59Z', answers: [s('SA1', 0), na('SA2'), s('SB1', 5), na('SB2'), na('SB3')] },
  { point: 'P1', at: '2026-03-08T16:00:00Z', answers: [s('SA1', 4), pass('SA2'), s('SB1', 5), s('SB2', 3), pass('SB3')] },
];

const PERIOD = { from: '2026-03-02', to: '2026-03-16' };

for (const dialect of DIALECTS) {
  describe(`EvaluationResultsService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let frameworkId: number;
    let city: CityWithStaff['city'];
    const row = (rows: DistrictIndexRow[], id: number) => rows.find((r) => r.districtId === id)!;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const setup = await evaluationSetup(database, RESULT_NODES);
      ({ env, city, hq } = setup);
      const { inspId, insp } = setup;
      frameworkId = setup.frameworkId!;
      const points = {
        P1: (await env.services.checkpoints.create(hq, { code: 'P1', name: '人民公园', type: 'park', areaUnitId: city.street.id })).id,
        P2: (await env.services.checkpoints.create(hq, { code: 'P2', name: '龙湖公园', type: 'park', areaUnitId: city.otherDistrict.id }))
          .id,
      };
      await env.services.inspectionPlans.createPlan(hq, {
        name: '三月',
        periodFrom: '2026-03-01',
        periodTo: '2026-03-31',
        seed: 1,
        targetCount: 10,
        frameworkId,
        inspectorIds: [inspId],
      });
      env.clock.set('2026-03-20T00:00:00Z');
      for (const i of INSPECTIONS) {
        await env.services.inspections.submit(
          insp,
          { idempotencyKey: randomUUID(), pointId: points[i.point], recordedAt: i.at, answers: i.answers },
          [],
        );
      }
    });
    afterAll(async () => database.drop());

    it('without a campaign: the framework item weights (70/30) and the default annual weights (40/40/20)', async () => {
      const r = await env.services.results.index(hq, { frameworkId, ...PERIOD });
      expect(r).toMatchObject({
        weightsSource: 'framework',
        campaignId: null,
        annualWeights: { online: 40, field: 40, survey: 20 },
        rejected: 0,
      });
      expect(r.items).toEqual([
        { code: 'A', name: '市容环境', weight: 70 },
        { code: 'B', name: '文明秩序', weight: 30 },
      ]);
      const x = row(r.districts, city.district.id);
      // 70·11/12 + 30·19/22 = 64.1667 + 25.9091
      expect(x.index).toBeCloseTo(90.0758, 3);
      // 40·6/6 + 40·16/18 + 20·8/10 = 40 + 35.5556 + 16
      expect(x.annual.score).toBeCloseTo(91.5556, 3);
      const y = row(r.districts, city.otherDistrict.id);
      // 70·0.4 + 30·7/11 = 28 + 19.0909
      expect(y.index).toBeCloseTo(47.0909, 3);
      // survey missing: (40·1 + 40·8/18) / 80 · 100
      expect(y.annual.score).toBeCloseTo(72.2222, 3);
    });

    it('with a campaign: its item weights (50/50) and annual weights (30/50/20), ranked, with the whole city', async () => {
      const c = await env.services.campaigns.create(hq, {
        name: '2026',
        frameworkId,
        settings: { itemWeights: { A: 50, B: 50 }, annualWeights: { online: 30, field: 50, survey: 20 } },
      });
      // No frameworkId: the current campaign's pinned version.
      const r = await env.services.results.index(hq, PERIOD);
      expect(r).toMatchObject({
        framework: { id: frameworkId },
        campaignId: c.id,
        weightsSource: 'campaign',
        annualWeights: { online: 30, field: 50, survey: 20 },
      });
      expect(r.districts.map((d) => [d.name, d.rank])).toEqual([
        ['川汇区', 1],
        ['淮阳区', 2],
      ]);
      const [x, y] = r.districts as [DistrictIndexRow, DistrictIndexRow];
      expect(x).toMatchObject({ earned: 30, possible: 34, coveredWeight: 100, missingItems: [] });
      expect(x.items).toEqual({ A: { earned: 11, possible: 12, rate: 11 / 12 }, B: { earned: 19, possible: 22, rate: 19 / 22 } });
      // 50·11/12 + 50·19/22
      expect(x.index).toBeCloseTo(89.0152, 3);
      expect(x.annual.parts).toEqual({
        online: { earned: 6, possible: 6, rate: 1 },
        field: { earned: 16, possible: 18, rate: 16 / 18 },
        survey: { earned: 8, possible: 10, rate: 0.8 },
      });
      // 30·1 + 50·16/18 + 20·0.8
      expect(x.annual.score).toBeCloseTo(90.4444, 3);
      expect(x.annual).toMatchObject({ coveredWeight: 100, missingParts: [] });

      expect(y).toMatchObject({ earned: 11, possible: 21 });
      // 50·0.4 + 50·7/11
      expect(y.index).toBeCloseTo(51.8182, 3);
      expect(y.annual.parts.survey).toEqual({ earned: 0, possible: 0, rate: null });
      // (30·3/3 + 50·8/18) / 80 · 100
      expect(y.annual.score).toBeCloseTo(65.2778, 3);
      expect(y.annual).toMatchObject({ coveredWeight: 80, missingParts: ['survey'] });

      expect(r.city).toMatchObject({ districtId: null, earned: 41, possible: 55, rank: null });
      // 50·15/22 + 50·26/33; 30·9/9 + 50·24/36 + 20·8/10
      expect(r.city.index).toBeCloseTo(73.4848, 3);
      expect(r.city.annual.score).toBeCloseTo(79.3333, 3);

      // The same campaign named explicitly; an unknown one is a 404 naming the field.
      expect((await env.services.results.index(hq, { ...PERIOD, campaignId: c.id })).city.index).toBeCloseTo(73.4848, 3);
      await expect(env.services.results.index(hq, { ...PERIOD, campaignId: 999 })).rejects.toMatchObject({
        status: 404,
        details: { field: 'campaignId' },
      });
    });

    it('applies a campaign’s weights only to a version they fit', async () => {
      const other = await env.services.frameworks.create(hq, {
        name: 'G',
        nodes: RESULT_NODES.map((n) => (n.code === 'A' ? { ...n, weight: 20 } : n.code === 'B' ? { ...n, weight: 80 } : n)),
      });
      const g = (await env.services.frameworks.publish(hq, other.id)).id;
      // The current campaign's weights name A and B, which G also has: they apply.
      expect((await env.services.results.index(hq, { ...PERIOD, frameworkId: g })).weightsSource).toBe('campaign');
      const third = await env.services.frameworks.create(hq, {
        name: 'H',
        nodes: RESULT_NODES.map((n) => (n.code === 'B' ? { ...n, code: 'C' } : n.parentCode === 'B' ? { ...n, parentCode: 'C' } : n)),
      });
      const h = (await env.services.frameworks.publish(hq, third.id)).id;
      // H has items A and C: the current campaign's weights do not fit, the framework's apply…
      expect((await env.services.results.index(hq, { ...PERIOD, frameworkId: h })).weightsSource).toBe('framework');
      // …but naming that campaign for H is a mistake in the request.
      const c = (await env.services.campaigns.current(database.db))!;
      await expect(env.services.results.index(hq, { ...PERIOD, frameworkId: h, campaignId: c.id })).rejects.toMatchObject({
        status: 422,
        details: { field: 'campaignId' },
      });
    });

    it('trends 得分率 by week (Monday 00:00 China time) per district and for the city', async () => {
      const t = await env.services.results.trend(hq, { frameworkId, ...PERIOD, bucket: 'week', groupBy: 'district' });
      expect(t.buckets).toEqual([
        { start: '2026-03-02', end: '2026-03-09' },
        { start: '2026-03-09', end: '2026-03-16' },
      ]);
      expect(t.series.map((x) => x.name)).toEqual(['川汇区', '淮阳区']);
      // 川汇: I1 15/17, then I3 15/17. 淮阳: I2 6/12 + I4 (Sunday 23:59:59) 5/9 = 11/21, then nothing.
      expect(t.series[0]!.cells).toEqual([
        { earned: 15, possible: 17, rate: 15 / 17 },
        { earned: 15, possible: 17, rate: 15 / 17 },
      ]);
      expect(t.series[1]!.cells).toEqual([
        { earned: 11, possible: 21, rate: 11 / 21 },
        { earned: 0, possible: 0, rate: null },
      ]);
      const all = await env.services.results.trend(hq, { frameworkId, ...PERIOD, bucket: 'week', groupBy: 'all' });
      expect(all.series).toEqual([
        expect.objectContaining({
          key: 'all',
          cells: [
            { earned: 26, possible: 38, rate: 26 / 38 },
            { earned: 15, possible: 17, rate: 15 / 17 },
          ],
        }),
      ]);
      const items = await env.services.results.trend(hq, { frameworkId, ...PERIOD, bucket: 'month', groupBy: 'item' });
      expect(items.buckets).toEqual([{ start: '2026-03-01', end: '2026-04-01' }]);
      expect(items.series.map((x) => [x.key, x.cells[0]!.earned, x.cells[0]!.possible])).toEqual([
        ['A', 15, 22],
        ['B', 26, 33],
      ]);
    });

    it('rolls up rates with names, and refuses bad periods naming the field', async () => {
      const byType = await env.services.results.rates(hq, { frameworkId, ...PERIOD, groupBy: 'pointType' });
      expect(byType.cells).toEqual([expect.objectContaining({ key: 'park', code: 'park', name: '公园', earned: 41, possible: 55 })]);
      const byStandard = await env.services.results.rates(hq, { frameworkId, ...PERIOD, groupBy: 'standard' });
      expect(byStandard.cells.find((c) => c.key === 'SB2')).toMatchObject({ name: '群众满意度', earned: 8, possible: 10, na: 2 });
      // A date-only bound is 00:00 China time: from 03-09 leaves out I4 (Sunday 23:59:59 China time).
      const late = await env.services.results.rates(hq, { frameworkId, from: '2026-03-09', to: '2026-03-16', groupBy: 'all' });
      expect(late.cells[0]).toMatchObject({ earned: 15, possible: 17 });
      const bad = (q: object) => env.services.results.rates(hq, { frameworkId, ...PERIOD, groupBy: 'all', ...q });
      await expect(bad({ from: 'yesterday' })).rejects.toMatchObject({ status: 422, details: { field: 'from' } });
      await expect(bad({ to: '2026-02-30' })).rejects.toMatchObject({ status: 422, details: { field: 'to' } });
      await expect(bad({ from: '2026-03-16', to: '2026-03-02' })).rejects.toMatchObject({ status: 422, details: { field: 'to' } });
      await expect(bad({ from: '2026-03-02T00:00:00' })).rejects.toMatchObject({ status: 422, details: { field: 'from' } });
      await expect(bad({ groupBy: 'week' })).rejects.toMatchObject({ status: 422, details: { field: 'groupBy' } });
      await expect(bad({ frameworkId: 9999 })).rejects.toMatchObject({ status: 404, details: { field: 'frameworkId' } });
      await expect(
        env.services.results.trend(hq, { frameworkId, from: '2000-01-01', to: '2026-01-01', bucket: 'week', groupBy: 'all' }),
      ).rejects.toMatchObject({ status: 422, details: { field: 'bucket' } });
    });

    it('gathers the export data from one load', async () => {
      const x = await env.services.results.exportData(hq, { frameworkId, ...PERIOD });
      expect(x.index.districts).toHaveLength(2);
      expect(x.rates.point.map((c) => c.name).sort()).toEqual(['人民公园', '龙湖公园']);
      expect(x.rates.district.map((c) => c.code).sort()).toEqual(['411602', '411603']);
      expect(x.trend.buckets).toHaveLength(2);
      expect(x.trendCity.series[0]!.cells[1]).toEqual({ earned: 15, possible: 17, rate: 15 / 17 });
    });
  });
}
