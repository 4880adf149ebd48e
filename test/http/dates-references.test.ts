import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { caseCounts, caseWorld, createTestApp, loginClient, type CaseWorld, type Client, type TestApp } from '../helpers/http.js';

const NODES = [
  { code: 'A', level: 'item', name: '项目' },
  { code: 'A.1', parentCode: 'A', level: 'indicator', name: '指标' },
  { code: 'A.1.1', parentCode: 'A.1', level: 'content', name: '内容' },
  { code: 'S1', parentCode: 'A.1.1', level: 'standard', name: '标准', method: 'field', points: 2, pointTypes: ['park'] },
];

function expectStatus(res: LightMyRequestResponse, status: number, field: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json<{ message: string }>().message).toContain(field);
}

for (const dialect of DIALECTS) {
  describe(`real dates and existing references on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let hq: Client;
    let frameworkId: number;
    let inspectorId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      hq = w.hq;
      const { city } = t.city;
      const insp = await makeUser(t.database, { unit: city, roles: [{ role: 'inspector', unit: city }] });
      inspectorId = insp.id;
      const hqUser = await makeUser(t.database, { unit: city, roles: [{ role: 'hq_dispatcher', unit: city }] });
      hq = await loginClient(t, hqUser);
      const f = await hq.post('/api/frameworks', { name: 'F', nodes: NODES });
      frameworkId = f.json<{ id: number }>().id;
      await hq.post(`/api/frameworks/${frameworkId}/publish`);
      expect((await hq.post('/api/checkpoints', { code: 'P1', name: '公园', type: 'park', lon: 114.65, lat: 33.62 })).statusCode).toBe(201);
    });
    afterAll(async () => t.close());

    const plan = (periodFrom: string, periodTo: string) =>
      hq.post('/api/inspections/plans', {
        name: '计划',
        periodFrom,
        periodTo,
        seed: 7,
        targetCount: 5,
        frameworkId,
        inspectorIds: [inspectorId],
      });

    it('a plan period must be days that exist, within 2000–2099', async () => {
      expectStatus(await plan('2026-13-45', '2026-03-31'), 400, 'periodFrom');
      expectStatus(await plan('2026-03-01', '9999-99-99'), 400, 'periodTo');
      expectStatus(await plan('2026-02-29', '2026-03-31'), 400, 'periodFrom'); // 2026 is no leap year
      expectStatus(await plan('2026-04-31', '2026-05-01'), 400, 'periodFrom');
      expectStatus(await plan('1999-12-31', '2026-01-01'), 400, 'periodFrom');
      expectStatus(await plan('2026-01-01', '2100-01-01'), 400, 'periodTo');
      expect((await plan('2028-02-29', '2028-03-31')).statusCode).toBe(201); // a leap day
    });

    it('indicator periods and calendar days too', async () => {
      expectStatus(await hq.get('/api/cases/indicators?from=2026-02-30&to=2026-03-31'), 400, 'from');
      expectStatus(await hq.get('/api/cases/indicators?from=2026-03-01&to=2026-00-10'), 400, 'to');
      expect((await hq.get('/api/cases/indicators?from=2026-03-01&to=2026-03-31')).statusCode).toBe(200);
    });

    it('a case naming a check point that does not exist → 422 naming checkPointId, nothing written', async () => {
      const before = await caseCounts(t.database);
      const res = await w.insp.post('/api/cases', {
        source: 'inspection',
        categoryCode: 'E01-01',
        description: '垃圾暴露',
        lon: 114.65,
        lat: 33.62,
        address: '七一路',
        checkPointId: 2147483647,
      });
      expectStatus(res, 422, 'checkPointId');
      expect(await caseCounts(t.database)).toEqual(before);
    });
  });
}
