import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { createTestApp, loginClient, snapshot, type Client, type TestApp } from '../helpers/http.js';

/**
 * Issue 11, point 1: the attacks on 三员分立 found by hand, as tests. No single
 * administrator takes over, resets, disables or re-roles another administrator, or makes
 * an account an administrator (or two); such changes wait for a second administrator.
 */
for (const dialect of DIALECTS) {
  describe(`三员分立 without gaps on ${dialect}`, () => {
    let t: TestApp;
    let sys: Client;
    let sec: Client;
    let aud: Client;
    const start = new Date('2026-03-02T01:00:00.000Z');

    const relogin = async () => {
      sys = await loginClient(t, t.city.sysadmin);
      sec = await loginClient(t, t.city.secadmin);
      aud = await loginClient(t, t.city.auditor);
    };
    const auditActions = async () =>
      (await t.database.db.selectFrom('audit_log').select(['action', 'summary']).orderBy('seq').execute()).map((r) => r.action);
    const canLogin = async (username: string, password: string) =>
      (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })).statusCode === 200;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await relogin();
    });
    afterAll(async () => t.close());

    it('secadmin cannot give one account all three admin roles (422, nothing written), and it never reads the audit', async () => {
      const fresh = await makeUser(t.database, { username: 'fresh1', unit: t.city.city });
      const before = await snapshot(t.database);
      const all = ['sysadmin', 'security_admin', 'auditor'].map((role) => ({ role, unitId: t.city.city.id }));
      const res = await sec.put(`/api/users/${fresh.id}/roles`, { roles: all });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json<{ message: string }>().message).toContain('at most one administrator role');
      expect(res.json<{ details: { text: { zh: string } } }>().details.text.zh).toBe(
        '一个账号最多担任一种管理员角色（三员分立），这里选了系统管理员、安全管理员、审计管理员',
      );
      expect(await snapshot(t.database)).toBe(before);
      const asFresh = await loginClient(t, fresh);
      expect((await asFresh.get('/api/audit')).statusCode).toBe(403);
    });

    it("adding a business role to the auditor's account is refused; the auditor still cannot read cases", async () => {
      const res = await sec.put(`/api/users/${t.city.auditor.id}/roles`, {
        roles: [
          { role: 'auditor', unitId: t.city.city.id },
          { role: 'hq_dispatcher', unitId: t.city.city.id },
        ],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ message: string }>().message).toContain('cannot be combined with business roles');
      expect(res.json<{ details: { text: { zh: string } } }>().details.text.zh).toBe(
        '审计管理员不能与业务角色同时授予同一账号（三员分立）',
      );
      expect((await aud.get('/api/cases')).statusCode).toBe(403);
    });

    it("secadmin resetting the auditor's password only files a request; the old password still works", async () => {
      const res = await sec.post(`/api/users/${t.city.auditor.id}/password`, { password: 'Taken-Over-By-Sec-1' });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({
        kind: 'password',
        status: 'pending',
        target: { id: t.city.auditor.id },
        requestedBy: { username: 'sec' },
        details: {},
      });
      expect(res.body).not.toContain('Taken-Over');
      expect(await canLogin('aud', 'Taken-Over-By-Sec-1')).toBe(false);
      expect(await canLogin('aud', t.city.auditor.password)).toBe(true);
      await relogin();
    });

    it('sysadmin deactivating the auditor or the secadmin only files requests; both stay active', async () => {
      for (const admin of [t.city.auditor, t.city.secadmin]) {
        const res = await sys.patch(`/api/users/${admin.id}`, { active: false });
        expect(res.statusCode, res.body).toBe(202);
        expect(res.json()).toMatchObject({ kind: 'deactivate', status: 'pending', details: { changes: { active: 0 } } });
        expect((await sys.get(`/api/users/${admin.id}`)).json<{ active: boolean }>().active).toBe(true);
      }
      expect((await aud.get('/api/audit')).statusCode).toBe(200);
    });

    it('sysadmin grants no business roles and creates no accounts with them; it creates plain accounts', async () => {
      const target = await makeUser(t.database, { username: 'plain1', unit: t.city.dept });
      const before = await snapshot(t.database);
      const grant = await sys.put(`/api/users/${target.id}/roles`, { roles: [{ role: 'inspector', unitId: t.city.dept.id }] });
      expect(grant.statusCode).toBe(403);
      expect(grant.json<{ message: string }>().message).toContain('security administrator');
      const create = await sys.post('/api/users', {
        username: 'hq-new',
        displayName: '新调度',
        password: 'Long-Enough-Pass-1',
        unitId: t.city.city.id,
        roles: [{ role: 'hq_dispatcher', unitId: t.city.city.id }],
      });
      expect(create.statusCode).toBe(403);
      expect(await snapshot(t.database)).toBe(before);
      const plain = await sys.post('/api/users', {
        username: 'hq-new',
        displayName: '新调度',
        password: 'Long-Enough-Pass-1',
        unitId: t.city.city.id,
      });
      expect(plain.statusCode).toBe(201);
      // …and the security admin grants the business role at once.
      const biz = await sec.put(`/api/users/${plain.json<{ id: number }>().id}/roles`, {
        roles: [{ role: 'hq_dispatcher', unitId: t.city.city.id }],
      });
      expect(biz.statusCode).toBe(200);
      expect(biz.json<{ roles: unknown[] }>().roles).toMatchObject([{ role: 'hq_dispatcher' }]);
    });

    it('the security admin still runs ordinary accounts alone: password, lock, unlock', async () => {
      expect((await sec.post(`/api/users/${t.city.handler.id}/password`, { password: 'Quiet-Maple-Stream-7' })).statusCode).toBe(204);
      t.city.handler.password = 'Quiet-Maple-Stream-7';
      expect((await sec.post(`/api/users/${t.city.handler.id}/lock`)).statusCode).toBe(200);
      expect((await sec.post(`/api/users/${t.city.handler.id}/unlock`)).statusCode).toBe(200);
    });

    it('making an account an admin: secadmin asks, the requester and the target cannot approve, sysadmin approves, all audited', async () => {
      const fresh = await makeUser(t.database, { username: 'fresh2', unit: t.city.city });
      const res = await sec.put(`/api/users/${fresh.id}/roles`, { roles: [{ role: 'auditor', unitId: t.city.city.id }] });
      expect(res.statusCode).toBe(202);
      const id = res.json<{ id: number }>().id;
      expect((await sys.get(`/api/users/${fresh.id}`)).json<{ roles: unknown[] }>().roles).toEqual([]);

      const own = await sec.post(`/api/admin-requests/${id}/approve`);
      expect(own.statusCode).toBe(403);
      expect(own.json<{ message: string }>().message).toContain('second administrator');
      const asFresh = await loginClient(t, fresh);
      expect((await asFresh.post(`/api/admin-requests/${id}/approve`)).statusCode).toBe(403);
      expect((await sys.post(`/api/admin-requests/${id}/cancel`)).statusCode).toBe(403);

      const list = await aud.get('/api/admin-requests?status=pending');
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: { id: number }[] }>().items.map((r) => r.id)).toContain(id);

      const ok = await sys.post(`/api/admin-requests/${id}/approve`);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'approved', decidedBy: { username: 'sys' }, decidedAt: expect.any(String) });
      expect((await sys.get(`/api/users/${fresh.id}`)).json<{ roles: unknown[] }>().roles).toMatchObject([{ role: 'auditor' }]);
      expect((await sys.post(`/api/admin-requests/${id}/approve`)).statusCode).toBe(409);
      const audit = await auditActions();
      expect(audit).toEqual(expect.arrayContaining(['admin_request.create', 'admin_request.approve', 'user.roles']));
      const applied = await t.database.db
        .selectFrom('audit_log')
        .select(['summary', 'actor_name'])
        .where('action', '=', 'user.roles')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(applied.actor_name).toBe('sys');
      expect(JSON.parse(applied.summary)).toMatchObject({ requestId: id });
    });

    it('a reset approved by a second admin applies the hash filed with the request; a rejected one changes nothing', async () => {
      const pending = (await aud.get('/api/admin-requests?status=pending')).json<{
        items: { id: number; kind: string; target: { id: number } }[];
      }>().items;
      const reset = pending.find((r) => r.kind === 'password' && r.target.id === t.city.auditor.id)!;
      const deact = pending.filter((r) => r.kind === 'deactivate');
      // The auditor cannot approve the reset of their own password.
      expect((await aud.post(`/api/admin-requests/${reset.id}/approve`)).statusCode).toBe(403);
      expect((await sys.post(`/api/admin-requests/${reset.id}/approve`)).statusCode).toBe(200);
      expect(await canLogin('aud', 'Taken-Over-By-Sec-1')).toBe(true);
      t.city.auditor.password = 'Taken-Over-By-Sec-1';
      await relogin();
      for (const r of deact) {
        const who = r.target.id === t.city.auditor.id ? sec : aud;
        const res = await who.post(`/api/admin-requests/${r.id}/reject`);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json<{ status: string }>().status).toBe('rejected');
      }
      expect((await sys.get(`/api/users/${t.city.auditor.id}`)).json<{ active: boolean }>().active).toBe(true);
      expect(await auditActions()).toContain('admin_request.reject');
    });

    it('the requester may cancel; nobody else may', async () => {
      const res = await sec.post(`/api/users/${t.city.sysadmin.id}/lock`);
      expect(res.statusCode).toBe(202);
      const id = res.json<{ id: number }>().id;
      expect((await aud.post(`/api/admin-requests/${id}/cancel`)).statusCode).toBe(403);
      const c = await sec.post(`/api/admin-requests/${id}/cancel`);
      expect(c.statusCode).toBe(200);
      expect(c.json<{ status: string }>().status).toBe('cancelled');
      expect((await aud.post(`/api/admin-requests/${id}/approve`)).statusCode).toBe(409);
      expect(await auditActions()).toContain('admin_request.cancel');
    });

    it('creating an admin account waits for approval; creating one with two admin roles is refused', async () => {
      const two = await sys.post('/api/users', {
        username: 'two-hats',
        displayName: '两顶帽',
        password: 'Long-Enough-Pass-1',
        unitId: t.city.city.id,
        roles: [
          { role: 'auditor', unitId: t.city.city.id },
          { role: 'security_admin', unitId: t.city.city.id },
        ],
      });
      expect(two.statusCode).toBe(422);
      const res = await sys.post('/api/users', {
        username: 'aud2',
        displayName: '新审计',
        password: 'Long-Enough-Pass-1',
        unitId: t.city.city.id,
        roles: [{ role: 'auditor', unitId: t.city.city.id }],
      });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ kind: 'create', target: null, details: { username: 'aud2', roles: [{ role: 'auditor' }] } });
      expect(res.body).not.toMatch(/argon|hash|Long-Enough/);
      expect(await canLogin('aud2', 'Long-Enough-Pass-1')).toBe(false);
      expect((await aud.post(`/api/admin-requests/${res.json<{ id: number }>().id}/approve`)).statusCode).toBe(200);
      expect(await canLogin('aud2', 'Long-Enough-Pass-1')).toBe(true);
    });

    it('requests lapse after 72 hours: approvable at 71:59, expired (409, audited) at 72:00', async () => {
      const a = await makeUser(t.database, { username: 'lapse-a', unit: t.city.city });
      const b = await makeUser(t.database, { username: 'lapse-b', unit: t.city.city });
      t.env.clock.set(start.toISOString());
      await relogin();
      const ra = (await sec.put(`/api/users/${a.id}/roles`, { roles: [{ role: 'auditor', unitId: t.city.city.id }] })).json<{
        id: number;
      }>().id;
      const rb = (await sec.put(`/api/users/${b.id}/roles`, { roles: [{ role: 'auditor', unitId: t.city.city.id }] })).json<{
        id: number;
      }>().id;
      t.env.clock.set(new Date(start.getTime() + 72 * 3600_000 - 60_000).toISOString());
      await relogin();
      expect((await sys.post(`/api/admin-requests/${ra}/approve`)).statusCode).toBe(200);
      t.env.clock.set(new Date(start.getTime() + 72 * 3600_000).toISOString());
      await relogin();
      const late = await sys.post(`/api/admin-requests/${rb}/approve`);
      expect(late.statusCode).toBe(409);
      expect(late.json<{ message: string }>().message).toContain('expired');
      expect((await sys.get(`/api/users/${b.id}`)).json<{ roles: unknown[] }>().roles).toEqual([]);
      expect(await auditActions()).toContain('admin_request.expire');
      const list = (await aud.get('/api/admin-requests?status=expired')).json<{ items: { id: number }[] }>().items;
      expect(list.map((r) => r.id)).toContain(rb);
    });

    it('ordinary accounts see no admin requests', async () => {
      const handler = await loginClient(t, t.city.handler);
      expect((await handler.get('/api/admin-requests')).statusCode).toBe(403);
      expect((await handler.post('/api/admin-requests/1/approve')).statusCode).toBe(403);
    });
  });
}
