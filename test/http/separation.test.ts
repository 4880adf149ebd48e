import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { as, client, createTestApp, loginClient, snapshot, type Client, type TestApp } from '../helpers/http.js';

type Who = 'sys' | 'sec' | 'aud' | 'handler';
type Call = [Who, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string, unknown?];

for (const dialect of DIALECTS) {
  describe(`separation of the three administrators (三员分立) on ${dialect}`, () => {
    let t: TestApp;
    let c: Record<Who, Client>;
    /** A plain account the admins act on. */
    let target: { id: number; username: string; password: string };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      target = await makeUser(t.database, { username: 'target', unit: t.city.dept, roles: [{ role: 'unit_handler', unit: t.city.dept }] });
      c = {
        sys: await loginClient(t, t.city.sysadmin),
        sec: await loginClient(t, t.city.secadmin),
        aud: await loginClient(t, t.city.auditor),
        handler: await loginClient(t, t.city.handler),
      };
    });
    afterAll(async () => t.close());

    const send = (who: Who, method: Call[1], url: string, body?: unknown) => {
      const k = c[who];
      switch (method) {
        case 'GET':
          return k.get(url);
        case 'POST':
          return k.post(url, body);
        case 'PUT':
          return k.put(url, body);
        case 'PATCH':
          return k.patch(url, body);
        case 'DELETE':
          return k.delete(url);
      }
    };

    /** Every call must answer 403 and leave the database as it was. */
    async function allForbidden(calls: Call[]) {
      const before = await snapshot(t.database);
      const wrong: string[] = [];
      for (const [who, method, url, body] of calls) {
        const res = await send(who, method, url, body);
        if (res.statusCode !== 403) wrong.push(`${who} ${method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
        else expect(res.json<{ error: string }>().error).toBe('forbidden');
      }
      expect(wrong).toEqual([]);
      expect(await snapshot(t.database)).toBe(before);
    }

    const newUnit = () => ({
      code: `SEP-${Math.random().toString(36).slice(2, 8)}`,
      name: '分立',
      kind: 'department',
      parentId: t.city.city.id,
    });

    it('the sysadmin cannot read or verify the audit log', async () => {
      await allForbidden([
        ['sys', 'GET', '/api/audit'],
        ['sys', 'GET', '/api/audit/verify'],
        ['sec', 'GET', '/api/audit'],
        ['sec', 'GET', '/api/audit/verify'],
      ]);
    });

    it('the sysadmin cannot lock, unlock, reset passwords or grant admin roles', async () => {
      await allForbidden([
        ['sys', 'POST', `/api/users/${target.id}/lock`],
        ['sys', 'POST', `/api/users/${target.id}/unlock`],
        ['sys', 'POST', `/api/users/${target.id}/password`, { password: 'Brand-New-Pass-1' }],
        ['sys', 'PUT', `/api/users/${target.id}/roles`, { roles: [{ role: 'auditor', unitId: t.city.city.id }] }],
        ['sys', 'PUT', `/api/users/${target.id}/roles`, { roles: [{ role: 'security_admin', unitId: t.city.city.id }] }],
        ['sys', 'PUT', `/api/users/${t.city.auditor.id}/roles`, { roles: [] }],
        ['sys', 'PUT', `/api/users/${target.id}/roles`, { roles: [{ role: 'inspector', unitId: t.city.city.id }] }],
        [
          'sys',
          'POST',
          '/api/users',
          {
            username: 'sneaky-hq',
            displayName: 'x',
            password: 'Long-Enough-Pass-1',
            unitId: t.city.city.id,
            roles: [{ role: 'hq_dispatcher', unitId: t.city.city.id }],
          },
        ],
      ]);
      // Creating an account with an admin role only files a request for a second administrator.
      const sneaky = await c.sys.post('/api/users', {
        username: 'sneaky',
        displayName: 'x',
        password: 'Long-Enough-Pass-1',
        unitId: t.city.city.id,
        roles: [{ role: 'auditor', unitId: t.city.city.id }],
      });
      expect(sneaky.statusCode).toBe(202);
      expect(await t.database.db.selectFrom('users').select('id').where('username', '=', 'sneaky').executeTakeFirst()).toBeUndefined();
      expect((await c.sys.post(`/api/admin-requests/${sneaky.json<{ id: number }>().id}/cancel`)).statusCode).toBe(200);
    });

    it('the auditor reads the audit log but changes nothing', async () => {
      const list = await c.aud.get('/api/audit');
      expect(list.statusCode).toBe(200);
      expect(list.json<{ total: number }>().total).toBeGreaterThan(0);
      const verify = await c.aud.get('/api/audit/verify');
      expect(verify.statusCode).toBe(200);
      expect(verify.json()).toMatchObject({ ok: true, firstBroken: null });
      await allForbidden([
        ['aud', 'POST', '/api/units', newUnit()],
        ['aud', 'PATCH', `/api/units/${t.city.dept.id}`, { name: '改名' }],
        ['aud', 'DELETE', `/api/units/${t.city.otherDistrict.id}`],
        ['aud', 'POST', '/api/users', { username: 'x-aud', displayName: 'x', password: 'Long-Enough-Pass-1' }],
        ['aud', 'PATCH', `/api/users/${target.id}`, { displayName: '改名' }],
        ['aud', 'PUT', `/api/users/${target.id}/roles`, { roles: [] }],
        ['aud', 'POST', `/api/users/${target.id}/lock`],
        ['aud', 'POST', `/api/users/${target.id}/password`, { password: 'Brand-New-Pass-1' }],
        ['aud', 'POST', '/api/auth/tokens', { name: 'x' }],
      ]);
    });

    it('the security admin locks, unlocks and resets passwords but cannot run units or accounts', async () => {
      const victim = await t.login('target', target.password);
      const locked = await c.sec.post(`/api/users/${target.id}/lock`);
      expect(locked.statusCode).toBe(200);
      expect(locked.json()).toMatchObject({ id: target.id, locked: true, lockedAt: expect.any(String) });
      expect((await as(t.app, victim, 'GET', '/api/auth/me')).statusCode).toBe(401);
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'target', password: target.password } }))
          .statusCode,
      ).toBe(401);
      const unlocked = await c.sec.post(`/api/users/${target.id}/unlock`);
      expect(unlocked.json()).toMatchObject({ locked: false, lockedAt: null });

      expect((await c.sec.post(`/api/users/${target.id}/password`, { password: 'Reset-By-Security-1' })).statusCode).toBe(204);
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'target', password: target.password } }))
          .statusCode,
      ).toBe(401);
      const fresh = await t.login('target', 'Reset-By-Security-1');
      expect((await as(t.app, fresh, 'GET', '/api/auth/me')).statusCode).toBe(200);
      target.password = 'Reset-By-Security-1';

      await allForbidden([
        ['sec', 'POST', '/api/units', newUnit()],
        ['sec', 'PATCH', `/api/units/${t.city.dept.id}`, { name: '改名' }],
        ['sec', 'POST', '/api/users', { username: 'x-sec', displayName: 'x', password: 'Long-Enough-Pass-1' }],
        ['sec', 'PATCH', `/api/users/${target.id}`, { displayName: '改名' }],
        ['sec', 'POST', `/api/users/${t.city.secadmin.id}/lock`],
      ]);
    });

    it('only the security admin grants the auditor role, and only with a second admin approving', async () => {
      await allForbidden([['sys', 'PUT', `/api/users/${target.id}/roles`, { roles: [{ role: 'auditor', unitId: t.city.city.id }] }]]);
      const asked = await c.sec.put(`/api/users/${target.id}/roles`, { roles: [{ role: 'auditor', unitId: t.city.city.id }] });
      expect(asked.statusCode).toBe(202);
      const res = await c.sys.post(`/api/admin-requests/${asked.json<{ id: number }>().id}/approve`);
      expect(res.statusCode).toBe(200);
      expect((await c.sys.get(`/api/users/${target.id}`)).json<{ roles: unknown[] }>().roles).toEqual([
        { role: 'auditor', unitId: t.city.city.id, unitCode: '411600', unitName: '周口市' },
      ]);
      // …and the sysadmin cannot take it away again.
      await allForbidden([['sys', 'PUT', `/api/users/${target.id}/roles`, { roles: [] }]]);
      const me = await client(t.app, await t.login('target', target.password)).get('/api/auth/me');
      expect(me.json()).toMatchObject({ home: '/audit', permissions: expect.arrayContaining(['audit.read']) });
      // Taking the admin role away needs a second admin too; business roles are the security admin's alone.
      const back = await c.sec.put(`/api/users/${target.id}/roles`, { roles: [] });
      expect(back.statusCode).toBe(202);
      expect((await c.sys.post(`/api/admin-requests/${back.json<{ id: number }>().id}/approve`)).statusCode).toBe(200);
      await allForbidden([['sys', 'PUT', `/api/users/${target.id}/roles`, { roles: [{ role: 'unit_handler', unitId: t.city.dept.id }] }]]);
      const biz = await c.sec.put(`/api/users/${target.id}/roles`, { roles: [{ role: 'unit_handler', unitId: t.city.dept.id }] });
      expect(biz.statusCode).toBe(200);
    });

    it('nobody changes their own roles or locks themselves', async () => {
      await allForbidden([
        [
          'sec',
          'PUT',
          `/api/users/${t.city.secadmin.id}/roles`,
          {
            roles: [
              { role: 'security_admin', unitId: t.city.city.id },
              { role: 'auditor', unitId: t.city.city.id },
            ],
          },
        ],
        ['sys', 'PUT', `/api/users/${t.city.sysadmin.id}/roles`, { roles: [] }],
      ]);
    });

    it('a unit handler gets 403 on every user-admin and audit route', async () => {
      await allForbidden([
        ['handler', 'GET', '/api/users'],
        ['handler', 'GET', '/api/users/export'],
        ['handler', 'GET', `/api/users/${target.id}`],
        ['handler', 'POST', '/api/users', { username: 'x-h', displayName: 'x', password: 'Long-Enough-Pass-1' }],
        ['handler', 'PATCH', `/api/users/${target.id}`, { displayName: 'x' }],
        ['handler', 'PUT', `/api/users/${target.id}/roles`, { roles: [] }],
        ['handler', 'POST', `/api/users/${target.id}/lock`],
        ['handler', 'POST', `/api/users/${target.id}/unlock`],
        ['handler', 'POST', `/api/users/${target.id}/password`, { password: 'Brand-New-Pass-1' }],
        ['handler', 'GET', '/api/audit'],
        ['handler', 'POST', '/api/units', newUnit()],
        ['handler', 'GET', '/api/auth/tokens'],
      ]);
      // What the handler may do: read the unit tree and their own account.
      expect((await c.handler.get('/api/units')).statusCode).toBe(200);
      expect((await c.handler.get(`/api/users/${t.city.handler.id}`)).statusCode).toBe(200);
    });

    it('a district sysadmin stays inside the district', async () => {
      const dadmin = await loginClient(t, t.city.districtAdmin);
      const outside = await dadmin.post('/api/units', { code: 'DA-OUT', name: '外', kind: 'department', parentId: t.city.city.id });
      expect(outside.statusCode).toBe(403);
      const inside = await dadmin.post('/api/units', { code: 'DA-IN', name: '内', kind: 'street', parentId: t.city.district.id });
      expect(inside.statusCode).toBe(201);
      expect((await dadmin.patch(`/api/users/${t.city.handler.id}`, { displayName: '外' })).statusCode).toBe(403);
    });

    describe('audit search over HTTP', () => {
      // Close to the start clock (01:00Z), so the sessions stay inside their 30-minute idle limit.
      const T1 = '2026-03-02T01:10:00.000Z';
      const T2 = '2026-03-02T01:15:00.000Z';
      let early: number;
      let late: number;

      beforeAll(async () => {
        t.env.clock.set(T1);
        early = (await c.sys.post('/api/units', { code: 'AUD-EARLY', name: '早', kind: 'department', parentId: t.city.city.id })).json<{
          id: number;
        }>().id;
        t.env.clock.set(T2);
        late = (await c.sys.post('/api/units', { code: 'AUD-LATE', name: '晚', kind: 'department', parentId: t.city.city.id })).json<{
          id: number;
        }>().id;
        await c.sec.post(`/api/users/${target.id}/lock`);
        await c.sec.post(`/api/users/${target.id}/unlock`);
      });

      type Rec = { actorName: string; action: string; targetType: string | null; targetId: string | null; at: string };
      const search = async (qs: string) => {
        const res = await c.aud.get(`/api/audit?${qs}&pageSize=500`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ items: Rec[]; total: number }>();
      };

      it('filters by actor (case-insensitive)', async () => {
        const r = await search('actor=SEC');
        expect(r.total).toBeGreaterThanOrEqual(4);
        expect(r.items.every((i) => i.actorName === 'sec')).toBe(true);
        expect((await search('actor=nobody')).total).toBe(0);
      });

      it('filters by exact action and by prefix', async () => {
        const exact = await search('action=unit.create');
        expect(exact.items.length).toBeGreaterThanOrEqual(2);
        expect(exact.items.every((i) => i.action === 'unit.create')).toBe(true);
        const prefix = await search('action=user.');
        expect(prefix.items.map((i) => i.action)).toEqual(
          expect.arrayContaining(['user.lock', 'user.unlock', 'user.password', 'user.roles']),
        );
        expect(prefix.items.every((i) => i.action.startsWith('user.'))).toBe(true);
        expect((await search('action=user')).total).toBe(0);
      });

      it('filters by target type and id', async () => {
        const units = await search('targetType=unit');
        expect(units.items.every((i) => i.targetType === 'unit')).toBe(true);
        expect(units.items.map((i) => i.targetId)).toEqual(expect.arrayContaining([String(early), String(late)]));
        const one = await search(`targetType=user&targetId=${target.id}&action=user.lock`);
        expect(one.total).toBe(2);
      });

      it('filters by time: from inclusive, to exclusive', async () => {
        const after = await search(`from=${T2}&action=unit.create`);
        expect(after.items.map((i) => i.targetId)).toContain(String(late));
        expect(after.items.map((i) => i.targetId)).not.toContain(String(early));
        const before = await search(`from=${T1}&to=${T2}&action=unit.create`);
        expect(before.items.map((i) => i.targetId)).toEqual([String(early)]);
        expect(before.items.every((i) => i.at >= T1 && i.at < T2)).toBe(true);
        const zoned = await search(`from=${encodeURIComponent('2026-03-02T09:15:00+08:00')}&action=unit.create`);
        expect(zoned.items.map((i) => i.targetId)).toEqual([String(late)]);
      });

      it('pages newest first', async () => {
        const p1 = await c.aud.get('/api/audit?pageSize=2&page=1');
        const p2 = await c.aud.get('/api/audit?pageSize=2&page=2');
        const a = p1.json<{ items: { seq: number }[] }>().items;
        const b = p2.json<{ items: { seq: number }[] }>().items;
        expect(a).toHaveLength(2);
        expect(a[0]!.seq).toBeGreaterThan(a[1]!.seq);
        expect(a[1]!.seq).toBeGreaterThan(b[0]!.seq);
        expect(p1.json<{ total: number }>().total).toBe(p2.json<{ total: number }>().total);
      });
    });
  });
}
