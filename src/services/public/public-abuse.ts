import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import { publicRepository } from '../../db/repositories/public.repository.js';
import { publicCaseRepository } from '../../db/repositories/public-case.repository.js';
import { formatChallenge, leadingZeroBits, parseChallenge, validNonce, type ChallengeClaims } from '../../domain/public/pow.js';
import type { PublicSettings } from '../../domain/public/public-settings.js';
import type { PowChallenge } from '../../shared/contracts/public.contract.js';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';

/** How long a challenge may be solved and used. */
export const CHALLENGE_TTL_MS = 10 * 60_000;
/** Rate-limit window: fixed hours. */
const WINDOW_MS = 3_600_000;
/** Old windows and spent proofs are pruned at most this often per instance. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** A 4xx of the public side: a Chinese message the page shows, the field it concerns. */
export function publicError(status: number, code: string, message: string, field?: string, details: Record<string, unknown> = {}) {
  return new AppError(status, code, message, { ...(field ? { field } : {}), ...details });
}

/** Who sent a public write, as hashes only: the address and the device id never reach storage in clear. */
export interface Sender {
  ipHash: string;
  deviceHash: string;
}

/**
 * The public side's defences that need no third party (issue 15 point 5): a proof of
 * work per write and per-IP / per-device hourly limits.
 *
 * Challenges are stateless: HMAC-signed with a key derived from the session secret, which
 * every instance of one deployment shares (sessions made on one are honoured by the others),
 * so any instance accepts what another issued. A solved challenge is written to `pow_spent`
 * in the same transaction as the write it paid for, so it cannot pay for two.
 */
export class PublicAbuseGuard {
  private readonly key: Buffer;
  private lastPruneAt = 0;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    secret: string,
  ) {
    this.key = createHmac('sha256', secret).update('dudao/public-intake/v1').digest();
  }

  /** A keyed hash (hex) of an address or device id: stable for counting, useless to read back. */
  hash(kind: 'ip' | 'device', value: string): string {
    return createHmac('sha256', this.key).update(`${kind}:${value}`).digest('hex');
  }

  /** The hashes of a sender; a missing device id counts as the address's own device. */
  sender(ip: string | null, deviceId: string | undefined): Sender {
    const ipHash = this.hash('ip', ip ?? 'unknown');
    const device = deviceId?.trim();
    return { ipHash, deviceHash: device && device.length <= 100 ? this.hash('device', device) : `ip-${ipHash.slice(0, 60)}` };
  }

  /** A new challenge for the next write. */
  issue(bits: number): PowChallenge {
    const expiresAtMs = this.clock.now().getTime() + CHALLENGE_TTL_MS;
    const claims: ChallengeClaims = { expiresAtMs, bits, salt: randomBytes(12).toString('base64url') };
    return { challenge: formatChallenge(claims, this.mac(claims)), bits, expiresAt: new Date(expiresAtMs).toISOString() };
  }

  private mac(c: ChallengeClaims): string {
    return createHmac('sha256', this.key).update(formatChallenge(c, '')).digest('base64url');
  }

  /**
   * Checks a solved challenge: signed by us, not expired, enough zero bits, not spent yet.
   * Returns the challenge's expiry for {@link spend}. 400/403/409 with a Chinese message.
   */
  async check(challenge: string | undefined, nonce: string | undefined): Promise<{ challenge: string; expiresAt: string }> {
    if (!challenge) throw publicError(400, 'pow_required', '缺少验证信息，请刷新页面后重试', 'challenge');
    if (!nonce || !validNonce(nonce)) throw publicError(400, 'pow_required', '缺少验证结果，请刷新页面后重试', 'nonce');
    const parsed = parseChallenge(challenge);
    const expected = parsed ? Buffer.from(this.mac(parsed.claims)) : null;
    if (!parsed || !expected || expected.length !== parsed.mac.length || !timingSafeEqual(expected, Buffer.from(parsed.mac)))
      throw publicError(403, 'pow_invalid', '验证信息无效，请刷新页面后重试', 'challenge');
    if (parsed.claims.expiresAtMs <= this.clock.now().getTime())
      throw publicError(403, 'pow_expired', '验证已过期，请重新提交', 'challenge');
    const digest = createHash('sha256').update(`${challenge}:${nonce}`, 'utf8').digest();
    if (leadingZeroBits(digest) < parsed.claims.bits) throw publicError(403, 'pow_invalid', '验证未通过，请重新提交', 'nonce');
    if (await publicCaseRepository.powSpent(this.database.db, challenge))
      throw publicError(409, 'pow_replayed', '该验证已使用过，请重新提交', 'challenge');
    return { challenge, expiresAt: new Date(parsed.claims.expiresAtMs).toISOString() };
  }

  /** Marks a checked challenge used, in the write's transaction; a concurrent second use fails here. */
  async spend(trx: Executor, proof: { challenge: string; expiresAt: string }): Promise<void> {
    if (!(await publicCaseRepository.spendPow(trx, proof.challenge, proof.expiresAt)))
      throw publicError(409, 'pow_replayed', '该验证已使用过，请重新提交', 'challenge');
  }

  /**
   * Counts one write for the sender's address and device (fixed hourly windows shared by
   * every instance); 429 `rate_limited` with `retryAfterS` (to the window's end) past a limit.
   */
  async limit(sender: Sender, settings: PublicSettings): Promise<void> {
    const now = this.clock.now().getTime();
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    await this.maybePrune(now, windowStart);
    const retryAfterS = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
    const db = this.database.db;
    const ipHits = await publicRepository.hit(db, `pub:ip:${sender.ipHash}`, windowStart);
    const deviceHits = await publicRepository.hit(db, `pub:dev:${sender.deviceHash}`, windowStart);
    const minutes = Math.ceil(retryAfterS / 60);
    if (ipHits > settings.perIpPerHour)
      throw publicError(
        429,
        'rate_limited',
        `提交过于频繁（本网络每小时最多 ${settings.perIpPerHour} 次），请约 ${minutes} 分钟后再试`,
        undefined,
        {
          retryAfterS,
          limit: 'ip',
        },
      );
    if (deviceHits > settings.perDevicePerHour)
      throw publicError(
        429,
        'rate_limited',
        `提交过于频繁（每台设备每小时最多 ${settings.perDevicePerHour} 次），请约 ${minutes} 分钟后再试`,
        undefined,
        {
          retryAfterS,
          limit: 'device',
        },
      );
  }

  /** Drops finished windows and expired proofs, at most every {@link PRUNE_EVERY_MS} per instance. */
  private async maybePrune(now: number, windowStart: number): Promise<void> {
    if (now - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now;
    // An hour of slack: other callers (Open311 keys) may count in windows of their own.
    await publicRepository.pruneHits(this.database.db, windowStart - WINDOW_MS);
    await publicCaseRepository.pruneSpent(this.database.db, new Date(now).toISOString());
  }
}
