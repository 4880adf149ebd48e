import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, MIGRATIONS } from '../../../src/db/migrator.js';
import { chainHash, GENESIS_HASH, type AuditRecordContent } from '../../../src/domain/audit/audit-chain.js';
import { auditAnchorSweep } from '../../../src/jobs/audit-anchor.sweep.js';
import { SweepRunner } from '../../../src/jobs/sweep-runner.js';
import type { RequestContext } from '../../../src/core/context.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, type TestEnv } from '../../helpers/factories.js';

const KEY = randomBytes(32);

function anchorSeqs(file: string): number[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { seq: number }).seq);
}

for (const dialect of DIALECTS) {
  describe(`keyed audit chain and anchors on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let dir: string;
    let anchorFile: string;
    let city: Awaited<ReturnType<typeof makeCity>>;
    let sysCtx: RequestContext;
    let n = 0;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'dudao-anchor-'));
      anchorFile = join(dir, 'audit-anchors.jsonl');
      env = makeEnv(database, { auditKey: KEY, auditAnchorFile: anchorFile, auditAnchorEvery: 5 });
      city = await makeCity(database);
      sysCtx = await contextFor(database, city.sysadmin.id);
    });
    afterAll(async () => {
      await env.services.audit.settleAnchors();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const rows = () => database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    async function addRecords(count: number) {
      for (let i = 0; i < count; i += 1) {
        n += 1;
        await env.services.units.create(sysCtx, { code: `K-${n}`, name: `密钥${n}`, kind: 'department', parentId: city.city.id });
      }
      await env.services.audit.settleAnchors();
    }
    /** Puts the log back as it was (the chain of later tests builds on it). */
    async function restore(saved: Awaited<ReturnType<typeof rows>>, head: { seq: number; hash: string }) {
      await database.db.deleteFrom('audit_log').execute();
      for (const r of saved) await database.db.insertInto('audit_log').values(r).execute();
      await database.db.updateTable('audit_head').set({ seq: head.seq, hash: head.hash, chain_version: 2 }).where('id', '=', 1).execute();
    }

    it('records are written keyed (version 2) and anchored every N records', async () => {
      await addRecords(12);
      const all = await rows();
      expect(all.every((r) => r.chain_version === 2)).toBe(true);
      const seqs = anchorSeqs(anchorFile);
      for (const s of [5, 10]) expect(seqs).toContain(s);
      const v = await env.services.audit.verify(null);
      expect(v).toMatchObject({ ok: true, problems: [], keyedFrom: 1, legacyRecords: 0 });
      expect(v.anchors.checked).toBeGreaterThanOrEqual(2);
    });

    it('concurrent writes anchor once per N records, not once per record that arrives while an anchor is being written', async () => {
      const before = anchorSeqs(anchorFile).length;
      const head0 = (await rows()).length;
      await Promise.all(
        Array.from({ length: 40 }, () => {
          n += 1;
          return env.services.units.create(sysCtx, { code: `K-${n}`, name: `密钥${n}`, kind: 'department', parentId: city.city.id });
        }),
      );
      await env.services.audit.settleAnchors();
      const written = anchorSeqs(anchorFile).slice(before);
      // 40 records with an anchor every 5: 8 multiples of 5, plus at most a few stand-ins
      // for a multiple whose transaction was still unanswered. Before the fix every record past
      // the due one queued its own anchor (and its fsync) while the due one was being written.
      expect(written.length).toBeGreaterThanOrEqual(Math.floor(((await rows()).length - head0) / 5) - 1);
      expect(written.length).toBeLessThanOrEqual(10);
      expect(new Set(written).size).toBe(written.length);
      expect((await env.services.audit.verify(null)).ok).toBe(true);
    });

    it('an anchor waits for a commit still in flight (PostgreSQL failed this under load: anchors 11 and 12, not 10)', async () => {
      const head = (await rows()).at(-1)!.seq;
      const target = (Math.floor(head / 5) + 1) * 5;
      await database.db.transaction().execute(async (trx) => {
        for (let s = head + 1; s <= target; s += 1) {
          await env.services.audit.record(trx, sysCtx, { action: 'unit.update', targetType: 'unit', targetId: city.city.id });
        }
        // The anchor is scheduled now; the commit comes a while later.
        await new Promise((r) => setTimeout(r, 300));
      });
      await env.services.audit.settleAnchors();
      expect(anchorSeqs(anchorFile)).toContain(target);
      expect((await env.services.audit.verify(null)).ok).toBe(true);
    });

    it('the hourly sweep anchors the head under a lease, and only when it moved', async () => {
      await addRecords(2);
      const runner = new SweepRunner(database, env.clock, []);
      const sweep = auditAnchorSweep(env.services.audit, 60);
      expect(sweep.intervalMs).toBe(3_600_000);
      const head = (await rows()).at(-1)!.seq;
      expect(await runner.runOnce(sweep)).toMatchObject({ ran: true, status: 'done', detail: { anchoredSeq: head } });
      expect(await runner.runOnce(sweep)).toMatchObject({ ran: true, status: 'done', detail: { anchoredSeq: null } });
      expect(anchorSeqs(anchorFile).at(-1)).toBe(head);
    });

    it('ATTACK: deleting the last record and moving audit_head back is detected (truncated_after_anchor)', async () => {
      await addRecords(3);
      await env.services.audit.anchorNow('interval');
      const saved = await rows();
      const last = saved.at(-1)!;
      const prev = saved.at(-2)!;
      await database.db.deleteFrom('audit_log').where('seq', '=', last.seq).execute();
      await database.db.updateTable('audit_head').set({ seq: prev.seq, hash: prev.hash }).where('id', '=', 1).execute();
      try {
        const v = await env.services.audit.verify(null);
        expect(v.ok).toBe(false);
        expect(v.problems).toEqual([
          { seq: last.seq, reason: 'truncated_after_anchor', detail: expect.stringContaining(`record ${last.seq} was anchored`) },
        ]);
      } finally {
        await restore(saved, { seq: last.seq, hash: last.hash });
      }
      expect((await env.services.audit.verify(null)).ok).toBe(true);
    });

    it('ATTACK: changing record N and recomputing every later hash and the head with the app’s chainHash is detected (mac_mismatch at N)', async () => {
      await addRecords(6);
      const saved = await rows();
      const target = saved[saved.length - 8]!;
      let prev = target.prev_hash;
      let headHash = '';
      for (const r of saved.filter((x) => x.seq >= target.seq)) {
        const summary = r.seq === target.seq ? '{"code":"FORGED"}' : r.summary;
        const content: AuditRecordContent = {
          seq: r.seq,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          actorRole: r.actor_role,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          summary: JSON.parse(summary),
          requestId: r.request_id,
          clientIp: r.client_ip,
        };
        headHash = chainHash(prev, content);
        await database.db.updateTable('audit_log').set({ summary, prev_hash: prev, hash: headHash }).where('seq', '=', r.seq).execute();
        prev = headHash;
      }
      await database.db.updateTable('audit_head').set({ hash: headHash }).where('id', '=', 1).execute();
      try {
        const v = await env.services.audit.verify(null);
        expect(v.ok).toBe(false);
        expect(v.firstBroken).toEqual({ seq: target.seq, reason: 'mac_mismatch' });
        // The anchors at or after N no longer match either.
        expect(v.problems.filter((p) => p.reason === 'anchor_mac_mismatch').length).toBeGreaterThan(0);
        // Marking the rewritten records as legacy does not help.
        await database.db.updateTable('audit_log').set({ chain_version: 1 }).where('seq', '>=', target.seq).execute();
        expect((await env.services.audit.verify(null)).firstBroken).toEqual({ seq: target.seq, reason: 'legacy_after_keyed' });
      } finally {
        await restore(saved, { seq: saved.at(-1)!.seq, hash: saved.at(-1)!.hash });
      }
      expect((await env.services.audit.verify(null)).ok).toBe(true);
    });

    it('ATTACK: the whole log rewritten as a legacy chain still fails against the anchors', async () => {
      const saved = await rows();
      let prev = GENESIS_HASH;
      for (const r of saved) {
        const content: AuditRecordContent = {
          seq: r.seq,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          actorRole: r.actor_role,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          summary: JSON.parse(r.summary),
          requestId: r.request_id,
          clientIp: r.client_ip,
        };
        const hash = chainHash(prev, content);
        await database.db.updateTable('audit_log').set({ prev_hash: prev, hash, chain_version: 1 }).where('seq', '=', r.seq).execute();
        prev = hash;
      }
      await database.db.updateTable('audit_head').set({ hash: prev, chain_version: 1 }).where('id', '=', 1).execute();
      try {
        const v = await env.services.audit.verify(null);
        expect(v.ok).toBe(false);
        expect(v.problems.map((p) => p.reason)).toContain('anchor_mac_mismatch');
      } finally {
        await restore(saved, { seq: saved.at(-1)!.seq, hash: saved.at(-1)!.hash });
      }
    });

    it('another key does not verify the chain', async () => {
      const other = makeEnv(database, { auditKey: randomBytes(32), auditAnchorFile: anchorFile, auditAnchorEvery: 5 });
      expect((await other.services.audit.verify(null)).firstBroken).toEqual({ seq: 1, reason: 'mac_mismatch' });
    });

    it('a removed anchor file is reported (anchors_missing)', async () => {
      const saved = readFileSync(anchorFile);
      unlinkSync(anchorFile);
      try {
        expect((await env.services.audit.verify(null)).problems.map((p) => p.reason)).toEqual(['anchors_missing']);
      } finally {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(anchorFile, saved);
      }
    });
  });

  describe(`migrating a legacy chain on ${dialect}`, () => {
    let database: TestDatabase;
    let dir: string;

    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrate: false });
      dir = mkdtempSync(join(tmpdir(), 'dudao-rekey-'));
      // The database as it was before 0011, with a legacy chain of 4 records.
      const before = MIGRATIONS.filter((m) => m.name < '0011');
      const provider = {
        getMigrations: async () =>
          Object.fromEntries(before.map((m) => [m.name, { up: (db) => m.up(db, database.dialect) } satisfies Migration])),
      };
      const r = await new Migrator({ db: database.db, provider }).migrateToLatest();
      if (r.error) throw r.error as Error;
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 4; seq += 1) {
        const c: AuditRecordContent = {
          seq,
          at: `2026-01-0${seq}T00:00:00.000Z`,
          actorId: null,
          actorName: 'cli',
          actorRole: null,
          action: 'unit.create',
          targetType: 'unit',
          targetId: String(seq),
          summary: { code: `L${seq}` },
          requestId: 'cli',
          clientIp: null,
        };
        const hash = chainHash(prev, c);
        await sql`insert into audit_log (seq, at, actor_id, actor_name, actor_role, action, target_type, target_id, summary, request_id, client_ip, prev_hash, hash)
          values (${seq}, ${c.at}, null, 'cli', null, 'unit.create', 'unit', ${String(seq)}, ${JSON.stringify(c.summary)}, 'cli', null, ${prev}, ${hash})`.execute(
          database.db,
        );
        prev = hash;
      }
      await sql`update audit_head set seq = 4, hash = ${prev} where id = 1`.execute(database.db);
      // 0011 and the migrations added after it (issue 13 on) run now.
      expect(await migrateToLatest(database)).toEqual(MIGRATIONS.filter((m) => m.name >= '0011').map((m) => m.name));
    });
    afterAll(async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('0011 keeps the old records as legacy; they verify by the unkeyed hash, not yet keyed', async () => {
      const env = makeEnv(database, { auditKey: KEY, auditAnchorFile: join(dir, 'a.jsonl'), auditAnchorEvery: 100 });
      const v = await env.services.audit.verify(null);
      expect(v).toMatchObject({ ok: true, checked: 4, legacyRecords: 4, keyedFrom: null });
    });

    it('rekey verifies the legacy chain, appends audit.rekey pinning its head, and anchors it', async () => {
      const file = join(dir, 'a.jsonl');
      const env = makeEnv(database, { auditKey: KEY, auditAnchorFile: file, auditAnchorEvery: 100 });
      const legacyHead = await database.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      expect(await env.services.audit.rekey()).toEqual({ rekeyed: true, legacyHeadSeq: 4, legacyBreak: null });
      expect(await env.services.audit.rekey()).toMatchObject({ rekeyed: false });
      const rekey = await database.db.selectFrom('audit_log').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow();
      expect(rekey).toMatchObject({ action: 'audit.rekey', chain_version: 2, prev_hash: legacyHead.hash });
      expect(JSON.parse(rekey.summary)).toEqual({ legacyHeadSeq: 4, legacyHeadHash: legacyHead.hash, legacyVerified: true });
      expect(anchorSeqs(file)).toEqual([5]);
      const v = await env.services.audit.verify(null);
      expect(v).toMatchObject({ ok: true, checked: 5, legacyRecords: 4, keyedFrom: 5, anchors: { count: 1, checked: 1 } });
      // Later appends continue the keyed chain.
      const sys = await makeCity(database);
      await env.services.units.create(await contextFor(database, sys.sysadmin.id), {
        code: 'AFTER',
        name: '之后',
        kind: 'department',
        parentId: sys.city.id,
      });
      expect((await env.services.audit.verify(null)).ok).toBe(true);
    });
  });

  describe(`a legacy chain written to without a rekey first on ${dialect}`, () => {
    it('the first append re-keys inline, so the chain stays verifiable', async () => {
      const database = await createTestDatabase(dialect);
      try {
        const env = makeEnv(database, { auditKey: KEY });
        const city = await makeCity(database);
        const ctx = await contextFor(database, city.sysadmin.id);
        await env.services.units.create(ctx, { code: 'A1', name: 'A1', kind: 'department', parentId: city.city.id });
        // Pretend the one record so far is a legacy record.
        const r = await database.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
        const { prev_hash: _p, hash: _h, chain_version: _v, ...rest } = r;
        const hash = chainHash(GENESIS_HASH, {
          seq: r.seq,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          actorRole: r.actor_role,
          action: rest.action,
          targetType: r.target_type,
          targetId: r.target_id,
          summary: JSON.parse(r.summary),
          requestId: r.request_id,
          clientIp: r.client_ip,
        });
        await database.db.updateTable('audit_log').set({ hash, chain_version: 1 }).where('seq', '=', 1).execute();
        await database.db.updateTable('audit_head').set({ hash, chain_version: 1 }).where('id', '=', 1).execute();
        await env.services.units.create(ctx, { code: 'A2', name: 'A2', kind: 'department', parentId: city.city.id });
        const all = await database.db.selectFrom('audit_log').select(['seq', 'action', 'chain_version']).orderBy('seq').execute();
        expect(all).toEqual([
          { seq: 1, action: 'unit.create', chain_version: 1 },
          { seq: 2, action: 'audit.rekey', chain_version: 2 },
          { seq: 3, action: 'unit.create', chain_version: 2 },
        ]);
        expect(await env.services.audit.verify(null)).toMatchObject({ ok: true, legacyRecords: 1, keyedFrom: 2 });
      } finally {
        await database.drop();
      }
    });
  });
}

describe('with anchoring off (no anchor file)', () => {
  it('many keyed records verify without anchors_missing', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const env = makeEnv(database, { auditKey: KEY, auditAnchorEvery: 2 });
      const city = await makeCity(database);
      const ctx = await contextFor(database, city.sysadmin.id);
      for (let i = 0; i < 3; i += 1)
        await env.services.units.create(ctx, { code: `OFF-${i}`, name: `无锚${i}`, kind: 'department', parentId: city.city.id });
      expect(await env.services.audit.verify(null)).toMatchObject({ ok: true, problems: [], anchors: { file: null, count: 0 } });
    } finally {
      await database.drop();
    }
  });
});
