import type { ProjectReportLapseService } from '../services/projects/project-investment-lapses.js';
import type { Sweep } from './sweep-runner.js';

/**
 * Issues the letters of the escalation ladder for projects' missing monthly investment reports
 * (issue 14 point 4), as the escalation sweep does for overdue cases. Runs under its own lease;
 * each run is recorded in job_runs. Hourly is ample: triggers count working days.
 */
export function reportLapseSweep(lapses: ProjectReportLapseService, opts: { intervalMs?: number } = {}): Sweep {
  return {
    name: 'report-lapses',
    intervalMs: opts.intervalMs ?? 60 * 60_000,
    leaseMs: 10 * 60_000,
    async run(now) {
      const r = await lapses.sweep(now);
      return {
        candidates: r.candidates,
        planned: r.planned,
        issued: r.issued,
        prepared: r.prepared,
        skipped: r.skipped,
        numbers: r.numbers,
      };
    },
  };
}
