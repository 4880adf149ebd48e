import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import type { AppError } from '../../../src/core/errors.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { evaluationSetup, SAMPLE_NODES } from '../../helpers/evaluation.js';
import type { TestEnv } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';

for (const dialect of DIALECTS) {
  describe(`InspectionService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let insp: RequestContext;
    let inspId: number;
    let frameworkId: number;
    let parkId: number;
    let otherId: number;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const setup = await evaluationSetup(database, SAMPLE_NODES);
      ({ env, hq, insp, inspId } = setup);
      const city = setup.city;
      frameworkId = setup.frameworkId!;
      parkId = (
        await env.services.checkpoints.create(hq, {
          code: 'PK',
          name: '人民公园',
          type: 'park',
          lon: 114.65,
          lat: 33.62,
          areaUnitId: city.district.id,
          mustCheck: true,
        })
      ).id;
      otherId = (
        await env.services.checkpoints.create(hq, {
          code: 'RD',
          name: '七一路',
          type: 'main_road',
          lon: 114.66,
          lat: 33.63,
          areaUnitId: city.otherDistrict.id,
        })
      ).id;
      for (let i = 0; i < 6; i++)
        await env.services.checkpoints.create(hq, { code: `S${i}`, name: `学校${i}`, type: 'school', lon: 114.6, lat: 33.6 });
    });
    afterAll(async () => database.drop());

    it('plans must-check points first, reproducibly from the seed, and refuses a draft framework', async () => {
      const input = {
        name: '三月',
        periodFrom: '2026-03-01',
        periodTo: '2026-03-31',
        seed: 42,
        targetCount: 3,
        frameworkId,
        inspectorIds: [inspId],
      };
      const a = await env.services.inspectionPlans.createPlan(hq, input);
      const b = await env.services.inspectionPlans.createPlan(hq, input);
      expect(a.seed).toBe(42);
      expect(a.points[0]).toMatchObject({ checkpointId: parkId, reasons: ['must_check'], inspectorId: inspId });
      expect(a.points.map((p) => p.checkpointId)).toEqual(b.points.map((p) => p.checkpointId));
      expect(a.points).toHaveLength(3);
      const draft = await env.services.frameworks.create(hq, { name: 'D' });
      await expect(env.services.inspectionPlans.createPlan(hq, { ...input, frameworkId: draft.id })).rejects.toMatchObject({ status: 409 });
      // What the plan form lets through is refused in the user's language.
      const refused: [Partial<typeof input>, string, string][] = [
        [{ name: '  ' }, 'name', '请填写计划名称'],
        [{ periodTo: '2026-02-28' }, 'periodTo', '结束日期不能早于开始日期'],
        [{ inspectorIds: [] }, 'inspectorIds', '请至少选择一名督导员'],
      ];
      for (const [over, field, zh] of refused)
        await expect(env.services.inspectionPlans.createPlan(hq, { ...input, ...over })).rejects.toMatchObject({
          status: 422,
          details: { field, text: { zh } },
        });
      // Make sure the road is assigned too (targets cover every point).
      await env.services.inspectionPlans.createPlan(hq, { ...input, targetCount: 100 });
      const mine = await env.services.inspections.myPoints(insp, { lon: 114.65, lat: 33.62 });
      expect(mine.items[0]!.point.id).toBe(parkId);
      expect(mine.items[0]!.distanceM).toBe(0);
    });

    it('submits, replays without duplicates, refuses conflicts, unassigned points and foreign standards', async () => {
      const key = randomUUID();
      const fail = await photos(1);
      const cmd = {
        idempotencyKey: key,
        pointId: parkId,
        recordedAt: '2026-03-02T01:00:00.000Z',
        position: { lon: 114.7, lat: 33.62 },
        answers: [
          { standardCode: 'S1', answer: 'fail', note: '垃圾' },
          { standardCode: 'S2', answer: 'score', score: 2 },
          { standardCode: 'S3', answer: 'pass' },
        ],
      };
      const uploads = fail.map((p) => ({ ...p, field: 'photos_S1' }));
      const first = await env.services.inspections.submit(insp, cmd, uploads);
      expect(first.replay).toBe(false);
      expect(first.inspection).toMatchObject({ earned: 3.5, possible: 6.5, positionFlagged: true });
      const caseId = first.inspection.answers.find((a) => a.standardCode === 'S1')!.caseId;
      expect(caseId).toBeTypeOf('number');
      const c = await env.services.caseQuery.get(hq, caseId!);
      expect(c).toMatchObject({ source: 'inspection', checkPointId: parkId });

      const again = await env.services.inspections.submit(insp, cmd, uploads);
      expect(again.replay).toBe(true);
      expect(again.inspection.id).toBe(first.inspection.id);
      const n = async (t: 'inspections' | 'cases') =>
        Number(
          (
            await database.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await n('inspections')).toBe(1);
      expect(await n('cases')).toBe(1);

      const changed = { ...cmd, answers: cmd.answers.map((a) => (a.standardCode === 'S3' ? { ...a, answer: 'na' } : a)) };
      await expect(env.services.inspections.submit(insp, changed, uploads)).rejects.toMatchObject({ status: 409 });

      const stranger = (await env.services.checkpoints.create(hq, { code: 'X1', name: '未分配', type: 'park' })).id;
      await expect(
        env.services.inspections.submit(insp, { ...cmd, idempotencyKey: randomUUID(), pointId: stranger }, uploads),
      ).rejects.toMatchObject({ status: 403 });

      const foreign = (await env.services.inspections
        .submit(
          insp,
          {
            ...cmd,
            idempotencyKey: randomUUID(),
            pointId: otherId,
            answers: [
              { standardCode: 'S3', answer: 'pass' },
              { standardCode: 'S2', answer: 'pass' },
            ],
          },
          [],
        )
        .catch((e: unknown) => e)) as AppError;
      expect(foreign.status).toBe(422);
      expect(foreign.code).toBe('standard_not_for_type');
      expect(await n('inspections')).toBe(1);
    });

    it('rolls up 得分率 by item and district and marks the point weak', async () => {
      const r = await env.services.results.rates(hq, { frameworkId, from: '2026-03-01', to: '2026-04-01', groupBy: 'item' });
      expect(r.cells).toEqual([
        expect.objectContaining({ key: 'A01', earned: 2, possible: 5 }),
        expect.objectContaining({ key: 'A02', earned: 1.5, possible: 1.5, rate: 1 }),
      ]);
      const d = await env.services.results.rates(hq, { frameworkId, from: '2026-03-01', to: '2026-04-01', groupBy: 'district' });
      expect(d.cells).toHaveLength(1);
      const p = await env.services.checkpoints.get(hq, parkId);
      expect(p.weakness.weak).toBe(true);
      expect(p.weakness.reasons[0]).toMatchObject({ kind: 'low_rate' });
    });
  });
}
