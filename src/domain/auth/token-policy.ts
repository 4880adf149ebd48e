import type { Permission } from '../../shared/enums.js';
import { NON_SCOPABLE_PERMISSIONS } from '../../shared/token-scopes.js';

/** API token lifetimes, days. */
export interface TokenPolicy {
  defaultDays: number;
  maxDays: number;
}

/** A field-named problem with a token request (the service turns it into a 422). */
export interface TokenProblem {
  field: string;
  message: string;
}

/** The permissions an owner may put on a token: what they hold, minus the non-scopable ones. */
export function scopableOf(ownerPermissions: readonly Permission[]): Permission[] {
  return ownerPermissions.filter((p) => !NON_SCOPABLE_PERMISSIONS.includes(p));
}

/**
 * Checks a token request against the owner's permissions and the lifetime limits.
 * Returns the problems (empty when fine) and, when fine, the expiry time.
 * Scopes must be non-empty, distinct and held by the owner; `token.manage` is never
 * scopable, so a leaked token cannot mint successors that outlive it.
 */
export function checkTokenRequest(
  req: { scopes: readonly string[]; expiresInDays?: number },
  ownerPermissions: readonly Permission[],
  now: Date,
  policy: TokenPolicy,
): { problems: TokenProblem[]; expiresAt: string | null; scopes: Permission[] } {
  const problems: TokenProblem[] = [];
  const allowed = scopableOf(ownerPermissions);
  if (req.scopes.length === 0) problems.push({ field: 'scopes', message: 'choose at least one permission' });
  const seen = new Set<string>();
  req.scopes.forEach((s, i) => {
    if (seen.has(s)) problems.push({ field: `scopes[${i}]`, message: `duplicate scope ${s}` });
    else if (!(allowed as string[]).includes(s)) {
      problems.push({
        field: `scopes[${i}]`,
        message: `${s} cannot be given to a token: you may choose from ${allowed.join(', ') || '(nothing)'}`,
      });
    }
    seen.add(s);
  });
  const days = req.expiresInDays ?? policy.defaultDays;
  if (!Number.isInteger(days) || days < 1) problems.push({ field: 'expiresInDays', message: 'must be a whole number of days, at least 1' });
  else if (days > policy.maxDays) problems.push({ field: 'expiresInDays', message: `must be at most ${policy.maxDays} days` });
  const expiresAt = problems.length ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
  return { problems, expiresAt, scopes: problems.length ? [] : ([...seen] as Permission[]) };
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** A token is usable until its expiry (exclusive) unless revoked; no expiry recorded = expired. */
export function tokenStatus(t: { expiresAt: string | null; revokedAt: string | null }, now: Date): TokenStatus {
  if (t.revokedAt) return 'revoked';
  if (!t.expiresAt || now.getTime() >= Date.parse(t.expiresAt)) return 'expired';
  return 'active';
}

/**
 * Whether a request authenticated by a token with `scopes` may use `permission`.
 * `authenticated` is implied (a token always identifies its owner); everything else must
 * be among the scopes. The owner's own permissions are checked separately, so the
 * effect is scopes ∩ what the owner holds now.
 */
export function scopeAllows(scopes: readonly Permission[] | undefined, permission: Permission): boolean {
  if (!scopes) return true;
  return permission === 'public' || permission === 'authenticated' || scopes.includes(permission);
}
