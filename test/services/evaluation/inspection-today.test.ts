import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import type { AppError } from '../../../src/core/errors.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { evaluationSetup } from '../../helpers/evaluation.js';
import type { TestEnv } from '../../helpers/factories.js';
import type { RawFrameworkNode } from '../../../src/domain/evaluation/framework.js';

const NODES: RawFrameworkNode[] = [
  { code: 'A01', parentCode: null, level: 'item', name: '公共秩序', weight: 100 },
  { code: 'A01.01', parentCode: 'A01', level: 'indicator', name: '交通秩序' },
  { code: 'A01.01.01', parentCode: 'A01.01', level: 'content', name: '文明出行' },
  { code: 'S3', parentCode: 'A01.01.01', level: 'standard', name: '车辆有序停放', method: 'field', points: 1, pointTypes: ['main_road'] },
];

for (const dialect of DIALECTS) {
  describe(`today's route on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let insp: RequestContext;
    let inspId: number;
    let frameworkId: number;
    let campaignId: number;
    const districtOf = new Map<number, number>();

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const setup = await evaluationSetup(database, NODES);
      ({ env, hq, insp, inspId } = setup);
      const city = setup.city;
      frameworkId = setup.frameworkId!;
      // 14 roads in each of two districts ~20 km apart.
      for (const [d, unit] of [city.district, city.otherDistrict].entries()) {
        for (let i = 0; i < 14; i++) {
          const p = await env.services.checkpoints.create(hq, {
            code: `R${d}-${i}`,
            name: `路${d}-${i}`,
            type: 'main_road',
            lon: 114.6 + d * 0.2 + i * 0.001,
            lat: 33.6 + (i % 3) * 0.001,
            areaUnitId: unit.id,
            mustCheck: true,
          });
          districtOf.set(p.id, unit.id);
        }
      }
      campaignId = (await env.services.campaigns.create(hq, { name: '创建', frameworkId, settings: { maxPointsPerDay: 10 } })).id;
      // Clock: 2026-03-02 09:00 China time; a four-day plan from today.
      await env.services.inspectionPlans.createPlan(hq, {
        name: '三月上旬',
        periodFrom: '2026-03-02',
        periodTo: '2026-03-05',
        seed: 1,
        targetCount: 28,
        frameworkId,
        inspectorIds: [inspId],
      });
    });
    afterAll(async () => database.drop());

    it('gives a walkable day: at most maxPointsPerDay points of one district, and the size of the whole plan', async () => {
      const { items, route } = await env.services.inspections.myPoints(insp);
      expect(items.length).toBeGreaterThan(0);
      expect(items.length).toBeLessThanOrEqual(10);
      expect(new Set(items.map((i) => districtOf.get(i.point.id))).size).toBe(1);
      expect(items.every((i) => !i.done)).toBe(true);
      // 14 + 14 points, at most 10 a day and districts 20 km apart: 5 + 5 + 5 + … never a day across both.
      expect(route).toMatchObject({ day: '2026-03-02', dayNumber: 1, periodDays: 4, planPoints: 28, maxPointsPerDay: 10, catchUp: false });
      expect(route.routeDays).toBe(4);
      expect(route.unscheduled).toBe(0);
      // Stable: asked again (or with a position) the same points.
      const again = await env.services.inspections.myPoints(insp, { lon: 114.6, lat: 33.6 });
      expect(again.items.map((i) => i.point.id).sort()).toEqual(items.map((i) => i.point.id).sort());
    });

    it('marks a point done once inspected today, and the next day brings the next route', async () => {
      const first = (await env.services.inspections.myPoints(insp)).items;
      const target = first[0]!.point.id;
      await env.services.inspections.submit(
        insp,
        {
          idempotencyKey: randomUUID(),
          pointId: target,
          recordedAt: env.clock.now().toISOString(),
          answers: [{ standardCode: 'S3', answer: 'pass' }],
        },
        [],
      );
      const after = (await env.services.inspections.myPoints(insp)).items;
      expect(after.find((i) => i.point.id === target)?.done).toBe(true);
      expect(after.filter((i) => i.done)).toHaveLength(1);

      const tomorrow = await env.services.inspections.myPoints(insp, { day: '2026-03-03' });
      expect(tomorrow.route.dayNumber).toBe(2);
      expect(tomorrow.items.length).toBeLessThanOrEqual(10);
      expect(tomorrow.items.some((i) => first.some((f) => f.point.id === i.point.id))).toBe(false);
      expect(tomorrow.items.every((i) => !i.done)).toBe(true);
    });

    it('fewer days than routes: the rest is reported as unscheduled, never crammed into a day', async () => {
      await env.services.campaigns.update(hq, campaignId, { settings: { maxPointsPerDay: 3 } });
      const { items, route } = await env.services.inspections.myPoints(insp, { day: '2026-03-05' });
      expect(items.length).toBeLessThanOrEqual(3);
      expect(route.routeDays).toBe(10);
      expect(route.unscheduled).toBe(28 - 4 * 3);
      await env.services.campaigns.update(hq, campaignId, { settings: { maxPointsPerDay: 10 } });
    });

    it('refuses a limit that is not a whole number from 1 to 200, naming the field', async () => {
      for (const bad of [0, 201, 2.5]) {
        const e = (await env.services.campaigns
          .update(hq, campaignId, { settings: { maxPointsPerDay: bad } })
          .catch((x: unknown) => x)) as AppError;
        expect(e.status).toBe(422);
        expect(e.details).toMatchObject({ field: 'settings.maxPointsPerDay' });
      }
    });

    it("overlapping plans: the day is the newest plan's route only, still at most the limit", async () => {
      const plan = await env.services.inspectionPlans.createPlan(hq, {
        name: '加测',
        periodFrom: '2026-03-02',
        periodTo: '2026-03-02',
        seed: 2,
        targetCount: 28,
        frameworkId,
        inspectorIds: [inspId],
      });
      const { items, route } = await env.services.inspections.myPoints(insp);
      expect(items.every((i) => i.planId === plan.id)).toBe(true);
      expect(items.length).toBe(7);
      expect(route).toMatchObject({ dayNumber: 1, periodDays: 1, planPoints: 28, unscheduled: 21 });
      // The older plan's route comes back when the newer one has nothing for the day.
      const next = await env.services.inspections.myPoints(insp, { day: '2026-03-03' });
      expect(next.items.every((i) => i.planId !== plan.id)).toBe(true);
      expect(next.route.dayNumber).toBe(2);
    });
  });
}
