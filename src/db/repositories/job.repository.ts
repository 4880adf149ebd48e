import type { Executor } from '../database.js';

/** Leases and run records of scheduled sweeps. */
export const jobRepository = {
  /**
   * Takes the named lease if it is free, expired, or already ours — and, when `startedBefore`
   * is given, only if no run (by any instance) started after it. One UPDATE decides, so two
   * instances racing for it cannot both win.
   */
  async tryAcquire(db: Executor, name: string, holder: string, now: string, expiresAt: string, startedBefore?: string): Promise<boolean> {
    await db
      .insertInto('job_leases')
      .values({ name, holder: null, expires_at: null, last_started_at: null, last_finished_at: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const r = await db
      .updateTable('job_leases')
      .set({ holder, expires_at: expiresAt, last_started_at: now })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('holder', 'is', null), eb('expires_at', '<', now), eb('holder', '=', holder)]))
      .$if(startedBefore !== undefined, (q) =>
        q.where((eb) => eb.or([eb('last_started_at', 'is', null), eb('last_started_at', '<=', startedBefore!)])),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** The named lease's row, or undefined before its first run. */
  async lease(db: Executor, name: string) {
    return db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirst();
  },

  async release(db: Executor, name: string, holder: string, now: string): Promise<void> {
    await db
      .updateTable('job_leases')
      .set({ holder: null, expires_at: null, last_finished_at: now })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute();
  },

  /**
   * Records the start of a run: its `job_runs` row, and the lease's `last_started_at` moved to
   * the same moment (taken after the lease was won), which the next scheduled run is spaced from.
   */
  async startRun(db: Executor, name: string, holder: string, now: string): Promise<number> {
    await db.updateTable('job_leases').set({ last_started_at: now }).where('name', '=', name).where('holder', '=', holder).execute();
    const r = await db
      .insertInto('job_runs')
      .values({ name, holder, started_at: now, finished_at: null, status: 'running', detail: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  },

  async finishRun(db: Executor, id: number, now: string, status: 'done' | 'failed', detail: string): Promise<void> {
    await db.updateTable('job_runs').set({ finished_at: now, status, detail }).where('id', '=', id).execute();
  },

  async runs(db: Executor, name: string, limit = 20) {
    return db.selectFrom('job_runs').selectAll().where('name', '=', name).orderBy('id', 'desc').limit(limit).execute();
  },
};
