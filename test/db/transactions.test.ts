import { sql, type Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { inTransaction, transactOrUndo, withSavepoint } from '../../src/db/transactions.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';

const insert = (trx: Transaction<DB>, id: number, label: string) =>
  sql`insert into tx_row (id, label) values (${id}, ${label})`.execute(trx);

describe.each(DIALECTS)('transaction helpers (%s)', (dialect) => {
  let database: TestDatabase;
  const labels = async () =>
    (await sql<{ label: string }>`select label from tx_row order by id`.execute(database.db)).rows.map((r) => r.label);

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await sql`create table tx_row (id integer primary key, label text not null unique)`.execute(database.db);
  });
  afterEach(async () => database.drop());

  it('withSavepoint keeps what succeeds, rolls back only what failed (even a failed statement on PostgreSQL), and returns the error', async () => {
    const outcomes = await inTransaction(database.db, async (trx) => [
      await withSavepoint(trx, 'unit', (t) => insert(t, 1, 'a').then(() => 'first')),
      await withSavepoint(trx, 'unit', async (t) => {
        await insert(t, 2, 'b');
        await insert(t, 3, 'a'); // unique violation: b goes too
      }),
      await withSavepoint(trx, 'unit', (t) => insert(t, 4, 'c').then(() => 'third')),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[0]).toEqual({ ok: true, value: 'first' });
    expect(await labels()).toEqual(['a', 'c']);
  });

  it('inTransaction commits on success and rolls everything back when its function throws', async () => {
    await inTransaction(database.db, (trx) => insert(trx, 1, 'kept'));
    await expect(
      inTransaction(database.db, async (trx) => {
        await withSavepoint(trx, 'unit', (t) => insert(t, 2, 'released'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await labels()).toEqual(['kept']);
    // The connection was given back: the database still answers.
    await inTransaction(database.db, (trx) => insert(trx, 3, 'after'));
    expect(await labels()).toEqual(['kept', 'after']);
  });

  it('transactOrUndo runs the undo only when the transaction fails', async () => {
    const undone: string[] = [];
    await transactOrUndo(
      database,
      (trx) => insert(trx, 1, 'a'),
      async () => void undone.push('first'),
    );
    await expect(
      transactOrUndo(
        database,
        (trx) => insert(trx, 2, 'a'),
        async () => void undone.push('second'),
      ),
    ).rejects.toBeDefined();
    expect(undone).toEqual(['second']);
    expect(await labels()).toEqual(['a']);
  });
});
