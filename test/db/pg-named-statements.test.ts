/**
 * PostgreSQL connections keep the statements built once parsed (src/db/database.ts
 * `namingStatements`, src/db/prepared.ts): such a statement run twice is parsed once, runs on a
 * generic plan after its first runs instead of being planned every time, and a table changed
 * under it (a migration by another instance) costs one failed query, not a connection that fails
 * from then on. Every other statement stays unnamed and is planned for its values each run.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { prepared } from '../../src/db/prepared.js';
import { createTestDatabase, PG_URL, type TestDatabase } from '../helpers/db.js';

describe.runIf(PG_URL)('named statements on PostgreSQL', () => {
  let test: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    test = await createTestDatabase('pg', { migrate: false });
    database = openDatabase(test.url, { poolSize: 1 });
    await sql`create table named_t (id integer primary key, a text)`.execute(database.db);
    await sql`insert into named_t values (1, 'x'), (2, 'y')`.execute(database.db);
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  const byId = prepared((db, p: { id: number }) =>
    db
      .selectFrom('named_t' as never)
      .selectAll()
      .where('id' as never, '=', p.id as never),
  );
  const read = async (id = 1) => (await byId(database.db, { id })).rows;
  const kept = async (text: string) =>
    (
      await sql<{
        n: number;
        generic: number;
        custom: number;
      }>`select count(*)::int as n, coalesce(sum(generic_plans), 0)::int as generic, coalesce(sum(custom_plans), 0)::int as custom
         from pg_prepared_statements where statement = ${text}`.execute(database.db)
    ).rows[0]!;

  it('parses a statement built once a single time per connection, then runs it on a generic plan', async () => {
    for (let i = 0; i < 8; i++) expect(await read((i % 2) + 1)).toHaveLength(1);
    const stats = await kept('select * from "named_t" where "id" = $1');
    expect(stats.n).toBe(1);
    // PostgreSQL plans the first five runs for their values, then keeps the generic plan; with
    // every named statement forced to custom plans (as before) this stays 0.
    expect(stats.generic).toBeGreaterThan(0);
  });

  it('leaves any other statement unnamed, planned for its values each time', async () => {
    for (let i = 0; i < 3; i++)
      await database.db
        .selectFrom('named_t' as never)
        .selectAll()
        .where('id' as never, '>', 0 as never)
        .execute();
    expect((await kept('select * from "named_t" where "id" > $1')).n).toBe(0);
  });

  const inTransaction = (id = 1) => database.db.transaction().execute(async (trx) => (await byId(trx, { id })).rows);

  it("as a transaction's first statement: prepared once per connection, then executed by name on a generic plan", async () => {
    for (let i = 0; i < 8; i++) expect(await inTransaction((i % 2) + 1)).toHaveLength(1);
    const stats = (
      await sql<{
        n: number;
        generic: number;
      }>`select count(*)::int as n, coalesce(sum(generic_plans), 0)::int as generic from pg_prepared_statements where name like 'x%'`.execute(
        database.db,
      )
    ).rows[0]!;
    expect(stats.n).toBe(1);
    expect(stats.generic).toBeGreaterThan(0);
  });

  it('fails one query when the table changes under it, then reads the new shape', async () => {
    await read();
    const other = new pg.Client({ connectionString: test.url });
    await other.connect();
    await other.query('alter table named_t add column b text');
    await other.end();
    await expect(read()).rejects.toThrow(/cached plan/);
    expect(await read()).toEqual([{ id: 1, a: 'x', b: null }]);
  });

  it("the same for a transaction's first statement", async () => {
    await inTransaction();
    const other = new pg.Client({ connectionString: test.url });
    await other.connect();
    await other.query('alter table named_t add column c text');
    await other.end();
    await expect(inTransaction()).rejects.toThrow(/cached plan/);
    expect(await inTransaction()).toEqual([{ id: 1, a: 'x', b: null, c: null }]);
    expect(await read()).toEqual([{ id: 1, a: 'x', b: null, c: null }]);
  });
});
