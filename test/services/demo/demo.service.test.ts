import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeEnv, type TestEnv, done } from '../../helpers/factories.js';
import { metaRepository } from '../../../src/db/repositories/meta.repository.js';
import { unitRepository } from '../../../src/db/repositories/unit.repository.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import { DEMO_PASSWORD } from '../../../src/demo/demo-city.js';
import type { RequestContext } from '../../../src/core/context.js';
import { AppError } from '../../../src/core/errors.js';

const anon: RequestContext = { actor: null, requestId: 'demo-test', clientIp: null };

const EXPECTED_ACCOUNTS: [string, string, string][] = [
  ['hq', 'hq_dispatcher', '411600'],
  ['inspector', 'inspector', '411600'],
  ['handler', 'unit_handler', '411600-CGJ'],
  ['unithead', 'unit_head', '411600-CGJ'],
  ['leader', 'leader', '411600'],
  ['owner', 'project_owner', 'WT-SWJJ'],
  ['citizen', 'citizen', '411600'],
  ['sysadmin', 'sysadmin', '411600'],
  ['secadmin', 'security_admin', '411600'],
  ['auditor', 'auditor', '411600'],
  // Handlers of the units the demo cases are dispatched to.
  ['handler-zjj', 'unit_handler', '411600-ZJJ'],
  ['handler-jtj', 'unit_handler', '411600-JTJ'],
  ['handler-gaj', 'unit_handler', '411600-GAJ'],
  ['handler-sthjj', 'unit_handler', '411600-STHJJ'],
  ['handler-scj', 'unit_handler', '411600-SCJ'],
  ['handler-yzglj', 'unit_handler', '411600-YZGLJ'],
  ['handler-xh', 'unit_handler', '411622'],
  ['handler-xc', 'unit_handler', '411681'],
  // The people of the demo's major projects (issue 14 point 9).
  ['secretary', 'leader', '411600'],
  ['projects', 'projects_office', '411600'],
  ['xhoffice', 'projects_office', '411622'],
  ['team-swjj', 'work_team', 'WT-SWJJ'],
  ['team-swyy', 'work_team', 'WT-SWYY'],
  ['team-znlbj', 'work_team', 'WT-ZNLBJ'],
  ['xh-lead1', 'leader', '411622'],
  ['xh-lead2', 'leader', '411622'],
  ['xh-lead3', 'leader', '411622'],
  ['gengde', 'project_owner', '411622'],
  ['kaiwang', 'project_owner', '411622'],
  ['houde', 'project_owner', '411622'],
  ['xh-contact1', 'project_owner', '411622'],
  ['xh-contact2', 'project_owner', '411622'],
  ['xh-contact3', 'project_owner', '411622'],
  ['pushan', 'project_owner', '411671'],
  ['purui', 'project_owner', '411603'],
  ['haixi', 'project_owner', '411623'],
  ['jindan', 'project_owner', '411625'],
];

async function count(database: TestDatabase, table: 'units' | 'users' | 'audit_log' | 'meta' | 'role_grants'): Promise<number> {
  const r = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

for (const dialect of DIALECTS) {
  describe(`DemoService on ${dialect}`, () => {
    describe('in production mode', () => {
      let database: TestDatabase;
      let env: TestEnv;
      beforeAll(async () => {
        database = await createTestDatabase(dialect);
        env = makeEnv(database, { mode: 'production' });
      });
      afterAll(async () => database.drop());

      it('load() is refused with 403 production_mode and writes nothing', async () => {
        const err = await env.services.demo.load().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(403);
        expect((err as AppError).code).toBe('production_mode');
        for (const t of ['units', 'users', 'audit_log', 'meta', 'role_grants'] as const) expect(await count(database, t)).toBe(0);
      });

      it('reset() is refused the same way', async () => {
        await expect(env.services.demo.reset()).rejects.toMatchObject({ status: 403, code: 'production_mode' });
        expect(await count(database, 'units')).toBe(0);
      });
    });

    describe('in demo mode', () => {
      let database: TestDatabase;
      let env: TestEnv;
      let loaded: { units: number; users: number };

      beforeAll(async () => {
        database = await createTestDatabase(dialect);
        env = makeEnv(database);
        expect(await env.services.demo.isEmpty()).toBe(true);
        loaded = await env.services.demo.load();
      });
      afterAll(async () => database.drop());

      const units = () => unitRepository.list(database.db);

      it('loads the whole city: 257 units, 37 accounts', async () => {
        expect(loaded).toEqual({ units: 257, users: 37 });
        expect(await count(database, 'units')).toBe(257);
        // 37 demo accounts and the public page's system account (inactive; the demo's citizens report through it).
        expect(await count(database, 'users')).toBe(38);
        expect(await env.services.demo.isEmpty()).toBe(false);
        expect(await metaRepository.get(database.db, 'demo_loaded_at')).toBe(env.clock.now().toISOString());
      });

      it('uses the real 周口市 division codes and names', async () => {
        const all = await units();
        const byCode = new Map(all.map((u) => [u.code, u]));
        const root = byCode.get('411600')!;
        expect(root).toMatchObject({ name: '周口市', kind: 'city', parent_id: null, depth: 0 });
        expect(byCode.get('411602')).toMatchObject({ name: '川汇区', kind: 'district', parent_id: root.id, depth: 1 });
        expect(byCode.get('411603')).toMatchObject({ name: '淮阳区', kind: 'district' });
        const xihua = byCode.get('411622')!;
        expect(xihua).toMatchObject({ name: '西华县', kind: 'county', parent_id: root.id });
        const townships = all.filter((u) => u.parent_id === xihua.id);
        expect(townships).toHaveLength(24);
        expect(townships.every((t) => t.code.startsWith('411622') && t.code.length > 6 && t.depth === 2)).toBe(true);
        expect(townships.every((t) => ['street', 'town', 'township', 'farm'].includes(t.kind))).toBe(true);
        expect(byCode.get('411681')).toMatchObject({ name: '项城市', kind: 'county_city' });
        expect(byCode.get('411671')).toMatchObject({ kind: 'dev_zone' });
        expect(
          all.filter((u) => u.parent_id === root.id && ['district', 'county', 'county_city', 'dev_zone'].includes(u.kind)),
        ).toHaveLength(11);
      });

      it("issues the demo's letters under 周口's ladder, which demo mode configures (src/demo/demo-ladder.ts)", async () => {
        const letters = await database.db.selectFrom('letters').select(['number', 'issuer_name']).where('number', 'is not', null).execute();
        expect(letters.length).toBeGreaterThan(0);
        for (const l of letters) {
          expect(l.issuer_name).toBe('周口市创建全国文明城市指挥部');
          expect(l.number).toMatch(/^周创指[提督责]〔\d{4}〕\d+号$/);
        }
      });

      it('ends with one 问责函 waiting for the leader’s approval, without a number (issue 13)', async () => {
        const pending = await database.db
          .selectFrom('letters')
          .select(['type', 'number'])
          .where('status', '=', 'pending_approval')
          .execute();
        expect(pending).toEqual([{ type: '问责函', number: null }]);
      });

      it('has the HQ, 3 work teams and about 30 departments under the city', async () => {
        const all = await units();
        const root = all.find((u) => u.code === '411600')!;
        const hq = all.filter((u) => u.kind === 'hq');
        expect(hq).toHaveLength(1);
        expect(hq[0]).toMatchObject({ code: '411600-HQ', parent_id: root.id });
        const teams = all.filter((u) => u.kind === 'work_team');
        expect(teams.map((t) => t.code).sort()).toEqual(['WT-SWJJ', 'WT-SWYY', 'WT-ZNLBJ']);
        const depts = all.filter((u) => u.kind === 'department');
        expect(depts.length).toBeGreaterThanOrEqual(28);
        expect(depts.length).toBeLessThanOrEqual(35);
        expect(depts.every((d) => d.parent_id === root.id)).toBe(true);
        expect(depts.find((d) => d.code === '411600-CGJ')!.name).toBe('周口市城市管理局');
      });

      it('every unit’s path matches its parent chain', async () => {
        const all = await units();
        const byId = new Map(all.map((u) => [u.id, u]));
        for (const u of all) {
          const parent = u.parent_id ? byId.get(u.parent_id)! : null;
          expect(u.path).toBe(`${parent?.path ?? '/'}${u.id}/`);
          expect(u.depth).toBe(parent ? parent.depth + 1 : 0);
        }
      });

      it('creates the 37 demo accounts with the right roles and units', async () => {
        const users = await userRepository.all(database.db);
        const grants = await userRepository.grantsOf(
          database.db,
          users.map((u) => u.id),
        );
        const actual = users
          .map((u) => grants.filter((g) => g.user_id === u.id).map((g) => [u.username, g.role, g.unit_code]))
          .flat()
          .sort();
        expect(actual).toEqual([...EXPECTED_ACCOUNTS].sort());
        const byName = new Map(users.map((u) => [u.username, u]));
        const all = await units();
        const code = (id: number | null) => all.find((u) => u.id === id)?.code;
        expect(code(byName.get('hq')!.unit_id)).toBe('411600-HQ');
        expect(code(byName.get('handler')!.unit_id)).toBe('411600-CGJ');
        expect(all.find((u) => u.code === '411600-CGJ')!.leader_user_id).toBe(byName.get('unithead')!.id);
      });

      it('every demo account logs in with the demo password', async () => {
        expect(DEMO_PASSWORD).toBe('Dudao-Demo-2026');
        for (const [username, role] of EXPECTED_ACCOUNTS) {
          const { token, session } = await env.services.auth.login(anon, username, 'Dudao-Demo-2026', null);
          expect(session.actor.grants.map((g) => g.role)).toEqual([role]);
          expect((await env.services.auth.authenticateSession(token))?.actor.username).toBe(username);
        }
        const hashes = (await userRepository.all(database.db)).map((u) => u.password_hash);
        expect(new Set(hashes).size).toBe(hashes.length);
        expect(hashes.some((h) => h.includes(DEMO_PASSWORD))).toBe(false);
      });

      it('records demo.load in a verifiable audit log', async () => {
        const rec = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'demo.load').execute();
        expect(rec).toHaveLength(1);
        expect(JSON.parse(rec[0]!.summary)).toEqual({ units: 257, users: 37, reset: false });
        const auditor = (await userRepository.byUsername(database.db, 'auditor'))!;
        expect((await env.services.audit.verify(await contextFor(database, auditor.id))).ok).toBe(true);
      });

      it('load() on a non-empty database is refused with 409 and changes nothing', async () => {
        const auditBefore = await count(database, 'audit_log');
        await expect(env.services.demo.load()).rejects.toMatchObject({ status: 409 });
        expect(await count(database, 'units')).toBe(257);
        // 37 demo accounts and the public page's system account (inactive; the demo's citizens report through it).
        expect(await count(database, 'users')).toBe(38);
        expect(await count(database, 'audit_log')).toBe(auditBefore);
      });

      it('reset() replaces the data but keeps the audit log, which still verifies', async () => {
        const sys = (await userRepository.byUsername(database.db, 'sysadmin'))!;
        const sysCtx = await contextFor(database, sys.id);
        const root = (await unitRepository.byCode(database.db, '411600'))!;
        const extra = await env.services.units.create(sysCtx, { code: 'EXTRA-1', name: '临时部门', kind: 'department', parentId: root.id });
        const newbie = done(
          await env.services.users.create(sysCtx, {
            username: 'newbie',
            displayName: '新人',
            password: 'Fresh-Start-2026',
            unitId: extra.id,
          }),
        );
        const { token } = await env.services.auth.login(anon, 'newbie', 'Fresh-Start-2026', null);
        const auditBefore = await database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
        env.clock.advance(60_000);

        expect(await env.services.demo.reset()).toEqual({ units: 257, users: 37 });

        expect(await count(database, 'units')).toBe(257);
        // 37 demo accounts and the public page's system account (inactive; the demo's citizens report through it).
        expect(await count(database, 'users')).toBe(38);
        expect(await unitRepository.byCode(database.db, 'EXTRA-1')).toBeUndefined();
        expect(await userRepository.byId(database.db, newbie.id)).toBeUndefined();
        expect(await env.services.auth.authenticateSession(token)).toBeNull();
        const auditAfter = await database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
        expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
        const loads = auditAfter.filter((r) => r.action === 'demo.load');
        expect(loads).toHaveLength(2);
        expect(JSON.parse(loads[1]!.summary)).toMatchObject({ reset: true });
        const auditor = (await userRepository.byUsername(database.db, 'auditor'))!;
        const v = await env.services.audit.verify(await contextFor(database, auditor.id));
        expect(v).toMatchObject({ ok: true, checked: auditAfter.length, headSeq: auditAfter.length });
        const { session } = await env.services.auth.login(anon, 'sysadmin', DEMO_PASSWORD, null);
        expect(session.actor.username).toBe('sysadmin');
      });
    });
  });
}
