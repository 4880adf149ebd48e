import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../db/database.js';
import { jobRepository } from '../db/repositories/job.repository.js';
import type { Clock } from '../core/clock.js';

/** A scheduled sweep: idempotent work that any one instance may run. */
export interface Sweep {
  name: string;
  intervalMs: number;
  /** Lease length; longer than the sweep can take. */
  leaseMs: number;
  run(now: Date): Promise<Record<string, unknown>>;
}

export type SweepOutcome =
  { ran: false; reason: 'lease_held' | 'ran_recently' } | { ran: true; status: 'done' | 'failed'; detail: Record<string, unknown> };

/**
 * A timer's run is skipped when any instance started the sweep less than this share of its
 * interval ago. Every instance's timer fires once per interval; without the check N instances
 * would run each sweep N times per interval (the lease alone only keeps runs from overlapping).
 * Not the whole interval: timers of one instance drift by milliseconds and clocks of several
 * hosts by more, and a run skipped for that would wait a whole further interval.
 */
export const SCHEDULED_GAP = 0.9;

/**
 * Runs sweeps under database leases so several instances can share them, and
 * records every run. Timers only trigger; correctness lives in the lease and in
 * the sweep being safe to run twice.
 */
export class SweepRunner {
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();
  /** Sweeps this runner is running now: the lease is ours then, and taking it again would run the sweep twice at once. */
  private active = new Set<string>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly sweeps: Sweep[],
  ) {}

  /**
   * Runs one sweep now if its lease is free. `scheduled` (the timers): only if no instance
   * started it within the last {@link SCHEDULED_GAP} of its interval, so the sweep runs once
   * per interval however many instances share the database.
   */
  async runOnce(sweep: Sweep, opts: { scheduled?: boolean } = {}): Promise<SweepOutcome> {
    // A timer that fires while this instance's previous run is still going (a run longer than its
    // interval) must not start a second one: tryAcquire accepts our own holder, and the first run's
    // release would then free the lease under the second.
    if (this.active.has(sweep.name)) return { ran: false, reason: 'lease_held' };
    this.active.add(sweep.name);
    try {
      return await this.acquireAndRun(sweep, opts);
    } finally {
      this.active.delete(sweep.name);
    }
  }

  private async acquireAndRun(sweep: Sweep, opts: { scheduled?: boolean }): Promise<SweepOutcome> {
    const db = this.database.db;
    const now = this.clock.now();
    const startedBefore = opts.scheduled ? new Date(now.getTime() - sweep.intervalMs * SCHEDULED_GAP).toISOString() : undefined;
    const acquired = await jobRepository.tryAcquire(
      db,
      sweep.name,
      this.holder,
      now.toISOString(),
      new Date(now.getTime() + sweep.leaseMs).toISOString(),
      startedBefore,
    );
    if (!acquired) {
      if (startedBefore === undefined) return { ran: false, reason: 'lease_held' };
      // Tell the two apart for the caller: held now, or simply run recently by someone.
      const lease = await jobRepository.lease(db, sweep.name);
      const held = lease?.holder != null && lease.expires_at != null && lease.expires_at >= now.toISOString();
      return { ran: false, reason: held ? 'lease_held' : 'ran_recently' };
    }
    // The run's start is read after the lease was taken: `now` is from before the UPDATE, which may
    // have waited (for a connection, under load) past the previous holder's release; the record and
    // the spacing of the next scheduled run count from the real start.
    const runId = await jobRepository.startRun(db, sweep.name, this.holder, this.clock.now().toISOString());
    try {
      const detail = await sweep.run(now);
      await jobRepository.finishRun(db, runId, this.clock.now().toISOString(), 'done', JSON.stringify(detail));
      return { ran: true, status: 'done', detail };
    } catch (e) {
      const detail = { error: (e as Error).message };
      await jobRepository.finishRun(db, runId, this.clock.now().toISOString(), 'failed', JSON.stringify(detail));
      return { ran: true, status: 'failed', detail };
    } finally {
      await jobRepository.release(db, sweep.name, this.holder, this.clock.now().toISOString());
    }
  }

  /** Starts the timers. */
  start(onError: (e: unknown) => void): void {
    for (const s of this.sweeps) {
      const tick = () => {
        const p = this.runOnce(s, { scheduled: true }).catch(onError);
        this.running.add(p);
        void p.finally(() => this.running.delete(p));
      };
      const t = setInterval(tick, s.intervalMs);
      t.unref();
      this.timers.push(t);
    }
  }

  /** Stops the timers and waits for sweeps in progress. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.allSettled([...this.running]);
  }
}
