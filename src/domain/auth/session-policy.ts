/** Session lifetimes. */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** What a stored session looks like to the policy. */
export interface SessionTimes {
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
}

export type SessionStatus = 'valid' | 'revoked' | 'idle_expired' | 'absolute_expired';

/** Decides whether a session may still be used at `now`. */
export function sessionStatus(s: SessionTimes, now: Date, policy: SessionPolicy): SessionStatus {
  if (s.revokedAt) return 'revoked';
  const t = now.getTime();
  if (t - Date.parse(s.createdAt) >= policy.absoluteHours * 3_600_000) return 'absolute_expired';
  if (t - Date.parse(s.lastSeenAt) >= policy.idleMinutes * 60_000) return 'idle_expired';
  return 'valid';
}

/**
 * Whether to write a new last-seen time. Touching on every request would turn
 * each read into a write; a minute's resolution is plenty for a 30-minute timeout.
 */
export function shouldTouch(lastSeenAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(lastSeenAt) >= 60_000;
}
