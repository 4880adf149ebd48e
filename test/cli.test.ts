import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/dudao.js');

/** Runs the CLI against a data dir; never throws, returns code and output. */
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

describe('dudao CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dudao-cli-'));
    expect((await dudao(dir, ['migrate'])).out).toMatch(/applied: 0001_foundation/);
    expect((await dudao(dir, ['demo'])).out).toMatch(/demo city loaded: 257 units, 37 accounts/);
  }, 60_000);

  // Eleven processes at once on two cores: generous limit, checked for output not speed.
  it('prints help for every command', { timeout: 120_000 }, async () => {
    const cmds = [
      [],
      ['serve'],
      ['migrate'],
      ['demo'],
      ['user'],
      ['user', 'add'],
      ['user', 'passwd'],
      ['user', 'lock'],
      ['unit', 'add'],
      ['audit', 'verify'],
      ['audit', 'rekey'],
      ['audit', 'anchor'],
      ['cases', 'recompute'],
      ['backup'],
      ['files', 'sweep'],
    ];
    const results = await Promise.all(cmds.map((cmd) => dudao(dir, [...cmd, '--help'])));
    for (const [i, r] of results.entries()) {
      expect(r.code, cmds[i]!.join(' ')).toBe(0);
      expect(r.out).toMatch(/Usage: dudao/);
    }
  });

  it('adds, re-passwords, locks and unlocks a user, and the audit chain stays intact', async () => {
    expect(
      (
        await dudao(dir, [
          'user',
          'add',
          'ops1',
          '--name',
          '运维一',
          '--password',
          'Ops-Password-2026',
          '--unit',
          '411600',
          '--role',
          'inspector@411600',
        ])
      ).out,
    ).toMatch(/user ops1 created/);
    expect((await dudao(dir, ['user', 'add', 'ops2', '--name', 'x', '--password', 'short'])).code).toBe(2);
    expect((await dudao(dir, ['user', 'passwd', 'ops1', '--password', 'Another-Password-2026'])).out).toMatch(/password of ops1 changed/);
    expect((await dudao(dir, ['user', 'lock', 'ops1'])).out).toMatch(/ops1 locked/);
    expect((await dudao(dir, ['user', 'unlock', 'ops1'])).out).toMatch(/ops1 unlocked/);
    expect((await dudao(dir, ['user', 'lock', 'nobody'])).code).toBe(2);
    const v = await dudao(dir, ['audit', 'verify']);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/audit chain OK/);
  });

  it('recomputes the case aggregates and finds them equal', async () => {
    const r = await dudao(dir, ['cases', 'recompute']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/maintained aggregates equal the recompute/);
  });

  it('sweeps leftover files: temporary and unreferenced ones past the grace period, recorded in job_runs', async () => {
    const folder = join(dir, 'files', 'originals', 'ab');
    mkdirSync(folder, { recursive: true });
    const hoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const orphan = join(folder, '0b5c7e2a-1111-4222-8333-944445555666.jpg');
    const temp = `${orphan.slice(0, -4)}7.jpg.tmp-31337`;
    const fresh = join(folder, '0b5c7e2a-1111-4222-8333-944445555667.jpg');
    for (const f of [orphan, temp, fresh]) writeFileSync(f, 'bytes');
    for (const f of [orphan, temp]) utimesSync(f, hoursAgo, hoursAgo);
    const r = await dudao(dir, ['files', 'sweep']);
    expect(r.code, r.out).toBe(0);
    // The demo city's photos are referenced (and new): only the two leftovers go.
    expect(r.out).toMatch(/1 temporary and 1 unreferenced removed, \d+ newer than 60 min left, 0 unknown left alone, 0 failed/);
    expect([existsSync(orphan), existsSync(temp), existsSync(fresh)]).toEqual([false, false, true]);
    const db = new SQLite(join(dir, 'dudao.sqlite'), { readonly: true });
    try {
      expect(db.prepare("select status from job_runs where name = 'file-cleanup'").all()).toEqual([{ status: 'done' }]);
    } finally {
      db.close();
    }
    expect((await dudao(dir, ['files', 'sweep', '--grace-minutes', '0'])).code).toBe(2);
  });

  it('refuses demo data in production mode', async () => {
    const r = await dudao(dir, ['demo', '--reset'], { DUDAO_MODE: 'production' });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/production mode/);
  });

  it('backs up the SQLite database to a file that opens', async () => {
    const dest = join(dir, 'backup.sqlite');
    expect((await dudao(dir, ['backup', dest])).out).toMatch(/backup written/);
    const copy = new SQLite(dest, { readonly: true });
    expect((copy.prepare('select count(*) n from units').get() as { n: number }).n).toBe(257);
    copy.close();
    expect((await dudao(dir, ['backup', dest])).code).toBe(2); // exists, no --force
    expect((await dudao(dir, ['backup', dest], { DUDAO_DATABASE_URL: 'postgres://u:secret@db/x' })).out).not.toContain('secret');
  });

  it('names the first broken record when the log was tampered with', async () => {
    const db = new SQLite(join(dir, 'dudao.sqlite'));
    db.prepare('update audit_log set summary = \'{"forged":true}\' where seq = 2').run();
    db.close();
    const r = await dudao(dir, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/record 2: mac_mismatch/);
    expect(existsSync(join(dir, 'dudao.sqlite'))).toBe(true);
  });
});
