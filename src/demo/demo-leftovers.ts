import type { Database } from '../db/database.js';
import { argon2Hasher } from '../services/accounts/crypto.js';
import { DEMO_CASE_ACCOUNTS } from './demo-cases.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-city.js';
import { DEMO_PROJECT_ACCOUNTS } from './demo-projects-data.js';

/** Every account name the demo city creates. */
export const DEMO_USERNAMES: readonly string[] = [...DEMO_ACCOUNTS, ...DEMO_CASE_ACCOUNTS, ...DEMO_PROJECT_ACCOUNTS].map((a) => a.username);

/**
 * Demo accounts still usable with the published demo password: active, unlocked,
 * and the password verifies. A database that once held the demo city must not serve
 * `sysadmin` / `Dudao-Demo-2026` in production. Only the demo's names are checked
 * (tens of hash checks, in parallel on argon2's threads), so a real directory of
 * thousands costs nothing.
 */
export async function demoAccountsWithDemoPassword(database: Database): Promise<string[]> {
  const rows = await database.db
    .selectFrom('users')
    .select(['username', 'password_hash'])
    .where('username', 'in', [...DEMO_USERNAMES])
    .where('is_active', '=', 1)
    .where('locked_at', 'is', null)
    .execute();
  const usable = await Promise.all(
    rows.map(async (r) => ((await argon2Hasher.verify(r.password_hash, DEMO_PASSWORD)) ? r.username : null)),
  );
  return usable.filter((u): u is string => u !== null).sort((a, b) => DEMO_USERNAMES.indexOf(a) - DEMO_USERNAMES.indexOf(b));
}

/** The refusal naming the accounts and the commands that fix it (lock each, or give it a new password). */
export function demoAccountsProblem(usernames: readonly string[]): string {
  return (
    `production mode refuses to start: ${usernames.length} demo account(s) still open with the published demo password ${DEMO_PASSWORD} ` +
    `(${usernames.join(', ')}). Lock them with \`for u in ${usernames.join(' ')}; do npx dudao user lock "$u"; done\` ` +
    `(or set a new password on the ones you keep with \`npx dudao user passwd <name>\`), or start from an empty database`
  );
}
