import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_URL } from '../helpers/db.js';

/**
 * The README's production install, run as written: the commands are read from the first
 * `sh` block of its "## PostgreSQL" section, so the README and this test cannot drift.
 * Only the README's placeholders are filled: `<password>`, the server's address, and the
 * role and database name (`dudao`, made unique so runs never meet). `sudo -u postgres`
 * runs the command as the test server's superuser (PGUSER). The data dir is a fresh
 * temporary folder instead of the checkout's `./data`.
 */

const ROOT = resolve(import.meta.dirname, '../..');

/** The command lines of the README's PostgreSQL block, comments dropped. */
export function readmeProductionCommands(readme = readFileSync(join(ROOT, 'README.md'), 'utf8')): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('PostgreSQL\n'));
  const block = section?.match(/```sh\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('README.md: no ```sh block in its ## PostgreSQL section');
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
}

describe('README production commands', () => {
  it('are what this test expects to run (role, database, migrate, the three administrators, start)', () => {
    const lines = readmeProductionCommands();
    expect(lines[0]).toBe('sudo -u postgres createuser -P dudao');
    expect(lines[1]).toBe('sudo -u postgres createdb -O dudao dudao');
    expect(lines).toContain('npx dudao migrate');
    // 三员分立: three accounts, one administrator role each.
    const admins = lines.filter((l) => l.startsWith('npx dudao user add'));
    expect(admins.map((l) => l.match(/--role (\S+)/g))).toEqual([
      ['--role sysadmin@411600'],
      ['--role security_admin@411600'],
      ['--role auditor@411600'],
    ]);
    expect(lines.at(-1)).toBe('npm start');
  });
});

describe.skipIf(!PG_URL)('README production install on PostgreSQL, as written', () => {
  const server = new URL(PG_URL ?? 'postgres://x@127.0.0.1:5432/x');
  const name = `dudao_readme_${process.pid}`;
  const rolePassword = 'Readme-Role-Password-2026';
  const passwords: Record<string, string> = {
    sysadmin: 'Readme-First-Pass-2026',
    secadmin: 'Readme-Second-Pass-2026',
    auditor: 'Readme-Third-Pass-2026',
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'dudao-readme-'));
  let serving: ChildProcess | null = null;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  afterAll(async () => {
    if (serving && serving.exitCode === null) {
      const exited = new Promise((r) => serving!.once('exit', r));
      // npm does not pass SIGTERM on to the server it started: stop the whole process group,
      // or a `dudao serve` outlives the test (and holds its database).
      try {
        process.kill(-serving.pid!, 'SIGTERM');
      } catch {
        serving.kill('SIGTERM');
      }
      await exited;
    }
    await admin(`drop database if exists ${name} with (force)`);
    await admin(`drop database if exists ${name}_restored with (force)`);
    await admin(`drop role if exists ${name}`);
  });

  /** A README line with its placeholders filled: the role and database names, the password, the address. */
  const fill = (line: string) =>
    line.startsWith('sudo -u postgres ')
      ? line.replace(/\bdudao\b/g, name)
      : line.replace(
          'postgres://dudao:<password>@127.0.0.1:5432/dudao',
          `postgres://${name}:${rolePassword}@${server.hostname}:${server.port || '5432'}/${name}`,
        );

  it('creates the role and database, migrates, adds the city and three administrators, and serves', { timeout: 120_000 }, async () => {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PATH: `/usr/lib/postgresql/15/bin:${process.env.PATH}`,
      PGHOST: server.hostname,
      PGPORT: server.port || '5432',
      PGUSER: decodeURIComponent(server.username) || 'postgres',
      DUDAO_DATA_DIR: dataDir,
      DUDAO_LOG_LEVEL: 'warn',
      DUDAO_PORT: '0',
    };
    for (const key of Object.keys(env))
      if (key.startsWith('DUDAO_') && !['DUDAO_DATA_DIR', 'DUDAO_LOG_LEVEL', 'DUDAO_PORT'].includes(key)) delete env[key];
    const lines = readmeProductionCommands().map(fill);
    for (const line of lines) {
      const exported = line.match(/^export (\w+)=(.*)$/);
      if (exported) {
        // The shell evaluates the value (e.g. $(openssl rand -hex 32)) once, as it would in the operator's session.
        const v = spawnSync('bash', ['-c', `printf %s ${exported[2]}`], { env, encoding: 'utf8' });
        expect(v.status, v.stderr).toBe(0);
        env[exported[1]!] = v.stdout;
        continue;
      }
      if (line === 'npm start') break;
      // What the operator types at the prompts: the role's password twice, an account's password twice.
      const user = line.match(/^npx dudao user add (\S+)/)?.[1];
      const input = line.includes('createuser -P') ? `${rolePassword}\n${rolePassword}\n` : user ? `${passwords[user]}\n` : '';
      // setsid: no controlling terminal, so createuser reads the password from standard input.
      const r = spawnSync('setsid', ['bash', '-c', `sudo() { shift 2; "$@"; }; ${line}`], { cwd: ROOT, env, input, encoding: 'utf8' });
      expect(r.status, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
    }
    expect(lines.at(-1)).toBe('npm start');
    serving = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    serving.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    serving.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    let url = '';
    for (let i = 0; i < 600 && !url; i++) {
      url = out.match(/running at (http:\/\/\S+)/)?.[1] ?? '';
      if (serving.exitCode !== null) throw new Error(`npm start exited ${serving.exitCode}:\n${out}`);
      if (!url) await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, out).not.toBe('');
    expect(out).toMatch(/Production mode/);
    // The shipped categories name no demo department in production: the start lists them for HQ to set.
    expect(out).toMatch(/case categories have no responsible unit of this city/);
    expect(out).not.toContain('411600-ZJJ');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // Each administrator logs in with the password typed for it, and has only its own role.
    for (const [username, role] of [
      ['sysadmin', 'sysadmin'],
      ['secadmin', 'security_admin'],
      ['auditor', 'auditor'],
    ] as const) {
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: passwords[username] }),
      });
      const body = (await login.json()) as { user?: { roles?: { role: string }[] } };
      expect(login.status, JSON.stringify(body)).toBe(200);
      expect(JSON.stringify(body)).toContain(role);
    }

    // The README's backup, while the server runs, restored as the command says: the chain verifies.
    const dump = join(dataDir, 'dudao.dump');
    const backup = spawnSync(process.execPath, [join(ROOT, 'bin/dudao.js'), 'backup', dump], { cwd: ROOT, env, encoding: 'utf8' });
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/pg_dump --format=custom.*pg_restore --no-owner --exit-on-error/);
    expect(backup.stdout).toMatch(/Also keep[\s\S]*files[\s\S]*audit anchors[\s\S]*DUDAO_AUDIT_KEY[\s\S]*DUDAO_SESSION_SECRET/);
    await admin(`create database ${name}_restored owner ${name}`);
    const restored = new URL(env.DUDAO_DATABASE_URL!);
    restored.pathname = `/${name}_restored`;
    const restore = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restored.toString()}`, dump], {
      env,
      encoding: 'utf8',
    });
    expect(restore.status, restore.stderr).toBe(0);
    const verify = spawnSync(process.execPath, [join(ROOT, 'bin/dudao.js'), 'audit', 'verify'], {
      cwd: ROOT,
      env: { ...env, DUDAO_DATABASE_URL: restored.toString() },
      encoding: 'utf8',
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });
});
