import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { BenchTarget } from '../bench/target.js';
import { openDatabase } from '../src/db/database.js';
import { defaultFilesDir, LocalFileStorage } from '../src/storage/file-storage.js';
import { cli } from './target.js';

/** Outcome of `dudao audit verify` and `dudao cases recompute` (check mode) on a database. */
export interface ConsistencyCheck {
  auditOk: boolean;
  recomputeEqual: boolean;
  /** The commands' output when one failed. */
  problems: string[];
}

/** Runs the two CLI checks against `target` (the server may be running). */
export async function consistency(target: BenchTarget): Promise<ConsistencyCheck> {
  const audit = await cli(target, ['audit', 'verify']);
  const recompute = await cli(target, ['cases', 'recompute']);
  const problems: string[] = [];
  if (audit.code !== 0) problems.push(`audit verify (exit ${audit.code}): ${audit.out.slice(0, 500)}`);
  if (recompute.code !== 0) problems.push(`cases recompute (exit ${recompute.code}): ${recompute.out.slice(0, 500)}`);
  return { auditOk: audit.code === 0, recomputeEqual: recompute.code === 0, problems };
}

/** Row count of every table of the database. */
export async function rowCounts(url: string): Promise<Record<string, number>> {
  const database = openDatabase(url, { poolSize: 2 });
  try {
    const tables =
      database.dialect === 'sqlite'
        ? (
            await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
              database.db,
            )
          ).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(database.db)).rows.map(
            (r) => r.name,
          );
    const out: Record<string, number> = {};
    for (const t of tables.sort()) {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(database.db);
      out[t] = Number(r.rows[0]!.n);
    }
    return out;
  } finally {
    await database.close();
  }
}

/** Files on disk against `files` rows, before and after the clean-up sweep. */
export interface FileCheck {
  /** Rows whose original, public copy or thumbnail is missing on disk: lost data. */
  rowsWithoutFile: number;
  /** `*.tmp-<pid>` left by a killed write. */
  tempFiles: number;
  /** Stored objects no row refers to (stored before a transaction the kill cut off). */
  unreferenced: number;
  /** Of those leftovers, how many `dudao files sweep` removed once past its grace period. */
  removedBySweep: number;
  /** Leftovers still on disk after the sweep: orphans the sweep misses. */
  remainingAfterSweep: number;
  samples: string[];
}

/**
 * Compares storage with the `files` table. Leftovers of the killed process are allowed
 * only if the sweep clears them: they are aged past the grace period (mtime set two
 * hours back) and `dudao files sweep` is run, then storage is walked again.
 */
export async function fileCheck(target: BenchTarget): Promise<FileCheck> {
  const root = defaultFilesDir(target.dir);
  const scan = async () => {
    const database = openDatabase(target.url, { poolSize: 2 });
    try {
      const rows = await database.db.selectFrom('files').select(['original_key', 'public_key', 'thumb_key']).execute();
      const keys = new Set(rows.flatMap((r) => [r.original_key, r.public_key, r.thumb_key]));
      const onDisk = new Set<string>();
      const leftovers: { name: string; kind: 'temp' | 'object' }[] = [];
      for await (const e of new LocalFileStorage(root).list()) {
        if (e.kind === 'temp') leftovers.push({ name: e.name, kind: 'temp' });
        else if (e.kind === 'object') {
          onDisk.add(e.name);
          if (!keys.has(e.name)) leftovers.push({ name: e.name, kind: 'object' });
        }
      }
      const missing = [...keys].filter((k) => !onDisk.has(k));
      return { leftovers, missing };
    } finally {
      await database.close();
    }
  };
  const before = await scan();
  const old = new Date(Date.now() - 2 * 3600_000);
  for (const l of before.leftovers) await utimes(join(root, l.name), old, old).catch(() => undefined);
  const sweep = before.leftovers.length ? await cli(target, ['files', 'sweep']) : { code: 0, out: '' };
  const after = await scan();
  const samples = [
    ...before.missing.slice(0, 5).map((k) => `row without file: ${k}`),
    ...after.leftovers.slice(0, 5).map((l) => `left after sweep: ${l.name}`),
  ];
  if (sweep.code !== 0) samples.push(`files sweep (exit ${sweep.code}): ${sweep.out.slice(0, 300)}`);
  return {
    rowsWithoutFile: before.missing.length,
    tempFiles: before.leftovers.filter((l) => l.kind === 'temp').length,
    unreferenced: before.leftovers.filter((l) => l.kind === 'object').length,
    removedBySweep: before.leftovers.length - after.leftovers.length,
    remainingAfterSweep: after.leftovers.length,
    samples,
  };
}
