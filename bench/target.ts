import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../src/db/database.js';

/** The local PostgreSQL used when no URL is given. */
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:55432/postgres';

/** A database made for one benchmark run; `drop()` removes it and its files. */
export interface BenchTarget {
  dialect: Dialect;
  url: string;
  /** SQLite: the database file. */
  file: string | null;
  /** Folder for the server's data dir (and the SQLite file). */
  dir: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database for a run: a SQLite file in a fresh folder under the
 * system temp dir (on disk: fsync must cost what it costs), or a new database on the
 * PostgreSQL server of `pgUrl`, as the integration tests do.
 */
export async function createTarget(dialect: Dialect, pgUrl: string): Promise<BenchTarget> {
  const dir = mkdtempSync(join(process.env.DUDAO_BENCH_DIR ?? tmpdir(), 'dudao-bench-'));
  if (dialect === 'sqlite') {
    const file = join(dir, 'bench.sqlite');
    return { dialect, url: `sqlite:${file}`, file, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `dudao_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    file: null,
    dir,
    drop: async () => {
      const a = new pg.Client({ connectionString: pgUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The server's version string, for the results' machine section. */
export async function databaseVersion(dialect: Dialect, url: string): Promise<string> {
  if (dialect === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(':memory:');
    const v = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    db.close();
    return `SQLite ${v} (better-sqlite3)`;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const v = (await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  await c.end();
  return `PostgreSQL ${v}`;
}
