import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

const writeFile = (name: string, value: unknown) =>
  writeFileSync(join(cwd, name), typeof value === 'string' ? value : JSON.stringify(value));

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
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/DUDAO_PORT \(port\)/), expect.stringMatching(/DUDAO_MODE \(mode\)/)]),
    );
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
    expect(loadConfig({}, cwd)).toMatchObject({
      loginAddressMaxFailures: 20,
      loginAccountMaxFailures: 10,
      loginAccountDelaySeconds: 60,
      tokenDefaultDays: 90,
      tokenMaxDays: 365,
    });
    const c = loadConfig(
      {
        DUDAO_LOGIN_ADDRESS_MAX_FAILURES: '50',
        DUDAO_LOGIN_ACCOUNT_MAX_FAILURES: '30',
        DUDAO_LOGIN_ACCOUNT_DELAY_SECONDS: '120',
        DUDAO_TOKEN_DEFAULT_DAYS: '30',
        DUDAO_TOKEN_MAX_DAYS: '60',
      },
      cwd,
    );
    expect(c).toMatchObject({
      loginAddressMaxFailures: 50,
      loginAccountMaxFailures: 30,
      loginAccountDelaySeconds: 120,
      tokenDefaultDays: 30,
      tokenMaxDays: 60,
    });
    expect(() => loadConfig({ DUDAO_TOKEN_DEFAULT_DAYS: '100', DUDAO_TOKEN_MAX_DAYS: '60' }, cwd)).toThrow(
      /DUDAO_TOKEN_DEFAULT_DAYS.*must not exceed DUDAO_TOKEN_MAX_DAYS/,
    );
    expect(() => loadConfig({ DUDAO_LOGIN_ADDRESS_MAX_FAILURES: '0' }, cwd)).toThrow(/DUDAO_LOGIN_ADDRESS_MAX_FAILURES/);
  });

  it('image origins for the CSP: none by default, origins listed, anything else refused', () => {
    expect(loadConfig({}, cwd).cspImgSrc).toEqual([]);
    expect(loadConfig({ DUDAO_CSP_IMG_SRC: 'https://tiles.example, http://10.0.0.5:8081/' }, cwd).cspImgSrc).toEqual([
      'https://tiles.example',
      'http://10.0.0.5:8081',
    ]);
    for (const bad of ['https://tiles.example/{z}/{x}/{y}.png', "'unsafe-inline'", 'data:', '*', 'ftp://tiles.example']) {
      expect(() => loadConfig({ DUDAO_CSP_IMG_SRC: bad }, cwd), bad).toThrow(
        /DUDAO_CSP_IMG_SRC \(cspImgSrc\): each entry must be an origin/,
      );
    }
  });
});

describe('redactUrl', () => {
  describe('audit key and anchors', () => {
    it('creates <dataDir>/audit-key (32 bytes, hex, mode 0600) on first load and reuses it', () => {
      const c = loadConfig({}, cwd);
      const file = join(cwd, 'data', 'audit-key');
      expect(c.auditKey).toHaveLength(32);
      expect(readFileSync(file, 'utf8').trim()).toBe(c.auditKey.toString('hex'));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadConfig({}, cwd).auditKey.equals(c.auditKey)).toBe(true);
      expect(c).toMatchObject({
        auditAnchorEvery: 100,
        auditAnchorIntervalMinutes: 60,
        auditAnchorFile: join(cwd, 'data', 'audit-anchors.jsonl'),
        auditAnchorSyslog: null,
        auditAnchorWebhook: null,
      });
    });

    it('refuses to start when the key file is group or world readable', () => {
      loadConfig({}, cwd);
      const file = join(cwd, 'data', 'audit-key');
      for (const mode of [0o640, 0o604, 0o660]) {
        chmodSync(file, mode);
        expect(problemsOf({})).toEqual([
          expect.stringMatching(/audit key file .*audit-key is readable or writable by group\/others \(mode 0\d{3}\); run: chmod 600/),
        ]);
      }
      chmodSync(file, 0o400);
      expect(() => loadConfig({}, cwd)).not.toThrow();
    });

    it('refuses a key file that holds no key', () => {
      mkdirSync(join(cwd, 'data'));
      writeFileSync(join(cwd, 'data', 'audit-key'), 'short\n', { mode: 0o600 });
      expect(problemsOf({})).toEqual([expect.stringMatching(/must hold a hex or base64 key of at least 32 bytes/)]);
    });

    it('takes DUDAO_AUDIT_KEY as hex or base64 (≥ 32 bytes) and writes no key file', () => {
      const hex = 'ab'.repeat(32);
      expect(loadConfig({ DUDAO_AUDIT_KEY: hex }, cwd).auditKey.toString('hex')).toBe(hex);
      const b64 = Buffer.alloc(48, 3).toString('base64');
      expect(loadConfig({ DUDAO_AUDIT_KEY: b64 }, cwd).auditKey).toEqual(Buffer.alloc(48, 3));
      expect(existsSync(join(cwd, 'data', 'audit-key'))).toBe(false);
      expect(problemsOf({ DUDAO_AUDIT_KEY: 'ab'.repeat(31) })).toEqual([
        'DUDAO_AUDIT_KEY (auditKey): must be hex or base64 of at least 32 bytes',
      ]);
      expect(problemsOf({ DUDAO_AUDIT_KEY: 'not a key!' })).toHaveLength(1);
    });

    it('anchor settings: overrides and bad values', () => {
      const c = loadConfig(
        {
          DUDAO_AUDIT_ANCHOR_EVERY: '10',
          DUDAO_AUDIT_ANCHOR_INTERVAL_MINUTES: '5',
          DUDAO_AUDIT_ANCHOR_FILE: 'anchors/x.jsonl',
          DUDAO_AUDIT_ANCHOR_SYSLOG: 'udp://10.0.0.5:514',
          DUDAO_AUDIT_ANCHOR_WEBHOOK: 'https://siem.example/anchor',
        },
        cwd,
      );
      expect(c).toMatchObject({
        auditAnchorEvery: 10,
        auditAnchorIntervalMinutes: 5,
        auditAnchorFile: join(cwd, 'anchors', 'x.jsonl'),
        auditAnchorSyslog: 'udp://10.0.0.5:514',
        auditAnchorWebhook: 'https://siem.example/anchor',
      });
      const p = problemsOf({
        DUDAO_AUDIT_ANCHOR_EVERY: '0',
        DUDAO_AUDIT_ANCHOR_SYSLOG: 'tcp://x:1',
        DUDAO_AUDIT_ANCHOR_WEBHOOK: 'ftp://x',
      });
      expect(p).toEqual([
        expect.stringMatching(/^DUDAO_AUDIT_ANCHOR_EVERY/),
        expect.stringMatching(/^DUDAO_AUDIT_ANCHOR_SYSLOG \(auditAnchorSyslog\): must be udp:\/\/host:port/),
        expect.stringMatching(/^DUDAO_AUDIT_ANCHOR_WEBHOOK/),
      ]);
    });
  });

  it('sweep intervals: defaults, overrides and bad values', () => {
    expect(loadConfig({}, cwd)).toMatchObject({ outboxIntervalSeconds: 15, escalationIntervalSeconds: 300 });
    expect(loadConfig({ DUDAO_OUTBOX_INTERVAL_SECONDS: '1', DUDAO_ESCALATION_INTERVAL_SECONDS: '60' }, cwd)).toMatchObject({
      outboxIntervalSeconds: 1,
      escalationIntervalSeconds: 60,
    });
    expect(problemsOf({ DUDAO_OUTBOX_INTERVAL_SECONDS: '0', DUDAO_ESCALATION_INTERVAL_SECONDS: 'often' })).toEqual([
      expect.stringMatching(/^DUDAO_OUTBOX_INTERVAL_SECONDS/),
      expect.stringMatching(/^DUDAO_ESCALATION_INTERVAL_SECONDS/),
    ]);
  });

  it('masks the password of a database URL', () => {
    expect(redactUrl('postgres://dudao:s3cret@db:5432/dudao')).toBe('postgres://dudao:***@db:5432/dudao');
    expect(redactUrl('sqlite:/var/lib/dudao.sqlite')).toBe('sqlite:/var/lib/dudao.sqlite');
  });
});
