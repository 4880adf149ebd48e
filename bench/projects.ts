import os from 'node:os';
import { openDatabase, type Database, type Dialect } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { projectRollupRepository } from '../src/db/repositories/project-rollup.repository.js';
import { PROJECT_CATEGORIES, PROJECT_LEVELS, PROJECT_STAGES, type ProjectStage } from '../src/shared/project-enums.js';
import { loadCity } from './city.js';
import { runSequential, summarize } from './http-load.js';
import { BENCH_SECRET } from './prepare.js';
import { startBenchServer } from './server.js';
import { createTarget, databaseVersion } from './target.js';

/** What `--projects N` measured: the file bench/results/<db>-projects.json. */
export interface ProjectsBenchResult {
  db: Dialect;
  date: string;
  projects: number;
  stage_records: number;
  batches: number;
  /** Monthly investment reports loaded (null: the investment tables are not in this build). */
  monthly_reports: number | null;
  load_seconds: number;
  machine: { cpus: number; cpu_model: string; node: string; database: string; loadavg_start: number[]; loadavg_end: number[] };
  /** GET /api/project-rollups (several dimensions, a period) and /summary, one at a time as the leader: target p95 ≤ 20 ms. */
  projects_rollup: {
    p50_ms: number;
    p95_ms: number;
    requests: number;
    endpoints: Record<string, { p50_ms: number; p95_ms: number }>;
    /** Each request's first answer on a fresh server, before anything is memoized (what follows a write). */
    cold_ms: Record<string, number>;
  };
}

const CHAINS = ['生物降解材料', '生物医药', '智能零部件', '精密装备制造', '食品加工', null];
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** A small deterministic generator (mulberry32), so every run loads the same register. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Loads `n` projects over the bench city's counties and work teams, each with confirmed stage
 * records from 签约 up to a random stage over the last three years, and three "三个一批"
 * batches per county. Written with multi-row inserts in one transaction.
 */
export async function loadProjects(database: Database, n: number, nowMs: number): Promise<{ records: number; batches: number }> {
  const db = database.db;
  const units = await db.selectFrom('units').select(['id', 'kind']).execute();
  const counties = units.filter((u) => ['county', 'district', 'county_city', 'dev_zone'].includes(u.kind)).map((u) => Number(u.id));
  const teams = units.filter((u) => u.kind === 'work_team').map((u) => Number(u.id));
  const rand = rng(14);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const at = new Date(nowMs - 3 * 365 * DAY).toISOString();
  let records = 0;
  let batches = 0;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < n; start += 500) {
      const rows = [];
      for (let i = start; i < Math.min(n, start + 500); i++)
        rows.push({
          code: `BENCH-XM-${String(i + 1).padStart(6, '0')}`,
          name: `基准项目${i + 1}`,
          county_unit_id: pick(counties),
          industry_chain: pick(CHAINS),
          level: pick(PROJECT_LEVELS),
          category: pick(PROJECT_CATEGORIES),
          investor: null,
          // 500万 to 30亿, most under 5亿.
          total_investment_wan_cents: Math.round(500 * 100 * Math.exp(rand() * Math.log(6000))),
          lon: 114.1 + rand() * 1.5,
          lat: 33.1 + rand() * 1.2,
          work_team_unit_id: rand() < 0.6 ? pick(teams) : null,
          leader_user_id: null,
          current_stage: 'planning',
          current_stage_date: null,
          status: rand() < 0.02 ? 'terminated' : 'active',
          created_at: at,
          updated_at: at,
        });
      const ids = (await trx.insertInto('projects').values(rows).returning('id').execute()).map((r) => Number(r.id));
      const recs = [];
      const updates: { id: number; stage: ProjectStage; date: string }[] = [];
      for (const id of ids) {
        // 谋划 (no record) to 达产; one record per stage from 签约, a month or two apart.
        const top = Math.floor(rand() * PROJECT_STAGES.length);
        let ms = nowMs - Math.floor(rand() * 3 * 365) * DAY;
        for (let s = 1; s <= top; s++) {
          const stage = PROJECT_STAGES[s]!;
          if (stage === 'partly_producing' && rand() < 0.5) continue;
          recs.push({
            project_id: id,
            stage,
            from_stage: PROJECT_STAGES[s - 1]!,
            actual_date: dayOf(Math.min(ms, nowMs)),
            note: '',
            move: 'next',
            reason: null,
            status: 'confirmed',
            recorded_by: null,
            recorded_at: at,
            decided_by: null,
            decided_at: at,
            decision_reason: null,
          });
          updates.push({ id, stage, date: dayOf(Math.min(ms, nowMs)) });
          ms += (20 + Math.floor(rand() * 60)) * DAY;
        }
      }
      for (let k = 0; k < recs.length; k += 500)
        await trx
          .insertInto('project_stage_records')
          .values(recs.slice(k, k + 500))
          .execute();
      records += recs.length;
      for (const u of updates)
        await trx.updateTable('projects').set({ current_stage: u.stage, current_stage_date: u.date }).where('id', '=', u.id).execute();
    }
    // The roll-ups' maintained stage spans, as deciding each record would have kept them.
    await projectRollupRepository.refreshStageSpans(trx, null);
    // Three batches per county, ten projects each.
    const all = (await trx.selectFrom('projects').select(['id', 'county_unit_id']).execute()).map((r) => ({
      id: Number(r.id),
      county: Number(r.county_unit_id),
    }));
    for (const county of counties) {
      const mine = all.filter((p) => p.county === county);
      for (let seq = 1; seq <= 3; seq++) {
        const b = await trx
          .insertInto('project_batches')
          .values({
            county_unit_id: county,
            name: `第${seq}期`,
            seq,
            event_date: dayOf(nowMs - (4 - seq) * 90 * DAY),
            created_by: null,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        batches += 1;
        const items = mine.slice((seq - 1) * 10, seq * 10).map((p, k) => ({
          batch_id: Number(b.id),
          project_id: p.id,
          role: (['sign', 'start', 'produce'] as const)[k % 3]!,
          added_at: at,
        }));
        if (items.length) await trx.insertInto('project_batch_items').values(items).execute();
      }
    }
  });
  return { records, batches };
}

/**
 * `npm run bench -- --projects N`: only the projects figure. A fresh database with the bench
 * city's directory and N projects; the real server over HTTP; the leader's token asks the
 * roll-ups one at a time (after a round to warm up). The figure `projects_rollup` is the p95 of
 * all of them (target ≤ 20 ms at 10 000 projects).
 */
export async function runProjectsBench(opts: {
  db: Dialect;
  pgUrl: string;
  projects: number;
  rounds: number;
  log?: (line: string) => void;
}): Promise<ProjectsBenchResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const loadavgStart = os.loadavg();
  const target = await createTarget(opts.db, opts.pgUrl);
  try {
    const nowMs = Date.now();
    const database = openDatabase(target.url);
    let records: number;
    let batches: number;
    const t = performance.now();
    let tokens: { leader: string };
    try {
      await migrateToLatest(database);
      tokens = (await loadCity(database, BENCH_SECRET, new Date(nowMs - 4 * 365 * DAY).toISOString())).tokens;
      ({ records, batches } = await loadProjects(database, opts.projects, nowMs));
    } finally {
      await database.close();
    }
    const loadSeconds = Math.round((performance.now() - t) / 100) / 10;
    // Monthly investment reports: their tables (0019_project_investment) are not in this build yet.
    log(`[${opts.db} projects] loaded ${opts.projects} projects, ${records} stage records, ${batches} batches in ${loadSeconds} s`);
    const server = await startBenchServer(target.url, target.dir);
    try {
      const year = dayOf(nowMs).slice(0, 4);
      const paths = [
        '/api/project-rollups?by=county',
        '/api/project-rollups?by=chain',
        '/api/project-rollups?by=team',
        '/api/project-rollups?by=size',
        '/api/project-rollups?by=stage',
        '/api/project-rollups?by=batch',
        `/api/project-rollups?by=county&from=${year}-01-01&to=${dayOf(nowMs)}&minInvestment=10000`,
        `/api/project-rollups?by=stage&asOf=${year}-01-01`,
        '/api/project-rollups/summary',
      ];
      // Cold: each request once on a fresh server (nothing memoized yet), as after any write.
      const cold: Record<string, number> = {};
      for (const path of paths) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokens.leader}` } });
        await res.text();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        cold[path] = Math.round((performance.now() - t0) * 10) / 10;
      }
      log(`[${opts.db} projects] cold (first answer after a write): ${JSON.stringify(cold)}`);
      const lat = await runSequential(
        server.url,
        tokens.leader,
        paths.map((path) => ({ method: 'GET', path })),
        opts.rounds,
      );
      const all = [...lat.values()].flat();
      const overall = summarize(all, 1);
      const result: ProjectsBenchResult = {
        db: opts.db,
        date: new Date().toISOString(),
        projects: opts.projects,
        stage_records: records,
        batches,
        monthly_reports: null,
        load_seconds: loadSeconds,
        machine: {
          cpus: os.cpus().length,
          cpu_model: os.cpus()[0]?.model ?? 'unknown',
          node: process.version,
          database: await databaseVersion(opts.db, target.url),
          loadavg_start: loadavgStart.map((x) => Math.round(x * 100) / 100),
          loadavg_end: os.loadavg().map((x) => Math.round(x * 100) / 100),
        },
        projects_rollup: {
          p50_ms: overall.p50_ms,
          p95_ms: overall.p95_ms,
          requests: all.length,
          endpoints: Object.fromEntries([...lat].map(([p, l]) => [p, (({ p50_ms, p95_ms }) => ({ p50_ms, p95_ms }))(summarize(l, 1))])),
          cold_ms: cold,
        },
      };
      log(`[${opts.db} projects] projects_rollup p50 ${overall.p50_ms} ms, p95 ${overall.p95_ms} ms (target ≤ 20 ms)`);
      return result;
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}
