import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, fastHasher, makeCity, makeEnv, makeUser, type TestEnv, done } from '../../helpers/factories.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import { failure } from '../../helpers/errors.js';

async function auditCount(database: TestDatabase): Promise<number> {
  const r = await database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

for (const dialect of DIALECTS) {
  describe(`UserService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
    });
    afterAll(async () => database.drop());

    /** Logs the user in and returns the session cookie value. */
    async function login(username: string, password: string): Promise<string> {
      const { token } = await env.services.auth.login({ actor: null, requestId: 't', clientIp: '127.0.0.1' }, username, password, null);
      return token;
    }

    describe('create', () => {
      it('creates an account (without roles: the security admin grants them) with a hashed password and an audit record', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const u = done(
          await env.services.users.create(ctx, {
            username: 'zhangsan',
            displayName: '张三',
            password: 'Long-enough-pass-1',
            unitId: city.dept.id,
          }),
        );
        expect(u).toMatchObject({ username: 'zhangsan', unitId: city.dept.id, unitName: '市城市管理局', active: true, locked: false });
        expect(u.roles).toEqual([]);
        const row = await userRepository.byUsername(database.db, 'zhangsan');
        expect(row!.password_hash).not.toContain('Long-enough-pass-1');
        expect(await fastHasher.verify(row!.password_hash, 'Long-enough-pass-1')).toBe(true);
        const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').execute();
        expect(audit.some((a) => a.target_id === String(u.id) && a.actor_name === 'sys')).toBe(true);
      });

      it.each([
        ['shorter than 10 characters', 'newbie01', 'Short-1'],
        ['equal to the username', 'newbie0123', 'NEWBIE0123'],
        ['a common password', 'newbie02', 'password123'],
      ])('refuses a password %s with 422 naming password, writing nothing', async (_why, username, password) => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const users = await userRepository.count(database.db);
        const audits = await auditCount(database);
        const err = await failure(env.services.users.create(ctx, { username, displayName: '新人', password, unitId: city.dept.id }));
        expect(err.status).toBe(422);
        expect(err.message).toMatch(/^password: /);
        expect(err.details).toMatchObject({ field: 'password' });
        expect(await userRepository.byUsername(database.db, username)).toBeUndefined();
        expect(await userRepository.count(database.db)).toBe(users);
        expect(await auditCount(database)).toBe(audits);
      });

      it('refuses a duplicate username with 409, writing nothing', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const users = await userRepository.count(database.db);
        const audits = await auditCount(database);
        const err = await failure(
          env.services.users.create(ctx, { username: 'handler', displayName: '重名', password: 'Another-pass-123', unitId: city.dept.id }),
        );
        expect(err.status).toBe(409);
        expect(err.message).toMatch(/username/);
        expect(await userRepository.count(database.db)).toBe(users);
        expect(await auditCount(database)).toBe(audits);
      });

      it('writes nothing when a role grant in the request is refused (the sysadmin grants no business roles)', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const users = await userRepository.count(database.db);
        const err = await failure(
          env.services.users.create(ctx, {
            username: 'wouldbehq',
            displayName: 'x',
            password: 'Another-pass-123',
            unitId: city.city.id,
            roles: [{ role: 'hq_dispatcher', unitId: city.city.id }],
          }),
        );
        expect(err.status).toBe(403);
        expect(await userRepository.byUsername(database.db, 'wouldbehq')).toBeUndefined();
        expect(await userRepository.count(database.db)).toBe(users);
      });

      it('an account with an administrator role is only requested; nothing is created until a second admin approves', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const users = await userRepository.count(database.db);
        const out = await env.services.users.create(ctx, {
          username: 'wouldbeadmin',
          displayName: 'x',
          password: 'Another-pass-123',
          unitId: city.city.id,
          roles: [{ role: 'auditor', unitId: city.city.id }],
        });
        expect(out).toMatchObject({ pending: { kind: 'create', status: 'pending', details: { username: 'wouldbeadmin' } } });
        expect(await userRepository.byUsername(database.db, 'wouldbeadmin')).toBeUndefined();
        expect(await userRepository.count(database.db)).toBe(users);
      });
    });

    describe('update', () => {
      it('changes profile fields and records what changed', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const target = await makeUser(database, { unit: city.dept });
        const u = done(
          await env.services.users.update(ctx, target.id, { displayName: '李四', phone: '13800000000', email: 'li@example.cn' }),
        );
        expect(u).toMatchObject({ displayName: '李四', phone: '13800000000', email: 'li@example.cn' });
        const rec = await database.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'user.update')
          .where('target_id', '=', String(target.id))
          .executeTakeFirstOrThrow();
        expect((JSON.parse(rec.summary) as { changes: { displayName: { to: string } } }).changes.displayName.to).toBe('李四');
      });

      it('refuses an invalid e-mail with 422 naming email', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const target = await makeUser(database, { unit: city.dept });
        const err = await failure(env.services.users.update(ctx, target.id, { email: 'not-an-address' }));
        expect(err.status).toBe(422);
        expect(err.message).toMatch(/^email: /);
      });

      it('deactivating an account ends its sessions', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const target = await makeUser(database, { unit: city.dept });
        const token = await login(target.username, target.password);
        expect(await env.services.auth.authenticateSession(token)).not.toBeNull();
        await env.services.users.update(ctx, target.id, { active: false });
        expect(await env.services.auth.authenticateSession(token)).toBeNull();
      });
    });

    describe('setRoles', () => {
      it('the security admin grants business roles; the sysadmin may not', async () => {
        const target = await makeUser(database, { unit: city.dept });
        expect(
          (
            await failure(
              env.services.users.setRoles(await contextFor(database, city.sysadmin.id), target.id, [
                { role: 'inspector', unitId: city.city.id },
              ]),
            )
          ).status,
        ).toBe(403);
        const ctx = await contextFor(database, city.secadmin.id);
        const u = done(
          await env.services.users.setRoles(ctx, target.id, [
            { role: 'unit_head', unitId: city.dept.id },
            { role: 'inspector', unitId: city.city.id },
          ]),
        );
        expect(u.roles.map((r) => r.role).sort()).toEqual(['inspector', 'unit_head']);
      });

      it('a grant listed twice and an administrator deactivating themself are refused, said in Chinese too', async () => {
        const target = await makeUser(database, { unit: city.dept });
        const twice = await failure(
          env.services.users.setRoles(await contextFor(database, city.secadmin.id), target.id, [
            { role: 'inspector', unitId: city.city.id },
            { role: 'inspector', unitId: city.city.id },
          ]),
        );
        expect(twice).toMatchObject({ status: 422, details: { field: 'roles[1]', text: { zh: `督导员在${city.city.name}上重复授予` } } });
        const sys = await contextFor(database, city.sysadmin.id);
        const self = await failure(env.services.users.update(sys, city.sysadmin.id, { active: false }));
        expect(self).toMatchObject({ status: 422, details: { field: 'active', text: { zh: '不能停用自己的账号' } } });
      });

      it.each(['sysadmin', 'security_admin', 'auditor'] as const)('a sysadmin cannot grant %s (403) and nothing changes', async (role) => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const target = await makeUser(database, { unit: city.dept, roles: [{ role: 'unit_handler', unit: city.dept }] });
        const err = await failure(env.services.users.setRoles(ctx, target.id, [{ role, unitId: city.city.id }]));
        expect(err.status).toBe(403);
        const grants = await userRepository.grantsOf(database.db, [target.id]);
        expect(grants.map((g) => g.role)).toEqual(['unit_handler']);
      });

      it('a security admin asks for an administrator role (approved by another admin), never two of them', async () => {
        const ctx = await contextFor(database, city.secadmin.id);
        const target = await makeUser(database, { unit: city.city });
        const two = await failure(
          env.services.users.setRoles(ctx, target.id, [
            { role: 'sysadmin', unitId: city.district.id },
            { role: 'auditor', unitId: city.city.id },
          ]),
        );
        expect(two.status).toBe(422);
        const out = await env.services.users.setRoles(ctx, target.id, [{ role: 'sysadmin', unitId: city.district.id }]);
        expect(out).toMatchObject({ pending: { kind: 'roles', details: { roles: [{ role: 'sysadmin', unitId: city.district.id }] } } });
        expect(await userRepository.grantsOf(database.db, [target.id])).toEqual([]);
        const id = 'pending' in out ? out.pending.id : 0;
        const approved = await env.services.adminRequests.approve(await contextFor(database, city.auditor.id), id);
        expect(approved.status).toBe('approved');
        expect((await userRepository.grantsOf(database.db, [target.id])).map((g) => g.role)).toEqual(['sysadmin']);
      });

      it('a sysadmin cannot revoke an administrator role either', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const target = await makeUser(database, { unit: city.city, roles: [{ role: 'auditor', unit: city.city }] });
        const err = await failure(env.services.users.setRoles(ctx, target.id, []));
        expect(err.status).toBe(403);
        expect((await userRepository.grantsOf(database.db, [target.id])).map((g) => g.role)).toEqual(['auditor']);
      });

      it.each(['sys', 'sec'])('nobody changes their own roles (%s)', async (username) => {
        const self = username === 'sys' ? city.sysadmin : city.secadmin;
        const ctx = await contextFor(database, self.id);
        const err = await failure(env.services.users.setRoles(ctx, self.id, [{ role: 'leader', unitId: city.city.id }]));
        expect(err.status).toBe(403);
        expect(err.message).toMatch(/own roles/);
      });

      it('a district security admin grants inside the district but not outside it', async () => {
        const dsec = await makeUser(database, { unit: city.district, roles: [{ role: 'security_admin', unit: city.district }] });
        const ctx = await contextFor(database, dsec.id);
        const target = await makeUser(database, { unit: city.street });
        const ok = done(await env.services.users.setRoles(ctx, target.id, [{ role: 'unit_handler', unitId: city.street.id }]));
        expect(ok.roles.map((r) => r.unitId)).toEqual([city.street.id]);
        for (const unit of [city.otherDistrict, city.city, city.dept]) {
          const err = await failure(env.services.users.setRoles(ctx, target.id, [{ role: 'unit_handler', unitId: unit.id }]));
          expect(err.status).toBe(403);
        }
        expect((await userRepository.grantsOf(database.db, [target.id])).map((g) => g.unit_id)).toEqual([city.street.id]);
      });

      it('a district sysadmin cannot change the roles of a user outside the district', async () => {
        const ctx = await contextFor(database, city.districtAdmin.id);
        const outsider = await makeUser(database, { unit: city.otherDistrict });
        const err = await failure(env.services.users.setRoles(ctx, outsider.id, [{ role: 'unit_handler', unitId: city.street.id }]));
        expect(err.status).toBe(403);
        expect(await userRepository.grantsOf(database.db, [outsider.id])).toEqual([]);
      });
    });

    describe('list scoping', () => {
      it('a district sysadmin sees only users under the district', async () => {
        const inStreet = await makeUser(database, { unit: city.street });
        const outside = await makeUser(database, { unit: city.otherDistrict });
        const ctx = await contextFor(database, city.districtAdmin.id);
        const { items, total } = await env.services.users.list(ctx, { page: 1, pageSize: 500 });
        const ids = items.map((u) => u.id);
        expect(ids).toContain(inStreet.id);
        expect(ids).toContain(city.districtAdmin.id);
        expect(ids).not.toContain(outside.id);
        expect(ids).not.toContain(city.sysadmin.id);
        expect(ids).not.toContain(city.handler.id);
        expect(total).toBe(items.length);
        const allowed = new Set([city.district.id, city.street.id]);
        expect(items.every((u) => u.unitId !== null && allowed.has(u.unitId))).toBe(true);
      });

      it('searches by username, name (any case) and phone, treating % and _ literally', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const u = done(
          await env.services.users.create(ctx, {
            username: 'search_me',
            displayName: 'Zhang San',
            password: 'Search-pass-2026',
            phone: '13800138000',
          }),
        );
        for (const q of ['SEARCH_ME', 'zhang', '1380013']) {
          expect(
            (await env.services.users.list(ctx, { q, page: 1, pageSize: 50 })).items.map((x) => x.id),
            q,
          ).toContain(u.id);
        }
        expect((await env.services.users.list(ctx, { q: '%', page: 1, pageSize: 50 })).total).toBe(0);
      });

      it('a city sysadmin sees everyone', async () => {
        const ctx = await contextFor(database, city.sysadmin.id);
        const { total } = await env.services.users.list(ctx, { page: 1, pageSize: 5 });
        expect(total).toBe(await userRepository.count(database.db));
      });

      it('a district sysadmin cannot read a user outside the district', async () => {
        const ctx = await contextFor(database, city.districtAdmin.id);
        const err = await failure(env.services.users.get(ctx, city.handler.id));
        expect(err.status).toBe(403);
      });
    });

    describe('passwords and locks', () => {
      it('a security admin resets a password: the old one stops working and sessions end', async () => {
        const target = await makeUser(database, { unit: city.dept });
        const token = await login(target.username, target.password);
        const ctx = await contextFor(database, city.secadmin.id);
        await env.services.users.resetPassword(ctx, target.id, 'Brand-new-pass-42');
        expect(await env.services.auth.authenticateSession(token)).toBeNull();
        await expect(login(target.username, target.password)).rejects.toMatchObject({ status: 401 });
        expect(await login(target.username, 'Brand-new-pass-42')).toBeTruthy();
      });

      it('a reset password must pass the policy', async () => {
        const target = await makeUser(database, { unit: city.dept });
        const ctx = await contextFor(database, city.secadmin.id);
        const err = await failure(env.services.users.resetPassword(ctx, target.id, 'short'));
        expect(err.status).toBe(422);
        expect(err.message).toMatch(/^password: /);
      });

      it('a security admin locks (ending sessions) and unlocks an account', async () => {
        const target = await makeUser(database, { unit: city.dept });
        const token = await login(target.username, target.password);
        const ctx = await contextFor(database, city.secadmin.id);
        const locked = done(await env.services.users.setLocked(ctx, target.id, true));
        expect(locked.locked).toBe(true);
        expect(await env.services.auth.authenticateSession(token)).toBeNull();
        await expect(login(target.username, target.password)).rejects.toMatchObject({ status: 401 });
        const unlocked = done(await env.services.users.setLocked(ctx, target.id, false));
        expect(unlocked.locked).toBe(false);
        expect(await login(target.username, target.password)).toBeTruthy();
      });

      it('a sysadmin cannot lock, unlock or reset passwords (403)', async () => {
        const target = await makeUser(database, { unit: city.dept });
        const ctx = await contextFor(database, city.sysadmin.id);
        expect((await failure(env.services.users.setLocked(ctx, target.id, true))).status).toBe(403);
        expect((await failure(env.services.users.resetPassword(ctx, target.id, 'Brand-new-pass-43'))).status).toBe(403);
        expect((await userRepository.byId(database.db, target.id))!.locked_at).toBeNull();
      });

      it('changeOwnPassword requires the current password', async () => {
        const me = await makeUser(database, { unit: city.dept, roles: [{ role: 'unit_handler', unit: city.dept }] });
        const ctx = await contextFor(database, me.id);
        const err = await failure(env.services.users.changeOwnPassword(ctx, 'wrong-current-pw', 'My-new-password-1'));
        expect(err.status).toBe(422);
        expect(err.message).toMatch(/^currentPassword: /);
        expect(err.details).toMatchObject({ text: { zh: '当前密码不正确' } });
        await expect(login(me.username, 'My-new-password-1')).rejects.toMatchObject({ status: 401 });
        await env.services.users.changeOwnPassword(ctx, me.password, 'My-new-password-1');
        expect(await login(me.username, 'My-new-password-1')).toBeTruthy();
      });

      it('changeOwnPassword applies the password policy', async () => {
        const me = await makeUser(database, { unit: city.dept });
        const ctx = await contextFor(database, me.id);
        const err = await failure(env.services.users.changeOwnPassword(ctx, me.password, me.username));
        expect(err.status).toBe(422);
        expect(err.message).toMatch(/^password: /);
      });
    });
  });
}
