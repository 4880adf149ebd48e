/**
 * `demo_load` (stop 29): how long a new install takes to show the demo city — `dudao migrate`
 * then `dudao demo` on a fresh database, as `npm start` does on its first start. It replaced a
 * 60 s assertion in a test (tests do not time; this measures). Each round builds its own
 * database; the figure is the median and the slowest of the rounds.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Dialect } from '../src/db/database.js';
import { createTarget, databaseVersion } from './target.js';

const CLI = resolve(import.meta.dirname, '../bin/dudao.js');

export interface DemoLoadResult {
  demo_load: {
    db: Dialect;
    database: string;
    rounds: number;
    /** `dudao migrate` on an empty database, median (ms). */
    migrate_ms: number;
    /** `dudao demo` after it (units, accounts, cases, evaluation, letters, projects, public side), median (ms). */
    median_ms: number;
    max_ms: number;
    runs_ms: number[];
  };
}

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`dudao ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Loads the demo city `rounds` times, each on a fresh database of `db`. */
export async function runDemoBench(opts: { db: Dialect; pgUrl: string; rounds: number }): Promise<DemoLoadResult> {
  const migrate: number[] = [];
  const runs: number[] = [];
  let version = '';
  for (let i = 0; i < opts.rounds; i++) {
    const target = await createTarget(opts.db, opts.pgUrl);
    try {
      version ||= await databaseVersion(opts.db, target.url);
      const env = {
        ...process.env,
        DUDAO_DATABASE_URL: target.url,
        DUDAO_DATA_DIR: target.dir,
        DUDAO_MODE: 'demo',
        DUDAO_LOG_LEVEL: 'warn',
      };
      migrate.push(timed(['migrate'], env));
      runs.push(timed(['demo'], env));
    } finally {
      await target.drop();
    }
  }
  const round = (x: number) => Math.round(x);
  return {
    demo_load: {
      db: opts.db,
      database: version,
      rounds: opts.rounds,
      migrate_ms: round(median(migrate)),
      median_ms: round(median(runs)),
      max_ms: round(Math.max(...runs)),
      runs_ms: runs.map(round),
    },
  };
}
