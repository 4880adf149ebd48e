import type { Database } from '../db/database.js';
import { outboxRepository, type OutboxRow } from '../db/repositories/notification.repository.js';
import type { Sweep } from '../jobs/sweep-runner.js';
import type { Clock } from '../core/clock.js';
import type { Channel, ChannelName } from './channels.js';

/** Tuning of the outbox sweep; every field has a default. */
export interface OutboxSweepOptions {
  /** Rows taken per run, oldest due first. */
  batchSize?: number;
  /** Attempts before a row is marked 'failed' for good. */
  maxAttempts?: number;
  /** Delay after the first failure; doubles with each further one. */
  baseDelayMs?: number;
  /** Longest delay between attempts (before jitter). */
  maxDelayMs?: number;
  /** Jitter is up to this fraction of the delay, so rows that failed together spread out. */
  jitterRatio?: number;
  /** How long a claimed row stays invisible to other instances while it is being sent. */
  claimMs?: number;
  /** Source of jitter in [0, 1); tests pass a constant. */
  random?: () => number;
  intervalMs?: number;
}

/** The defaults of {@link OutboxSweepOptions}: 20 rows a run, 8 attempts, 30 s doubling to at most 1 h, every 15 s. */
export const OUTBOX_DEFAULTS = {
  batchSize: 20,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  jitterRatio: 0.1,
  // Far longer than a send can take (every network call times out after 10 s).
  claimMs: 5 * 60_000,
  intervalMs: 15_000,
} as const;

/**
 * Delay before the next attempt after `attempts` failed ones (1 = the first failed):
 * base · 2^(attempts−1), capped, plus jitter of up to `jitterRatio` of it.
 */
export function backoffMs(
  attempts: number,
  opts: { baseDelayMs: number; maxDelayMs: number; jitterRatio: number },
  random: () => number,
): number {
  const exp = Math.min(opts.baseDelayMs * 2 ** Math.max(0, attempts - 1), opts.maxDelayMs);
  return Math.round(exp + exp * opts.jitterRatio * random());
}

/** The outcome of one row; what the sweep counts. */
type Outcome = 'sent' | 'retry' | 'failed' | 'lost';

/**
 * Delivers due outbox rows through their channels: sent rows are marked 'sent';
 * a failure is recorded and retried with exponential backoff until `maxAttempts`,
 * then the row is 'failed'. Each row is claimed with a compare-and-set before it
 * is sent, so even two instances running at once (an expired lease) never send
 * the same row at the same time; a crash mid-send makes the row due again after
 * the claim expires (at-least-once delivery).
 */
export function outboxSweep(
  database: Database,
  clock: Clock,
  channels: Partial<Record<ChannelName, Channel>>,
  options: OutboxSweepOptions = {},
): Sweep {
  const o = { ...OUTBOX_DEFAULTS, ...options };
  const random = options.random ?? Math.random;

  async function deliver(row: OutboxRow): Promise<Outcome> {
    const db = database.db;
    const claimedUntil = new Date(clock.now().getTime() + o.claimMs).toISOString();
    if (!(await outboxRepository.claim(db, row.id, row.next_attempt_at, claimedUntil))) return 'lost';
    let error: string | null = null;
    try {
      const channel = channels[row.channel as ChannelName];
      if (!channel) throw new Error(`channel ${row.channel} is not configured`);
      await channel.send(row.target, JSON.parse(row.payload) as unknown);
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 1000) || 'failed';
    }
    // Times come from the clock after the send: the backoff counts from the failure.
    const at = clock.now();
    const attempts = row.attempts + 1;
    // A settle that matches nothing means our claim ran out and another instance owns the row now.
    if (error === null) {
      const ok = await outboxRepository.settle(db, row.id, claimedUntil, {
        status: 'sent',
        attempts,
        nextAttemptAt: at.toISOString(),
        lastError: row.last_error,
        sentAt: at.toISOString(),
      });
      return ok ? 'sent' : 'lost';
    }
    const giveUp = attempts >= o.maxAttempts;
    const next = giveUp ? at : new Date(at.getTime() + backoffMs(attempts, o, random));
    const ok = await outboxRepository.settle(db, row.id, claimedUntil, {
      status: giveUp ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: next.toISOString(),
      lastError: error,
      sentAt: null,
    });
    if (!ok) return 'lost';
    return giveUp ? 'failed' : 'retry';
  }

  return {
    name: 'outbox',
    intervalMs: o.intervalMs,
    // Room for a batch of slow peers one after the other; if a run still overruns, the row claims keep it safe.
    leaseMs: Math.max(o.claimMs, o.batchSize * 10_000 * 2),
    async run(now) {
      const counts: Record<Outcome, number> = { sent: 0, retry: 0, failed: 0, lost: 0 };
      const rows = await outboxRepository.due(database.db, now.toISOString(), o.batchSize);
      // One at a time: peers are rate-limited robots and one mail server, and the order is the order of the notices.
      for (const row of rows) counts[await deliver(row)] += 1;
      return { due: rows.length, ...counts };
    },
  };
}
