import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { commandForm, createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';
import { jpeg } from '../helpers/images.js';

const NODES = [
  { code: 'A', level: 'item', name: '项目' },
  { code: 'A.1', parentCode: 'A', level: 'indicator', name: '指标' },
  { code: 'A.1.1', parentCode: 'A.1', level: 'content', name: '内容' },
  { code: 'S1', parentCode: 'A.1.1', level: 'standard', name: '标准', method: 'field', points: 2, pointTypes: ['park'] },
];

for (const dialect of DIALECTS) {
  describe(`evaluation routes on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let insp: Client;
    let frameworkId: number;
    let pointId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.env.services.casePolicy.ensureDefaults();
      const { city } = t.city;
      const hqUser = await makeUser(t.database, { unit: city, roles: [{ role: 'hq_dispatcher', unit: city }] });
      const inspUser = await makeUser(t.database, { unit: city, roles: [{ role: 'inspector', unit: city }] });
      hq = await loginClient(t, hqUser);
      insp = await loginClient(t, inspUser);
      const f = await hq.post('/api/frameworks', { name: 'F', nodes: NODES });
      expect(f.statusCode).toBe(201);
      frameworkId = f.json<{ id: number }>().id;
      expect((await hq.post(`/api/frameworks/${frameworkId}/publish`)).statusCode).toBe(200);
      const p = await hq.post('/api/checkpoints', { code: 'P1', name: '公园', type: 'park', lon: 114.65, lat: 33.62 });
      expect(p.statusCode).toBe(201);
      pointId = p.json<{ id: number }>().id;
      const plan = await hq.post('/api/inspections/plans', {
        name: '计划',
        periodFrom: '2026-03-01',
        periodTo: '2026-03-31',
        seed: 7,
        targetCount: 5,
        frameworkId,
        inspectorIds: [inspUser.id],
      });
      expect(plan.statusCode).toBe(201);
    });
    afterAll(async () => t.close());

    it('answers 401, 403, 400, 409 and 422 where it should', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/frameworks' })).statusCode).toBe(401);
      expect((await insp.post('/api/frameworks', { name: 'x' })).statusCode).toBe(403);
      expect((await hq.post('/api/frameworks', { name: 'x', bogus: 1 })).statusCode).toBe(400);
      expect((await hq.put(`/api/frameworks/${frameworkId}/nodes`, { nodes: NODES })).statusCode).toBe(409);
      const bad = await hq.post('/api/frameworks', {
        name: 'bad',
        nodes: [{ code: 'S', level: 'standard', name: 's', method: 'field', points: -1, pointTypes: ['park'] }],
      });
      expect(bad.statusCode).toBe(422);
      expect(
        (
          await hq.post('/api/checkpoints/import-geojson', {
            type: 'FeatureCollection',
            features: [{ type: 'Feature', geometry: null, properties: {} }],
          })
        ).statusCode,
      ).toBe(422);
    });

    it('submits with photos, acknowledges a replay with 200, refuses a conflict (409) and an unassigned point (403)', async () => {
      const key = randomUUID();
      const cmd = {
        idempotencyKey: key,
        pointId,
        recordedAt: '2026-03-02T01:00:00.000Z',
        position: { lon: 114.65, lat: 33.62 },
        answers: [{ standardCode: 'S1', answer: 'fail' }],
      };
      const photo = await jpeg();
      const form = () => commandForm(cmd, [{ name: 'photos_S1', filename: 'a.jpg', type: 'image/jpeg', value: photo }]);
      const first = await insp.post('/api/inspections', form().payload, form().headers);
      expect(first.statusCode, first.body).toBe(201);
      const caseId = first.json<{ answers: { caseId: number | null }[] }>().answers[0]!.caseId;
      expect(caseId).toBeTypeOf('number');
      const again = await insp.post('/api/inspections', form().payload, form().headers);
      expect(again.statusCode).toBe(200);
      expect(again.json<{ answers: { caseId: number | null }[] }>().answers[0]!.caseId).toBe(caseId);
      const conflict = commandForm({ ...cmd, answers: [{ standardCode: 'S1', answer: 'pass' }] });
      expect((await insp.post('/api/inspections', conflict.payload, conflict.headers)).statusCode).toBe(409);
      const other = await hq.post('/api/checkpoints', { code: 'P2', name: '另一个', type: 'park' });
      const unassigned = await insp.post('/api/inspections', {
        ...cmd,
        idempotencyKey: randomUUID(),
        pointId: other.json<{ id: number }>().id,
        answers: [{ standardCode: 'S1', answer: 'pass' }],
      });
      expect(unassigned.statusCode).toBe(403);
      const results = await hq.get(`/api/inspections/results?frameworkId=${frameworkId}&from=2026-03-01&to=2026-04-01&groupBy=item`);
      expect(results.json<{ cells: unknown[] }>().cells).toEqual([expect.objectContaining({ key: 'A', earned: 0, possible: 2 })]);
    });
  });
}
