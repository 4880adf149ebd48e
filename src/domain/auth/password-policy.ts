/**
 * Passwords everyone tries first. Kept small on purpose: the rule is a floor,
 * not a dictionary attack defence (lockout and argon2id do that job).
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '12345678910', '0123456789', '1111111111', '0000000000', '1234512345',
  'qwertyuiop', 'password123', 'password1234', 'passw0rd123', 'iloveyou123', 'abc1234567',
  'abcdefghij', 'a123456789', 'qwerty1234', '1q2w3e4r5t', 'admin12345', 'administrator',
  'woaini1314', 'woaini520', 'aa12345678', 'zxcvbnm123', 'asdfghjkl1', '5201314520',
  '1234qwer!@#$', 'p@ssw0rd123', 'welcome123', 'letmein123', 'changeme123', 'dudao123456',
  'qazwsxedc123', '123456789a', 'a1234567890', 'qq123456789',
]);

/** Minimum password length. */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Checks a proposed password. Returns the reasons it is refused, empty when fine.
 * Comparison with the account name and the common list ignores case.
 */
export function checkPassword(password: string, username: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    problems.push(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.toLowerCase() === username.toLowerCase()) {
    problems.push('password must not equal the account name');
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    problems.push('password is too common');
  }
  if (password.length > 256) problems.push('password must be at most 256 characters');
  return problems;
}
