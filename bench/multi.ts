/**
 * `multi_instance` (issue 16): several `dudao serve` processes on one PostgreSQL database,
 * driven together over HTTP.
 *
 * 1. Reports: `concurrency` closed-loop workers post reports for `seconds` (after a warm-up),
 *    first all to one instance (`one_instance`, the same run's baseline), then spread
 *    round-robin over all of them; reports/s, p50 and p99.
 * 2. Conflicts: for `raceCases` of the reported cases, the same `accept` with the same version
 *    goes to every instance at once; exactly one must win, every other answer is a 409. The
 *    409s are counted (`conflicts`), and a case with a winner count other than one fails the run.
 * 3. The case numbers of each year are checked gapless and unique in the database afterwards.
 *
 * `npm run bench -- --multi [--instances N] [--pg-url URL] [--no-write]` (bench/run.ts):
 * writes bench/results/pg-multi.json.
 */
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { sessionRepository } from '../src/db/repositories/session.repository.js';
import { permissionsOf, type Actor } from '../src/domain/policies/permissions.js';
import { scopableOf } from '../src/domain/auth/token-policy.js';
import { keyedHash } from '../src/services/accounts/crypto.js';
import { send, summarize, type Req } from './http-load.js';
import { BENCH_SECRET, prepareCity, reportRequest } from './prepare.js';
import { startBenchServer, type BenchServer } from './server.js';
import { createTarget, databaseVersion } from './target.js';

/** The figure as stored in the result JSON. */
export interface MultiInstanceFigure {
  instances: number;
  concurrency: number;
  reports_per_s: number;
  p50_ms: number;
  p99_ms: number;
  reports: number;
  /** Cases raced (one `accept` per instance at once) and the 409s they drew: (instances − 1) each. */
  race_cases: number;
  conflicts: number;
  /** p99 of the raced actions, winners and losers together. */
  race_p99_ms: number;
  /** The same load on one of the instances alone, in the same run: what several instances add on this machine. */
  one_instance: { reports_per_s: number; p50_ms: number; p99_ms: number };
  /** Case numbers of the year 1..n, each once, after the run. */
  numbers_gapless: boolean;
}

const HQ_TOKEN = 'ddt_benchhq1_hq-dispatcher-token-for-the-benchmark';

/** A bearer token for the bench city's first HQ dispatcher (the load generator's actions). */
async function addHqToken(url: string, hq: Actor, at: string): Promise<void> {
  const database = openDatabase(url);
  try {
    await sessionRepository.insertToken(database.db, {
      user_id: hq.userId,
      name: 'bench-multi',
      token_hash: keyedHash(BENCH_SECRET, HQ_TOKEN),
      prefix: HQ_TOKEN.slice(4, 12),
      created_at: at,
      last_used_at: null,
      revoked_at: null,
      expires_at: new Date(Date.parse(at) + 3650 * 86_400_000).toISOString(),
      scopes: JSON.stringify(scopableOf(permissionsOf(hq))),
    });
  } finally {
    await database.close();
  }
}

/** Runs `concurrency` workers over the servers round-robin for `seconds` after `warmup`; keeps each 201's case id. */
async function reportLoad(
  servers: BenchServer[],
  token: string,
  opts: { concurrency: number; seconds: number; warmup: number; next: (i: number) => Req },
): Promise<{ latencies: number[]; seconds: number; ids: number[] }> {
  const agents = servers.map(() => new http.Agent({ keepAlive: true, maxSockets: opts.concurrency }));
  const bases = servers.map((s) => new URL(s.url));
  const headers = { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  const ids: number[] = [];
  const t0 = performance.now();
  const measureFrom = t0 + opts.warmup * 1000;
  const end = measureFrom + opts.seconds * 1000;
  let i = 0;
  let first = Infinity;
  let last = 0;
  const worker = async (w: number): Promise<void> => {
    const k = w % servers.length;
    while (performance.now() < end) {
      const req = opts.next(i++);
      const started = performance.now();
      const res = await send(agents[k]!, bases[k]!, headers, req);
      const done = performance.now();
      if (res.status !== 201) throw new Error(`${servers[k]!.url}${req.path} answered ${res.status}: ${res.body.slice(0, 300)}`);
      ids.push((JSON.parse(res.body) as { id: number }).id);
      if (started >= measureFrom) {
        latencies.push(done - started);
        first = Math.min(first, started);
        last = Math.max(last, done);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  } finally {
    for (const a of agents) a.destroy();
  }
  return { latencies, seconds: Math.max(1e-3, (last - first) / 1000), ids };
}

/** The same accept, same version, to every server at once, for each case in turn (a few cases at a time). */
async function raceAccepts(
  servers: BenchServer[],
  dbUrl: string,
  ids: number[],
): Promise<{ conflicts: number; latencies: number[]; badCases: string[] }> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const versions = new Map(
    (await c.query<{ id: number; version: number }>('select id, version from cases where id = any($1)', [ids])).rows.map((r) => [
      r.id,
      r.version,
    ]),
  );
  await c.end();
  const agents = servers.map(() => new http.Agent({ keepAlive: true, maxSockets: 4 }));
  const bases = servers.map((s) => new URL(s.url));
  const headers = { authorization: `Bearer ${HQ_TOKEN}` };
  const latencies: number[] = [];
  const badCases: string[] = [];
  let conflicts = 0;
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const body = JSON.stringify({ action: 'accept', version: versions.get(id) });
      const answers = await Promise.all(
        servers.map(async (_, k) => {
          const t = performance.now();
          const r = await send(agents[k]!, bases[k]!, headers, { method: 'POST', path: `/api/cases/${id}/actions`, body });
          latencies.push(performance.now() - t);
          return r;
        }),
      );
      const won = answers.filter((a) => a.status === 200).length;
      const lost = answers.filter((a) => a.status === 409).length;
      conflicts += lost;
      if (won !== 1 || won + lost !== servers.length)
        badCases.push(`case ${id}: ${answers.map((a) => `${a.status} ${a.body.slice(0, 120)}`).join(' | ')}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: 4 }, lane));
  } finally {
    for (const a of agents) a.destroy();
  }
  return { conflicts, latencies, badCases };
}

/** True when the year's case numbers are 1..n, each once. */
async function numbersGapless(dbUrl: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ number: string }>('select number from cases');
    const byYear = new Map<string, number[]>();
    for (const r of rows) {
      const m = /(\d{4})-(\d{6})$/.exec(r.number);
      if (!m) return false;
      byYear.set(m[1]!, [...(byYear.get(m[1]!) ?? []), Number(m[2])]);
    }
    return [...byYear.values()].every((s) => s.sort((a, b) => a - b).every((n, i) => n === i + 1));
  } finally {
    await c.end();
  }
}

/** The multi-instance figure on a fresh PostgreSQL bench city of `cases` cases (dropped at the end). */
export async function runMultiBench(opts: { pgUrl: string; instances: number; cases: number; seconds: number; raceCases: number }) {
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const target = await createTarget('pg', opts.pgUrl);
  const servers: BenchServer[] = [];
  try {
    const nowMs = Date.now();
    log(`[pg multi] generating ${opts.cases} cases…`);
    const { city, load } = await prepareCity(target, opts.cases, nowMs);
    log(`[pg multi] loaded ${load.cases} cases in ${load.seconds.toFixed(1)} s`);
    const hq = city.hq[0]!;
    await addHqToken(target.url, hq, new Date(nowMs - 86_400_000).toISOString());
    // One after the other: the first migrates, and starts compete for the two cores otherwise.
    for (let k = 0; k < opts.instances; k++) servers.push(await startBenchServer(target.url, target.dir));
    log(`[pg multi] ${servers.length} instances: ${servers.map((s) => s.url).join(' ')}`);
    const areas = city.areas;
    const body = (i: number): Req => reportRequest(areas, i, '多实例基准');
    const concurrency = 16;
    const loadavgStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
    const alone = await reportLoad(servers.slice(0, 1), city.tokens.inspector, {
      concurrency,
      seconds: opts.seconds,
      warmup: 2,
      next: (i) => body(i + 1_000_000),
    });
    const a = summarize(alone.latencies, alone.seconds);
    log(`[pg multi] reports on one instance: ${JSON.stringify(a)}`);
    const load1 = await reportLoad(servers, city.tokens.inspector, { concurrency, seconds: opts.seconds, warmup: 2, next: body });
    const s = summarize(load1.latencies, load1.seconds);
    log(`[pg multi] reports on ${servers.length} instances: ${JSON.stringify(s)}`);
    const raced = load1.ids.slice(-opts.raceCases);
    const race = await raceAccepts(servers, target.url, raced);
    if (race.badCases.length) throw new Error(`races without exactly one winner:\n${race.badCases.slice(0, 10).join('\n')}`);
    const r = summarize(race.latencies, 1);
    log(`[pg multi] raced ${raced.length} cases: ${race.conflicts} conflicts, p99 ${r.p99_ms} ms`);
    const figure: MultiInstanceFigure = {
      instances: servers.length,
      concurrency,
      reports_per_s: s.per_s,
      p50_ms: s.p50_ms,
      p99_ms: s.p99_ms,
      reports: s.requests,
      race_cases: raced.length,
      conflicts: race.conflicts,
      race_p99_ms: r.p99_ms,
      one_instance: { reports_per_s: a.per_s, p50_ms: a.p50_ms, p99_ms: a.p99_ms },
      numbers_gapless: await numbersGapless(target.url),
    };
    return {
      db: 'pg',
      date: new Date().toISOString(),
      cases: load.cases,
      machine: {
        cpus: os.cpus().length,
        cpu_model: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        database: await databaseVersion('pg', target.url),
        loadavg_start: loadavgStart,
        loadavg_end: os.loadavg().map((x) => Math.round(x * 100) / 100),
      },
      multi_instance: figure,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await target.drop();
  }
}
