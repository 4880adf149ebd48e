import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITY_BBOX } from '../../src/demo/demo-city.js';
import { PG_URL } from '../helpers/db.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/dudao.js');

/** Runs the CLI in a fresh data dir; never throws, returns code and output. */
async function dudao(dir: string, args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, DUDAO_DATA_DIR: dir, DUDAO_LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** One line, no stack trace, the usage-error exit code. */
function expectOneLine(r: { code: number; out: string }, pattern: RegExp) {
  expect(r.code, r.out).toBe(2);
  expect(r.out.trim().split('\n'), r.out).toHaveLength(1);
  expect(r.out).not.toMatch(/\n\s+at /);
  expect(r.out).toMatch(pattern);
}

const fresh = () => mkdtempSync(join(tmpdir(), 'dudao-setup-'));

describe('the operator’s first commands', () => {
  it('migrate against a server that is not there: one line naming the address and how to check it', async () => {
    const r = await dudao(fresh(), ['migrate'], { DUDAO_DATABASE_URL: 'postgres://dudao:pw@127.0.0.1:9/dudao' });
    expectOneLine(r, /connection to 127\.0\.0\.1:9 refused.*pg_isready -h 127\.0\.0\.1 -p 9/);
  });

  it('backup on PostgreSQL without pg_dump on PATH says how to get it and fails', async () => {
    const r = await dudao(fresh(), ['backup', 'x.dump'], {
      DUDAO_DATABASE_URL: 'postgres://dudao:pw@127.0.0.1:9/dudao',
      PATH: '/nonexistent',
    });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/pg_dump is not on PATH: install .*postgresql-client/);
    expect(r.out).toMatch(/pg_dump --format=custom --file=.*x\.dump/);
    expect(r.out).not.toContain(':pw@');
  });

  it('production refuses to serve a database that still has demo accounts with the demo password', { timeout: 120_000 }, async () => {
    const dir = fresh();
    expect((await dudao(dir, ['demo'])).code).toBe(0);
    const r = await dudao(dir, ['serve'], { DUDAO_MODE: 'production', DUDAO_CITY_BBOX: DEMO_CITY_BBOX.join(','), DUDAO_PORT: '0' });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/demo account\(s\) still open with the published demo password Dudao-Demo-2026 \(hq, inspector, .*sysadmin/);
    expect(r.out).toMatch(/for u in hq inspector .*; do npx dudao user lock "\$u"; done/);
  });
});

describe.skipIf(!PG_URL)('the operator’s first commands on PostgreSQL', () => {
  const suffix = `${process.pid}_${Date.now() % 100000}`;
  const owned = `dudao_setup_own_${suffix}`;
  const foreign = `dudao_setup_foreign_${suffix}`;
  const role = `dudao_setup_${suffix}`;
  const urlFor = (db: string) => {
    const u = new URL(PG_URL!);
    u.username = role;
    u.password = 'Role-Password-2026';
    u.pathname = `/${db}`;
    return u.toString();
  };
  const admin = async (...statements: string[]) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      for (const s of statements) await c.query(s);
    } finally {
      await c.end();
    }
  };
  beforeAll(async () => {
    // As the README's first, wrong attempt did: a database created by postgres, used by another role.
    await admin(`create role ${role} login password 'Role-Password-2026'`, `create database ${foreign}`);
  });
  afterAll(async () => {
    await admin(
      `drop database if exists ${foreign} with (force)`,
      `drop database if exists ${owned} with (force)`,
      `drop role if exists ${role}`,
    );
  });

  it('a database owned by postgres: names the fix (createuser -P; createdb -O)', async () => {
    const r = await dudao(fresh(), ['migrate'], { DUDAO_DATABASE_URL: urlFor(foreign) });
    expectOneLine(r, new RegExp(`permission denied.*createuser -P ${role}; createdb -O ${role} ${foreign}`));
    expect(r.out).not.toContain('Role-Password-2026');
  });

  it('a missing database: names createdb -O', async () => {
    const r = await dudao(fresh(), ['migrate'], { DUDAO_DATABASE_URL: urlFor(owned) });
    expectOneLine(r, new RegExp(`database "${owned}" does not exist.*createdb -O ${role} ${owned}`));
  });

  it('once the database is the role’s own, migrate applies every migration', { timeout: 60_000 }, async () => {
    await admin(`create database ${owned} owner ${role}`);
    const r = await dudao(fresh(), ['migrate'], { DUDAO_DATABASE_URL: urlFor(owned) });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/applied: 0001_foundation/);
  });
});
