/**
 * `open311_get_requests` (issue 15): p50/p95 of Open311's default GET requests.json (the last
 * 90 days, at most 1 000 requests, newest first) over HTTP to the real server, one request at a
 * time. Every category is made public first, so the answer is the full 1 000 rows at every
 * scale: the figure should stay flat from 10k to 1m (the query walks `cases_created_idx`
 * backwards and stops after 1 000 rows).
 *
 * Also `npm run bench -- --open311 [--scale 10k|1m] [--db sqlite|pg]`: only this figure, on a
 * freshly generated city of the scale (bench/run.ts).
 */
import os from 'node:os';
import { openDatabase, type Dialect } from '../src/db/database.js';
import { runSequential, summarize } from './http-load.js';
import { prepareCity } from './prepare.js';
import type { Scale } from './harness.js';
import { startBenchServer } from './server.js';
import { createTarget, databaseVersion } from './target.js';

export const OPEN311_PATH = '/open311/v2/requests.json';

/** The figure as stored in the result JSON. */
export interface Open311Figure {
  p50_ms: number;
  p95_ms: number;
  requests: number;
  /** Requests in each answer (1 000 when the city has that many in 90 days). */
  rows: number;
  /** p95 over the 10k run's p95 of the same database; null without one. */
  over_10k: number | null;
  /**
   * The same requests with the list-answer reuse turned off (DUDAO_OPEN311_CACHE_MS=0): what
   * every request costs when a write comes between each two polls. Only `--open311` measures it.
   */
  uncached_p50_ms?: number;
  uncached_p95_ms?: number;
}

/** Makes every active category public (HQ's setting), as a city answering everything would. */
export async function enableOpen311(url: string): Promise<void> {
  const database = openDatabase(url);
  try {
    const codes = (await database.db.selectFrom('categories').select('code').where('active', '=', 1).execute()).map((r) => r.code);
    await database.db
      .updateTable('public_settings')
      .set({ settings: JSON.stringify({ categoryCodes: codes }) })
      .where('id', '=', 1)
      .execute();
  } finally {
    await database.close();
  }
}

/**
 * Measures the default GET requests.json `rounds` times (after one warm-up), as an integrator
 * polls it: anonymously, without a Dudao session (the spec's reads need no key).
 */
export async function measureOpen311(serverUrl: string, rounds: number): Promise<Open311Figure> {
  const lat = await runSequential(serverUrl, '', [{ method: 'GET', path: OPEN311_PATH }], rounds);
  const res = await fetch(serverUrl + OPEN311_PATH);
  const rows = ((await res.json()) as unknown[]).length;
  const s = summarize(lat.get(OPEN311_PATH)!, 1);
  return { p50_ms: s.p50_ms, p95_ms: s.p95_ms, requests: s.requests, rows, over_10k: null };
}

/** Only the Open311 figure, on a fresh city of `scale` (dropped at the end). */
export async function runOpen311Bench(opts: { db: Dialect; pgUrl: string; scale: Scale; rounds: number; baselineP95: number | null }) {
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const target = await createTarget(opts.db, opts.pgUrl);
  try {
    const nowMs = Date.now();
    log(`[${opts.db} ${opts.scale.name}] generating ${opts.scale.cases} cases…`);
    const { load } = await prepareCity(target, opts.scale.cases, nowMs);
    log(`[${opts.db} ${opts.scale.name}] loaded ${load.cases} cases in ${load.seconds.toFixed(1)} s`);
    await enableOpen311(target.url);
    const uncachedServer = await startBenchServer(target.url, target.dir, [], { DUDAO_OPEN311_CACHE_MS: '0' });
    let uncached: Open311Figure;
    try {
      uncached = await measureOpen311(uncachedServer.url, opts.rounds);
    } finally {
      await uncachedServer.stop();
    }
    const server = await startBenchServer(target.url, target.dir, []);
    try {
      const figure = await measureOpen311(server.url, opts.rounds);
      if (opts.baselineP95) figure.over_10k = Math.round((figure.p95_ms / opts.baselineP95) * 100) / 100;
      figure.uncached_p50_ms = uncached.p50_ms;
      figure.uncached_p95_ms = uncached.p95_ms;
      return {
        db: opts.db,
        scale: opts.scale.name,
        date: new Date().toISOString(),
        cases: load.cases,
        span_days: load.spanDays,
        machine: {
          cpus: os.cpus().length,
          cpu_model: os.cpus()[0]?.model ?? 'unknown',
          node: process.version,
          database: await databaseVersion(opts.db, target.url),
          loadavg_end: os.loadavg().map((x) => Math.round(x * 100) / 100),
        },
        open311_get_requests: figure,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}
