import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, contextFor, makeUser, type TestEnv } from '../../helpers/factories.js';
import { failure } from '../../helpers/errors.js';
import { makeCampaign, modelInput, rowCount } from '../../helpers/assessment.js';

for (const dialect of DIALECTS) {
  describe(`AssessmentModelService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let hq: RequestContext;
    let leader: RequestContext;
    let handler: RequestContext;
    let campaignId: number;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const staff = await cityWithStaff(database);
      ({ env, hq } = staff);
      const city = staff.city.city;
      leader = await contextFor(database, (await makeUser(database, { unit: city, roles: [{ role: 'leader', unit: city }] })).id);
      handler = await contextFor(database, staff.city.handler.id);
      campaignId = await makeCampaign(database);
    });
    afterAll(async () => database.drop());

    it('draft → publish → frozen (409) → new draft; the latest published version is in force', async () => {
      const svc = env.services.assessmentModels;
      await expect(svc.inForce(hq, campaignId)).rejects.toMatchObject({ status: 404 });
      const d1 = await svc.create(hq, { campaignId, model: { ...modelInput(), version: 99 } });
      expect(d1).toMatchObject({ campaignId, version: 1, status: 'draft', revision: 1, publishedAt: null });
      // The version is the server's to assign.
      expect(d1.model.version).toBe(1);
      expect(d1.createdByName).toMatch(/^用户/);

      const edited = await svc.update(hq, d1.id, { revision: 1, model: modelInput('考核办法（修订）') });
      expect(edited).toMatchObject({ revision: 2, model: { name: '考核办法（修订）', version: 1 } });
      expect(edited.updatedAt).not.toBeNull();

      const p1 = await svc.publish(hq, d1.id);
      expect(p1).toMatchObject({ status: 'published', version: 1 });
      expect(p1.publishedAt).not.toBeNull();
      expect(p1.publishedByName).toBe(d1.createdByName);
      expect((await svc.inForce(hq, campaignId)).id).toBe(d1.id);

      // Frozen: no edit, no second publication, nothing changed.
      const edit = await failure(svc.update(hq, d1.id, { revision: 2, model: modelInput('改') }));
      expect(edit).toMatchObject({ status: 409, code: 'model_published' });
      await expect(svc.publish(hq, d1.id)).rejects.toMatchObject({ status: 409 });
      expect((await svc.get(hq, d1.id)).model.name).toBe('考核办法（修订）');

      const d2 = await svc.newDraft(hq, d1.id);
      expect(d2).toMatchObject({ version: 2, status: 'draft', revision: 1, model: { name: '考核办法（修订）', version: 2 } });
      // A draft is edited, not copied.
      await expect(svc.newDraft(hq, d2.id)).rejects.toMatchObject({ status: 409, code: 'model_not_published' });
      // Until published, version 1 stays in force.
      expect((await svc.inForce(leader, campaignId)).version).toBe(1);
      await svc.publish(hq, d2.id);
      expect((await svc.inForce(leader, campaignId)).version).toBe(2);
      expect((await svc.list(hq, campaignId)).map((v) => [v.version, v.status])).toEqual([
        [2, 'published'],
        [1, 'published'],
      ]);

      const actions = await database.db
        .selectFrom('audit_log')
        .select(['action', 'target_id'])
        .where('target_type', '=', 'assessment_model')
        .orderBy('seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'assessment_model.create',
        'assessment_model.update',
        'assessment_model.publish',
        'assessment_model.create',
        'assessment_model.publish',
      ]);
    });

    it('refuses an unsound model with 422 naming the first field, every problem listed, nothing written', async () => {
      const svc = env.services.assessmentModels;
      const before = [await rowCount(database, 'assessment_models'), await rowCount(database, 'audit_log')];
      const bad = modelInput();
      bad.groups[1]!.components[0] = { kind: 'evaluation', weight: 50 }; // 50 + 60 ≠ 100
      (bad.groups[0] as { name: string }).name = ' ';
      const e = await failure(svc.create(hq, { campaignId, model: bad }));
      expect(e.status).toBe(422);
      expect(e.details?.field).toBe('model.groups[0].name');
      expect(e.message).toContain('model.groups[0].name');
      const problems = e.details?.problems as { field: string }[];
      expect(problems.length).toBeGreaterThanOrEqual(2);
      expect(problems.map((p) => p.field)).toContain('groups[1].components');
      await expect(svc.create(hq, { campaignId, model: 'not a model' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'model' },
      });
      // Bounds of the wire shape too: a stored model must fit the schema of its replies.
      await expect(svc.create(hq, { campaignId, model: modelInput('名'.repeat(101)) })).rejects.toMatchObject({
        status: 422,
        details: { field: 'model.name' },
      });
      const big = modelInput();
      big.groups[2]!.name = '组'.repeat(101);
      big.groups[2]!.members.unitIds = [501, 2 ** 40];
      const e2 = await failure(svc.create(hq, { campaignId, model: big }));
      expect(e2.details?.field).toBe('model.groups[2].name');
      expect((e2.details?.problems as { field: string }[]).map((p) => p.field)).toContain('groups[2].members.unitIds[1]');
      // The service's bounds carry codes and params like the domain's problems.
      expect(e2.details?.problems).toEqual([
        { field: 'groups[2].name', code: 'too_long', params: { max: 100 }, message: 'must be at most 100 characters' },
        {
          field: 'groups[2].members.unitIds[1]',
          code: 'unit_id_invalid',
          params: { value: String(2 ** 40) },
          message: `must be a unit id, got ${2 ** 40}`,
        },
      ]);
      await expect(svc.create(hq, { campaignId, model: modelInput() })).resolves.toMatchObject({ status: 'draft' });
      // Only the last (sound) create wrote a row and its audit record.
      expect([await rowCount(database, 'assessment_models'), await rowCount(database, 'audit_log')]).toEqual([
        before[0]! + 1,
        before[1]! + 1,
      ]);

      // A bad edit of a draft leaves it as it was.
      const d = await svc.create(hq, { campaignId, model: modelInput('待改') });
      await expect(svc.update(hq, d.id, { revision: 1, model: { ...modelInput(), groups: [] } })).rejects.toMatchObject({
        status: 422,
        details: { field: 'model.groups' },
      });
      expect(await svc.get(hq, d.id)).toMatchObject({ revision: 1, model: { name: '待改' } });
      await expect(svc.create(hq, { campaignId: 999999, model: modelInput() })).rejects.toMatchObject({ status: 404 });
    });

    it('refuses a stale edit (409) and keeps the first writer’s model', async () => {
      const svc = env.services.assessmentModels;
      const d = await svc.create(hq, { campaignId, model: modelInput('并发') });
      await svc.update(hq, d.id, { revision: 1, model: modelInput('先存') });
      const e = await failure(svc.update(hq, d.id, { revision: 1, model: modelInput('后存') }));
      expect(e).toMatchObject({ status: 409, code: 'stale_revision', details: { field: 'revision', current: 2 } });
      expect(await svc.get(hq, d.id)).toMatchObject({ revision: 2, model: { name: '先存' } });
      await expect(svc.update(hq, d.id, { revision: 2, model: modelInput('再存') })).resolves.toMatchObject({ revision: 3 });
    });

    it('lets leaders read but not write, and refuses unit handlers (403)', async () => {
      const svc = env.services.assessmentModels;
      const d = await svc.create(hq, { campaignId, model: modelInput('权限') });
      await expect(svc.get(leader, d.id)).resolves.toMatchObject({ id: d.id });
      expect((await svc.list(leader, campaignId)).length).toBeGreaterThan(0);
      const before = await rowCount(database, 'assessment_models');
      for (const ctx of [leader, handler]) {
        await expect(svc.create(ctx, { campaignId, model: modelInput() })).rejects.toMatchObject({ status: 403 });
        await expect(svc.update(ctx, d.id, { revision: 1, model: modelInput() })).rejects.toMatchObject({ status: 403 });
        await expect(svc.publish(ctx, d.id)).rejects.toMatchObject({ status: 403 });
        await expect(svc.newDraft(ctx, d.id)).rejects.toMatchObject({ status: 403 });
      }
      await expect(svc.get(handler, d.id)).rejects.toMatchObject({ status: 403 });
      await expect(svc.list(handler, campaignId)).rejects.toMatchObject({ status: 403 });
      await expect(svc.inForce(handler, campaignId)).rejects.toMatchObject({ status: 403 });
      expect(await rowCount(database, 'assessment_models')).toBe(before);
      expect((await svc.get(hq, d.id)).status).toBe('draft');
    });
  });
}
