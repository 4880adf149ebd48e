import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, type TestEnv, done } from '../../helpers/factories.js';
import type { AuditFilter } from '../../../src/db/repositories/audit.repository.js';
import type { AuditRow } from '../../../src/db/schema.js';
import type { RequestContext } from '../../../src/core/context.js';

const anon: RequestContext = { actor: null, requestId: 'audit-test', clientIp: '10.1.1.1' };

for (const dialect of DIALECTS) {
  describe(`AuditService on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;
    let auditorCtx: RequestContext;
    let sysCtx: RequestContext;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
      auditorCtx = await contextFor(database, city.auditor.id);
      sysCtx = await contextFor(database, city.sysadmin.id);
    });
    afterAll(async () => database.drop());

    const rows = () => database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const lastRow = async () => (await rows()).at(-1)!;
    const search = (f: Partial<AuditFilter>) => env.services.audit.search(auditorCtx, { offset: 0, limit: 500, ...f });

    /** Makes sure there are at least a few records to tamper with. */
    async function ensureRecords(n: number) {
      for (let i = (await rows()).length; i < n; i += 1) {
        await env.services.units.create(sysCtx, { code: `FILL-${i}`, name: `填充${i}`, kind: 'department', parentId: city.city.id });
      }
    }

    describe('recording', () => {
      it('unit.create appends exactly one record naming actor, target and summary', async () => {
        const before = (await rows()).length;
        const u = await env.services.units.create(sysCtx, {
          code: 'AUD-U1',
          name: '审计测试单位',
          kind: 'department',
          parentId: city.city.id,
        });
        const after = await rows();
        expect(after).toHaveLength(before + 1);
        const r = after.at(-1)!;
        expect(r).toMatchObject({
          seq: before + 1,
          action: 'unit.create',
          actor_id: city.sysadmin.id,
          actor_name: 'sys',
          actor_role: 'sysadmin',
          target_type: 'unit',
          target_id: String(u.id),
        });
        expect(JSON.parse(r.summary)).toMatchObject({ code: 'AUD-U1', name: '审计测试单位' });
      });

      it('user.create appends exactly one record', async () => {
        const before = (await rows()).length;
        const u = done(
          await env.services.users.create(sysCtx, {
            username: 'audited',
            displayName: '被审计',
            password: 'Quiet-River-123',
            unitId: city.dept.id,
          }),
        );
        const after = await rows();
        expect(after).toHaveLength(before + 1);
        expect(after.at(-1)).toMatchObject({ action: 'user.create', target_type: 'user', target_id: String(u.id), actor_name: 'sys' });
        expect(after.at(-1)!.summary).not.toContain('Quiet-River-123');
      });

      it('auth.login appends one record for the user, auth.login_failed one with the tried name', async () => {
        const before = (await rows()).length;
        await env.services.auth.login(anon, 'audited', 'Quiet-River-123', null);
        await env.services.auth.login(anon, 'audited', 'wrong-password!!', null).catch(() => undefined);
        await env.services.auth.login(anon, 'no-such-name', 'whatever-pass', null).catch(() => undefined);
        const added = (await rows()).slice(before);
        expect(added.map((r) => r.action)).toEqual(['auth.login', 'auth.login_failed', 'auth.login_failed']);
        expect(added[0]).toMatchObject({ actor_name: 'audited', client_ip: '10.1.1.1', request_id: 'audit-test' });
        expect(added[1]).toMatchObject({ actor_name: 'audited', actor_id: null });
        expect(JSON.parse(added[1]!.summary)).toEqual({ reason: 'bad_password' });
        expect(added[2]).toMatchObject({ actor_name: 'no-such-name' });
        expect(JSON.parse(added[2]!.summary)).toEqual({ reason: 'unknown_user' });
        expect(JSON.stringify(added)).not.toContain('wrong-password!!');
      });

      it('a refused write appends nothing', async () => {
        const before = (await rows()).length;
        await env.services.units
          .create(sysCtx, { code: 'AUD-U1', name: '重复', kind: 'department', parentId: city.city.id })
          .catch(() => undefined);
        expect(await rows()).toHaveLength(before);
      });
    });

    describe('verification', () => {
      it('the chain verifies, covering every record', async () => {
        await ensureRecords(5);
        const v = await env.services.audit.verify(auditorCtx);
        const n = (await rows()).length;
        expect(v).toMatchObject({ ok: true, checked: n, headSeq: n, firstBroken: null, problems: [], legacyRecords: 0, keyedFrom: 1 });
      });

      it('detects a summary edited behind the app’s back (mac_mismatch at that seq)', async () => {
        await ensureRecords(5);
        const target = (await rows())[2]!;
        await database.db.updateTable('audit_log').set({ summary: '{"code":"forged"}' }).where('seq', '=', target.seq).execute();
        try {
          const v = await env.services.audit.verify(auditorCtx);
          expect(v.ok).toBe(false);
          expect(v.firstBroken).toEqual({ seq: target.seq, reason: 'mac_mismatch' });
          expect(v.checked).toBe(target.seq - 1);
        } finally {
          await database.db.updateTable('audit_log').set({ summary: target.summary }).where('seq', '=', target.seq).execute();
        }
        expect((await env.services.audit.verify(auditorCtx)).ok).toBe(true);
      });

      it('detects an edited actor name too', async () => {
        await ensureRecords(5);
        const target = (await rows())[1]!;
        await database.db.updateTable('audit_log').set({ actor_name: 'someone-else' }).where('seq', '=', target.seq).execute();
        try {
          expect((await env.services.audit.verify(auditorCtx)).firstBroken).toEqual({ seq: target.seq, reason: 'mac_mismatch' });
        } finally {
          await database.db.updateTable('audit_log').set({ actor_name: target.actor_name }).where('seq', '=', target.seq).execute();
        }
      });

      it('detects a deleted middle record as missing_record naming the missing seq', async () => {
        await ensureRecords(5);
        const all = await rows();
        const victim = all[2]!;
        await database.db.deleteFrom('audit_log').where('seq', '=', victim.seq).execute();
        try {
          const v = await env.services.audit.verify(auditorCtx);
          expect(v.ok).toBe(false);
          expect(v.firstBroken).toEqual({ seq: victim.seq + 1, reason: 'missing_record', expectedSeq: victim.seq });
        } finally {
          await database.db.insertInto('audit_log').values(victim).execute();
        }
        expect((await env.services.audit.verify(auditorCtx)).ok).toBe(true);
      });

      it('detects the deleted last record (head_mismatch)', async () => {
        await ensureRecords(5);
        const last: AuditRow = await lastRow();
        await database.db.deleteFrom('audit_log').where('seq', '=', last.seq).execute();
        try {
          const v = await env.services.audit.verify(auditorCtx);
          expect(v.ok).toBe(false);
          expect(v.firstBroken).toEqual({ seq: last.seq, reason: 'head_mismatch' });
          expect(v.checked).toBe(last.seq - 1);
        } finally {
          await database.db.insertInto('audit_log').values(last).execute();
        }
        expect((await env.services.audit.verify(auditorCtx)).ok).toBe(true);
      });

      it('detects a forged record whose own hash was recomputed (the next link breaks)', async () => {
        await ensureRecords(5);
        const all = await rows();
        const target = all[1]!;
        await database.db
          .updateTable('audit_log')
          .set({ hash: 'f'.repeat(64) })
          .where('seq', '=', target.seq)
          .execute();
        try {
          const v = await env.services.audit.verify(auditorCtx);
          expect(v.firstBroken?.seq).toBe(target.seq);
        } finally {
          await database.db.updateTable('audit_log').set({ hash: target.hash }).where('seq', '=', target.seq).execute();
        }
      });
    });

    describe('search', () => {
      it('filters by actor name', async () => {
        const { items, total } = await search({ actorName: 'sys' });
        expect(total).toBeGreaterThan(0);
        expect(items).toHaveLength(total);
        expect(items.every((r) => r.actorName === 'sys')).toBe(true);
        expect((await search({ actorName: 'nobody-at-all' })).total).toBe(0);
      });

      it('filters by exact action and by prefix', async () => {
        const exact = await search({ action: 'user.create' });
        expect(exact.total).toBeGreaterThan(0);
        expect(exact.items.every((r) => r.action === 'user.create')).toBe(true);
        await env.services.users.update(sysCtx, city.handler.id, { phone: '13900000001' });
        const prefix = await search({ action: 'user.' });
        expect(new Set(prefix.items.map((r) => r.action))).toEqual(new Set(['user.create', 'user.update']));
        expect(prefix.items.every((r) => r.action.startsWith('user.'))).toBe(true);
        expect((await search({ action: 'user' })).total).toBe(0);
        expect((await search({ action: 'auth.' })).items.every((r) => r.action.startsWith('auth.'))).toBe(true);
      });

      it('filters by target type and id', async () => {
        const u = await env.services.units.create(sysCtx, { code: 'AUD-T', name: '目标', kind: 'department', parentId: city.city.id });
        await env.services.units.update(sysCtx, u.id, { name: '目标2' });
        const { items } = await search({ targetType: 'unit', targetId: String(u.id) });
        expect(items.map((r) => r.action)).toEqual(['unit.update', 'unit.create']);
        expect((await search({ targetType: 'user', targetId: String(u.id) })).items.every((r) => r.targetType === 'user')).toBe(true);
      });

      it('filters by time range [from, to)', async () => {
        env.clock.set('2026-05-01T08:00:00.000Z');
        await env.services.units.create(sysCtx, { code: 'AUD-M1', name: 'M1', kind: 'department', parentId: city.city.id });
        env.clock.set('2026-05-02T08:00:00.000Z');
        await env.services.units.create(sysCtx, { code: 'AUD-M2', name: 'M2', kind: 'department', parentId: city.city.id });
        env.clock.set('2026-05-03T08:00:00.000Z');
        await env.services.units.create(sysCtx, { code: 'AUD-M3', name: 'M3', kind: 'department', parentId: city.city.id });
        const mid = await search({ from: '2026-05-02T00:00:00.000Z', to: '2026-05-03T00:00:00.000Z' });
        expect(mid.items.map((r) => (r.summary as { code: string }).code)).toEqual(['AUD-M2']);
        const edge = await search({ from: '2026-05-02T08:00:00.000Z', to: '2026-05-03T08:00:00.000Z' });
        expect(edge.items.map((r) => (r.summary as { code: string }).code)).toEqual(['AUD-M2']);
        const open = await search({ from: '2026-05-02T00:00:00.000Z' });
        expect(open.items.map((r) => (r.summary as { code: string }).code)).toEqual(['AUD-M3', 'AUD-M2']);
      });

      it('pages newest first with a total', async () => {
        const all = await search({});
        const page = await env.services.audit.search(auditorCtx, { offset: 2, limit: 3 });
        expect(page.total).toBe(all.total);
        expect(page.items.map((r) => r.seq)).toEqual(all.items.slice(2, 5).map((r) => r.seq));
        expect(all.items[0]!.seq).toBeGreaterThan(all.items[1]!.seq);
      });
    });

    describe('access', () => {
      it('a sysadmin or security admin gets 403 for search and verify', async () => {
        for (const id of [city.sysadmin.id, city.secadmin.id, city.handler.id]) {
          const ctx = await contextFor(database, id);
          await expect(env.services.audit.search(ctx, { offset: 0, limit: 10 })).rejects.toMatchObject({ status: 403 });
          await expect(env.services.audit.verify(ctx)).rejects.toMatchObject({ status: 403 });
        }
      });

      it('an anonymous request gets 403', async () => {
        await expect(env.services.audit.search(anon, { offset: 0, limit: 10 })).rejects.toMatchObject({ status: 403 });
        await expect(env.services.audit.verify(anon)).rejects.toMatchObject({ status: 403 });
      });

      it('the auditor succeeds', async () => {
        expect((await env.services.audit.search(auditorCtx, { offset: 0, limit: 10 })).items.length).toBeGreaterThan(0);
        expect((await env.services.audit.verify(auditorCtx)).ok).toBe(true);
      });
    });

    it('30 concurrent unit creations keep the chain valid with gapless seq', async () => {
      const before = (await rows()).length;
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          env.services.units.create(sysCtx, { code: `PAR-${i}`, name: `并发${i}`, kind: 'department', parentId: city.city.id }),
        ),
      );
      expect(results).toHaveLength(30);
      const all = await rows();
      expect(all).toHaveLength(before + 30);
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      const created = all.slice(before).filter((r) => r.action === 'unit.create');
      expect(new Set(created.map((r) => r.target_id))).toEqual(new Set(results.map((u) => String(u.id))));
      for (let i = 1; i < all.length; i += 1) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
      const v = await env.services.audit.verify(auditorCtx);
      expect(v).toMatchObject({ ok: true, checked: all.length, headSeq: all.length });
    });
  });
}
