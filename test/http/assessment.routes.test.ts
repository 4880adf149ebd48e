import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import {
  AssessmentProblem,
  type AssessmentModelList,
  type AssessmentModelVersion,
} from '../../src/shared/contracts/assessment.contract.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { makeCampaign, modelInput, rowCount } from '../helpers/assessment.js';
import { createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

const BASE = '/api/assessment/models';

for (const dialect of DIALECTS) {
  describe(`assessment model routes on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let leader: Client;
    let handler: Client;
    let campaignId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const { city } = t.city;
      hq = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'hq_dispatcher', unit: city }] }));
      leader = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'leader', unit: city }] }));
      handler = await loginClient(t, t.city.handler);
      campaignId = await makeCampaign(t.database);
    });
    afterAll(async () => t.close());

    it('creates, edits, publishes and freezes a version; a new draft starts from it', async () => {
      const created = await hq.post(BASE, { campaignId, model: modelInput() });
      expect(created.statusCode, created.body).toBe(201);
      const d1 = created.json<AssessmentModelVersion>();
      expect(d1).toMatchObject({ version: 1, status: 'draft', revision: 1, model: { version: 1 } });

      const edited = await hq.put(`${BASE}/${d1.id}`, { revision: 1, model: modelInput('修订') });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ revision: 2, model: { name: '修订' } });
      const stale = await hq.put(`${BASE}/${d1.id}`, { revision: 1, model: modelInput('晚了') });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: 'stale_revision' });

      expect((await leader.get(`${BASE}/in-force?campaignId=${campaignId}`)).statusCode).toBe(404);
      const published = await hq.post(`${BASE}/${d1.id}/publish`);
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json()).toMatchObject({ status: 'published' });
      expect((await hq.put(`${BASE}/${d1.id}`, { revision: 2, model: modelInput() })).statusCode).toBe(409);

      const inForce = await leader.get(`${BASE}/in-force?campaignId=${campaignId}`);
      expect(inForce.statusCode, inForce.body).toBe(200);
      expect(inForce.json()).toMatchObject({ id: d1.id, version: 1, model: { name: '修订' } });

      const d2 = await hq.post(`${BASE}/${d1.id}/drafts`);
      expect(d2.statusCode, d2.body).toBe(201);
      expect(d2.json()).toMatchObject({ version: 2, status: 'draft', model: { name: '修订', version: 2 } });

      const list = await leader.get(`${BASE}?campaignId=${campaignId}`);
      expect(list.statusCode).toBe(200);
      expect(list.json<AssessmentModelList>().items.map((v) => v.version)).toEqual([2, 1]);
      expect((await leader.get(`${BASE}/${d1.id}`)).json()).toMatchObject({ id: d1.id });
    });

    it('answers 422 naming the field for an unsound model, writing nothing', async () => {
      const before = [await rowCount(t.database, 'assessment_models'), await rowCount(t.database, 'audit_log')];
      const bad = modelInput();
      bad.groups[0]!.lists = { kind: 'rank', red: 1.5, black: 1 };
      const res = await hq.post(BASE, { campaignId, model: bad });
      expect(res.statusCode, res.body).toBe(422);
      const body = res.json<{ message: string; details: { field: string; problems: { field: string }[] } }>();
      expect(body.details.field).toMatch(/^model\.groups\[0\]\.lists/);
      expect(body.message).toContain(body.details.field);
      expect(body.details.problems.length).toBeGreaterThanOrEqual(1);
      // Each problem has the documented wire shape: field, code, params, message.
      const ajv = new Ajv({ strict: false });
      for (const p of body.details.problems) expect(ajv.validate(AssessmentProblem, p), ajv.errorsText()).toBe(true);
      expect(body.details.problems[0]).toMatchObject({ field: 'groups[0].lists.red', code: 'not_whole', params: { value: 1.5 } });
      // Shapes the request schema refuses: 4xx naming the field, never 5xx.
      for (const payload of [
        { model: modelInput() },
        { campaignId: 'x', model: modelInput() },
        { campaignId, model: modelInput(), extra: 1 },
      ]) {
        const r = await hq.post(BASE, payload);
        expect(r.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
        expect(r.statusCode).toBeLessThan(500);
      }
      const long = await hq.post(BASE, { campaignId, model: modelInput('名'.repeat(101)) });
      expect(long.statusCode, long.body).toBe(422);
      expect(long.json()).toMatchObject({ details: { field: 'model.name' } });
      expect((await hq.get(`${BASE}?campaignId=abc`)).statusCode).toBe(400);
      expect((await hq.get(`${BASE}/999999`)).statusCode).toBe(404);
      expect((await hq.post(BASE, { campaignId: 999999, model: modelInput() })).statusCode).toBe(404);
      expect([await rowCount(t.database, 'assessment_models'), await rowCount(t.database, 'audit_log')]).toEqual(before);
    });

    it('lets leaders read but not write; unit handlers get 403', async () => {
      const d = (await hq.post(BASE, { campaignId, model: modelInput('权限') })).json<AssessmentModelVersion>();
      expect((await leader.get(`${BASE}/${d.id}`)).statusCode).toBe(200);
      expect((await leader.post(BASE, { campaignId, model: modelInput() })).statusCode).toBe(403);
      expect((await leader.put(`${BASE}/${d.id}`, { revision: 1, model: modelInput() })).statusCode).toBe(403);
      expect((await leader.post(`${BASE}/${d.id}/publish`)).statusCode).toBe(403);
      expect((await handler.get(`${BASE}?campaignId=${campaignId}`)).statusCode).toBe(403);
      expect((await handler.get(`${BASE}/${d.id}`)).statusCode).toBe(403);
      expect((await handler.post(`${BASE}/${d.id}/drafts`)).statusCode).toBe(403);
    });
  });
}
