import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
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
 * The migrated databases test/global-setup.ts made for this run, to copy rather than migrate
 * again ('' when there is none, e.g. outside Vitest's run: then each database is migrated).
 */
function templates(): { sqlite: string; pg: string } {
  try {
    return { sqlite: inject('dudaoSqliteTemplate') ?? '', pg: inject('dudaoPgTemplate') ?? '' };
  } catch {
    return { sqlite: '', pg: '' };
  }
}

/**
 * Creates an empty database: a temporary SQLite file, or a new PostgreSQL
 * database named after a random suffix on the test server; migrated unless `migrate: false`
 * (by copying the run's migrated template when there is one).
 */
export async function createTestDatabase(dialect: Dialect, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const template = opts.migrate === false ? { sqlite: '', pg: '' } : templates();
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dudao-test-'));
    const file = join(dir, 'test.sqlite');
    const copied = template.sqlite !== '' && existsSync(template.sqlite);
    if (copied) copyFileSync(template.sqlite, file);
    const database = openDatabase(`sqlite:${file}`);
    if (opts.migrate !== false && !copied) await migrateToLatest(database);
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
  await admin.query(template.pg ? `create database ${name} template ${template.pg}` : `create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString(), { poolSize: 20 });
  if (opts.migrate !== false && !template.pg) await migrateToLatest(database);
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
