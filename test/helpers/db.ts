import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type Dialect } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/** PostgreSQL server for integration tests; CI sets it. */
export const PG_URL = process.env.DUDAO_TEST_PG_URL;

/** The engines every integration suite runs on: SQLite always, PostgreSQL when configured. */
export const DIALECTS: Dialect[] = PG_URL ? ['sqlite', 'pg'] : ['sqlite'];

if (!PG_URL && !process.env.DUDAO_TEST_PG_WARNED) {
  process.env.DUDAO_TEST_PG_WARNED = '1';
  console.warn('PostgreSQL integration runs skipped: DUDAO_TEST_PG_URL is not set (CI sets it)');
}

/** A fresh, migrated database of the given kind; `drop()` removes it. */
export interface TestDatabase extends Database {
  drop(): Promise<void>;
}

/**
 * Creates an empty database: a temporary SQLite file, or a new PostgreSQL
 * database named after a random suffix on the test server; migrated unless `migrate: false`.
 */
export async function createTestDatabase(dialect: Dialect, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dudao-test-'));
    const database = openDatabase(`sqlite:${join(dir, 'test.sqlite')}`);
    if (opts.migrate !== false) await migrateToLatest(database);
    return {
      ...database,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error('DUDAO_TEST_PG_URL not set');
  const name = `dudao_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString(), { poolSize: 20 });
  if (opts.migrate !== false) await migrateToLatest(database);
  return {
    ...database,
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
