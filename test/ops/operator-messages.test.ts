import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { readPassword, type PromptStreams } from '../../src/cli/password-prompt.js';
import { pgDumpFormat } from '../../src/cli/backup.js';
import { loadConfig, serveProblems } from '../../src/config/config.js';
import { explainDatabaseError } from '../../src/db/connect-errors.js';
import { openDatabase } from '../../src/db/database.js';
import { healthRoutes } from '../../src/http/routes/health.routes.js';
import { startBanner } from '../../src/server.js';

const PG = 'postgres://dudao:secret@db.example:5433/dudao';
/** A driver error as pg raises it: a message and a SQLSTATE or errno code. */
const err = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** As migrateToLatest wraps it: "Migration unknown failed: …" with the driver's error as the cause. */
const wrapped = (e: Error) => new Error(`Migration unknown failed: ${e.message}`, { cause: e });

describe('database set-up errors: one line with the cause and the fix', () => {
  it('names the fix for each of the operator’s first mistakes, through the migration wrapper', () => {
    const permission = explainDatabaseError(wrapped(err('42501', 'permission denied for schema public')), PG)!;
    expect(permission).toContain('permission denied for schema public');
    expect(permission).toContain('createuser -P dudao; createdb -O dudao dudao');
    expect(explainDatabaseError(wrapped(err('28P01')), PG)).toMatch(/password authentication failed for user "dudao".*DUDAO_DATABASE_URL/);
    expect(explainDatabaseError(err('3D000'), PG)).toMatch(/database "dudao" does not exist on db\.example:5433.*createdb -O dudao dudao/);
    expect(explainDatabaseError(err('ECONNREFUSED'), PG)).toMatch(/connection to db\.example:5433 refused.*pg_isready/);
    expect(explainDatabaseError(err('ENOTFOUND'), PG)).toMatch(/host "db\.example" not found/);
    expect(explainDatabaseError(err('SQLITE_CANTOPEN'), 'sqlite:/nope/x.sqlite')).toMatch(
      /cannot open the SQLite database \/nope\/x\.sqlite/,
    );
    for (const line of [permission, explainDatabaseError(err('28P01'), PG)!]) {
      expect(line).not.toContain('secret');
      expect(line).not.toContain('\n');
    }
  });

  it('leaves other errors alone (they are reported as they are)', () => {
    expect(explainDatabaseError(new Error('boom'), PG)).toBeNull();
    expect(explainDatabaseError(err('23505'), PG)).toBeNull();
  });
});

/** A fake terminal: what the user types arrives as data; what the prompt writes is kept. */
function terminal(typed: string[]): PromptStreams & { written: () => string; raw: boolean[] } {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const modes: boolean[] = [];
  (input as unknown as { setRawMode: (r: boolean) => void }).setRawMode = (r: boolean) => modes.push(r);
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  // Each line is typed once the prompt for it has been written.
  let i = 0;
  output.on('data', () => {
    const line = typed[i++];
    if (line !== undefined) setImmediate(() => input.write(line));
  });
  return { input, output, written: () => out, raw: modes };
}

describe('password prompt', () => {
  it('asks twice on a terminal without echo, and accepts what matches', async () => {
    const t = terminal(['Prod-Secret-2026\r', 'Prod-Secret-2026\r']);
    expect(await readPassword('admin', t)).toBe('Prod-Secret-2026');
    expect(t.written()).toContain('Password for admin: ');
    expect(t.written()).not.toContain('Prod-Secret');
    expect(t.raw).toEqual([true, false, true, false]);
  });

  it('refuses two different entries', async () => {
    await expect(readPassword('admin', terminal(['One-Password-2026\r', 'Other-Password-2026\r']))).rejects.toThrow(/differ/);
  });

  it('keeps reading a pipe (scripts)', async () => {
    const input = new PassThrough();
    input.end('Piped-Password-2026\n');
    expect(await readPassword('admin', { input, output: new PassThrough() })).toBe('Piped-Password-2026');
  });
});

describe('production start checks', () => {
  it('refuses a generated session secret with PostgreSQL in production mode (instances would not share it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dudao-ops-'));
    const env = { DUDAO_DATA_DIR: dir, DUDAO_MODE: 'production', DUDAO_CITY_BBOX: '114,33,115,34', DUDAO_DATABASE_URL: PG };
    expect(serveProblems(loadConfig(env, dir))).toEqual([expect.stringMatching(/^DUDAO_SESSION_SECRET .*same on every instance/)]);
    expect(serveProblems(loadConfig({ ...env, DUDAO_SESSION_SECRET: 'x'.repeat(32) }, dir))).toEqual([]);
    // One process on SQLite: the data dir is the only place anyway.
    expect(serveProblems(loadConfig({ ...env, DUDAO_DATABASE_URL: `sqlite:${dir}/d.sqlite` }, dir))).toEqual([]);
  });

  it('the banner’s command for the first administrator names every required option', () => {
    const config = loadConfig({ DUDAO_DATA_DIR: mkdtempSync(join(tmpdir(), 'dudao-ops-')), DUDAO_MODE: 'production' });
    const line = startBanner('http://127.0.0.1:8080', config)
      .split('\n')
      .find((l) => l.includes('user add'))!;
    expect(line).toContain('npx dudao user add <username> --name <display name> --unit <unit-code> --role sysadmin@<unit-code>');
  });

  it('pg_dump writes plain SQL for a .sql name and its custom archive otherwise', () => {
    expect(pgDumpFormat('/b/dudao.sql')).toBe('plain');
    expect(pgDumpFormat('/b/dudao.dump')).toBe('custom');
    expect(pgDumpFormat('/b/dudao-2026-12-06')).toBe('custom');
  });
});

describe('/readyz', () => {
  it('says the database is unreachable without naming its host or port', async () => {
    const database = openDatabase('postgres://dudao:secret@127.0.0.1:9/dudao');
    const app = Fastify({ logger: false });
    await app.register(healthRoutes(database));
    try {
      const r = await app.inject({ method: 'GET', url: '/readyz' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toEqual({ status: 'not_ready', detail: 'database unreachable' });
      expect(r.body).not.toMatch(/127\.0\.0\.1|:9\b|ECONNREFUSED/);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
