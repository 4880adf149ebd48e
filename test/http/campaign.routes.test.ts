import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, snapshot, type Client, type TestApp } from '../helpers/http.js';

const NODES = [
  { code: 'A', level: 'item', name: '项目' },
  { code: 'A.1', parentCode: 'A', level: 'indicator', name: '指标' },
  { code: 'A.1.1', parentCode: 'A.1', level: 'content', name: '内容' },
  { code: 'S1', parentCode: 'A.1.1', level: 'standard', name: '标准', method: 'field', points: 2, pointTypes: ['park'] },
];

for (const dialect of DIALECTS) {
  describe(`campaign routes on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let insp: Client;
    let frameworkId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const { city } = t.city;
      hq = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'hq_dispatcher', unit: city }] }));
      insp = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'inspector', unit: city }] }));
      frameworkId = (await hq.post('/api/frameworks', { name: 'F', nodes: NODES })).json<{ id: number }>().id;
      expect((await hq.post(`/api/frameworks/${frameworkId}/publish`)).statusCode).toBe(200);
    });
    afterAll(async () => t.close());

    it('creates, reads and patches a campaign’s settings', async () => {
      const created = await hq.post('/api/campaigns', { name: '2026年创建', frameworkId, settings: { weakness: { lastN: 5 } } });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: number }>().id;
      expect(created.json()).toMatchObject({
        name: '2026年创建',
        frameworkId,
        current: true,
        settings: { weakness: { lastN: 5, rateThreshold: 0.8 } },
      });
      const patched = await hq.patch(`/api/campaigns/${id}`, { settings: { maxPositionMeters: 500, itemWeights: { A: 100 } } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ settings: { maxPositionMeters: 500, itemWeights: { A: 100 }, weakness: { lastN: 5 } } });
      const list = await insp.get('/api/campaigns');
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: { id: number }[] }>().items.map((c) => c.id)).toEqual([id]);
    });

    it('refuses bad input with the field named and writes nothing', async () => {
      const id = (await hq.get('/api/campaigns')).json<{ items: { id: number }[] }>().items[0]!.id;
      const before = await snapshot(t.database);
      const cases: [string, () => Promise<{ statusCode: number; json: <T>() => T }>, number, string][] = [
        ['unknown field', () => hq.post('/api/campaigns', { name: 'x', frameworkId, bogus: 1 }), 400, 'bogus'],
        ['string count', () => hq.patch(`/api/campaigns/${id}`, { settings: { weakness: { lastN: '3' } } }), 400, 'lastN'],
        [
          'negative threshold',
          () => hq.patch(`/api/campaigns/${id}`, { settings: { weakness: { rateThreshold: -0.1 } } }),
          422,
          'settings.weakness.rateThreshold',
        ],
        ['weights not 100', () => hq.patch(`/api/campaigns/${id}`, { settings: { itemWeights: { A: 90 } } }), 422, 'settings.itemWeights'],
        [
          'annual not 100',
          () => hq.patch(`/api/campaigns/${id}`, { settings: { annualWeights: { online: 40, field: 40, survey: 10 } } }),
          422,
          'settings.annualWeights',
        ],
        ['unknown framework', () => hq.post('/api/campaigns', { name: 'x', frameworkId: 99999 }), 422, 'frameworkId'],
        ['missing campaign', () => hq.patch('/api/campaigns/99999', { name: 'x' }), 404, ''],
        ['not HQ', () => insp.patch(`/api/campaigns/${id}`, { name: 'x' }), 403, ''],
      ];
      for (const [what, call, status, field] of cases) {
        const res = await call();
        expect(res.statusCode, what).toBe(status);
        if (field) expect(JSON.stringify(res.json()), what).toContain(field);
      }
      expect(await snapshot(t.database)).toBe(before);
    });
  });
}
