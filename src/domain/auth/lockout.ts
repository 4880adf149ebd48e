/**
 * Login throttling that cannot be used to lock an owner out.
 *
 * The old rule — five failures on a name lock it for everyone — let anybody lock any
 * account, an administrator's included. Failures are now limited where they come from:
 *
 * 1. **Per address** (any names): `addressMaxFailures` failures within the window and that
 *    address gets 429 for every name until enough of them age out. Stops spraying many
 *    names from one place.
 * 2. **Per account and address**: `pairMaxFailures` failures for one name from one address
 *    and that pair gets 429. Stops guessing one password from one place.
 * 3. **Per account, slowed, never locked**: once an account has `accountMaxFailures`
 *    failures within the window (from all addresses together — a distributed guess), it is
 *    "under attack". Addresses that have already failed on it during the window then share
 *    one attempt per `accountDelaySeconds` (counted from the account's latest failure).
 *    An address with no recent failure on the account — the owner at their desk or on
 *    their phone — is not slowed at all, so the owner still gets in with the right
 *    password while an attacker hammers the account from elsewhere. The price: a
 *    distributed attacker gets one free guess per fresh address (bounded by rule 1 per
 *    address), and the security administrator is told.
 *
 * Everything is a pure function of the failures recorded in the database within the
 * window, so the limits survive restarts and hold across several server instances.
 */
export interface LoginThrottlePolicy {
  windowMinutes: number;
  addressMaxFailures: number;
  pairMaxFailures: number;
  accountMaxFailures: number;
  accountDelaySeconds: number;
}

/** One failed attempt within the window. */
export interface LoginFailure {
  username: string;
  /** The address key (see `addressKey`). */
  address: string;
  at: string;
}

/** Which rule refused an attempt. */
export type ThrottleReason = 'address' | 'account_address' | 'account';

export type LoginDecision = { allowed: true } | { allowed: false; reason: ThrottleReason; retryAfterSeconds: number };

/** Start of the window to read failures from. */
export function throttleWindowStart(now: Date, policy: LoginThrottlePolicy): Date {
  return new Date(now.getTime() - policy.windowMinutes * 60_000);
}

/**
 * The key an address is counted under: IPv4 as is (also when IPv4-mapped), IPv6 by its
 * /64 prefix, because one subscriber usually holds a whole /64 and could otherwise use a
 * fresh address for every guess. Unknown → "unknown".
 */
export function addressKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const v = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(v);
  if (mapped) return mapped[1]!;
  if (!v.includes(':')) return v.slice(0, 64);
  const [head = '', tail = ''] = v.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = v.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+/, '') || '0')
    .join(':')}::/64`;
}

/** Seconds until the `max`-th newest of `times` leaves the window, i.e. until one more is allowed. */
function secondsUntilBelow(times: number[], max: number, now: number, windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  const oldestThatMustLeave = sorted[sorted.length - max]!;
  return Math.max(1, Math.ceil((oldestThatMustLeave + windowMs - now) / 1000));
}

/**
 * Decides whether a login attempt for `username` from `address` may check the password.
 * `failures` are the failed attempts inside the window for this name or from this address
 * (others are ignored). When several rules refuse, Retry-After is the longest wait.
 */
export function decideLogin(
  failures: readonly LoginFailure[],
  username: string,
  address: string,
  now: Date,
  policy: LoginThrottlePolicy,
): LoginDecision {
  const t = now.getTime();
  const windowMs = policy.windowMinutes * 60_000;
  const recent = failures.filter((f) => Date.parse(f.at) > t - windowMs);
  const fromAddress = recent.filter((f) => f.address === address).map((f) => Date.parse(f.at));
  const pair = recent.filter((f) => f.address === address && f.username === username).map((f) => Date.parse(f.at));
  const account = recent.filter((f) => f.username === username).map((f) => Date.parse(f.at));

  const refusals: { reason: ThrottleReason; seconds: number }[] = [];
  if (fromAddress.length >= policy.addressMaxFailures) {
    refusals.push({ reason: 'address', seconds: secondsUntilBelow(fromAddress, policy.addressMaxFailures, t, windowMs) });
  }
  if (pair.length >= policy.pairMaxFailures) {
    refusals.push({ reason: 'account_address', seconds: secondsUntilBelow(pair, policy.pairMaxFailures, t, windowMs) });
  }
  if (account.length >= policy.accountMaxFailures && pair.length > 0) {
    const next = Math.max(...account) + policy.accountDelaySeconds * 1000;
    if (t < next) refusals.push({ reason: 'account', seconds: Math.max(1, Math.ceil((next - t) / 1000)) });
  }
  if (refusals.length === 0) return { allowed: true };
  const worst = refusals.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { allowed: false, reason: refusals[0]!.reason, retryAfterSeconds: worst.seconds };
}

/** An attack worth telling the security administrator about, keyed for rate limiting. */
export interface AttackSignal {
  /** `address:<key>` or `account:<name>`: one notice per key per window. */
  key: string;
  kind: 'address' | 'account';
  failures: number;
}

/**
 * What the failures show after an attempt (`failures` includes it when it failed):
 * an address at its limit, or an account at its pair limit from some address or at the
 * account-wide threshold. Only existing accounts are reported per account, so spraying
 * made-up names does not flood the administrator (the address signal covers that).
 */
export function attackSignals(
  failures: readonly LoginFailure[],
  username: string,
  address: string,
  accountExists: boolean,
  now: Date,
  policy: LoginThrottlePolicy,
): AttackSignal[] {
  const since = now.getTime() - policy.windowMinutes * 60_000;
  const recent = failures.filter((f) => Date.parse(f.at) > since);
  const fromAddress = recent.filter((f) => f.address === address).length;
  const pair = recent.filter((f) => f.address === address && f.username === username).length;
  const account = recent.filter((f) => f.username === username).length;
  const out: AttackSignal[] = [];
  if (fromAddress >= policy.addressMaxFailures) out.push({ key: `address:${address}`, kind: 'address', failures: fromAddress });
  if (accountExists && (pair >= policy.pairMaxFailures || account >= policy.accountMaxFailures)) {
    out.push({ key: `account:${username}`, kind: 'account', failures: account });
  }
  return out;
}
