import type { AuditService } from '../services/audit/audit.service.js';
import type { Sweep } from './sweep-runner.js';

/**
 * Anchors the audit head outside the database at least every `intervalMinutes`
 * (between the every-N-records anchors), so a quiet log's tail is covered too.
 */
export function auditAnchorSweep(audit: AuditService, intervalMinutes: number): Sweep {
  return {
    name: 'audit-anchor',
    intervalMs: intervalMinutes * 60_000,
    leaseMs: 5 * 60_000,
    async run() {
      const r = await audit.anchorNow('interval');
      return r ? { anchoredSeq: r.seq } : { anchoredSeq: null };
    },
  };
}
