import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BenchTarget } from '../bench/target.js';
import { rowCounts } from './checks.js';
import { Client } from './client.js';
import type { Rng } from './rng.js';
import { cli } from './target.js';
import { startWriters, writeContext } from './writers.js';

/** Tables that only grow while writers run: a backup taken meanwhile holds between the counts before and after. */
const GROWING = ['audit_log', 'cases', 'case_events', 'files', 'letters', 'letter_cases', 'notifications', 'counters'];
/** Tables the server's own sweeps write or empty at any time: not compared exactly. */
const VOLATILE = new Set(['job_leases', 'job_runs', 'sessions', 'login_attempts']);

export interface RestoreCheck {
  /** `dudao backup`: SQLite's online backup API, or pg_dump run by it on PostgreSQL. */
  method: string;
  bytes: number;
  auditOk: boolean;
  recomputeEqual: boolean;
  /** Per table: restored rows outside what the source had (under load: outside [before, after]). */
  differences: string[];
  ok: boolean;
}

export interface BackupResult {
  restored_equal: boolean;
  under_load: RestoreCheck;
  quiet: RestoreCheck;
  writes_during_backup: number;
  problems: string[];
}

/** A restored copy of the target's database; `drop()` removes it. */
interface Restored {
  url: string;
  /** The anchor file as it was before the backup started (what a backup of the data dir holds). */
  anchors: string | null;
  bytes: number;
  method: string;
  drop(): Promise<void>;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr || r.error?.message}`);
}

/** Backs up the live database and restores it into a fresh one. */
async function backupAndRestore(target: BenchTarget, pgUrl: string): Promise<Restored> {
  const dir = mkdtempSync(join(tmpdir(), 'dudao-backup-'));
  const file = join(dir, target.dialect === 'sqlite' ? 'backup.sqlite' : 'backup.dump');
  // The anchors are copied first: every anchor in the copy names a record the database backup
  // then holds. Verified against the live file, a restore taken under load would rightly show
  // the records written after it as truncated (docs/AUDIT.md: back up the anchors before the database).
  const liveAnchors = join(target.dir, 'audit-anchors.jsonl');
  const anchors = existsSync(liveAnchors) ? join(dir, 'audit-anchors.jsonl') : null;
  if (anchors) copyFileSync(liveAnchors, anchors);
  const b = await cli(target, ['backup', file]);
  if (b.code !== 0) throw new Error(`dudao backup: exit ${b.code}: ${b.out}`);
  if (target.dialect === 'sqlite') {
    // Restoring a SQLite backup is putting the file in place.
    const restored = join(dir, 'restored.sqlite');
    copyFileSync(file, restored);
    const { size } = statSync(restored);
    return {
      url: `sqlite:${restored}`,
      anchors,
      bytes: size,
      method: 'dudao backup (SQLite online backup API), file copied into place',
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  // `dudao backup` ran pg_dump itself (custom format for a name not ending .sql).
  if (!b.out.includes('pg_dump --format=custom')) throw new Error(`dudao backup did not run pg_dump --format=custom: ${b.out}`);
  const name = `dudao_restore_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url.toString()}`, file]);
  const { size } = statSync(file);
  return {
    url: url.toString(),
    anchors,
    bytes: size,
    method: 'dudao backup (pg_dump --format=custom), pg_restore into a new database',
    drop: async () => {
      const a = new pg.Client({ connectionString: pgUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Audit verify and recompute on the restored copy, and its row counts against the bounds. */
async function checkRestored(
  target: BenchTarget,
  restored: Restored,
  lo: Record<string, number>,
  hi: Record<string, number>,
  exact: boolean,
): Promise<RestoreCheck> {
  const env: Record<string, string> = { DUDAO_DATABASE_URL: restored.url };
  if (restored.anchors) env.DUDAO_AUDIT_ANCHOR_FILE = restored.anchors;
  const audit = await cli(target, ['audit', 'verify'], env);
  const recompute = await cli(target, ['cases', 'recompute'], env);
  const got = await rowCounts(restored.url);
  const differences: string[] = [];
  const tables = exact ? Object.keys(lo).filter((t) => !VOLATILE.has(t)) : GROWING;
  for (const t of tables) {
    const n = got[t] ?? -1;
    if (n < (lo[t] ?? 0) || n > (hi[t] ?? 0)) differences.push(`${t}: ${n} rows, source ${lo[t] === hi[t] ? lo[t] : `${lo[t]}–${hi[t]}`}`);
  }
  if (audit.code !== 0) differences.push(`audit verify: ${audit.out.slice(0, 300)}`);
  if (recompute.code !== 0) differences.push(`cases recompute: ${recompute.out.slice(0, 300)}`);
  return {
    method: restored.method,
    bytes: restored.bytes,
    auditOk: audit.code === 0,
    recomputeEqual: recompute.code === 0,
    differences,
    ok: differences.length === 0,
  };
}

/**
 * An online backup while four writers run, restored into a fresh database: the audit
 * chain verifies, aggregates equal a recompute, and every growing table holds between
 * the source's counts before and after the backup. Then a backup of the quiet source,
 * restored, must equal it table by table.
 */
export async function runBackup(
  target: BenchTarget,
  url: string,
  pgUrl: string,
  rng: Rng,
  log: (s: string) => void,
): Promise<BackupResult> {
  const hq = await new Client(url, 'hq').login();
  const writers = startWriters(hq, await writeContext(hq), rng, 4);
  const problems: string[] = [];
  let underLoad: RestoreCheck;
  let ackedBefore = 0;
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const before = await rowCounts(target.url);
    ackedBefore = writers.stats.acks.length;
    const restored = await backupAndRestore(target, pgUrl);
    const after = await rowCounts(target.url);
    ackedBefore = writers.stats.acks.length - ackedBefore;
    await writers.stop();
    try {
      underLoad = await checkRestored(target, restored, before, after, false);
    } finally {
      await restored.drop();
    }
  } finally {
    await writers.stop();
  }
  if (writers.stats.failed)
    problems.push(`${writers.stats.failed} writes failed during the backup: ${writers.stats.failures.slice(0, 3).join('; ')}`);
  await new Promise((r) => setTimeout(r, 500));
  const source = await rowCounts(target.url);
  const restored = await backupAndRestore(target, pgUrl);
  let quiet: RestoreCheck;
  try {
    quiet = await checkRestored(target, restored, source, source, true);
  } finally {
    await restored.drop();
  }
  const result: BackupResult = {
    restored_equal: underLoad.ok && quiet.ok,
    under_load: underLoad,
    quiet,
    writes_during_backup: ackedBefore,
    problems,
  };
  log(
    `backup: under load ${underLoad.ok ? 'restored consistent' : `DIFFERS (${underLoad.differences.join('; ')})`}; quiet ${quiet.ok ? 'restored equal' : `DIFFERS (${quiet.differences.join('; ')})`}`,
  );
  return result;
}
