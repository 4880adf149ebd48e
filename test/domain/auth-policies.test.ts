import { describe, expect, it } from 'vitest';
import { checkPassword, MIN_PASSWORD_LENGTH } from '../../src/domain/auth/password-policy.js';
import { isLockedOut } from '../../src/domain/auth/lockout.js';
import { sessionStatus, shouldTouch } from '../../src/domain/auth/session-policy.js';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

describe('password policy', () => {
  it('accepts a long, unusual password', () => {
    expect(checkPassword('Zhoukou-2026-创建', 'zhangsan')).toEqual([]);
  });
  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters, counting Chinese characters as one each`, () => {
    expect(checkPassword('kqmzpwxrt', 'x')).toHaveLength(1);
    expect(checkPassword('kqmzpwxrtv', 'x')).toEqual([]);
    expect(checkPassword('周口市文明城市创建', 'x')).toHaveLength(1); // 9 characters
  });
  it('refuses the account name, ignoring case', () => {
    expect(checkPassword('Administrator1', 'administrator1')).toContain('password must not equal the account name');
  });
  it('refuses common passwords', () => {
    expect(checkPassword('1234567890', 'x')).toContain('password is too common');
    expect(checkPassword('Password123', 'x')).toContain('password is too common');
  });
});

describe('lockout: 5 failures in 15 minutes', () => {
  const policy = { maxFailures: 5, windowMinutes: 15 };
  const failures = [0, 1, 2, 3, 4].map((m) => at(m * MIN).toISOString());
  it('is not locked after 4 failures', () => {
    expect(isLockedOut(failures.slice(0, 4), at(4 * MIN), policy)).toBe(false);
  });
  it('is locked after the 5th failure', () => {
    expect(isLockedOut(failures, at(5 * MIN), policy)).toBe(true);
  });
  it('is still locked 1 s before the first failure leaves the window', () => {
    expect(isLockedOut(failures, at(15 * MIN - 1000), policy)).toBe(true);
  });
  it('unlocks once the first failure is older than the window', () => {
    expect(isLockedOut(failures, at(15 * MIN + 1000), policy)).toBe(false);
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
