import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_SHEET, USER_SHEET } from '../../src/documents/xlsx/directory.sheets.js';
import { readSheet, writeSheet } from '../../src/documents/xlsx/workbook.js';
import { XLSX_TYPE } from '../../src/http/routes/xlsx.js';
import { DIALECTS } from '../helpers/db.js';
import { as, createTestApp, loginClient, type Client, type TestApp } from '../helpers/http.js';

interface UnitJson {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  path: string;
  depth: number;
  leaderUserId: number | null;
  leaderName: string | null;
}
interface UserJson {
  id: number;
  username: string;
  unitId: number | null;
  locked: boolean;
  active: boolean;
  roles: { role: string; unitId: number }[];
}

/** Checks an .xlsx download: content type, zip signature, a file name in Content-Disposition. */
function expectXlsx(res: LightMyRequestResponse, nameFragment: string): Buffer {
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX_TYPE);
  expect(res.rawPayload.subarray(0, 4).toString('binary')).toBe('PK\x03\x04');
  const cd = String(res.headers['content-disposition']);
  expect(cd).toMatch(/^attachment;/);
  expect(cd).toMatch(new RegExp(`filename="[^"]*${nameFragment}[^"]*\\.xlsx"`));
  expect(cd).toMatch(/filename\*=UTF-8''[^;]+\.xlsx/);
  return res.rawPayload;
}

for (const dialect of DIALECTS) {
  describe(`directory routes on ${dialect}`, () => {
    let t: TestApp;
    let sys: Client;
    let sec: Client;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      sys = await loginClient(t, t.city.sysadmin);
      sec = await loginClient(t, t.city.secadmin);
    });
    afterAll(async () => t.close());

    const units = async () => (await sys.get('/api/units')).json<{ items: UnitJson[] }>().items;
    const importXlsx = (url: string, file: Buffer) => sys.post(url, file, { 'content-type': XLSX_TYPE });

    describe('units', () => {
      it('GET /api/units returns the whole tree, parents before children', async () => {
        const res = await sys.get('/api/units');
        expect(res.statusCode).toBe(200);
        const items = res.json<{ items: UnitJson[] }>().items;
        expect(items.map((u) => u.code)).toEqual(expect.arrayContaining(['411600', '411602', '411602001', '411603', 'D-CGJ']));
        const seen = new Map<number, UnitJson>();
        for (const u of items) {
          if (u.parentId !== null) {
            const parent = seen.get(u.parentId);
            expect(parent, `${u.code} listed before its parent`).toBeDefined();
            expect(u.path).toBe(`${parent!.path}${u.id}/`);
            expect(u.depth).toBe(parent!.depth + 1);
          }
          seen.set(u.id, u);
        }
        const one = await sys.get(`/api/units/${t.city.street.id}`);
        expect(one.json()).toMatchObject({ code: '411602001', kind: 'street', parentId: t.city.district.id, depth: 2 });
      });

      it('creates, edits, moves (with the subtree) and deletes a unit', async () => {
        const created = await sys.post('/api/units', {
          code: 'WT-1',
          name: ' 专班一 ',
          kind: 'work_team',
          parentId: t.city.city.id,
          leaderUserId: t.city.handler.id,
          sortOrder: 3,
        });
        expect(created.statusCode).toBe(201);
        const team = created.json<UnitJson>();
        expect(team).toMatchObject({
          code: 'WT-1',
          name: '专班一',
          parentId: t.city.city.id,
          path: `${t.city.city.path}${team.id}/`,
          depth: 1,
          leaderUserId: t.city.handler.id,
          leaderName: expect.any(String),
          sortOrder: 3,
        });

        const child = (await sys.post('/api/units', { code: 'WT-1-A', name: '小组', kind: 'work_team', parentId: null })).statusCode;
        expect(child).toBe(422); // a work team needs a parent
        const sub = (await sys.post('/api/units', { code: 'HQ-1', name: '指挥部', kind: 'hq', parentId: t.city.city.id })).json<UnitJson>();
        const inner = (
          await sys.post('/api/units', { code: 'WT-2', name: '专班二', kind: 'work_team', parentId: sub.id })
        ).json<UnitJson>();

        const renamed = await sys.patch(`/api/units/${team.id}`, { name: '专班甲', leaderUserId: null });
        expect(renamed.statusCode).toBe(200);
        expect(renamed.json()).toMatchObject({ name: '专班甲', leaderUserId: null, leaderName: null });

        const moved = await sys.patch(`/api/units/${sub.id}`, { parentId: t.city.district.id });
        expect(moved.statusCode).toBe(200);
        expect(moved.json()).toMatchObject({ parentId: t.city.district.id, path: `${t.city.district.path}${sub.id}/`, depth: 2 });
        const innerNow = (await sys.get(`/api/units/${inner.id}`)).json<UnitJson>();
        expect(innerNow.path).toBe(`${t.city.district.path}${sub.id}/${inner.id}/`);
        expect(innerNow.depth).toBe(3);

        expect((await sys.delete(`/api/units/${sub.id}`)).statusCode).toBe(409);
        expect((await sys.delete(`/api/units/${inner.id}`)).statusCode).toBe(204);
        expect((await sys.delete(`/api/units/${sub.id}`)).statusCode).toBe(204);
        expect((await sys.get(`/api/units/${sub.id}`)).statusCode).toBe(404);

        const actions = await t.database.db
          .selectFrom('audit_log')
          .select(['action', 'target_id'])
          .where('target_type', '=', 'unit')
          .execute();
        const of = (id: number) => actions.filter((a) => a.target_id === String(id)).map((a) => a.action);
        expect(of(sub.id)).toEqual(['unit.create', 'unit.update', 'unit.delete']);
        expect(of(team.id)).toEqual(['unit.create', 'unit.update']);
      });

      it('exports the tree and serves the template as .xlsx downloads', async () => {
        const file = expectXlsx(await sys.get('/api/units/export'), 'units');
        const rows = await readSheet(file, UNIT_SHEET);
        const byCode = new Map(rows.map((r) => [r.values.code, r.values]));
        expect(byCode.get('411602001')).toMatchObject({ name: '陈州街街道', parentCode: '411602' });
        expect(byCode.get('411600')?.parentCode).toBe('');
        expect(rows.length).toBe((await units()).length);
        const template = expectXlsx(await sys.get('/api/units/template'), 'template');
        expect(await readSheet(template, UNIT_SHEET)).toEqual([]); // the example is on the notes sheet
        // Read access is enough to export.
        const handler = await loginClient(t, t.city.handler);
        expectXlsx(await handler.get('/api/units/export'), 'units');
      });

      it('imports a good workbook: creates and updates, all in one go', async () => {
        const file = await writeSheet(
          UNIT_SHEET,
          [
            // A child above its parent: the import orders them itself.
            { code: '411603101', name: '新站镇', kind: '镇', parentCode: '411603', leaderUsername: '', sortOrder: 1 },
            { code: 'D-NEW', name: '市新部门', kind: 'department', parentCode: '411600', leaderUsername: 'handler', sortOrder: 9 },
            { code: 'WT-NEW', name: '新专班', kind: '工作专班', parentCode: 'D-NEW', leaderUsername: '', sortOrder: '' },
            { code: 'D-CGJ', name: '市城市管理局（改）', kind: 'department', parentCode: '411600', leaderUsername: '', sortOrder: 0 },
          ],
          [],
        );
        const res = await importXlsx('/api/units/import', file);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual({ created: 3, updated: 1 });
        const all = await units();
        const byCode = new Map(all.map((u) => [u.code, u]));
        expect(byCode.get('D-CGJ')?.name).toBe('市城市管理局（改）');
        expect(byCode.get('WT-NEW')?.parentId).toBe(byCode.get('D-NEW')?.id);
        expect(byCode.get('D-NEW')?.leaderUserId).toBe(t.city.handler.id);
        expect(byCode.get('411603101')).toMatchObject({ kind: 'town', parentId: t.city.otherDistrict.id });

        // Exporting and importing again changes nothing.
        const again = await importXlsx('/api/units/import', (await sys.get('/api/units/export')).rawPayload);
        expect(again.json()).toEqual({ created: 0, updated: 0 });
      });
    });

    describe('users', () => {
      let made: UserJson[] = [];

      beforeAll(async () => {
        made = [];
        for (const [i, unit, role] of [
          [1, t.city.street, 'inspector'],
          [2, t.city.street, 'unit_handler'],
          [3, t.city.otherDistrict, 'inspector'],
        ] as const) {
          // 三员分立: the sysadmin creates the account, the security admin grants its role.
          const res = await sys.post('/api/users', {
            username: `wang.${i}`,
            displayName: `王${i}号`,
            password: `Wang-Password-${i}x`,
            unitId: unit.id,
            phone: '13800000000',
            email: `w${i}@zk.gov.cn`,
          });
          expect(res.statusCode, res.body).toBe(201);
          const granted = await sec.put(`/api/users/${res.json<{ id: number }>().id}/roles`, { roles: [{ role, unitId: unit.id }] });
          expect(granted.statusCode, granted.body).toBe(200);
          made.push(granted.json());
        }
      });

      const list = async (qs: string) => {
        const res = await sys.get(`/api/users?${qs}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ items: UserJson[]; total: number }>();
      };

      it('POST /api/users creates an account that, once granted roles, can log in', async () => {
        expect(made[0]).toMatchObject({
          username: 'wang.1',
          unitId: t.city.street.id,
          active: true,
          locked: false,
          roles: [{ role: 'inspector', unitId: t.city.street.id, unitCode: '411602001' }],
        });
        const s = await t.login('wang.1', 'Wang-Password-1x');
        expect((await as(t.app, s, 'GET', '/api/auth/me')).json<{ home: string }>().home).toBe('/inspect');
        expect((await sys.get(`/api/users/${made[0]!.id}`)).json()).toMatchObject({ username: 'wang.1', phone: '13800000000' });
      });

      it('filters by q, unit subtree and role, and pages', async () => {
        const q = await list('q=王');
        expect(q.items.map((u) => u.username).sort()).toEqual(['wang.1', 'wang.2', 'wang.3']);
        expect((await list('q=WANG.2')).items.map((u) => u.username)).toEqual(['wang.2']);
        expect((await list('q=%25')).total).toBe(0); // % is a literal, not a wildcard

        const inDistrict = await list(`unitId=${t.city.district.id}`);
        expect(inDistrict.items.map((u) => u.username)).toEqual(expect.arrayContaining(['wang.1', 'wang.2', 'dadmin']));
        expect(inDistrict.items.map((u) => u.username)).not.toContain('wang.3');

        const inspectors = await list('role=inspector');
        expect(inspectors.items.map((u) => u.username).sort()).toEqual(['wang.1', 'wang.3']);
        expect((await list(`role=inspector&unitId=${t.city.district.id}`)).items.map((u) => u.username)).toEqual(['wang.1']);

        const all = await list('pageSize=500');
        const p1 = await list('page=1&pageSize=2');
        const p2 = await list('page=2&pageSize=2');
        expect(p1.items).toHaveLength(2);
        expect(p1.total).toBe(all.total);
        expect(p2.items.map((u) => u.id)).toEqual(all.items.slice(2, 4).map((u) => u.id));
        expect((await list(`page=999&pageSize=2`)).items).toEqual([]);
      });

      it("PATCH edits a profile; deactivating ends the account's sessions", async () => {
        const s = await t.login('wang.3', 'Wang-Password-3x');
        const res = await sys.patch(`/api/users/${made[2]!.id}`, { displayName: '王三', phone: null, active: false });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ displayName: '王三', phone: null, active: false });
        expect((await as(t.app, s, 'GET', '/api/auth/me')).statusCode).toBe(401);
        expect(
          (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wang.3', password: 'Wang-Password-3x' } }))
            .statusCode,
        ).toBe(401);
      });

      it('PUT roles replaces the whole set', async () => {
        const res = await sec.put(`/api/users/${made[1]!.id}/roles`, {
          roles: [
            { role: 'unit_head', unitId: t.city.street.id },
            { role: 'inspector', unitId: t.city.district.id },
          ],
        });
        expect(res.statusCode).toBe(200);
        expect(
          res
            .json<UserJson>()
            .roles.map((r) => `${r.role}@${r.unitId}`)
            .sort(),
        ).toEqual([`inspector@${t.city.district.id}`, `unit_head@${t.city.street.id}`].sort());
        expect((await list('role=unit_handler')).items.map((u) => u.username)).not.toContain('wang.2');
        const cleared = await sec.put(`/api/users/${made[1]!.id}/roles`, { roles: [] });
        expect(cleared.json<{ roles: unknown[] }>().roles).toEqual([]);
      });

      it('lock and unlock', async () => {
        const locked = await sec.post(`/api/users/${made[0]!.id}/lock`);
        expect(locked.json()).toMatchObject({ locked: true });
        expect((await list('q=wang.1')).items[0]).toMatchObject({ locked: true });
        expect(
          (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wang.1', password: 'Wang-Password-1x' } }))
            .statusCode,
        ).toBe(401);
        expect((await sec.post(`/api/users/${made[0]!.id}/unlock`)).json()).toMatchObject({ locked: false });
        await t.login('wang.1', 'Wang-Password-1x');
      });

      it('POST /api/users/me/password proves the current password, then ends every session', async () => {
        const s1 = await t.login('wang.1', 'Wang-Password-1x');
        const s2 = await t.login('wang.1', 'Wang-Password-1x');
        const wrong = await as(t.app, s1, 'POST', '/api/users/me/password', {
          currentPassword: 'nope-nope-nope',
          newPassword: 'Another-Pass-99',
        });
        expect(wrong.statusCode).toBe(422);
        expect(wrong.json<{ message: string }>().message).toContain('currentPassword');
        const weak = await as(t.app, s1, 'POST', '/api/users/me/password', { currentPassword: 'Wang-Password-1x', newPassword: 'short' });
        expect(weak.statusCode).toBe(422);
        const ok = await as(t.app, s1, 'POST', '/api/users/me/password', {
          currentPassword: 'Wang-Password-1x',
          newPassword: 'Another-Pass-99',
        });
        expect(ok.statusCode).toBe(204);
        expect((await as(t.app, s2, 'GET', '/api/auth/me')).statusCode).toBe(401);
        expect(
          (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wang.1', password: 'Wang-Password-1x' } }))
            .statusCode,
        ).toBe(401);
        await t.login('wang.1', 'Another-Pass-99');
      });

      it('exports users without passwords and imports a good workbook', async () => {
        const file = expectXlsx(await sys.get('/api/users/export'), 'users');
        const rows = await readSheet(file, USER_SHEET);
        expect(rows.find((r) => r.values.username === 'wang.1')?.values).toMatchObject({ unitCode: '411602001', password: '' });
        expect(rows.every((r) => r.values.password === '')).toBe(true);
        expectXlsx(await sys.get('/api/users/template'), 'template');

        // Roles in an import by the sysadmin are refused (the security admin grants them).
        const withRoles = await writeSheet(
          USER_SHEET,
          [
            {
              username: 'li.new',
              displayName: '李新',
              unitCode: 'D-CGJ',
              phone: '',
              email: '',
              roles: 'unit_handler@D-CGJ',
              password: 'Li-New-Password-1',
            },
          ],
          [],
        );
        expect((await importXlsx('/api/users/import', withRoles)).statusCode).toBe(422);
        const good = await writeSheet(
          USER_SHEET,
          [
            { username: 'li.new', displayName: '李新', unitCode: 'D-CGJ', phone: '', email: '', roles: '', password: 'Li-New-Password-1' },
            { username: 'wang.2', displayName: '王二（改）', unitCode: '411602001', phone: '', email: '', roles: '', password: '' },
          ],
          [],
        );
        const res = await importXlsx('/api/users/import', good);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual({ created: 1, updated: 1 });
        const wang2 = (await list('q=wang.2')).items[0]!;
        expect(wang2).toMatchObject({ displayName: '王二（改）', roles: [] });
        await t.login('li.new', 'Li-New-Password-1');
      });
    });
  });
}
