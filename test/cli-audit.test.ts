import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { chainHash, type AuditRecordContent } from '../src/domain/audit/audit-chain.js';
import type { AuditRow } from '../src/db/schema.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/dudao.js');

async function dudao(dataDir: string, args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      cwd: dataDir,
      env: { ...process.env, DUDAO_DATA_DIR: dataDir, DUDAO_LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** Runs `fn` on the log, then puts every row and the head back. */
function tamper(dir: string, fn: (db: SQLite.Database, rows: AuditRow[]) => void): () => void {
  const db = new SQLite(join(dir, 'dudao.sqlite'));
  const rows = db.prepare('select * from audit_log order by seq').all() as AuditRow[];
  const head = db.prepare('select * from audit_head').get() as { seq: number; hash: string };
  fn(db, rows);
  db.close();
  return () => {
    const d = new SQLite(join(dir, 'dudao.sqlite'));
    d.prepare('delete from audit_log').run();
    const ins = d.prepare(
      'insert into audit_log (seq, at, actor_id, actor_name, actor_role, action, target_type, target_id, summary, request_id, client_ip, prev_hash, hash, chain_version) values (@seq, @at, @actor_id, @actor_name, @actor_role, @action, @target_type, @target_id, @summary, @request_id, @client_ip, @prev_hash, @hash, @chain_version)',
    );
    d.transaction(() => rows.forEach((r) => ins.run(r)))();
    d.prepare('update audit_head set seq = ?, hash = ? where id = 1').run(head.seq, head.hash);
    d.close();
  };
}

describe('dudao audit (keyed chain, anchors)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dudao-cli-audit-'));
    expect((await dudao(dir, ['demo'])).out).toMatch(/demo city loaded/);
    expect((await dudao(dir, ['audit', 'anchor'])).out).toMatch(/anchored record \d+/);
  }, 60_000);

  it('creates the key file with mode 0600 and verifies chain and anchors', async () => {
    expect(statSync(join(dir, 'audit-key')).mode & 0o777).toBe(0o600);
    const r = await dudao(dir, ['audit', 'verify']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/audit chain OK: \d+ records, head at \d+; \d+ anchors in .*audit-anchors\.jsonl, \d+ compared/);
    expect(readFileSync(join(dir, 'audit-anchors.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(2);
    expect((await dudao(dir, ['audit', 'rekey'])).out).toMatch(/already keyed/);
  });

  it('ATTACK: the last record deleted and audit_head moved back → exit 1, truncated_after_anchor', async () => {
    const restore = tamper(dir, (db, rows) => {
      const last = rows.at(-1)!;
      const prev = rows.at(-2)!;
      db.prepare('delete from audit_log where seq = ?').run(last.seq);
      db.prepare('update audit_head set seq = ?, hash = ? where id = 1').run(prev.seq, prev.hash);
    });
    try {
      const r = await dudao(dir, ['audit', 'verify']);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/record \d+: truncated_after_anchor — the log ends at \d+ but record \d+ was anchored/);
    } finally {
      restore();
    }
    expect((await dudao(dir, ['audit', 'verify'])).code).toBe(0);
  });

  it('ATTACK: record N changed and every later hash and the head recomputed with chainHash → exit 1, mac_mismatch at N', async () => {
    let n = 0;
    const restore = tamper(dir, (db, rows) => {
      const target = rows[Math.floor(rows.length / 2)]!;
      n = target.seq;
      let prev = target.prev_hash;
      const upd = db.prepare('update audit_log set summary = ?, prev_hash = ?, hash = ? where seq = ?');
      for (const r of rows.filter((x) => x.seq >= target.seq)) {
        const summary = r.seq === target.seq ? '{"forged":true}' : r.summary;
        const c: AuditRecordContent = {
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
        const hash = chainHash(prev, c);
        upd.run(summary, prev, hash, r.seq);
        prev = hash;
      }
      db.prepare('update audit_head set hash = ? where id = 1').run(prev);
    });
    try {
      const r = await dudao(dir, ['audit', 'verify']);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`record ${n}: mac_mismatch`);
      expect(r.out).toMatch(/anchor_mac_mismatch/);
    } finally {
      restore();
    }
  });

  it('refuses to start with a key file others can read', async () => {
    chmodSync(join(dir, 'audit-key'), 0o644);
    try {
      const r = await dudao(dir, ['audit', 'verify']);
      expect(r.code).toBe(2);
      expect(r.out).toMatch(/audit key file .*audit-key is readable or writable by group\/others \(mode 0644\); run: chmod 600/);
    } finally {
      chmodSync(join(dir, 'audit-key'), 0o600);
    }
  });

  it('a different DUDAO_AUDIT_KEY does not verify the log', async () => {
    const r = await dudao(dir, ['audit', 'verify'], { DUDAO_AUDIT_KEY: 'ab'.repeat(32) });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/record 1: mac_mismatch/);
  });
});
