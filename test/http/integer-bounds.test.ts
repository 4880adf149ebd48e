/**
 * Ids and versions beyond what an integer column holds are refused with 400 naming the field,
 * on both databases. The reliability fuzzer found `POST /api/action-items` with
 * `unitId: 99999999999` answering 500 on PostgreSQL (out of range for type integer): the
 * request schemas of the leadership loop took any positive integer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCampaign } from '../helpers/assessment.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { counts, createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

const HUGE = 99_999_999_999;

for (const dialect of DIALECTS) {
  describe(`integer bounds of request bodies on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let office: Client;
    let campaignId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const { city } = t.city;
      hq = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'hq_dispatcher', unit: city }] }));
      campaignId = await makeCampaign(t.database);
      office = await loginClient(t, await makeUser(t.database, { unit: city, roles: [{ role: 'projects_office', unit: city }] }));
    });
    afterAll(async () => t.close());

    it('answers 400 naming the field, writing nothing', async () => {
      const dept = t.city.dept.id;
      const cases: [string, string, string, unknown, string][] = [
        ['POST', '/api/action-items', 'unitId', { briefingId: 1, title: '整改', unitId: HUGE, dueDate: '2026-12-01' }, 'unitId'],
        ['POST', '/api/action-items', 'briefingId', { briefingId: HUGE, title: '整改', unitId: dept, dueDate: '2026-12-01' }, 'briefingId'],
        ['POST', '/api/action-items/1/confirm', 'version', { version: HUGE }, 'version'],
        ['POST', '/api/action-items/1/return', 'version', { version: HUGE, reason: '不实' }, 'version'],
        ['POST', '/api/briefings/1/publish', 'version', { version: HUGE }, 'version'],
        ['PUT', '/api/briefings/1', 'version', { version: HUGE, title: '通报' }, 'version'],
        ['PATCH', '/api/letters/1', 'version', { version: HUGE, title: '函' }, 'version'],
        [
          'POST',
          '/api/sanctions',
          'unitId',
          { campaignId, unitId: HUGE, kind: 'commendation', periodKey: '2026-02', decidedOn: '2026-03-02', summary: '表扬' },
          'unitId',
        ],
      ];
      const asOffice = new Set(['/api/projects/1', '/api/projects/1/terminate']);
      cases.push(
        ['PATCH', '/api/projects/1', 'version', { version: HUGE, name: '项目' }, 'version'],
        ['POST', '/api/projects/1/terminate', 'version', { version: HUGE, reason: '终止' }, 'version'],
      );
      const before = await counts(t.database);
      for (const [method, url, what, body, field] of cases) {
        const who = asOffice.has(url) ? office : hq;
        const send = method === 'POST' ? who.post : method === 'PUT' ? who.put : who.patch;
        const res = await send(url, body);
        expect(res.statusCode, `${method} ${url} ${what}: ${res.body}`).toBe(400);
        expect(res.body, `${method} ${url}`).toContain(field);
      }
      expect(await counts(t.database)).toEqual(before);
    });
  });
}
