import SQLite from 'better-sqlite3';
import pg from 'pg';
import { FLOAT_COLUMNS, INT_COLUMNS, type Row } from './rows.js';

/**
 * Bulk writers for loading the benchmark's history fast: multi-row prepared INSERTs
 * in big transactions on SQLite, typed `unnest` arrays on PostgreSQL (one statement
 * per batch, sent while the generator builds the next batch). Durability is relaxed
 * for the load only — SQLite `synchronous=OFF` on the loader's own connection,
 * PostgreSQL `synchronous_commit=off` for the loader's session — and nothing measured
 * runs on these connections: the application opens its own with FULL / on.
 */
export interface BulkWriter {
  /** Appends rows; a batch is one transaction (SQLite) or one statement (PostgreSQL). */
  write(table: string, columns: readonly string[], rows: Row[]): Promise<void>;
  /** Waits for pending writes and leaves the database as the application expects it. */
  finish(): Promise<void>;
}

const EXTRA_INTS = new Set([
  'unit_id',
  'dispatched',
  'handled',
  'handled_on_time',
  'closed',
  'closed_on_time',
  'reopened',
  'extended',
  'suspended',
  'rerouted',
  'value',
]);

function pgType(column: string): string {
  if (INT_COLUMNS.has(column) || EXTRA_INTS.has(column)) return 'int4';
  if (FLOAT_COLUMNS.has(column)) return 'float8';
  return 'text';
}

/** SQLite: its own better-sqlite3 connection with synchronous=OFF, statements of 100 rows. */
export function sqliteWriter(file: string): BulkWriter {
  const db = new SQLite(file);
  // No journal at all while loading: a crash mid-load means starting the load again anyway.
  db.pragma('journal_mode = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('foreign_keys = OFF');
  const PER_STMT = 100;
  const stmts = new Map<string, SQLite.Statement>();
  const stmt = (table: string, columns: readonly string[], n: number): SQLite.Statement => {
    const key = `${table}:${n}`;
    let s = stmts.get(key);
    if (!s) {
      const one = `(${columns.map(() => '?').join(',')})`;
      s = db.prepare(`insert into ${table} (${columns.join(',')}) values ${Array.from({ length: n }, () => one).join(',')}`);
      stmts.set(key, s);
    }
    return s;
  };
  const insertAll = db.transaction((table: string, columns: readonly string[], rows: Row[]) => {
    for (let i = 0; i < rows.length; i += PER_STMT) {
      const chunk = rows.slice(i, i + PER_STMT);
      stmt(table, columns, chunk.length).run(chunk.flat());
    }
  });
  return {
    async write(table, columns, rows) {
      if (rows.length) insertAll(table, columns, rows);
    },
    async finish() {
      db.pragma('locking_mode = NORMAL');
      // Back to what the application runs with (openDatabase sets the same on every open).
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.close();
    },
  };
}

/** PostgreSQL: one client, `insert … select * from unnest($1::int4[], …)`, one batch in flight. */
export async function pgWriter(url: string): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  let pending: Promise<unknown> = Promise.resolve();
  let failed: Error | null = null;
  return {
    async write(table, columns, rows) {
      await pending;
      if (failed) throw failed;
      if (!rows.length) return;
      const arrays = columns.map((_, i) => rows.map((r) => r[i]));
      const sql = `insert into ${table} (${columns.join(',')}) select * from unnest(${columns.map((c, i) => `$${i + 1}::${pgType(c)}[]`).join(',')})`;
      // Not awaited: the generator builds the next batch while PostgreSQL writes this one.
      pending = client.query(sql, arrays).catch((e: unknown) => {
        failed = e instanceof Error ? e : new Error(String(e));
      });
    },
    async finish() {
      await pending;
      if (failed) throw failed;
      // Explicit ids were written: move the sequences past them, as if the rows had used them.
      for (const t of ['cases', 'case_events'])
        await client.query(`select setval(pg_get_serial_sequence('${t}', 'id'), coalesce((select max(id) from ${t}), 0) + 1, false)`);
      // A long-running database has been vacuumed and analysed by autovacuum; do it now so that
      // it does not run in the middle of a measurement.
      await client.query('vacuum (analyze) cases, case_events, case_aggregates, counters');
      await client.end();
    },
  };
}
