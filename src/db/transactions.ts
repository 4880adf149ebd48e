import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/** A transaction in which savepoints can be taken (see {@link withSavepoint}). */
export type SavepointTransaction = ControlledTransaction<DB>;

/** What a unit of work under a savepoint came to: its value, or the error it was rolled back for. */
export type SavepointOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `fn` in a transaction that can take savepoints (Kysely's controlled transaction),
 * commits when it resolves and rolls back when it throws. Like `db.transaction().execute`,
 * but the transaction `fn` gets has {@link withSavepoint}. A commit that fails is rolled
 * back too, so the connection is always given back.
 */
export async function inTransaction<T>(db: Kysely<DB>, fn: (trx: SavepointTransaction) => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  try {
    const value = await fn(trx);
    await trx.commit().execute();
    return value;
  } catch (error) {
    if (!trx.isCommitted && !trx.isRolledBack) {
      // The first error is the one that matters; a failed rollback still releases the connection.
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
    }
    throw error;
  }
}

/**
 * Runs one unit of work of a larger transaction under its own savepoint: when `fn` resolves
 * the savepoint is released and its writes stay; when `fn` throws, everything it wrote is
 * rolled back to the savepoint (on PostgreSQL that also clears the aborted state a failed
 * statement leaves) and the error is returned, not thrown, so the caller decides whether the
 * transaction goes on. Only a failure of the savepoint commands themselves (SQLite already
 * ended the transaction after a full disk or an I/O error) is thrown: then the transaction
 * as a whole is lost.
 */
export async function withSavepoint<T>(
  trx: SavepointTransaction,
  name: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<SavepointOutcome<T>> {
  const sp = await trx.savepoint(name).execute();
  let outcome: SavepointOutcome<T>;
  try {
    outcome = { ok: true, value: await fn(sp) };
  } catch (error) {
    await sp.rollbackToSavepoint(name).execute();
    outcome = { ok: false, error };
  }
  await sp.releaseSavepoint(name).execute();
  return outcome;
}

/**
 * Runs `fn` through {@link Database.transact} (on SQLite possibly one commit shared with
 * other requests); when it fails — `fn` throws or the commit does — `undo` runs before the
 * error is rethrown. For writes with a part outside the database (files stored before the
 * transaction) that must be taken back when the rows that would refer to it are not written.
 */
export async function transactOrUndo<T>(
  database: Pick<Database, 'transact'>,
  fn: (trx: Transaction<DB>) => Promise<T>,
  undo: () => Promise<void>,
): Promise<T> {
  try {
    return await database.transact(fn);
  } catch (error) {
    await undo();
    throw error;
  }
}
