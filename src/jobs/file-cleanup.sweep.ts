import type { FileService } from '../services/files/file.service.js';
import type { Sweep } from './sweep-runner.js';

/**
 * How old a leftover must be before the sweep removes it. A photo is stored before the
 * transaction that references it and the slowest such transaction (a report with its
 * photos under load) takes seconds, so an hour leaves a wide margin and still clears
 * a crash's leftovers the same day.
 */
export const FILE_SWEEP_GRACE_MS = 60 * 60_000;

/**
 * Removes temporary files and unreferenced objects that failed writes left in storage
 * (see FileService.sweepStorage), hourly, under the sweep lease; each run is recorded in
 * job_runs with what it removed. `dudao files sweep` runs the same sweep once.
 */
export function fileCleanupSweep(files: FileService, opts: { graceMs?: number; intervalMs?: number } = {}): Sweep {
  const graceMs = opts.graceMs ?? FILE_SWEEP_GRACE_MS;
  return {
    name: 'file-cleanup',
    intervalMs: opts.intervalMs ?? 60 * 60_000,
    // Walking a large folder on a slow disk can take minutes; the lease outlasts it.
    leaseMs: 30 * 60_000,
    async run(now) {
      return { ...(await files.sweepStorage(now, { graceMs })), graceMinutes: graceMs / 60_000 };
    },
  };
}
