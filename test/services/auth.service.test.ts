import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUser, TEST_SECRET, type TestEnv } from '../helpers/factories.js';
import { userRepository } from '../../src/db/repositories/user.repository.js';
import type { RequestContext } from '../../src/services/context.js';
import { argon2Hasher } from '../../src/services/crypto.js';
import { failure } from '../helpers/errors.js';
import { createServices } from '../../src/services/index.js';

const MIN = 60_000;
const anon: RequestContext = { actor: null, requestId: 'auth-test', clientIp: '10.0.0.7' };


for (const dialect of DIALECTS) {
  describe(`AuthService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
    });
    afterAll(async () => database.drop());

    const auth = () => env.services.auth;
    const newUser = () => makeUser(database, { unit: city.dept, roles: [{ role: 'unit_handler', unit: city.dept }] });

    describe('login', () => {
      it('creates a session that authenticateSession resolves to the user', async () => {
        const u = await newUser();
        const { token, session } = await auth().login(anon, u.username, u.password, 'vitest');
        expect(session.actor.userId).toBe(u.id);
        const s = await auth().authenticateSession(token);
        expect(s).not.toBeNull();
        expect(s!.actor.username).toBe(u.username);
        expect(s!.csrfToken).toBe(session.csrfToken);
        expect(s!.actor.grants.map((g) => g.role)).toEqual(['unit_handler']);
      });

      it('stores only a keyed hash of the session token', async () => {
        const u = await newUser();
        const { token } = await auth().login(anon, u.username, u.password, null);
        const rows = await database.db.selectFrom('sessions').selectAll().where('user_id', '=', u.id).execute();
        expect(rows).toHaveLength(1);
        expect(JSON.stringify(rows)).not.toContain(token);
      });

      it('accepts the username in any case and with surrounding spaces', async () => {
        const u = await newUser();
        const { session } = await auth().login(anon, `  ${u.username.toUpperCase()} `, u.password, null);
        expect(session.actor.userId).toBe(u.id);
      });

      it('gives a wrong password and an unknown user the same 401', async () => {
        const u = await newUser();
        const wrong = await failure(auth().login(anon, u.username, 'not-the-password', null));
        const unknown = await failure(auth().login(anon, 'nobody-here', 'not-the-password', null));
        expect(wrong.status).toBe(401);
        expect(unknown.status).toBe(401);
        expect(unknown.code).toBe(wrong.code);
        expect(unknown.message).toBe(wrong.message);
        expect(unknown.details).toEqual(wrong.details);
      });

      it('refuses a locked account with the same 401 as a wrong password', async () => {
        const u = await newUser();
        await userRepository.update(database.db, u.id, { locked_at: env.clock.now().toISOString() });
        const locked = await failure(auth().login(anon, u.username, u.password, null));
        const wrong = await failure(auth().login(anon, city.handler.username, 'not-the-password', null));
        expect(locked.status).toBe(401);
        expect(locked.message).toBe(wrong.message);
      });

      it('refuses a deactivated account', async () => {
        const u = await newUser();
        await userRepository.update(database.db, u.id, { is_active: 0 });
        expect((await failure(auth().login(anon, u.username, u.password, null))).status).toBe(401);
      });
    });

    describe('lockout', () => {
      async function failTimes(username: string, n: number, stepMs: number) {
        for (let i = 0; i < n; i += 1) {
          if (i > 0) env.clock.advance(stepMs);
          expect((await failure(auth().login(anon, username, 'wrong-password!', null))).status).toBe(401);
        }
      }

      it('locks an existing name after 5 failures, even for the right password', async () => {
        const u = await newUser();
        await failTimes(u.username, 5, 10_000);
        env.clock.advance(10_000);
        const err = await failure(auth().login(anon, u.username, u.password, null));
        expect(err.status).toBe(429);
        expect(err.code).toBe('locked_out');
      });

      it('four failures do not lock', async () => {
        const u = await newUser();
        await failTimes(u.username, 4, 10_000);
        const { session } = await auth().login(anon, u.username, u.password, null);
        expect(session.actor.userId).toBe(u.id);
      });

      it('locks a name that does not exist the same way', async () => {
        await failTimes('ghost-account', 5, 10_000);
        const err = await failure(auth().login(anon, 'ghost-account', 'anything-at-all', null));
        expect(err.status).toBe(429);
        expect(err.code).toBe('locked_out');
      });

      it('is still locked 14 min 59 s after the first of 5 spread failures', async () => {
        const u = await newUser();
        const start = env.clock.now().getTime();
        await failTimes(u.username, 5, 2 * MIN); // at 0, 2, 4, 6, 8 min
        env.clock.set(new Date(start + 14 * MIN + 59_000));
        const err = await failure(auth().login(anon, u.username, u.password, null));
        expect(err.status).toBe(429);
      });

      it('lets the right password in 15 min 01 s after the first of 5 spread failures', async () => {
        const u = await newUser();
        const start = env.clock.now().getTime();
        await failTimes(u.username, 5, 2 * MIN);
        env.clock.set(new Date(start + 15 * MIN + 1_000));
        const { session } = await auth().login(anon, u.username, u.password, null);
        expect(session.actor.userId).toBe(u.id);
      });

      it('one name, both sides: locked 14 min 59 s after the first failure, open 15 min 01 s after the last', async () => {
        const u = await newUser();
        const start = env.clock.now().getTime();
        await failTimes(u.username, 5, 1_000); // at 0, 1, 2, 3, 4 s
        const last = env.clock.now().getTime();
        env.clock.set(new Date(start + 14 * MIN + 59_000));
        expect((await failure(auth().login(anon, u.username, u.password, null))).code).toBe('locked_out');
        env.clock.set(new Date(last + 15 * MIN + 1_000));
        const { session } = await auth().login(anon, u.username, u.password, null);
        expect(session.actor.userId).toBe(u.id);
      });

      it('a success clears earlier failures', async () => {
        const u = await newUser();
        await failTimes(u.username, 4, 1_000);
        await auth().login(anon, u.username, u.password, null);
        await failTimes(u.username, 4, 1_000);
        const { session } = await auth().login(anon, u.username, u.password, null);
        expect(session.actor.userId).toBe(u.id);
      });

      it('audits failed logins with the reason', async () => {
        const u = await newUser();
        await failure(auth().login(anon, u.username, 'wrong-password!', null));
        const rec = await database.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'auth.login_failed')
          .where('actor_name', '=', u.username)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(rec.summary)).toEqual({ reason: 'bad_password' });
        expect(rec.client_ip).toBe('10.0.0.7');
      });
    });

    describe('sessions', () => {
      it('idle timeout: usable 29 min after the last recorded use, not 31 min after', async () => {
        const u = await newUser();
        const { token } = await auth().login(anon, u.username, u.password, null);
        env.clock.advance(29 * MIN);
        expect(await auth().authenticateSession(token)).not.toBeNull(); // recorded: > 1 min since login
        env.clock.advance(29 * MIN);
        expect(await auth().authenticateSession(token)).not.toBeNull();
        env.clock.advance(31 * MIN);
        expect(await auth().authenticateSession(token)).toBeNull();
      });

      it('idle timeout counts from the last touch: uses within a minute are not recorded', async () => {
        const u = await newUser();
        const { token } = await auth().login(anon, u.username, u.password, null);
        env.clock.advance(30_000); // too soon to touch: last_seen stays at login time
        expect(await auth().authenticateSession(token)).not.toBeNull();
        const row = await database.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', u.id).executeTakeFirstOrThrow();
        expect(row.last_seen_at).toBe(new Date(env.clock.now().getTime() - 30_000).toISOString());
        env.clock.advance(29 * MIN); // 29.5 min after login: still valid
        expect(await auth().authenticateSession(token)).not.toBeNull();
        env.clock.advance(31 * MIN);
        expect(await auth().authenticateSession(token)).toBeNull();
      });

      it('an expired session stays expired after a new use attempt', async () => {
        const u = await newUser();
        const { token } = await auth().login(anon, u.username, u.password, null);
        env.clock.advance(31 * MIN);
        expect(await auth().authenticateSession(token)).toBeNull();
        env.clock.advance(1_000);
        expect(await auth().authenticateSession(token)).toBeNull();
      });

      it('absolute lifetime: a session used every 20 min is refused after 12 h', async () => {
        const u = await newUser();
        const { token } = await auth().login(anon, u.username, u.password, null);
        for (let i = 1; i < 36; i += 1) {
          env.clock.advance(20 * MIN);
          expect(await auth().authenticateSession(token), `use ${i} at ${i * 20} min`).not.toBeNull();
        }
        env.clock.advance(20 * MIN); // 12 h after login
        expect(await auth().authenticateSession(token)).toBeNull();
      });

      it('logout revokes that session only', async () => {
        const u = await newUser();
        const a = await auth().login(anon, u.username, u.password, 'phone');
        const b = await auth().login(anon, u.username, u.password, 'desk');
        const ctx = await contextFor(database, u.id);
        await auth().logout(ctx, a.session.sessionId);
        expect(await auth().authenticateSession(a.token)).toBeNull();
        expect(await auth().authenticateSession(b.token)).not.toBeNull();
      });

      it('logoutEverywhere revokes all sessions of the user and no one else’s', async () => {
        const u = await newUser();
        const other = await newUser();
        const tokens = [];
        for (let i = 0; i < 3; i += 1) tokens.push((await auth().login(anon, u.username, u.password, null)).token);
        const others = await auth().login(anon, other.username, other.password, null);
        const n = await auth().logoutEverywhere(await contextFor(database, u.id));
        expect(n).toBe(3);
        for (const t of tokens) expect(await auth().authenticateSession(t)).toBeNull();
        expect(await auth().authenticateSession(others.token)).not.toBeNull();
      });

      it('a session of an account locked later is refused', async () => {
        const u = await newUser();
        const { token } = await auth().login(anon, u.username, u.password, null);
        await userRepository.update(database.db, u.id, { locked_at: env.clock.now().toISOString() });
        expect(await auth().authenticateSession(token)).toBeNull();
      });

      it('an unknown session token resolves to null', async () => {
        expect(await auth().authenticateSession('no-such-token')).toBeNull();
      });

      it('CSRF: only the session’s own token passes', async () => {
        const u = await newUser();
        const a = await auth().login(anon, u.username, u.password, null);
        const b = await auth().login(anon, u.username, u.password, null);
        const s = (await auth().authenticateSession(a.token))!;
        expect(auth().checkCsrf(s, a.session.csrfToken)).toBe(true);
        expect(auth().checkCsrf(s, b.session.csrfToken)).toBe(false);
        expect(auth().checkCsrf(s, undefined)).toBe(false);
        expect(auth().checkCsrf(s, '')).toBe(false);
        expect(auth().checkCsrf(s, a.session.csrfToken.slice(0, -1))).toBe(false);
      });
    });

    describe('API tokens', () => {
      it('returns the secret once and stores only its hash', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const { token, view } = await auth().createToken(ctx, 'etl');
        expect(token).toMatch(/^ddt_/);
        expect(token).toContain(view.prefix);
        const row = await database.db.selectFrom('api_tokens').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
        const stored = JSON.stringify(row);
        expect(stored).not.toContain(token);
        expect(stored).not.toContain(token.slice(`ddt_${view.prefix}_`.length));
        expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
        const listed = await auth().listTokens(ctx);
        expect(JSON.stringify(listed)).not.toContain(token);
        expect(listed.map((t) => t.id)).toContain(view.id);
      });

      it('authenticateToken resolves a live token; a revoked one does not', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const { token, view } = await auth().createToken(ctx, 'sync');
        const actor = await auth().authenticateToken(token);
        expect(actor?.userId).toBe(city.sysadmin.id);
        expect(await auth().authenticateToken(`${token}x`)).toBeNull();
        await auth().revokeToken(ctx, view.id);
        expect(await auth().authenticateToken(token)).toBeNull();
      });

      it('a token of a locked account does not authenticate', async () => {
        const owner = await makeUser(database, { unit: city.city, roles: [{ role: 'sysadmin', unit: city.dept }] });
        const { token } = await auth().createToken(await contextFor(database, owner.id), 'x');
        expect(await auth().authenticateToken(token)).not.toBeNull();
        await env.services.users.setLocked(await contextFor(database, city.secadmin.id), owner.id, true);
        expect(await auth().authenticateToken(token)).toBeNull();
      });

      it('a user cannot revoke someone else’s token, and a handler cannot create tokens', async () => {
        const { view } = await auth().createToken(await contextFor(database, city.sysadmin.id), 'mine');
        const err = await failure(auth().revokeToken(await contextFor(database, city.secadmin.id), view.id));
        expect(err.status).toBe(404);
        expect((await failure(auth().createToken(await contextFor(database, city.handler.id), 'h'))).status).toBe(403);
      });
    });

    it('with the real argon2 hasher: the stored hash is argon2id and login works', async () => {
      const services = createServices(
        database,
        { mode: 'demo', sessionSecret: TEST_SECRET, sessionIdleMinutes: 30, sessionAbsoluteHours: 12, lockoutMaxFailures: 5, lockoutWindowMinutes: 15 },
        { clock: env.clock, hasher: argon2Hasher },
      );
      const ctx = await contextFor(database, city.sysadmin.id);
      const u = await services.users.create(ctx, { username: 'argon-user', displayName: '阿贡', password: 'Argon-strong-pass-1', unitId: city.dept.id });
      const row = await userRepository.byId(database.db, u.id);
      expect(row!.password_hash.startsWith('$argon2id$')).toBe(true);
      const { token } = await services.auth.login(anon, 'argon-user', 'Argon-strong-pass-1', null);
      expect((await services.auth.authenticateSession(token))?.actor.userId).toBe(u.id);
      expect((await failure(services.auth.login(anon, 'argon-user', 'Argon-wrong-pass-1', null))).status).toBe(401);
    });
  });
}
