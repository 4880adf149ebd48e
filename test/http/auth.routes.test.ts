import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { as, client, createTestApp, sessionCookieOf, snapshot, type TestApp } from '../helpers/http.js';

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[];
}

const newUnit = (code: string) => ({ code, name: `单位${code}`, kind: 'department', parentId: null as number | null });

for (const dialect of DIALECTS) {
  describe(`auth routes on ${dialect}`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => t.close());

    it('login sets an HttpOnly, SameSite=Lax session cookie (not Secure over plain http)', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sys', password: t.city.sysadmin.password } });
      expect(res.statusCode).toBe(200);
      const cookie = setCookies(res).find((c) => c.startsWith('dudao_sid='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\//i);
      expect(cookie).not.toMatch(/;\s*Secure/i);
      // Without trustProxy a client cannot claim https by header.
      const spoofed = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'sys', password: t.city.sysadmin.password } });
      expect(setCookies(spoofed).find((c) => c.startsWith('dudao_sid='))).not.toMatch(/;\s*Secure/i);
    });

    it('marks the cookie Secure behind a trusted https proxy', async () => {
      const app = await buildApp({ database: t.database, services: t.env.services, webDist: null, trustProxy: true });
      try {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'sys', password: t.city.sysadmin.password } });
        expect(res.statusCode).toBe(200);
        const cookie = setCookies(res).find((c) => c.startsWith('dudao_sid='));
        expect(cookie).toMatch(/;\s*Secure/i);
        expect(cookie).toMatch(/;\s*HttpOnly/i);
      } finally {
        await app.close();
      }
    });

    it('/me returns the user, roles, permissions, CSRF token and home route', async () => {
      const s = await t.login('sys', t.city.sysadmin.password);
      const res = await as(t.app, s, 'GET', '/api/auth/me');
      expect(res.statusCode).toBe(200);
      const me = res.json();
      expect(me.user).toEqual({ id: t.city.sysadmin.id, username: 'sys', displayName: expect.any(String), unitId: t.city.city.id, unitName: '周口市' });
      expect(me.roles).toEqual([{ role: 'sysadmin', unitId: t.city.city.id, unitCode: '411600', unitName: '周口市' }]);
      expect(me.permissions).toEqual(expect.arrayContaining(['authenticated', 'unit.write', 'user.write']));
      expect(me.permissions).not.toContain('audit.read');
      expect(me.csrfToken).toBe(s.csrf);
      expect(me.home).toBe('/admin/units');
      const aud = await t.login('aud', t.city.auditor.password);
      expect((await as(t.app, aud, 'GET', '/api/auth/me')).json()).toMatchObject({ home: '/audit', permissions: expect.arrayContaining(['audit.read']) });
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    });

    it('gives the same 401 body for a wrong password and an unknown user', async () => {
      const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'aud', password: 'not-the-password' } });
      const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'not-the-password' } });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json()).toMatchObject({ statusCode: 401, error: 'unauthorized' });
      expect(sessionCookieOf(wrong)).toBeNull();
    });

    it('locks a name out with 429 after five failures, even for the right password', async () => {
      const u = await makeUser(t.database, { username: 'victim', unit: t.city.dept, roles: [{ role: 'unit_handler', unit: t.city.dept }] });
      for (let i = 0; i < 5; i++) {
        const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim', password: `wrong-${i}` } });
        expect(r.statusCode).toBe(401);
      }
      const sixth = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim', password: u.password } });
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json()).toMatchObject({ statusCode: 429, error: 'locked_out' });
      expect(sessionCookieOf(sixth)).toBeNull();
      // The window passes and the right password works again.
      t.env.clock.advance(16 * 60_000);
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim', password: u.password } })).statusCode).toBe(200);
    });

    it('logout ends the session: the old cookie no longer works', async () => {
      const s = await t.login('sec', t.city.secadmin.password);
      expect((await as(t.app, s, 'GET', '/api/auth/me')).statusCode).toBe(200);
      const out = await as(t.app, s, 'POST', '/api/auth/logout');
      expect(out.statusCode).toBe(204);
      expect(setCookies(out).some((c) => /^dudao_sid=;/.test(c))).toBe(true);
      expect((await as(t.app, s, 'GET', '/api/auth/me')).statusCode).toBe(401);
    });

    it('logout-all ends every session of the user and only theirs', async () => {
      const a = await t.login('aud', t.city.auditor.password);
      const b = await t.login('aud', t.city.auditor.password);
      const other = await t.login('sec', t.city.secadmin.password);
      const res = await as(t.app, a, 'POST', '/api/auth/logout-all');
      expect(res.statusCode).toBe(200);
      expect(res.json().sessions).toBeGreaterThanOrEqual(2);
      expect((await as(t.app, a, 'GET', '/api/auth/me')).statusCode).toBe(401);
      expect((await as(t.app, b, 'GET', '/api/auth/me')).statusCode).toBe(401);
      expect((await as(t.app, other, 'GET', '/api/auth/me')).statusCode).toBe(200);
    });

    it('refuses a cookie-authenticated write without the CSRF header (403 csrf_failed, nothing written)', async () => {
      const s = await t.login('sys', t.city.sysadmin.password);
      const before = await snapshot(t.database);
      const body = { ...newUnit('CSRF-1'), parentId: t.city.city.id };
      const res = await t.app.inject({ method: 'POST', url: '/api/units', headers: { cookie: s.cookie }, payload: body });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ statusCode: 403, error: 'csrf_failed' });
      const del = await t.app.inject({ method: 'DELETE', url: `/api/units/${t.city.otherDistrict.id}`, headers: { cookie: s.cookie } });
      expect(del.json()).toMatchObject({ error: 'csrf_failed' });
      expect(await snapshot(t.database)).toBe(before);
    });

    it('refuses a wrong CSRF token, including another session\'s', async () => {
      const s = await t.login('sys', t.city.sysadmin.password);
      const other = await t.login('sys', t.city.sysadmin.password);
      const before = await snapshot(t.database);
      const body = { ...newUnit('CSRF-2'), parentId: t.city.city.id };
      for (const token of ['wrong', other.csrf, '']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/units', headers: { cookie: s.cookie, 'x-csrf-token': token }, payload: body });
        expect(res.statusCode).toBe(403);
        expect(res.json().error).toBe('csrf_failed');
      }
      expect(await snapshot(t.database)).toBe(before);
      // The right one works.
      expect((await as(t.app, s, 'POST', '/api/units', body)).statusCode).toBe(201);
    });

    it('a bearer API token works without CSRF; once revoked it gets 401', async () => {
      const s = await t.login('sys', t.city.sysadmin.password);
      const c = client(t.app, s);
      const created = await c.post('/api/auth/tokens', { name: 'ci' });
      expect(created.statusCode).toBe(201);
      const { token, item } = created.json();
      expect(token).toMatch(/^ddt_/);
      expect(item).toMatchObject({ name: 'ci', revokedAt: null });
      const listed = (await c.get('/api/auth/tokens')).json();
      expect(listed.map((x: { id: number }) => x.id)).toContain(item.id);
      expect(JSON.stringify(listed)).not.toContain(token);

      const bearer = { authorization: `Bearer ${token}` };
      const write = await t.app.inject({ method: 'POST', url: '/api/units', headers: bearer, payload: { ...newUnit('TOK-1'), parentId: t.city.city.id } });
      expect(write.statusCode).toBe(201);
      expect((await t.app.inject({ method: 'GET', url: '/api/units', headers: bearer })).statusCode).toBe(200);

      expect((await c.delete(`/api/auth/tokens/${item.id}`)).statusCode).toBe(204);
      const revoked = await t.app.inject({ method: 'GET', url: '/api/units', headers: bearer });
      expect(revoked.statusCode).toBe(401);
      const before = await snapshot(t.database);
      const refused = await t.app.inject({ method: 'POST', url: '/api/units', headers: bearer, payload: { ...newUnit('TOK-2'), parentId: t.city.city.id } });
      expect(refused.statusCode).toBe(401);
      expect(await snapshot(t.database)).toBe(before);
    });

    it('a token cannot be revoked by someone else (404) and roles without token.manage cannot mint one (403)', async () => {
      const sys = client(t.app, await t.login('sys', t.city.sysadmin.password));
      const { item } = (await sys.post('/api/auth/tokens', { name: 'mine' })).json();
      const sec = client(t.app, await t.login('sec', t.city.secadmin.password));
      expect((await sec.delete(`/api/auth/tokens/${item.id}`)).statusCode).toBe(404);
      const aud = client(t.app, await t.login('aud', t.city.auditor.password));
      expect((await aud.post('/api/auth/tokens', { name: 'x' })).statusCode).toBe(403);
    });

    it('health, readiness, OpenAPI and docs', async () => {
      const health = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready' });
      const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(spec.statusCode).toBe(200);
      const doc = JSON.parse(spec.body) as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/units', '/api/users', '/api/auth/login', '/api/audit']));
      let docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
      if (docs.statusCode >= 300 && docs.statusCode < 400) {
        docs = await t.app.inject({ method: 'GET', url: new URL(docs.headers.location as string, 'http://x/api/docs').pathname });
      }
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toMatch(/text\/html/);
    });
  });
}
