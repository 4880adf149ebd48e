/** How many failed logins within a window lock an account name out. */
export interface LockoutPolicy {
  maxFailures: number;
  windowMinutes: number;
}

/**
 * True when the failures inside the window reach the limit. `failureTimes` are
 * ISO timestamps of failed attempts since the last success, newest last.
 * The lock lifts by itself once enough of them leave the window.
 */
export function isLockedOut(failureTimes: readonly string[], now: Date, policy: LockoutPolicy): boolean {
  const since = now.getTime() - policy.windowMinutes * 60_000;
  const recent = failureTimes.filter((t) => Date.parse(t) > since).length;
  return recent >= policy.maxFailures;
}

/** Start of the window to read failures from. */
export function lockoutWindowStart(now: Date, policy: LockoutPolicy): Date {
  return new Date(now.getTime() - policy.windowMinutes * 60_000);
}
