import type { EscalationService } from '../services/letters/escalation.service.js';
import type { Sweep } from './sweep-runner.js';

/**
 * Issues the letters the escalation ladder calls for. Runs under the sweep lease, so
 * one instance at a time; each run is recorded in job_runs with what it issued. Every
 * five minutes is ample: triggers are counted in working days.
 */
export function escalationSweep(escalation: EscalationService, opts: { intervalMs?: number } = {}): Sweep {
  return {
    name: 'escalation',
    intervalMs: opts.intervalMs ?? 5 * 60_000,
    leaseMs: 10 * 60_000,
    async run(now) {
      const r = await escalation.sweep(now);
      return {
        candidates: r.candidates,
        planned: r.planned,
        issued: r.issued,
        prepared: r.prepared,
        skipped: r.skipped,
        numbers: r.letters.map((l) => l.number),
      };
    },
  };
}
