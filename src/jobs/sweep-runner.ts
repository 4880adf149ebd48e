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

export type SweepOutcome = { ran: false; reason: 'lease_held' } | { ran: true; status: 'done' | 'failed'; detail: Record<string, unknown> };

/**
 * Runs sweeps under database leases so several instances can share them, and
 * records every run. Timers only trigger; correctness lives in the lease and in
 * the sweep being safe to run twice.
 */
export class SweepRunner {
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly sweeps: Sweep[],
  ) {}

  /** Runs one sweep now if its lease is free. */
  async runOnce(sweep: Sweep): Promise<SweepOutcome> {
    const db = this.database.db;
    const now = this.clock.now();
    const acquired = await jobRepository.tryAcquire(
      db,
      sweep.name,
      this.holder,
      now.toISOString(),
      new Date(now.getTime() + sweep.leaseMs).toISOString(),
    );
    if (!acquired) return { ran: false, reason: 'lease_held' };
    const runId = await jobRepository.startRun(db, sweep.name, this.holder, now.toISOString());
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
        const p = this.runOnce(s).catch(onError);
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
