import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, multipartForm, snapshot, type Client, type TestApp } from '../helpers/http.js';

function expect400(res: LightMyRequestResponse, field: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json<{ message: string }>().message).toContain(field);
}

for (const dialect of DIALECTS) {
  describe(`ids and NUL characters on ${dialect}`, () => {
    let t: TestApp;
    let sys: Client;
    let aud: Client;
    let insp: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      sys = await loginClient(t, t.city.sysadmin);
      aud = await loginClient(t, t.city.auditor);
      insp = await loginClient(t, await makeUser(t.database, { unit: t.city.city, roles: [{ role: 'inspector', unit: t.city.city }] }));
    });
    afterAll(async () => t.close());

    it('path ids only in canonical decimal: 01, +1, " 1", 0x10, 1e1, 1.0 → 400 naming the id', async () => {
      const id = t.city.sysadmin.id;
      expect((await sys.get(`/api/users/${id}`)).statusCode).toBe(200);
      for (const bad of [`0${id}`, `+${id}`, `%20${id}`, `${id}%20`, '0x10', '1e1', `${id}.0`, '0', '-1', '2147483648', '99999999999']) {
        expect400(await sys.get(`/api/users/${bad}`), 'id');
      }
      for (const url of ['/api/units/0x10', '/api/notifications/0x1/read', '/api/cases/01', '/api/units/+1', '/api/files/01/thumb']) {
        const res = url.includes('/read') ? await sys.post(url) : await sys.get(url);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      }
      // The largest id is still an id (404: no such row, not 400 or 500).
      expect((await sys.get('/api/users/2147483647')).statusCode).toBe(404);
    });

    it('query ids too: ?unitId=0x10 → 400', async () => {
      expect400(await sys.get(`/api/users?unitId=0x${t.city.dept.id.toString(16)}`), 'unitId');
      expect400(await sys.get('/api/users?unitId=%2B1'), 'unitId');
      expect((await sys.get(`/api/users?unitId=${t.city.dept.id}`)).statusCode).toBe(200);
      expect400(await aud.get('/api/audit?actorId=01'), 'actorId');
    });

    it('U+0000 in a JSON body, a query string or a path → 400 naming the field, nothing written', async () => {
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '\u0000', password: 'x' } });
      expect400(login, 'username');
      expect400(await aud.get('/api/audit?actor=%00'), 'actor');
      expect400(await aud.get('/api/audit?action=unit.%00'), 'action');
      const before = await snapshot(t.database);
      expect400(
        await sys.post('/api/units', { code: 'NUL-1', name: '新\u0000单位', kind: 'department', parentId: t.city.city.id }),
        'name',
      );
      expect400(await sys.patch(`/api/units/${t.city.dept.id}`, { name: 'a\u0000' }), 'name');
      expect400(await sys.patch(`/api/units/${t.city.dept.id}%00`, { name: 'x' }), 'id');
      expect(await snapshot(t.database)).toBe(before);
    });

    it('numbers that are not finite (1e999 reads as Infinity) → 400 naming the field, in a query and in a JSON body', async () => {
      expect400(await sys.get('/api/notifications?page=1e999&pageSize=12'), 'page');
      expect400(await sys.get('/api/notifications?page=1&pageSize=-1e999'), 'pageSize');
      const before = await snapshot(t.database);
      expect400(
        await sys.post('/api/units', '{"code":"INF-1","name":"无穷","kind":"department","parentId":1e999}', {
          'content-type': 'application/json',
        }),
        'parentId',
      );
      expect(await snapshot(t.database)).toBe(before);
    });

    it('U+0000 in a multipart field → 400 naming the field', async () => {
      const form = multipartForm([
        { name: 'command', value: JSON.stringify({ categoryCode: 'E01-01', description: 'a\u0000b' }), type: 'application/json' },
      ]);
      const res = await insp.post('/api/cases', form.payload, form.headers);
      expect400(res, 'command.description');
      const raw = multipartForm([{ name: 'command', value: '{"description":"x"}\u0000' }]);
      expect400(await insp.post('/api/cases', raw.payload, raw.headers), 'command');
    });
  });
}
