import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawFrameworkNode } from '../../../src/domain/evaluation/framework.js';
import type { RequestContext } from '../../../src/core/context.js';
import type { AppError } from '../../../src/core/errors.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { evaluationSetup } from '../../helpers/evaluation.js';
import type { TestEnv } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';

const NODES: RawFrameworkNode[] = [
  { code: 'A01', parentCode: null, level: 'item', name: '公共环境', weight: 60 },
  { code: 'A02', parentCode: null, level: 'item', name: '公共秩序', weight: 40 },
  { code: 'A01.01', parentCode: 'A01', level: 'indicator', name: '市容市貌' },
  { code: 'A02.01', parentCode: 'A02', level: 'indicator', name: '交通秩序' },
  { code: 'A01.01.01', parentCode: 'A01.01', level: 'content', name: '环境卫生' },
  { code: 'A02.01.01', parentCode: 'A02.01', level: 'content', name: '文明出行' },
  { code: 'S1', parentCode: 'A01.01.01', level: 'standard', name: '地面无垃圾', method: 'field', points: 2, pointTypes: ['park'] },
  { code: 'S3', parentCode: 'A02.01.01', level: 'standard', name: '车辆有序停放', method: 'field', points: 1.5, pointTypes: ['main_road'] },
];

for (const dialect of DIALECTS) {
  describe(`CampaignService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let insp: RequestContext;
    let inspId: number;
    let frameworkId: number;
    let roadId: number;

    const count = async (t: 'campaigns' | 'audit_log' | 'inspections') =>
      Number(
        (
          await database.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const setup = await evaluationSetup(database, NODES);
      ({ env, hq, insp, inspId } = setup);
      const city = setup.city;
      frameworkId = setup.frameworkId!;
      roadId = (
        await env.services.checkpoints.create(hq, {
          code: 'RD',
          name: '七一路',
          type: 'main_road',
          lon: 114.66,
          lat: 33.63,
          responsibleUnitId: city.dept.id,
          areaUnitId: city.district.id,
        })
      ).id;
    });
    afterAll(async () => database.drop());

    it('creates a campaign with default settings and refuses a draft or bad settings, writing nothing', async () => {
      const draft = await env.services.frameworks.create(hq, { name: 'D' });
      await expect(env.services.campaigns.create(hq, { name: '草稿', frameworkId: draft.id })).rejects.toMatchObject({
        status: 409,
        code: 'version_not_published',
      });
      const before = [await count('campaigns'), await count('audit_log')];
      const bad = (await env.services.campaigns
        .create(hq, { name: 'x', frameworkId, settings: { weakness: { lastN: 0 } } })
        .catch((e: unknown) => e)) as AppError;
      expect(bad).toMatchObject({ status: 422, details: { field: 'settings.weakness.lastN' } });
      const weights = (await env.services.campaigns
        .create(hq, { name: 'x', frameworkId, settings: { itemWeights: { A01: 60, A99: 40 } } })
        .catch((e: unknown) => e)) as AppError;
      expect(weights.details).toMatchObject({ field: 'settings.itemWeights.A99' });
      await expect(
        env.services.campaigns.create(hq, { name: 'x', frameworkId, settings: { annualWeights: { online: 50, field: 40, survey: 20 } } }),
      ).rejects.toMatchObject({ status: 422 });
      await expect(
        env.services.campaigns.create(hq, { name: 'x', frameworkId, settings: { maxPositionMeters: -1 } }),
      ).rejects.toMatchObject({ details: { field: 'settings.maxPositionMeters' } });
      await expect(env.services.campaigns.create(hq, { name: ' ', frameworkId })).rejects.toMatchObject({ details: { field: 'name' } });
      expect([await count('campaigns'), await count('audit_log')]).toEqual(before);

      const c = await env.services.campaigns.create(hq, { name: '2026年创建', frameworkId });
      expect(c).toMatchObject({
        frameworkId,
        current: true,
        settings: {
          weakness: { lastN: 3, rateThreshold: 0.8, minCases: 3, caseWindowDays: 30 },
          maxPositionMeters: 300,
          itemWeights: null,
          annualWeights: { online: 40, field: 40, survey: 20 },
          cycleWeights: [0.15, 0.25, 0.6],
        },
      });
      const patched = await env.services.campaigns.update(hq, c.id, {
        settings: { itemWeights: { A01: 70, A02: 30 }, weakness: { minCases: 5 } },
      });
      expect(patched.settings.itemWeights).toEqual({ A01: 70, A02: 30 });
      expect(patched.settings.weakness).toEqual({ lastN: 3, rateThreshold: 0.8, minCases: 5, caseWindowDays: 30 });
      await expect(env.services.campaigns.update(insp, c.id, { name: 'y' })).rejects.toMatchObject({ status: 403 });
      await expect(env.services.campaigns.update(hq, 99999, { name: 'y' })).rejects.toMatchObject({ status: 404 });
    });

    it('applies the weak-point rule and the position limit HQ sets, and refuses re-pinning once inspected', async () => {
      const [c] = await env.services.campaigns.list(hq);
      await env.services.campaigns.update(hq, c!.id, {
        settings: { weakness: { lastN: 3, rateThreshold: 0.8, minCases: 3, caseWindowDays: 30 }, maxPositionMeters: 300 },
      });
      await env.services.inspectionPlans.createPlan(hq, {
        name: 'P',
        periodFrom: '2026-03-01',
        periodTo: '2026-03-31',
        seed: 1,
        targetCount: 10,
        frameworkId,
        inspectorIds: [inspId],
      });
      const uploads = (await photos(1)).map((p) => ({ ...p, field: 'photos_S3' }));
      // About 460 m east of the point: beyond the default 300 m.
      const cmd = {
        idempotencyKey: randomUUID(),
        pointId: roadId,
        recordedAt: env.clock.now().toISOString(),
        position: { lon: 114.665, lat: 33.63 },
        answers: [{ standardCode: 'S3', answer: 'fail', note: '乱停放' }],
      };
      const first = await env.services.inspections.submit(insp, cmd, uploads);
      expect(first.inspection.positionFlagged).toBe(true);

      // Rate 0 < 80%: weak for its rate; one case < 3: not for cases.
      let p = await env.services.checkpoints.get(hq, roadId);
      expect(p.weakness.reasons.map((r) => r.kind)).toEqual(['low_rate']);
      await env.services.campaigns.update(hq, c!.id, {
        settings: { weakness: { rateThreshold: 0, minCases: 1 }, maxPositionMeters: 1000 },
      });
      p = await env.services.checkpoints.get(hq, roadId);
      expect(p.weakness.reasons).toEqual([{ kind: 'repeated_cases', count: 1, minCases: 1, days: 30 }]);
      await env.services.campaigns.update(hq, c!.id, { settings: { weakness: { minCases: 2 } } });
      expect((await env.services.checkpoints.get(hq, roadId)).weakness.weak).toBe(false);

      const second = await env.services.inspections.submit(
        insp,
        { ...cmd, idempotencyKey: randomUUID(), answers: [{ standardCode: 'S3', answer: 'pass' }] },
        [],
      );
      expect(second.inspection.positionFlagged).toBe(false);
      expect(second.inspection.distanceM).toBeGreaterThan(300);

      const f2 = await env.services.frameworks.create(hq, { name: 'F', nodes: NODES });
      const v2 = await env.services.frameworks.publish(hq, f2.id);
      const err = (await env.services.campaigns.update(hq, c!.id, { frameworkId: v2.id }).catch((e: unknown) => e)) as AppError;
      expect(err).toMatchObject({ status: 409, code: 'campaign_started' });
      expect((await env.services.campaigns.get(hq, c!.id)).frameworkId).toBe(frameworkId);
      // A new campaign may pin the new version and becomes the current one.
      const next = await env.services.campaigns.create(hq, { name: '2027年创建', frameworkId: v2.id });
      expect((await env.services.campaigns.list(hq)).map((x) => [x.id, x.current])).toEqual([
        [next.id, true],
        [c!.id, false],
      ]);
    });
  });
}
