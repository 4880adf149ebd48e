import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sanction, SanctionList } from '../../src/shared/contracts/sanctions.contract.js';
import type { UnitRow } from '../../src/db/schema.js';
import type { Role } from '../../src/shared/enums.js';
import { ROLE_PERMISSIONS } from '../../src/domain/policies/permissions.js';
import { ROLES } from '../../src/shared/enums.js';
import { makeCampaign } from '../helpers/assessment.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, routeCollector, type Client, type TestApp } from '../helpers/http.js';
import { issuedLetter } from '../helpers/sanctions.js';

for (const dialect of DIALECTS) {
  describe(`sanction routes on ${dialect}`, () => {
    let t: TestApp;
    let hq: Client;
    let leader: Client;
    let handler: Client;
    let districtHandler: Client;
    let inspector: Client;
    let campaignId: number;
    let letterId: number;
    const collected = routeCollector();

    beforeAll(async () => {
      t = await createTestApp(dialect, { onRoute: collected.onRoute });
      const person = async (unit: UnitRow, role: Role) => loginClient(t, await makeUser(t.database, { unit, roles: [{ role, unit }] }));
      hq = await person(t.city.city, 'hq_dispatcher');
      leader = await person(t.city.city, 'leader');
      handler = await person(t.city.dept, 'unit_handler');
      districtHandler = await person(t.city.district, 'unit_handler');
      inspector = await person(t.city.city, 'inspector');
      campaignId = await makeCampaign(t.database);
      letterId = await issuedLetter(t.database, t.city.dept.id, 1);
    });
    afterAll(async () => t.close());

    const body = (over: Record<string, unknown> = {}) => ({
      campaignId,
      unitId: t.city.dept.id,
      periodKey: '2026-W09',
      kind: 'criticism',
      summary: '超期案件多，通报批评',
      decidedOn: '2026-03-02',
      letterIds: [letterId],
      ...over,
    });

    it('declares sanction.manage for recording and sanction.read for reading; only HQ manages', () => {
      const permission = (method: string, url: string) =>
        collected.routes.find(
          (r) => r.url.replace(/(.)\/$/, '$1') === url && (Array.isArray(r.method) ? r.method : [r.method]).includes(method),
        )?.config?.permission;
      expect(permission('POST', '/api/sanctions')).toBe('sanction.manage');
      expect(permission('GET', '/api/sanctions')).toBe('sanction.read');
      expect(permission('GET', '/api/sanctions/:id')).toBe('sanction.read');
      expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('sanction.manage'))).toEqual(['hq_dispatcher']);
      expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('sanction.read'))).toEqual([
        'hq_dispatcher',
        'unit_handler',
        'unit_head',
        'leader',
      ]);
    });

    it('HQ records; the unit and the leader read it; another unit and the inspector do not', async () => {
      const res = await hq.post('/api/sanctions', body({ documentNumber: '周创指〔2026〕5号' }));
      expect(res.statusCode).toBe(200);
      const rec = res.json<Sanction>();
      expect(rec).toMatchObject({ kind: 'criticism', unitName: '市城市管理局', period: { key: '2026-W09', label: '2026年第9周' } });
      expect(rec.letters.map((l) => l.id)).toEqual([letterId]);
      expect((await handler.get('/api/sanctions')).json<SanctionList>().items.map((x) => x.id)).toEqual([rec.id]);
      expect((await leader.get(`/api/sanctions?periodKey=2026-W09`)).json<SanctionList>().items.map((x) => x.id)).toEqual([rec.id]);
      expect((await leader.get(`/api/sanctions?unitId=${t.city.dept.id}`)).json<SanctionList>().items).toHaveLength(1);
      expect((await districtHandler.get('/api/sanctions')).json<SanctionList>().items).toEqual([]);
      expect((await districtHandler.get(`/api/sanctions/${rec.id}`)).statusCode).toBe(404);
      expect((await inspector.get('/api/sanctions')).statusCode).toBe(403);
      expect((await handler.post('/api/sanctions', body())).statusCode).toBe(403);
      expect((await leader.post('/api/sanctions', body())).statusCode).toBe(403);
    });

    it('answers 4xx naming the field for bad input, writing nothing', async () => {
      const before = (await leader.get('/api/sanctions')).json<SanctionList>().items.length;
      const cases: [Record<string, unknown>, number, string][] = [
        [body({ kind: 'praise' }), 400, 'kind'],
        [body({ decidedOn: '2026-02-30' }), 400, 'decidedOn'],
        [body({ summary: '' }), 400, 'summary'],
        [body({ extra: 1 }), 400, 'extra'],
        [body({ letterIds: ['x'] }), 400, 'letterIds'],
        [body({ periodKey: '2026-W99' }), 422, 'periodKey'],
        [body({ letterIds: [letterId, 987_654] }), 422, 'letterIds[1]'],
        [body({ unitId: t.city.district.id }), 422, 'letterIds[0]'],
        [body({ list: 'red' }), 422, 'list'],
        [body({ campaignId: 987_654 }), 422, 'campaignId'],
        [body({ decidedOn: '2099-01-01' }), 422, 'decidedOn'],
      ];
      for (const [payload, status, field] of cases) {
        const res = await hq.post('/api/sanctions', payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(status);
        expect(JSON.stringify(res.json()), field).toContain(field);
      }
      expect((await leader.get('/api/sanctions?periodKey=2026-13')).statusCode).toBe(422);
      expect((await leader.get('/api/sanctions?unitId=abc')).statusCode).toBe(400);
      expect((await leader.get('/api/sanctions')).json<SanctionList>().items).toHaveLength(before);
    });
  });
}
