import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from '../../src/config/config.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'dudao-config-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const writeFile = (name: string, value: unknown) => writeFileSync(join(cwd, name), typeof value === 'string' ? value : JSON.stringify(value));

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, cwd);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses defaults when nothing is set', () => {
    const c = loadConfig({}, cwd);
    expect(c).toMatchObject({
      mode: 'demo',
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'info',
      dataDir: join(cwd, 'data'),
      databaseUrl: `sqlite:${join(cwd, 'data', 'dudao.sqlite')}`,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      lockoutMaxFailures: 5,
      lockoutWindowMinutes: 15,
      trustProxy: false,
      groupCommit: true,
    });
    expect(existsSync(join(cwd, 'data'))).toBe(true);
  });

  it('logs requests at info only in production or when asked (DUDAO_LOG_REQUESTS)', () => {
    expect(loadConfig({}, cwd).logRequests).toBe(false);
    expect(loadConfig({ DUDAO_MODE: 'production' }, cwd).logRequests).toBe(true);
    expect(loadConfig({ DUDAO_LOG_REQUESTS: 'true' }, cwd).logRequests).toBe(true);
    expect(loadConfig({ DUDAO_MODE: 'production', DUDAO_LOG_REQUESTS: 'false' }, cwd).logRequests).toBe(false);
    expect(problemsOf({ DUDAO_LOG_REQUESTS: 'loud' }).join('\n')).toContain('DUDAO_LOG_REQUESTS');
  });

  it('ignores the process environment when given its own', () => {
    const c = loadConfig({ HOME: '/root', PATH: '/usr/bin' }, cwd);
    expect(c.port).toBe(8080);
  });

  it('takes overrides from the environment', () => {
    const c = loadConfig(
      {
        DUDAO_PORT: '9090',
        DUDAO_HOST: '0.0.0.0',
        DUDAO_MODE: 'production',
        DUDAO_DATABASE_URL: 'postgres://dudao:pw@db.internal:5432/dudao',
        DUDAO_DATA_DIR: 'var/dudao',
        DUDAO_LOG_LEVEL: 'warn',
        DUDAO_SESSION_IDLE_MINUTES: '15',
        DUDAO_TRUST_PROXY: 'yes',
        DUDAO_GROUP_COMMIT: 'false',
      },
      cwd,
    );
    expect(c).toMatchObject({
      port: 9090,
      host: '0.0.0.0',
      mode: 'production',
      databaseUrl: 'postgres://dudao:pw@db.internal:5432/dudao',
      dataDir: join(cwd, 'var', 'dudao'),
      logLevel: 'warn',
      sessionIdleMinutes: 15,
      trustProxy: true,
      groupCommit: false,
    });
  });

  it('reads dudao.config.json, with the environment taking precedence', () => {
    writeFile('dudao.config.json', { port: 9100, host: '10.0.0.5', logLevel: 'debug', lockoutMaxFailures: 8 });
    const c = loadConfig({ DUDAO_PORT: '9200', DUDAO_LOG_LEVEL: '' }, cwd);
    expect(c.port).toBe(9200);
    expect(c.host).toBe('10.0.0.5');
    expect(c.logLevel).toBe('debug'); // an empty variable does not override
    expect(c.lockoutMaxFailures).toBe(8);
  });

  it('reads the file named by DUDAO_CONFIG, relative to cwd', () => {
    writeFile('other.json', { port: 7000 });
    writeFile('dudao.config.json', { port: 7001 });
    expect(loadConfig({ DUDAO_CONFIG: 'other.json' }, cwd).port).toBe(7000);
  });

  it('reports a missing DUDAO_CONFIG file', () => {
    const problems = problemsOf({ DUDAO_CONFIG: 'missing.json' });
    expect(problems).toEqual([expect.stringMatching(/^DUDAO_CONFIG: file not found/)]);
  });

  it('lists every bad value with the variable it came from', () => {
    writeFile('dudao.config.json', { port: 8081, colour: 'blue' });
    const problems = problemsOf({ DUDAO_PORT: 'abc', DUDAO_MODE: 'test', DUDAO_DATABASE_URL: 'mysql://db/dudao' });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/DUDAO_PORT.*"abc"/),
        expect.stringMatching(/DUDAO_MODE.*"test"/),
        expect.stringMatching(/DUDAO_DATABASE_URL.*mysql:\/\/db\/dudao/),
        expect.stringMatching(/dudao\.config\.json: unknown key "colour"/),
      ]),
    );
  });

  it('the error message shows every problem', () => {
    let message = '';
    try {
      loadConfig({ DUDAO_PORT: '70000', DUDAO_LOG_LEVEL: 'loud', DUDAO_TRUST_PROXY: 'maybe' }, cwd);
    } catch (e) {
      message = (e as Error).message;
    }
    for (const v of ['DUDAO_PORT', 'DUDAO_LOG_LEVEL', 'DUDAO_TRUST_PROXY']) expect(message).toContain(v);
  });

  it('names the variable for bad values coming from the file too', () => {
    writeFile('dudao.config.json', { port: 'eighty', mode: 'staging' });
    const problems = problemsOf({});
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/DUDAO_PORT \(port\)/), expect.stringMatching(/DUDAO_MODE \(mode\)/)]));
  });

  it('reports a config file that is not a JSON object', () => {
    writeFile('dudao.config.json', '{ port: 80');
    expect(problemsOf({})).toEqual([expect.stringMatching(/dudao\.config\.json: not valid JSON/)]);
    writeFile('dudao.config.json', '[1, 2]');
    expect(problemsOf({})).toEqual([expect.stringMatching(/not valid JSON object/)]);
  });

  it('refuses a short session secret', () => {
    expect(problemsOf({ DUDAO_SESSION_SECRET: 'too-short' })).toEqual([expect.stringMatching(/DUDAO_SESSION_SECRET.*32/)]);
  });

  it('creates nothing when the configuration is invalid', () => {
    problemsOf({ DUDAO_PORT: 'abc' });
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('generates a session secret into the data dir on first load and reuses it', () => {
    const first = loadConfig({}, cwd);
    const file = join(cwd, 'data', 'session-secret');
    expect(existsSync(file)).toBe(true);
    expect(first.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.sessionSecret);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    const second = loadConfig({}, cwd);
    expect(second.sessionSecret).toBe(first.sessionSecret);
  });

  it('uses a given session secret and writes none', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig({ DUDAO_SESSION_SECRET: secret }, cwd).sessionSecret).toBe(secret);
    expect(existsSync(join(cwd, 'data', 'session-secret'))).toBe(false);
  });

  it('login limits and token lifetimes: defaults, overrides, and a default beyond the maximum refused', () => {
    expect(loadConfig({}, cwd)).toMatchObject({ loginAddressMaxFailures: 20, loginAccountMaxFailures: 10, loginAccountDelaySeconds: 60, tokenDefaultDays: 90, tokenMaxDays: 365 });
    const c = loadConfig(
      { DUDAO_LOGIN_ADDRESS_MAX_FAILURES: '50', DUDAO_LOGIN_ACCOUNT_MAX_FAILURES: '30', DUDAO_LOGIN_ACCOUNT_DELAY_SECONDS: '120', DUDAO_TOKEN_DEFAULT_DAYS: '30', DUDAO_TOKEN_MAX_DAYS: '60' },
      cwd,
    );
    expect(c).toMatchObject({ loginAddressMaxFailures: 50, loginAccountMaxFailures: 30, loginAccountDelaySeconds: 120, tokenDefaultDays: 30, tokenMaxDays: 60 });
    expect(() => loadConfig({ DUDAO_TOKEN_DEFAULT_DAYS: '100', DUDAO_TOKEN_MAX_DAYS: '60' }, cwd)).toThrow(/DUDAO_TOKEN_DEFAULT_DAYS.*must not exceed DUDAO_TOKEN_MAX_DAYS/);
    expect(() => loadConfig({ DUDAO_LOGIN_ADDRESS_MAX_FAILURES: '0' }, cwd)).toThrow(/DUDAO_LOGIN_ADDRESS_MAX_FAILURES/);
  });
});

describe('redactUrl', () => {
  it('masks the password of a database URL', () => {
    expect(redactUrl('postgres://dudao:s3cret@db:5432/dudao')).toBe('postgres://dudao:***@db:5432/dudao');
    expect(redactUrl('sqlite:/var/lib/dudao.sqlite')).toBe('sqlite:/var/lib/dudao.sqlite');
  });
});
