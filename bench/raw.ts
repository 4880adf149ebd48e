import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Dialect } from '../src/db/database.js';
import { CASE_COLUMNS, EVENT_COLUMNS, type Row } from './rows.js';

/**
 * Figure 1, the limit: durable inserts of one case and its first event per
 * transaction, in plain SQL on the application's own schema and database, with the
 * application's durability settings (SQLite WAL + synchronous=FULL; PostgreSQL's
 * defaults, synchronous_commit=on) and no application code at all. The rows are
 * removed afterwards so the measured city stays as loaded.
 */
export interface RawResult {
  /** One connection, one transaction after the other. */
  per_s: number;
  /** PostgreSQL only: 16 connections at once (the server groups their WAL flushes itself). */
  c16_per_s: number | null;
  transactions: number;
}

/** A reported case and its report event, as the application would write them (ids filled in per row). */
export function rawTemplate(
  snapshotJson: string,
  eventData: string,
  at: string,
): { caseRow: (n: number) => Row; eventRow: (caseId: number) => Row } {
  return {
    caseRow: (n) => [
      `R-${String(n).padStart(9, '0')}`,
      2026,
      'video',
      'reported',
      1,
      'E01-01',
      'normal',
      '基准：原始插入',
      '周口市川汇区',
      114.65,
      33.62,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      0,
      null,
      0,
      null,
      null,
      null,
      null,
      null,
      snapshotJson,
      at,
      at,
    ],
    eventRow: (caseId) => [caseId, 1, 'report', null, 'reported', 1, 'bench', at, null, eventData, null, null, null, null],
  };
}

const CASE_COLS = CASE_COLUMNS.slice(1);
const EVENT_COLS = EVENT_COLUMNS.slice(1);

/** Runs `seconds` of single-connection inserts (and, on PostgreSQL, `seconds` more with 16 connections). */
export async function measureRaw(dialect: Dialect, url: string, seconds: number, tpl: ReturnType<typeof rawTemplate>): Promise<RawResult> {
  return dialect === 'sqlite' ? rawSqlite(url.slice('sqlite:'.length), seconds, tpl) : rawPg(url, seconds, tpl);
}

function rawSqlite(file: string, seconds: number, tpl: ReturnType<typeof rawTemplate>): RawResult {
  const db = new SQLite(file);
  // Exactly what src/db/database.ts sets.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const insCase = db.prepare(`insert into cases (${CASE_COLS.join(',')}) values (${CASE_COLS.map(() => '?').join(',')})`);
  const insEvent = db.prepare(`insert into case_events (${EVENT_COLS.join(',')}) values (${EVENT_COLS.map(() => '?').join(',')})`);
  const firstId = Number((db.prepare('select coalesce(max(id), 0) as m from cases').get() as { m: number }).m);
  const one = db.transaction((n: number) => {
    const id = insCase.run(tpl.caseRow(n)).lastInsertRowid;
    insEvent.run(tpl.eventRow(Number(id)));
  });
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  let n = 0;
  while (performance.now() < end) one(++n);
  const elapsed = (performance.now() - started) / 1000;
  db.transaction(() => {
    db.prepare('delete from case_events where case_id > ?').run(firstId);
    db.prepare('delete from cases where id > ?').run(firstId);
  })();
  db.close();
  return { per_s: n / elapsed, c16_per_s: null, transactions: n };
}

async function rawPg(url: string, seconds: number, tpl: ReturnType<typeof rawTemplate>): Promise<RawResult> {
  const caseSql = `insert into cases (${CASE_COLS.join(',')}) values (${CASE_COLS.map((_, i) => `$${i + 1}`).join(',')}) returning id`;
  const eventSql = `insert into case_events (${EVENT_COLS.join(',')}) values (${EVENT_COLS.map((_, i) => `$${i + 1}`).join(',')})`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const firstId = Number((await admin.query<{ m: number }>('select coalesce(max(id), 0) as m from cases')).rows[0]!.m);
  let n = 0;
  const worker = async (end: number): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      while (performance.now() < end) {
        const k = ++n;
        await c.query('begin');
        const id = (await c.query<{ id: number }>({ name: 'raw-case', text: caseSql, values: tpl.caseRow(k) })).rows[0]!.id;
        await c.query({ name: 'raw-event', text: eventSql, values: tpl.eventRow(id) });
        await c.query('commit');
      }
    } finally {
      await c.end();
    }
  };
  let started = performance.now();
  await worker(started + seconds * 1000);
  const single = n / ((performance.now() - started) / 1000);
  const before = n;
  started = performance.now();
  await Promise.all(Array.from({ length: 16 }, () => worker(started + seconds * 1000)));
  const c16 = (n - before) / ((performance.now() - started) / 1000);
  await admin.query('begin');
  await admin.query('delete from case_events where case_id > $1', [firstId]);
  await admin.query('delete from cases where id > $1', [firstId]);
  await admin.query('commit');
  await admin.end();
  return { per_s: single, c16_per_s: c16, transactions: n };
}
