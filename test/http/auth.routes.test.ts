import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { DIALECTS } from '../helpers/db.js';
import { makeUser } from '../helpers/factories.js';
import { as, client, createTestApp, sessionCookieOf, snapshot, type TestApp } from '../helpers/http.js';

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[];
}

const MIN = 60_000;

/** The reply of POST /api/auth/tokens, as far as these tests read it. */
type Minted = { token: string; item: { id: number } };

/** POSTs JSON to a listening server over a real socket bound to `localAddress` (127.0.0.1 or 127.0.0.2). */
function postFrom(
  port: number,
  localAddress: string,
  path: string,
  body: unknown,
): Promise<{ status: number; headers: IncomingHttpHeaders; json: Record<string, unknown> }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
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
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'sys', password: t.city.sysadmin.password },
      });
      expect(res.statusCode).toBe(200);
      const cookie = setCookies(res).find((c) => c.startsWith('dudao_sid='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\//i);
      expect(cookie).not.toMatch(/;\s*Secure/i);
      // Without trustProxy a client cannot claim https by header.
      const spoofed = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'sys', password: t.city.sysadmin.password },
      });
      expect(setCookies(spoofed).find((c) => c.startsWith('dudao_sid='))).not.toMatch(/;\s*Secure/i);
    });

    it('marks the cookie Secure behind a trusted https proxy', async () => {
      const app = await buildApp({ database: t.database, services: t.env.services, webDist: null, trustProxy: true });
      try {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'x-forwarded-proto': 'https' },
          payload: { username: 'sys', password: t.city.sysadmin.password },
        });
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
      const me = res.json<{ user: unknown; roles: unknown; permissions: string[]; csrfToken: string; home: string }>();
      expect(me.user).toEqual({
        id: t.city.sysadmin.id,
        username: 'sys',
        displayName: expect.any(String),
        unitId: t.city.city.id,
        unitName: '周口市',
      });
      expect(me.roles).toEqual([{ role: 'sysadmin', unitId: t.city.city.id, unitCode: '411600', unitName: '周口市' }]);
      expect(me.permissions).toEqual(expect.arrayContaining(['authenticated', 'unit.write', 'user.write']));
      expect(me.permissions).not.toContain('audit.read');
      expect(me.csrfToken).toBe(s.csrf);
      expect(me.home).toBe('/admin/units');
      const aud = await t.login('aud', t.city.auditor.password);
      expect((await as(t.app, aud, 'GET', '/api/auth/me')).json()).toMatchObject({
        home: '/audit',
        permissions: expect.arrayContaining(['audit.read']),
      });
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    });

    it('gives the same 401 body for a wrong password and an unknown user', async () => {
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'aud', password: 'not-the-password' },
      });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody-here', password: 'not-the-password' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json()).toMatchObject({ statusCode: 401, error: 'unauthorized' });
      expect(sessionCookieOf(wrong)).toBeNull();
    });

    it('five failures close the name for that address only (429 + Retry-After); another address logs in; the window reopens it', async () => {
      t.env.clock.advance(16 * MIN); // earlier tests' failures from 127.0.0.1 age out
      const u = await makeUser(t.database, { username: 'victim', unit: t.city.dept, roles: [{ role: 'unit_handler', unit: t.city.dept }] });
      const loginFrom = (remoteAddress: string, password: string) =>
        t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: 'victim', password } });
      const start = t.env.clock.now().getTime();
      for (let i = 0; i < 5; i++) expect((await loginFrom('127.0.0.2', `wrong-${i}`)).statusCode).toBe(401);
      const sixth = await loginFrom('127.0.0.2', u.password);
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json()).toMatchObject({
        statusCode: 429,
        error: 'too_many_attempts',
        details: { retryAfterSeconds: 900, limit: 'account_address' },
      });
      expect(sixth.headers['retry-after']).toBe('900');
      expect(sessionCookieOf(sixth)).toBeNull();
      expect((await loginFrom('127.0.0.1', u.password)).statusCode).toBe(200);
      // Both sides of the window, by the injected clock.
      t.env.clock.set(new Date(start + 14 * MIN + 59_000));
      const still = await loginFrom('127.0.0.2', u.password);
      expect(still.statusCode).toBe(429);
      expect(still.headers['retry-after']).toBe('1');
      t.env.clock.set(new Date(start + 15 * MIN + 1_000));
      expect((await loginFrom('127.0.0.2', u.password)).statusCode).toBe(200);
    });

    it('30 names from one injected address: 429 after 20, with Retry-After; another address is not affected', async () => {
      t.env.clock.advance(16 * MIN);
      const codes: number[] = [];
      for (let i = 0; i < 30; i++) {
        codes.push(
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/auth/login',
              remoteAddress: '127.0.0.3',
              payload: { username: `who-${i}`, password: 'Password123' },
            })
          ).statusCode,
        );
      }
      expect(codes).toEqual([...Array<number>(20).fill(401), ...Array<number>(10).fill(429)]);
      const blocked = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '127.0.0.3',
        payload: { username: 'sec', password: t.city.secadmin.password },
      });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '127.0.0.4',
        payload: { username: 'sec', password: t.city.secadmin.password },
      });
      expect(elsewhere.statusCode).toBe(200);
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
      expect(res.json<{ sessions: number }>().sessions).toBeGreaterThanOrEqual(2);
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

    it("refuses a wrong CSRF token, including another session's", async () => {
      const s = await t.login('sys', t.city.sysadmin.password);
      const other = await t.login('sys', t.city.sysadmin.password);
      const before = await snapshot(t.database);
      const body = { ...newUnit('CSRF-2'), parentId: t.city.city.id };
      for (const token of ['wrong', other.csrf, '']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/units',
          headers: { cookie: s.cookie, 'x-csrf-token': token },
          payload: body,
        });
        expect(res.statusCode).toBe(403);
        expect(res.json<{ error: string }>().error).toBe('csrf_failed');
      }
      expect(await snapshot(t.database)).toBe(before);
      // The right one works.
      expect((await as(t.app, s, 'POST', '/api/units', body)).statusCode).toBe(201);
    });

    it('a bearer API token works without CSRF; once revoked it gets 401', async () => {
      const s = await t.login('sys', t.city.sysadmin.password);
      const c = client(t.app, s);
      const created = await c.post('/api/auth/tokens', { name: 'ci', scopes: ['unit.read', 'unit.write'] });
      expect(created.statusCode).toBe(201);
      const { token, item } = created.json<Minted>();
      expect(token).toMatch(/^ddt_/);
      expect(item).toMatchObject({
        name: 'ci',
        revokedAt: null,
        scopes: ['unit.read', 'unit.write'],
        status: 'active',
        expiresAt: expect.any(String),
      });
      const listed = (await c.get('/api/auth/tokens')).json<{ id: number }[]>();
      expect(listed.map((x) => x.id)).toContain(item.id);
      expect(JSON.stringify(listed)).not.toContain(token);

      const bearer = { authorization: `Bearer ${token}` };
      const write = await t.app.inject({
        method: 'POST',
        url: '/api/units',
        headers: bearer,
        payload: { ...newUnit('TOK-1'), parentId: t.city.city.id },
      });
      expect(write.statusCode).toBe(201);
      expect((await t.app.inject({ method: 'GET', url: '/api/units', headers: bearer })).statusCode).toBe(200);

      expect((await c.delete(`/api/auth/tokens/${item.id}`)).statusCode).toBe(204);
      const revoked = await t.app.inject({ method: 'GET', url: '/api/units', headers: bearer });
      expect(revoked.statusCode).toBe(401);
      const before = await snapshot(t.database);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/units',
        headers: bearer,
        payload: { ...newUnit('TOK-2'), parentId: t.city.city.id },
      });
      expect(refused.statusCode).toBe(401);
      expect(await snapshot(t.database)).toBe(before);
    });

    it('a token cannot be revoked by someone else (404) and roles without token.manage cannot mint one (403)', async () => {
      const sys = client(t.app, await t.login('sys', t.city.sysadmin.password));
      const { item } = (await sys.post('/api/auth/tokens', { name: 'mine', scopes: ['unit.read'] })).json<Minted>();
      const sec = client(t.app, await t.login('sec', t.city.secadmin.password));
      expect((await sec.delete(`/api/auth/tokens/${item.id}`)).statusCode).toBe(404);
      const aud = client(t.app, await t.login('aud', t.city.auditor.password));
      expect((await aud.post('/api/auth/tokens', { name: 'x', scopes: ['unit.read'] })).statusCode).toBe(403);
    });

    it('token scopes: a route needing a permission outside them is 403, inside them 200; a token cannot mint tokens', async () => {
      const sys = client(t.app, await t.login('sys', t.city.sysadmin.password));
      const options = (await sys.get('/api/auth/tokens/options')).json<unknown>();
      expect(options).toEqual({ scopes: ['unit.read', 'unit.write', 'user.read', 'user.write'], defaultDays: 90, maxDays: 365 });
      const { token } = (await sys.post('/api/auth/tokens', { name: 'read-only', scopes: ['unit.read'] })).json<Minted>();
      const bearer = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ method: 'GET', url: '/api/units', headers: bearer })).statusCode).toBe(200);
      const before = await snapshot(t.database);
      const write = await t.app.inject({
        method: 'POST',
        url: '/api/units',
        headers: bearer,
        payload: { ...newUnit('SCOPE-1'), parentId: t.city.city.id },
      });
      expect(write.statusCode).toBe(403);
      expect(write.json<{ message: string }>().message).toContain("not among this API token's scopes");
      expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: bearer })).statusCode).toBe(403);
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/auth/tokens',
            headers: bearer,
            payload: { name: 'child', scopes: ['unit.read'] },
          })
        ).statusCode,
      ).toBe(403);
      expect(await snapshot(t.database)).toBe(before);
      const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).json<{ permissions: string[] }>();
      expect(me.permissions).toEqual(['authenticated', 'unit.read']);
    });

    it('token requests: beyond the maximum lifetime or outside the owner’s permissions → 422 naming the field, nothing written', async () => {
      const sys = client(t.app, await t.login('sys', t.city.sysadmin.password));
      const before = await snapshot(t.database);
      const long = await sys.post('/api/auth/tokens', { name: 'long', scopes: ['unit.read'], expiresInDays: 366 });
      expect(long.statusCode).toBe(422);
      expect(long.json()).toMatchObject({ error: 'invalid_input', details: { field: 'expiresInDays' } });
      const foreign = await sys.post('/api/auth/tokens', { name: 'audit', scopes: ['audit.read'] });
      expect(foreign.statusCode).toBe(422);
      expect(foreign.json<{ details: unknown }>().details).toEqual({ field: 'scopes[0]' });
      expect((await sys.post('/api/auth/tokens', { name: 'none', scopes: [] })).json<{ details: unknown }>().details).toEqual({
        field: 'scopes',
      });
      expect(await snapshot(t.database)).toBe(before);
    });

    it('an expired token gets 401 (both sides of the expiry); logout-all and an admin password reset revoke tokens', async () => {
      const owner = await makeUser(t.database, { unit: t.city.city, roles: [{ role: 'sysadmin', unit: t.city.city }] });
      const s = await t.login(owner.username, owner.password);
      const c = client(t.app, s);
      const created = t.env.clock.now().getTime();
      const short = (await c.post('/api/auth/tokens', { name: 'week', scopes: ['unit.read'], expiresInDays: 7 })).json<Minted>();
      const get = (token: string) => t.app.inject({ method: 'GET', url: '/api/units', headers: { authorization: `Bearer ${token}` } });
      t.env.clock.set(new Date(created + 7 * 24 * 60 * MIN - MIN));
      expect((await get(short.token)).statusCode).toBe(200);
      t.env.clock.set(new Date(created + 7 * 24 * 60 * MIN + MIN));
      const expired = await get(short.token);
      expect(expired.statusCode).toBe(401);
      expect(expired.json<{ message: string }>().message).toContain('expired');

      const s2 = await t.login(owner.username, owner.password);
      const live = (await client(t.app, s2).post('/api/auth/tokens', { name: 'etl', scopes: ['unit.read'] })).json<Minted>();
      const listed = (await client(t.app, s2).get('/api/auth/tokens')).json<
        {
          id: number;
          status: string;
          lastUsedAt: string | null;
        }[]
      >();
      expect(listed.find((x) => x.id === short.item.id)?.status).toBe('expired');
      expect(listed.find((x) => x.id === short.item.id)?.lastUsedAt).not.toBeNull();
      expect((await get(live.token)).statusCode).toBe(200);
      const out = await client(t.app, s2).post('/api/auth/logout-all');
      expect(out.json()).toEqual({ sessions: expect.any(Number), tokens: 2 }); // the live one and the expired one
      expect((await get(live.token)).statusCode).toBe(401);

      const s3 = await t.login(owner.username, owner.password);
      const again = (await client(t.app, s3).post('/api/auth/tokens', { name: 'etl2', scopes: ['unit.read'] })).json<Minted>();
      expect((await get(again.token)).statusCode).toBe(200);
      const sec = client(t.app, await t.login('sec', t.city.secadmin.password));
      // The owner is an administrator: the reset waits for a second administrator (三员分立), and takes effect on approval.
      const reset = await sec.post(`/api/users/${owner.id}/password`, { password: 'Reset-By-Security-88' });
      expect(reset.statusCode).toBe(202);
      expect((await get(again.token)).statusCode).toBe(200);
      const aud = client(t.app, await t.login('aud', t.city.auditor.password));
      expect((await aud.post(`/api/admin-requests/${reset.json<{ id: number }>().id}/approve`)).statusCode).toBe(200);
      expect((await get(again.token)).statusCode).toBe(401);
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

  describe(`login over real sockets from 127.0.0.1 and 127.0.0.2 on ${dialect}`, () => {
    let t: TestApp;
    let port: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      port = (t.app.server.address() as AddressInfo).port;
    });
    afterAll(async () => t.close());

    const login = (from: string, username: string, password: string) => postFrom(port, from, '/api/auth/login', { username, password });

    it('the attack: 30 wrong passwords for secadmin from 127.0.0.2, then the owner from 127.0.0.1 logs in (200)', async () => {
      const start = t.env.clock.now().getTime();
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await login('127.0.0.2', 'sec', `guess-${i}`)).status);
      expect(statuses).toEqual([...Array<number>(5).fill(401), ...Array<number>(25).fill(429)]);
      const owner = await login('127.0.0.1', 'sec', t.city.secadmin.password);
      expect(owner.status).toBe(200);
      expect(owner.headers['set-cookie']?.some((c) => c.startsWith('dudao_sid='))).toBe(true);
      // The attacker's address stays refused, right password or not, until its window passes.
      const refused = await login('127.0.0.2', 'sec', t.city.secadmin.password);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('900');
      t.env.clock.set(new Date(start + 14 * MIN + 59_000));
      expect((await login('127.0.0.2', 'sec', t.city.secadmin.password)).status).toBe(429);
      t.env.clock.set(new Date(start + 15 * MIN + 1_000));
      expect((await login('127.0.0.2', 'sec', t.city.secadmin.password)).status).toBe(200);
      // The security admin was told, once.
      const notes = await t.database.db
        .selectFrom('notifications')
        .select(['title', 'body'])
        .where('kind', '=', 'security.login_attack')
        .where('user_id', '=', t.city.secadmin.id)
        .execute();
      expect(notes).toHaveLength(1);
      expect(notes[0]!.title).toContain('sec');
      expect(notes[0]!.body).toContain('127.0.0.2');
    });

    it('30 names from 127.0.0.2 within a second: 429 with Retry-After after 20; 127.0.0.1 still logs in', async () => {
      t.env.clock.advance(16 * MIN);
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof login>> | undefined;
      for (let i = 0; i < 30; i++) {
        last = await login('127.0.0.2', `name-${i}`, 'Password123');
        statuses.push(last.status);
      }
      // The test clock stands still, so all 30 fall within the throttle's window whatever the machine's speed.
      expect(statuses).toEqual([...Array<number>(20).fill(401), ...Array<number>(10).fill(429)]);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login('127.0.0.1', 'aud', t.city.auditor.password)).status).toBe(200);
      expect((await login('127.0.0.1', 'name-0', 'Password123')).status).toBe(401);
    });
  });
}
