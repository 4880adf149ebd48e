import type { Bilingual } from '../../shared/export-lang.js';

/** Minimum password length, in characters (a Chinese character counts as one). */
export const MIN_PASSWORD_LENGTH = 10;
/** Maximum length, in UTF-16 units (the login body accepts 256). */
export const MAX_PASSWORD_LENGTH = 256;
/** Fewest different characters: `aaaaaaaaaa` and `abababababab` are not passwords. */
export const MIN_DISTINCT_CHARACTERS = 5;
/** Usernames shorter than this are only refused as the whole password, not inside it. */
const MIN_USERNAME_TO_SEARCH = 3;

/**
 * What the policy needs from outside: the mode (the published demo password is refused
 * in production) and a lookup in the shipped list of common passwords, which the
 * service layer reads from resources/passwords/ (the domain does no IO).
 */
export interface PasswordRules {
  mode: 'demo' | 'production';
  /** The demo accounts' published password; refused when `mode` is production. */
  demoPassword: string;
  /** True when the lower-cased text is in the common-password list. */
  isCommon(lowercased: string): boolean;
}

// Control characters (C0, DEL, C1): NUL and friends break terminals, logs and some
// hashing front-ends, and nobody types them on purpose.
const CONTROL = /\p{Cc}/u;
// A trailing run of digits and punctuation, the usual way a common word is "strengthened".
const DECORATION = /[\d\p{P}\p{S}\s]+$/u;

/**
 * Checks a proposed password for the account `username`. Returns the reasons it is
 * refused in both UI languages, empty when fine.
 * Rules: length; no control characters; not all whitespace and enough different
 * characters; does not contain the username (case-insensitive); not a common password
 * (also after removing trailing digits and symbols); not the demo password in production.
 */
export function passwordProblems(password: string, username: string, rules: PasswordRules): Bilingual[] {
  const problems: Bilingual[] = [];
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) {
    problems.push({ zh: `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`, en: `password must be at least ${MIN_PASSWORD_LENGTH} characters` });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push({ zh: `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`, en: `password must be at most ${MAX_PASSWORD_LENGTH} characters` });
  }
  if (CONTROL.test(password)) problems.push({ zh: '密码不能含控制字符', en: 'password must not contain control characters' });
  if (password.trim() === '') problems.push({ zh: '密码不能全是空格', en: 'password must not be only spaces' });
  else if (new Set(chars).size < MIN_DISTINCT_CHARACTERS) {
    problems.push({
      zh: `密码至少要用 ${MIN_DISTINCT_CHARACTERS} 个不同的字符`,
      en: `password must use at least ${MIN_DISTINCT_CHARACTERS} different characters`,
    });
  }
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name && (lower === name || (name.length >= MIN_USERNAME_TO_SEARCH && lower.includes(name)))) {
    problems.push({ zh: '密码不能包含账号名', en: 'password must not contain the account name' });
  }
  const base = lower.replace(DECORATION, '');
  if (rules.isCommon(lower) || (base.length >= 4 && base !== lower && rules.isCommon(base))) {
    problems.push({ zh: '密码过于常见', en: 'password is too common' });
  }
  if (rules.mode === 'production' && lower === rules.demoPassword.toLowerCase()) {
    problems.push({ zh: '这是公开的演示密码，生产环境不能使用', en: 'password is the published demo password, refused in production' });
  }
  return problems;
}

/** {@link passwordProblems} in English (the API's 422 message, the CLI). */
export function checkPassword(password: string, username: string, rules: PasswordRules): string[] {
  return passwordProblems(password, username, rules).map((p) => p.en);
}

/** Several problems of one field as one text in each language. */
export function joinProblems(problems: readonly Bilingual[]): Bilingual {
  return { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') };
}
