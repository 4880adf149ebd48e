import type { Database } from '../db/database.js';
import { sessionRepository } from '../db/repositories/session.repository.js';
import type { Sweep } from './sweep-runner.js';

/** Deletes sessions that can never be used again and login attempts older than a day. */
export function sessionCleanupSweep(database: Database, policy: { idleMinutes: number; absoluteHours: number }): Sweep {
  return {
    name: 'session-cleanup',
    intervalMs: 10 * 60_000,
    leaseMs: 5 * 60_000,
    async run(now) {
      const t = now.getTime();
      const sessions = await sessionRepository.deleteEndedBefore(
        database.db,
        new Date(t - policy.idleMinutes * 60_000).toISOString(),
        new Date(t - policy.absoluteHours * 3_600_000).toISOString(),
      );
      const attempts = await sessionRepository.deleteAttemptsBefore(database.db, new Date(t - 24 * 3_600_000).toISOString());
      return { sessions, attempts };
    },
  };
}
