import { sql, type Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import type { DB } from '../../src/db/schema.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';

/** Scratch tables of the test's own, so the test does not depend on the app's schema. */
async function scratch(database: Database): Promise<void> {
  await sql`create table gc_parent (id integer primary key)`.execute(database.db);
  await sql`create table gc_row (id integer primary key, parent_id integer references gc_parent(id), label text not null unique)`.execute(
    database.db,
  );
  await sql`insert into gc_parent (id) values (1)`.execute(database.db);
}

const insert = (trx: Transaction<DB>, id: number, label: string, parent: number | null = 1) =>
  sql`insert into gc_row (id, parent_id, label) values (${id}, ${parent}, ${label})`.execute(trx);

async function labels(database: Database): Promise<string[]> {
  const r = await sql<{ label: string }>`select label from gc_row order by id`.execute(database.db);
  return r.rows.map((x) => x.label);
}

describe.each(DIALECTS)('Database.transact (%s)', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await scratch(database);
  });
  afterEach(async () => database.drop());

  it('commits every unit of concurrent work and returns each its own value', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    const results = await Promise.all(ids.map((id) => database.transact(async (trx) => (await insert(trx, id, `r${id}`), id * 10))));
    expect(results).toEqual(ids.map((id) => id * 10));
    expect(await labels(database)).toEqual(ids.map((id) => `r${id}`));
    const stats = database.groupCommitStats();
    if (dialect === 'sqlite') {
      // Twenty callers in the same tick: far fewer commits than callers.
      expect(stats!.works).toBe(20);
      expect(stats!.commits).toBeLessThanOrEqual(2);
      expect(stats!.largest).toBeGreaterThan(1);
    } else {
      expect(stats).toBeNull();
    }
  });

  it('rolls back only the unit that failed and rejects it with its own error', async () => {
    const outcomes = await Promise.allSettled([
      database.transact((trx) => insert(trx, 1, 'a')),
      database.transact(async (trx) => {
        await insert(trx, 2, 'b');
        await insert(trx, 3, 'a'); // unique violation: b must go too
      }),
      database.transact(async (trx) => {
        await insert(trx, 4, 'c');
        throw new Error('refused by the rules');
      }),
      database.transact((trx) => insert(trx, 5, 'd')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain('refused by the rules');
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/unique|duplicate/i);
    expect(await labels(database)).toEqual(['a', 'd']);
  });

  it('answers a caller only once its work is visible to another connection (committed)', async () => {
    const other = openDatabase(database.url, { poolSize: 1 });
    try {
      const seen = await Promise.all(
        [1, 2, 3].map(async (id) => {
          await database.transact((trx) => insert(trx, id, `v${id}`));
          const r = await sql<{ n: number }>`select count(*) as n from gc_row where id = ${id}`.execute(other.db);
          return Number(r.rows[0]!.n);
        }),
      );
      expect(seen).toEqual([1, 1, 1]);
    } finally {
      await other.close();
    }
  });

  it('closing waits for work already accepted', async () => {
    const other = openDatabase(database.url, { poolSize: 1 });
    const pending = [1, 2, 3].map((id) => other.transact((trx) => insert(trx, id, `w${id}`)));
    await other.close();
    await Promise.all(pending);
    expect(await labels(database)).toEqual(['w1', 'w2', 'w3']);
  });
});

describe('group commit on SQLite, when the COMMIT itself fails', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    await scratch(database);
  });
  afterEach(async () => database.drop());

  it('rejects every unit of the group and keeps none of their rows', async () => {
    // A deferred foreign key is checked at COMMIT: the statements succeed, the commit does not.
    const outcomes = await Promise.allSettled([
      database.transact((trx) => insert(trx, 1, 'x')),
      database.transact(async (trx) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await insert(trx, 2, 'y', 99);
      }),
      database.transact((trx) => insert(trx, 3, 'z')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/i);
    expect(await labels(database)).toEqual([]);
    // The committer is not stuck: the next unit commits.
    await database.transact((trx) => insert(trx, 4, 'after'));
    expect(await labels(database)).toEqual(['after']);
  });
});
