/**
 * PostgreSQL connections keep their statements parsed (src/db/database.ts `namingStatements`):
 * a statement run twice is parsed once, and a table changed under a kept statement (a migration
 * by another instance) costs one failed query, not a connection that fails from then on.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createTestDatabase, PG_URL, type TestDatabase } from '../helpers/db.js';

describe.runIf(PG_URL)('named statements on PostgreSQL', () => {
  let test: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    test = await createTestDatabase('pg', { migrate: false });
    database = openDatabase(test.url, { poolSize: 1 });
    await sql`create table named_t (id integer primary key, a text)`.execute(database.db);
    await sql`insert into named_t values (1, 'x')`.execute(database.db);
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  const read = () =>
    database.db
      .selectFrom('named_t' as never)
      .selectAll()
      .execute();

  it('parses a read once per connection and keeps it by name', async () => {
    await read();
    await read();
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_prepared_statements where statement = ${'select * from "named_t"'}`.execute(database.db);
    expect(rows[0]!.n).toBe(1);
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
});
