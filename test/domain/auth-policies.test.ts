import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  joinProblems,
  MIN_PASSWORD_LENGTH,
  passwordProblems,
  type PasswordRules,
} from '../../src/domain/auth/password-policy.js';
import { expectChinese } from '../helpers/import-said.js';
import { addressKey, attackSignals, decideLogin, type LoginFailure } from '../../src/domain/auth/lockout.js';
import { checkTokenRequest, scopeAllows, tokenStatus } from '../../src/domain/auth/token-policy.js';
import { sessionStatus, shouldTouch } from '../../src/domain/auth/session-policy.js';
import { passwordRules } from '../../src/services/accounts/password-rules.js';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const demo: PasswordRules = passwordRules('demo');
const production: PasswordRules = passwordRules('production');

describe('password policy', () => {
  it('says every refusal in both languages; the English is what checkPassword returns', () => {
    const tries: [string, string, PasswordRules][] = [
      ['short', 'x', demo],
      ['x'.repeat(300), 'x', demo],
      ['Tab\there-2026-xyz', 'x', demo],
      ['            ', 'x', demo],
      ['ababababababab', 'x', demo],
      ['zhangsan-2026-Q', 'zhangsan', demo],
      ['password123', 'x', demo],
      ['Dudao-Demo-2026', 'x', production],
    ];
    const seen = new Set<string>();
    for (const [pw, user, rules] of tries) {
      const problems = passwordProblems(pw, user, rules);
      expect(problems.length, pw).toBeGreaterThan(0);
      expect(problems.map((p) => p.en)).toEqual(checkPassword(pw, user, rules));
      for (const p of problems) {
        expectChinese(p.zh);
        seen.add(p.en);
      }
    }
    expect(seen.size).toBe(8);
    expect(joinProblems(passwordProblems('aaa', 'x', demo))).toEqual({
      zh: '密码至少 10 个字符；密码至少要用 5 个不同的字符',
      en: 'password must be at least 10 characters; password must use at least 5 different characters',
    });
  });

  it('accepts a long, unusual password', () => {
    expect(checkPassword('Zhoukou-2026-创建', 'zhangsan', production)).toEqual([]);
  });
  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters, counting Chinese characters as one each`, () => {
    expect(checkPassword('kqmzpwxrt', 'x', demo)).toHaveLength(1);
    expect(checkPassword('kqmzpwxrtv', 'x', demo)).toEqual([]);
    expect(checkPassword('周口市文明城市创建', 'x', demo)).toHaveLength(1); // 9 characters
  });
  it('refuses the account name, ignoring case', () => {
    expect(checkPassword('Administrator1', 'administrator1', demo)).toContain('password must not contain the account name');
  });
  it('refuses common passwords, also with digits and symbols added at the end', () => {
    expect(checkPassword('1234567890', 'x', demo)).toContain('password is too common');
    expect(checkPassword('Password123', 'x', demo)).toContain('password is too common');
    expect(checkPassword('iloveyou2026!', 'x', demo)).toContain('password is too common');
    expect(checkPassword('woaini1314', 'x', demo)).toContain('password is too common');
  });
  it('reads a list of thousands from resources/passwords', () => {
    for (const p of ['password', 'qwerty', 'baseball', 'trustno1', 'sunshine']) expect(demo.isCommon(p), p).toBe(true);
    expect(demo.isCommon('kqmzpwxrtv')).toBe(false);
  });

  // The five passwords issue 11 found accepted.
  describe('issue 11: the five accepted passwords', () => {
    it('refuses aaaaaaaaaa (too few different characters)', () => {
      expect(checkPassword('aaaaaaaaaa', 'zhangsan', demo)).toEqual(['password must use at least 5 different characters']);
      expect(checkPassword('abababababab', 'zhangsan', demo)).toEqual(['password must use at least 5 different characters']);
      expect(checkPassword('abcdeabcde', 'zhangsan', demo)).toEqual([]);
    });
    it('refuses ten spaces', () => {
      expect(checkPassword('          ', 'zhangsan', demo)).toEqual(['password must not be only spaces']);
    });
    it('refuses the username plus 1, and any password containing the username', () => {
      expect(checkPassword('secadmin1', 'secadmin', demo)).toContain('password must not contain the account name');
      expect(checkPassword('Zhangsan-1-Xyzzy', 'zhangsan', demo)).toContain('password must not contain the account name');
      expect(checkPassword('My-SECADMIN-pass', 'secadmin', demo)).toContain('password must not contain the account name');
      // A two-letter name is refused as the whole password only, not as a fragment.
      expect(checkPassword('Hills-and-Rivers', 'li', demo)).toEqual([]);
    });
    it('refuses text with NUL or any other control character', () => {
      expect(checkPassword('Good-Pass\u0000word', 'x', demo)).toEqual(['password must not contain control characters']);
      expect(checkPassword('Good-Pass\tword1', 'x', demo)).toEqual(['password must not contain control characters']);
      expect(checkPassword('Good-Pass\u009bword', 'x', demo)).toEqual(['password must not contain control characters']);
    });
    it('refuses Dudao-Demo-2026 in production, accepts it in demo mode', () => {
      expect(checkPassword('Dudao-Demo-2026', 'x', production)).toEqual(['password is the published demo password, refused in production']);
      expect(checkPassword('dudao-demo-2026', 'x', production)).toHaveLength(1);
      expect(checkPassword('Dudao-Demo-2026', 'x', demo)).toEqual([]);
    });
  });
});

describe('login throttling', () => {
  const policy = { windowMinutes: 15, addressMaxFailures: 20, pairMaxFailures: 5, accountMaxFailures: 10, accountDelaySeconds: 60 };
  const fail = (username: string, address: string, ms: number): LoginFailure => ({ username, address, at: at(ms).toISOString() });

  it('per account and address: 4 failures pass, the 5th closes the pair only', () => {
    const f = [0, 1, 2, 3].map((i) => fail('admin', '10.0.0.2', i * 1000));
    expect(decideLogin(f, 'admin', '10.0.0.2', at(5000), policy)).toEqual({ allowed: true });
    const five = [...f, fail('admin', '10.0.0.2', 4000)];
    expect(decideLogin(five, 'admin', '10.0.0.2', at(5000), policy)).toMatchObject({ allowed: false, reason: 'account_address' });
    expect(decideLogin(five, 'admin', '10.0.0.1', at(5000), policy)).toEqual({ allowed: true });
    expect(decideLogin(five, 'other', '10.0.0.2', at(5000), policy)).toEqual({ allowed: true });
  });

  it('pair window, both sides: closed 14:59 after the first failure, open 15:01 after', () => {
    const five = [0, 1, 2, 3, 4].map((i) => fail('admin', '10.0.0.2', i * 100));
    const closed = decideLogin(five, 'admin', '10.0.0.2', at(14 * MIN + 59_000), policy);
    expect(closed).toEqual({ allowed: false, reason: 'account_address', retryAfterSeconds: 1 });
    expect(decideLogin(five, 'admin', '10.0.0.2', at(15 * MIN + 1000), policy)).toEqual({ allowed: true });
  });

  it('per address: 20 failures over 20 names close the address for every name, with Retry-After', () => {
    const f = Array.from({ length: 20 }, (_, i) => fail(`name${i}`, '10.0.0.9', i * 1000));
    expect(decideLogin(f.slice(0, 19), 'fresh', '10.0.0.9', at(30_000), policy)).toEqual({ allowed: true });
    const d = decideLogin(f, 'fresh', '10.0.0.9', at(30_000), policy);
    expect(d).toEqual({ allowed: false, reason: 'address', retryAfterSeconds: 15 * 60 - 30 });
    expect(decideLogin(f, 'fresh', '10.0.0.8', at(30_000), policy)).toEqual({ allowed: true });
  });

  it('per account: slowed for addresses that failed on it, never for a fresh address', () => {
    // Ten failures from five addresses, the last at 50 s.
    const f = Array.from({ length: 10 }, (_, i) => fail('admin', `10.1.0.${i % 5}`, i * 5000 + 5000));
    expect(decideLogin(f, 'admin', '10.9.9.9', at(51_000), policy)).toEqual({ allowed: true });
    expect(decideLogin(f, 'admin', '10.1.0.1', at(51_000), policy)).toEqual({ allowed: false, reason: 'account', retryAfterSeconds: 59 });
    // Both sides of the delay after the account's latest failure.
    expect(decideLogin(f, 'admin', '10.1.0.1', at(50_000 + 59_000), policy)).toMatchObject({ allowed: false, reason: 'account' });
    expect(decideLogin(f, 'admin', '10.1.0.1', at(50_000 + 61_000), policy)).toEqual({ allowed: true });
    // Nine failures: not yet slowed.
    expect(decideLogin(f.slice(0, 9), 'admin', '10.1.0.1', at(46_000), policy)).toEqual({ allowed: true });
  });

  it('attack signals: address at its limit, an existing account at its pair or account limit', () => {
    const pair = [0, 1, 2, 3, 4].map((i) => fail('admin', '10.0.0.2', i));
    expect(attackSignals(pair.slice(0, 4), 'admin', '10.0.0.2', true, at(1000), policy)).toEqual([]);
    expect(attackSignals(pair, 'admin', '10.0.0.2', true, at(1000), policy)).toEqual([
      { key: 'account:admin', kind: 'account', failures: 5 },
    ]);
    expect(attackSignals(pair, 'ghost', '10.0.0.2', false, at(1000), policy)).toEqual([]);
    const spray = Array.from({ length: 20 }, (_, i) => fail(`n${i}`, '10.0.0.3', i));
    expect(attackSignals(spray, 'n0', '10.0.0.3', false, at(1000), policy)).toEqual([
      { key: 'address:10.0.0.3', kind: 'address', failures: 20 },
    ]);
  });

  it('counts IPv4-mapped addresses as IPv4 and IPv6 by /64', () => {
    expect(addressKey('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(addressKey('127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey(null)).toBe('unknown');
  });
});

describe('API token policy', () => {
  const policy = { defaultDays: 90, maxDays: 365 };
  const owner = ['authenticated', 'unit.read', 'unit.write', 'user.read', 'token.manage'] as const;
  it('defaults to 90 days and keeps the chosen scopes', () => {
    const r = checkTokenRequest({ scopes: ['unit.read'] }, [...owner], T0, policy);
    expect(r).toEqual({ problems: [], scopes: ['unit.read'], expiresAt: at(90 * 24 * 60 * MIN).toISOString() });
  });
  it('refuses more than the maximum, naming the field; 365 is fine', () => {
    expect(checkTokenRequest({ scopes: ['unit.read'], expiresInDays: 365 }, [...owner], T0, policy).problems).toEqual([]);
    expect(checkTokenRequest({ scopes: ['unit.read'], expiresInDays: 366 }, [...owner], T0, policy).problems).toEqual([
      { field: 'expiresInDays', message: 'must be at most 365 days' },
    ]);
    expect(checkTokenRequest({ scopes: ['unit.read'], expiresInDays: 0 }, [...owner], T0, policy).problems[0]?.field).toBe('expiresInDays');
  });
  it('refuses scopes the owner does not hold, token.manage, and none at all', () => {
    expect(checkTokenRequest({ scopes: ['audit.read'] }, [...owner], T0, policy).problems[0]?.field).toBe('scopes[0]');
    expect(checkTokenRequest({ scopes: ['unit.read', 'token.manage'] }, [...owner], T0, policy).problems[0]?.field).toBe('scopes[1]');
    expect(checkTokenRequest({ scopes: [] }, [...owner], T0, policy).problems[0]?.field).toBe('scopes');
  });
  it('expiry, both sides', () => {
    const t = { expiresAt: at(MIN).toISOString(), revokedAt: null };
    expect(tokenStatus(t, at(MIN - 1000))).toBe('active');
    expect(tokenStatus(t, at(MIN + 1000))).toBe('expired');
    expect(tokenStatus({ ...t, revokedAt: T0.toISOString() }, T0)).toBe('revoked');
  });
  it('scopes limit permissions; authenticated is implied', () => {
    expect(scopeAllows(['case.read'], 'case.read')).toBe(true);
    expect(scopeAllows(['case.read'], 'case.act')).toBe(false);
    expect(scopeAllows(['case.read'], 'authenticated')).toBe(true);
    expect(scopeAllows(undefined, 'case.act')).toBe(true);
  });
});

describe('session lifetime: 30 min idle, 12 h absolute', () => {
  const policy = { idleMinutes: 30, absoluteHours: 12 };
  const s = { createdAt: T0.toISOString(), lastSeenAt: T0.toISOString(), revokedAt: null };
  it('is valid 29 minutes after last use', () => {
    expect(sessionStatus(s, at(29 * MIN), policy)).toBe('valid');
  });
  it('has expired 31 minutes after last use', () => {
    expect(sessionStatus(s, at(31 * MIN), policy)).toBe('idle_expired');
  });
  it('ends after 12 h even when used constantly', () => {
    const busy = { ...s, lastSeenAt: at(12 * 60 * MIN - MIN).toISOString() };
    expect(sessionStatus(busy, at(11 * 60 * MIN + 59 * MIN), policy)).toBe('valid');
    expect(sessionStatus(busy, at(12 * 60 * MIN + MIN), policy)).toBe('absolute_expired');
  });
  it('is revoked once revoked', () => {
    expect(sessionStatus({ ...s, revokedAt: T0.toISOString() }, at(MIN), policy)).toBe('revoked');
  });
  it('touches at most once a minute', () => {
    expect(shouldTouch(T0.toISOString(), at(59_000))).toBe(false);
    expect(shouldTouch(T0.toISOString(), at(61_000))).toBe(true);
  });
});
