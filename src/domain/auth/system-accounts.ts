import type { Bilingual } from '../../shared/export-lang.js';

/**
 * The stored "password hash" of a system account: the public intake's and each API key's
 * account, in whose name citizens' and integrators' reports are recorded (cases and the audit
 * log need a user). No verifier accepts it, so nobody can log in as one.
 */
export const SYSTEM_ACCOUNT_MARK = '!system';

/** True for a system account (see {@link SYSTEM_ACCOUNT_MARK}). */
export function isSystemAccount(row: { password_hash: string }): boolean {
  return row.password_hash === SYSTEM_ACCOUNT_MARK;
}

/**
 * Why an administrator may not change a system account: a password, a role or an activation
 * would turn the name citizens' reports are recorded under into an account someone can use.
 */
export const SYSTEM_ACCOUNT_REFUSAL: Bilingual = {
  zh: '这是系统账号（市民上报或接口密钥使用），不能登录，也不能修改、授权、重置密码或锁定',
  en: 'this is a system account (citizen reports or an API key): it cannot log in and is not edited, granted roles, given a password or locked',
};
