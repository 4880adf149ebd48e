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
 * refused (English, for the API's 422 message), empty when fine.
 * Rules: length; no control characters; not all whitespace and enough different
 * characters; does not contain the username (case-insensitive); not a common password
 * (also after removing trailing digits and symbols); not the demo password in production.
 */
export function checkPassword(password: string, username: string, rules: PasswordRules): string[] {
  const problems: string[] = [];
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) problems.push(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  if (CONTROL.test(password)) problems.push('password must not contain control characters');
  if (password.trim() === '') problems.push('password must not be only spaces');
  else if (new Set(chars).size < MIN_DISTINCT_CHARACTERS) {
    problems.push(`password must use at least ${MIN_DISTINCT_CHARACTERS} different characters`);
  }
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name && (lower === name || (name.length >= MIN_USERNAME_TO_SEARCH && lower.includes(name)))) {
    problems.push('password must not contain the account name');
  }
  const base = lower.replace(DECORATION, '');
  if (rules.isCommon(lower) || (base.length >= 4 && base !== lower && rules.isCommon(base))) {
    problems.push('password is too common');
  }
  if (rules.mode === 'production' && lower === rules.demoPassword.toLowerCase()) {
    problems.push('password is the published demo password, refused in production');
  }
  return problems;
}
