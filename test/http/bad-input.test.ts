import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_SHEET, USER_SHEET } from '../../src/documents/xlsx/directory.sheets.js';
import { writeSheet } from '../../src/documents/xlsx/workbook.js';
import { XLSX_TYPE } from '../../src/http/routes/xlsx.js';
import { DIALECTS } from '../helpers/db.js';
import { client, createTestApp, snapshot, type Client, type TestApp } from '../helpers/http.js';

/** The standard error reply. */
type ErrorBody = { statusCode: number; error: string; message: string; details?: Record<string, unknown> };

/** Asserts an error reply: status, the standard shape, and (optionally) the field it names. */
function expectError(res: LightMyRequestResponse, status: number, field?: string): ErrorBody {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<ErrorBody>();
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  expect(body.message.length).toBeGreaterThan(0);
  if (field) expect(body.message).toContain(field);
  return body;
}

for (const dialect of DIALECTS) {
  describe(`bad input over HTTP on ${dialect}`, () => {
    let t: TestApp;
    let sys: Client;
    let sec: Client;
    let aud: Client;
    const statuses: string[] = [];

    /** Wraps a client so every reply's status is recorded for the no-5xx check. */
    const recording = (c: Client): Client => {
      const wrap =
        <A extends unknown[]>(f: (...a: A) => Promise<LightMyRequestResponse>) =>
        async (...a: A) => {
          const res = await f(...a);
          statuses.push(`${res.statusCode} ${String(a[0])}`);
          return res;
        };
      return { get: wrap(c.get), post: wrap(c.post), put: wrap(c.put), patch: wrap(c.patch), delete: wrap(c.delete) };
    };

    /** Runs a request that must fail and proves it wrote nothing. */
    async function refused(send: () => Promise<LightMyRequestResponse>, status: number, field?: string): Promise<ErrorBody> {
      const before = await snapshot(t.database);
      const body = expectError(await send(), status, field);
      expect(await snapshot(t.database)).toBe(before);
      return body;
    }

    const raw = (c: Client, url: string, body: string | Buffer, contentType: string) => c.post(url, body, { 'content-type': contentType });

    beforeAll(async () => {
      t = await createTestApp(dialect, { bodyLimitBytes: 2048 });
      sys = recording(client(t.app, await t.login('sys', t.city.sysadmin.password)));
      sec = recording(client(t.app, await t.login('sec', t.city.secadmin.password)));
      aud = recording(client(t.app, await t.login('aud', t.city.auditor.password)));
    });
    afterAll(async () => t.close());

    const unit = () => ({ code: 'NEW-1', name: '新单位', kind: 'department', parentId: t.city.city.id });
    const user = () => ({ username: 'newbie', displayName: '新人', password: 'Long-Enough-Pass-1', unitId: t.city.dept.id });

    describe('units', () => {
      it('malformed JSON → 400 with a message', async () => {
        const body = await refused(() => raw(sys, '/api/units', '{"code": "X", "name":', 'application/json'), 400);
        expect(body.message).toMatch(/json/i);
        await refused(() => raw(sys, '/api/units', '', 'application/json'), 400);
        await refused(() => raw(sys, '/api/units', '[1, 2]', 'application/json'), 400);
        await refused(() => raw(sys, '/api/units', '{"__proto__": {"x": 1}}', 'application/json'), 400);
      });

      it('wrong types → 400 naming the field (no coercion of body values)', async () => {
        await refused(() => sys.post('/api/units', { ...unit(), code: 123 }), 400, 'code');
        await refused(() => sys.post('/api/units', { ...unit(), parentId: 'x' }), 400, 'body.parentId');
        await refused(() => sys.post('/api/units', { ...unit(), parentId: String(t.city.city.id) }), 400, 'parentId');
        await refused(() => sys.post('/api/units', { ...unit(), kind: 'planet' }), 400, 'kind');
        await refused(() => sys.post('/api/units', { ...unit(), sortOrder: '5' }), 400, 'sortOrder');
        await refused(() => sys.patch(`/api/units/${t.city.dept.id}`, { name: ['x'] }), 400, 'name');
        await refused(() => sys.post('/api/units', { ...unit(), name: 'x'.repeat(101) }), 400, 'name');
        await refused(() => sys.post('/api/units', { name: 'x', kind: 'department', parentId: null }), 400, 'code');
      });

      it('unknown field → 400 naming it; an empty patch → 400', async () => {
        await refused(() => sys.post('/api/units', { ...unit(), colour: 'red' }), 400, 'colour');
        await refused(() => sys.patch(`/api/units/${t.city.dept.id}`, { path: '/1/' }), 400, 'path');
        await refused(() => sys.patch(`/api/units/${t.city.dept.id}`, {}), 400);
      });

      it('a body over the limit → 413', async () => {
        const res = await sys.post('/api/units', { ...unit(), name: 'x'.repeat(10 * 1024) });
        expectError(res, 413);
        expect(await snapshot(t.database)).toContain(t.city.dept.name);
      });

      it('unknown and malformed ids → 404 / 400', async () => {
        expectError(await sys.get('/api/units/999999'), 404);
        await refused(() => sys.patch('/api/units/999999', { name: 'x' }), 404);
        await refused(() => sys.delete('/api/units/999999'), 404);
        await refused(() => sys.patch(`/api/units/${t.city.dept.id}`, { parentId: 999999 }), 422, 'parentId');
        expectError(await sys.get('/api/units/abc'), 400, 'id');
        await refused(() => sys.delete('/api/units/0'), 400, 'id');
        // Beyond int4: a 400, not a database error on PostgreSQL.
        expectError(await sys.get('/api/units/99999999999'), 400, 'id');
        expectError(await sys.get('/api/users/99999999999'), 400, 'id');
        await refused(() => sys.patch(`/api/units/${t.city.dept.id}`, { parentId: 99999999999 }), 400, 'parentId');
      });

      it('duplicate code → 409; deleting a unit with children → 409', async () => {
        await refused(() => sys.post('/api/units', { ...unit(), code: t.city.district.code }), 409, 'code');
        await refused(() => sys.patch(`/api/units/${t.city.otherDistrict.id}`, { code: t.city.district.code }), 409, 'code');
        await refused(() => sys.delete(`/api/units/${t.city.district.id}`), 409);
      });

      it('moving a district under its own street → 422 naming parentId', async () => {
        const body = await refused(() => sys.patch(`/api/units/${t.city.district.id}`, { parentId: t.city.street.id }), 422, 'parentId');
        expect(body.error).toBe('invalid_input');
        await refused(() => sys.patch(`/api/units/${t.city.district.id}`, { parentId: t.city.district.id }), 422, 'parentId');
      });

      it('an import with a broken row → 422 listing the rows, nothing written', async () => {
        const file = await writeSheet(
          UNIT_SHEET,
          [
            { code: 'IMP-OK', name: '好单位', kind: 'department', parentCode: '411600', leaderUsername: '', sortOrder: 1 },
            { code: 'IMP-BAD', name: '坏单位', kind: '星球', parentCode: '411600', leaderUsername: '', sortOrder: 2 },
            { code: 'IMP-ORPHAN', name: '孤儿', kind: 'department', parentCode: 'NOPE', leaderUsername: '', sortOrder: 'x' },
          ],
          [],
        );
        const body = await refused(() => raw(sys, '/api/units/import', file, XLSX_TYPE), 422);
        expect(body.error).toBe('import_invalid');
        const errors = body.details?.errors as { sheet: string; row: number; field: string; message: string }[];
        expect(errors.map((e) => e.row)).toEqual(expect.arrayContaining([3, 4]));
        expect(errors.map((e) => e.row)).not.toContain(2);
        expect(errors.find((e) => e.row === 3)).toMatchObject({ sheet: UNIT_SHEET.name.zh, field: 'kind' });
        expect(errors.filter((e) => e.row === 4).map((e) => e.field)).toEqual(expect.arrayContaining(['parentCode', 'sortOrder']));
      });

      it('an import that is not an xlsx, or sent with the wrong content type → 422 / 415', async () => {
        await refused(() => raw(sys, '/api/units/import', Buffer.from('not a zip at all'), XLSX_TYPE), 422, 'file');
        await refused(() => raw(sys, '/api/units/import', 'code,name\nX,Y', 'text/plain'), 415);
        await refused(() => sys.post('/api/units/import', { code: 'X' }), 415);
        await refused(() => raw(sys, '/api/units/import', '<x/>', 'application/xml'), 415);
      });
    });

    describe('users', () => {
      it('malformed JSON → 400 with a message', async () => {
        const body = await refused(() => raw(sys, '/api/users', '{"username": ', 'application/json'), 400);
        expect(body.message).toMatch(/json/i);
      });

      it('wrong types → 400 naming the field', async () => {
        await refused(() => sys.post('/api/users', { ...user(), username: 123456 }), 400, 'username');
        await refused(() => sys.post('/api/users', { ...user(), unitId: 'x' }), 400, 'unitId');
        await refused(() => sys.post('/api/users', { ...user(), roles: 'sysadmin' }), 400, 'roles');
        await refused(() => sys.post('/api/users', { ...user(), roles: [{ role: 'king', unitId: t.city.city.id }] }), 400, 'role');
        await refused(() => sys.patch(`/api/users/${t.city.handler.id}`, { active: 'yes' }), 400, 'active');
        await refused(() => sys.patch(`/api/users/${t.city.handler.id}`, { active: 0 }), 400, 'active');
        await refused(() => sec.post(`/api/users/${t.city.handler.id}/password`, { password: 12345678901 }), 400, 'password');
      });

      it('unknown field → 400 naming it', async () => {
        await refused(() => sys.post('/api/users', { ...user(), isAdmin: true }), 400, 'isAdmin');
        await refused(() => sys.patch(`/api/users/${t.city.handler.id}`, { passwordHash: 'x' }), 400, 'passwordHash');
        await refused(() => sys.put(`/api/users/${t.city.handler.id}/roles`, { roles: [], extra: 1 }), 400, 'extra');
      });

      it('a body over the limit → 413', async () => {
        await refused(() => sys.post('/api/users', { ...user(), displayName: '人'.repeat(5000) }), 413);
      });

      it('unknown ids → 404', async () => {
        expectError(await sys.get('/api/users/999999'), 404);
        await refused(() => sys.patch('/api/users/999999', { displayName: 'x' }), 404);
        await refused(() => sys.put('/api/users/999999/roles', { roles: [] }), 404);
        await refused(() => sec.post('/api/users/999999/lock'), 404);
        await refused(() => sec.post('/api/users/999999/unlock'), 404);
        await refused(() => sec.post('/api/users/999999/password', { password: 'Long-Enough-Pass-2' }), 404);
        await refused(() => sys.post('/api/users', { ...user(), unitId: 999999 }), 422, 'unitId');
      });

      it('duplicate username → 409; a weak password → 422', async () => {
        await refused(() => sys.post('/api/users', { ...user(), username: 'handler' }), 409, 'username');
        await refused(() => sys.post('/api/users', { ...user(), password: 'short' }), 422, 'password');
      });

      it('an import with a broken row → 422 listing the rows, nothing written', async () => {
        const file = await writeSheet(
          USER_SHEET,
          [
            {
              username: 'imp.ok',
              displayName: '好人',
              unitCode: 'D-CGJ',
              phone: '',
              email: '',
              roles: 'unit_handler@D-CGJ',
              password: 'Long-Enough-Pass-3',
            },
            { username: 'imp.bad', displayName: '坏人', unitCode: 'NOPE', phone: '', email: 'not-mail', roles: 'king@D-CGJ', password: '' },
          ],
          [],
        );
        const body = await refused(() => raw(sys, '/api/users/import', file, XLSX_TYPE), 422);
        const errors = body.details?.errors as { row: number; field: string }[];
        expect(errors.length).toBeGreaterThanOrEqual(3);
        expect(new Set(errors.map((e) => e.row))).toEqual(new Set([3]));
        expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['unitCode', 'email', 'roles', 'password']));
      });

      it('an import with the wrong content type → 415', async () => {
        await refused(() => raw(sys, '/api/users/import', 'username\nx', 'text/plain'), 415);
      });

      it('query parameters of the wrong type or out of range → 400', async () => {
        expectError(await sys.get('/api/users?page=abc'), 400, 'page');
        expectError(await sys.get('/api/users?pageSize=10000'), 400, 'pageSize');
        expectError(await sys.get('/api/users?page=0'), 400, 'page');
        expectError(await sys.get('/api/users?unitId=abc'), 400, 'unitId');
        expectError(await sys.get('/api/users?role=king'), 400, 'role');
        expectError(await sys.get('/api/users?bogus=1'), 400, 'bogus');
        expectError(await sys.get('/api/users?page=1&page=2'), 400, 'page');
        expectError(await sys.get('/api/users?unitId=999999'), 422, 'unitId');
      });
    });

    describe('audit', () => {
      it('bad filters → 400 naming the parameter', async () => {
        expectError(await aud.get('/api/audit?from=notadate'), 400, 'from');
        expectError(await aud.get('/api/audit?to=2026-13-45T99:00:00Z'), 400, 'to');
        expectError(await aud.get('/api/audit?pageSize=10000'), 400, 'pageSize');
        expectError(await aud.get('/api/audit?actorId=x'), 400, 'actorId');
        expect((await aud.get('/api/audit?from=2026-03-01T00:00:00Z')).statusCode).toBe(200);
      });
    });

    it('never answered with a 5xx', () => {
      expect(statuses.length).toBeGreaterThan(40);
      expect(statuses.filter((s) => s.startsWith('5'))).toEqual([]);
    });
  });
}
