import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD } from '../../demo/demo-city.js';
import type { PasswordRules } from '../../domain/auth/password-policy.js';

const LISTS = ['common-passwords.txt', 'local-additions.txt'];
let common: ReadonlySet<string> | null = null;

/** The shipped common-password lists (resources/passwords/, see its README), read once. */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const set = new Set<string>();
    for (const name of LISTS) {
      const text = readFileSync(new URL(`../../../resources/passwords/${name}`, import.meta.url), 'utf8');
      for (const line of text.split('\n')) {
        const p = line.trim().toLowerCase();
        if (p && !p.startsWith('#')) set.add(p);
      }
    }
    common = set;
  }
  return common;
}

/** The password policy's inputs for a deployment in `mode` (from config `DUDAO_MODE`). */
export function passwordRules(mode: 'demo' | 'production'): PasswordRules {
  const list = commonPasswords();
  return { mode, demoPassword: DEMO_PASSWORD, isCommon: (p) => list.has(p) };
}
