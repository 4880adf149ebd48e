import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';
import { inTransaction, withSavepoint, type SavepointOutcome } from './transactions.js';

/** Counters a caller (the benchmark, a test) may read to see how commits were grouped. */
export interface GroupCommitStats {
  /** Transactions committed (one per group). */
  commits: number;
  /** Units of work run (each in its own savepoint). */
  works: number;
  /** The largest group so far. */
  largest: number;
}

interface Pending {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** The most units of work one commit carries, so a burst cannot make one answer wait for hundreds. */
const MAX_GROUP = 64;

/**
 * Group commit for SQLite: units of work that arrive while the previous commit
 * runs share the next transaction, so one fsync acknowledges all of them.
 *
 * On SQLite every write goes through one connection and a commit with
 * synchronous=FULL waits for the disk; committing each request alone makes the
 * disk's flush rate the ceiling of intake. Here each unit of work runs inside its
 * own SAVEPOINT of the shared transaction: a unit that throws is rolled back to
 * its savepoint and rejected with its own error, exactly as if it had had its own
 * transaction, and the others go on. Every caller is answered only after the
 * COMMIT that contains its work returned, so nothing is acknowledged that a power
 * loss could take back. If the COMMIT itself fails, every unit of the group is
 * rejected with that error (none of them was acknowledged).
 *
 * Grouping needs no timer: the next group starts on `setImmediate`, after the
 * event loop has read the requests that arrived during the last commit (better-
 * sqlite3 blocks the loop while it commits), so a lone request waits for no one.
 */
export class GroupCommitter {
  private readonly queue: Pending[] = [];
  private scheduled = false;
  private running = false;
  readonly stats: GroupCommitStats = { commits: 0, works: 0, largest: 0 };

  constructor(private readonly db: Kysely<DB>) {}

  /** Runs `fn` in a transaction shared with other concurrent callers; resolves after the commit. */
  run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once every unit of work queued so far has been committed or rejected. */
  async drain(): Promise<void> {
    if (!this.running && this.queue.length === 0) return;
    await this.run(async () => undefined).catch(() => undefined);
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.running = true;
    const group = this.queue.splice(0, MAX_GROUP);
    const outcomes: SavepointOutcome<unknown>[] = [];
    try {
      await inTransaction(this.db, async (trx) => {
        // If SQLite already ended the transaction (a full disk, an I/O error) rolling back to
        // a savepoint throws, and the whole group fails: nothing of it was acknowledged.
        for (const work of group) outcomes.push(await withSavepoint(trx, 'group_work', work.fn));
      });
      this.stats.commits += 1;
      this.stats.works += group.length;
      this.stats.largest = Math.max(this.stats.largest, group.length);
      group.forEach((work, i) => {
        const o = outcomes[i]!;
        if (o.ok) work.resolve(o.value);
        else work.reject(o.error);
      });
    } catch (error) {
      // Units that failed on their own keep their own error; the rest get the commit's.
      group.forEach((work, i) => {
        const o = outcomes[i];
        work.reject(o && !o.ok ? o.error : error);
      });
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
