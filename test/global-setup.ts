/**
 * Migrates one database of each kind before the suites start, for `createTestDatabase` to copy:
 * a SQLite file copied per database, and a PostgreSQL template database cloned per database.
 * Migrating each test database instead cost 0.3–0.7 s on SQLite and 1.6–2.5 s on PostgreSQL,
 * against ~10 ms and ~60 ms for a copy, and the suites create over a hundred of each.
 * What the copies hold is exactly what migrating gives: the template is migrated by the same
 * `migrateToLatest`, within the run (never a stale one from an earlier run).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated SQLite file to copy; '' when none was made. */
    dudaoSqliteTemplate: string;
    /** A migrated PostgreSQL database to clone (`create database … template …`); '' without PostgreSQL. */
    dudaoPgTemplate: string;
    /** A folder for this run only (the loaded demo city the browser suites copy); removed at the end. */
    dudaoRunDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'dudao-template-'));
  const file = join(dir, 'template.sqlite');
  const sqlite = openDatabase(`sqlite:${file}`);
  await migrateToLatest(sqlite);
  // Closing the last connection checkpoints the WAL into the file, so the file alone is the database.
  await sqlite.close();
  project.provide('dudaoSqliteTemplate', file);
  mkdirSync(join(dir, 'run'));
  project.provide('dudaoRunDir', join(dir, 'run'));

  const pgUrl = process.env.DUDAO_TEST_PG_URL;
  let template = '';
  if (pgUrl) {
    template = `dudao_template_${process.pid}_${Date.now().toString(36)}`;
    await adminQuery(pgUrl, `create database ${template}`);
    const url = new URL(pgUrl);
    url.pathname = `/${template}`;
    const database = openDatabase(url.toString(), { poolSize: 2 });
    try {
      await migrateToLatest(database);
    } finally {
      // A template must have no connections while it is cloned.
      await database.close();
    }
  }
  project.provide('dudaoPgTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgUrl && template) await adminQuery(pgUrl, `drop database if exists ${template} with (force)`);
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
