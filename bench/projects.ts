import os from 'node:os';
import type { Insertable } from 'kysely';
import { openDatabase, type Database, type Dialect } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { campaignRepository } from '../src/db/repositories/campaign.repository.js';
import { DEMO_LADDER } from '../src/demo/demo-ladder.js';
import type { ProjectInvestmentReportsTable } from '../src/db/schema.js';
import { projectRollupRepository } from '../src/db/repositories/project-rollup.repository.js';
import { INDUSTRIAL_CATEGORIES } from '../src/domain/projects/rollups.js';
import { PROJECT_CATEGORIES, PROJECT_LEVELS, PROJECT_STAGES, type ProjectStage } from '../src/shared/project-enums.js';
import { loadCity } from './city.js';
import { runSequential, summarize } from './http-load.js';
import { BENCH_SECRET, benchServices } from './prepare.js';
import { startBenchServer } from './server.js';
import { createTarget, databaseVersion } from './target.js';

/** What `--projects N` measured: the file bench/results/<db>-projects.json. */
export interface ProjectsBenchResult {
  db: Dialect;
  date: string;
  projects: number;
  stage_records: number;
  batches: number;
  /** Monthly investment report versions loaded (12 months per project and the corrections; null in results of older builds). */
  monthly_reports: number | null;
  /** Annual investment plans loaded (this year's, of each industrial project). */
  annual_plans?: number;
  /**
   * Late and missing monthly reports (src/services/projects/project-investment-lapses.ts): the
   * office's list over HTTP as the leader (GET /api/project-reports/lapses, first page), and one
   * report-lapse sweep in the bench process (what the job runs), with what it found and issued.
   */
  report_lapses?: {
    list_p50_ms: number;
    list_p95_ms: number;
    list_cold_ms: number;
    list_total: number;
    sweep_ms: number | null;
    sweep_candidates: number | null;
    sweep_letters: number | null;
    sweep_error?: string;
  };
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
 * The investment module's records at the register's scale (issue 14 point 4, migration
 * 0019_project_investment), in the shape ProjectInvestmentService writes them: this year's annual
 * plan for each industrial project (the ones that must report, the 在建工业项目 of the summary
 * among them), and 12 monthly reports for every project — the 12 months that have ended by
 * `nowMs`, filed on the 1st–7th of the next month (due by the 5th: some are late), the earliest
 * month with the opening balance (开工以来累计) — plus a correction (version 2, with its reason)
 * for about 3% of them. About 1% of the reporting projects' months of this year are not filed
 * (missing: what the report-lapse sweep writes letters about).
 * Multi-row inserts in one transaction, not the service per row.
 */
export async function loadInvestment(database: Database, nowMs: number): Promise<{ plans: number; reports: number }> {
  const db = database.db;
  const rand = rng(1419);
  const today = dayOf(nowMs);
  const year = Number(today.slice(0, 4));
  // The 12 months ended by today, oldest first.
  const months: { year: number; month: number }[] = [];
  for (let k = 12; k >= 1; k--) {
    const m0 = Number(today.slice(5, 7)) - 1 - k; // 0-based month index relative to this year
    months.push({ year: year + Math.floor(m0 / 12), month: (((m0 % 12) + 12) % 12) + 1 });
  }
  const filedAt = (y: number, m: number, day: number) =>
    new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, day, 1 + Math.floor(rand() * 9))).toISOString();
  const projects = await db.selectFrom('projects').select(['id', 'category', 'total_investment_wan_cents']).orderBy('id').execute();
  let plans = 0;
  let reports = 0;
  await db.transaction().execute(async (trx) => {
    const planRows = [];
    for (const p of projects) {
      if (!(INDUSTRIAL_CATEGORIES as readonly string[]).includes(p.category)) continue;
      const total = Number(p.total_investment_wan_cents);
      for (const y of [year])
        planRows.push({
          project_id: Number(p.id),
          year: y,
          // A fifth to a half of the total in a year.
          plan_wan_cents: Math.round(total * (0.2 + rand() * 0.3)),
          note: null,
          version: 1,
          set_by: null,
          set_at: new Date(Date.UTC(y, 0, 10)).toISOString(),
        });
    }
    for (let k = 0; k < planRows.length; k += 500)
      await trx
        .insertInto('project_investment_plans')
        .values(planRows.slice(k, k + 500))
        .execute();
    plans = planRows.length;
    let rows: Insertable<ProjectInvestmentReportsTable>[] = [];
    const flush = async () => {
      if (rows.length) await trx.insertInto('project_investment_reports').values(rows).execute();
      reports += rows.length;
      rows = [];
    };
    for (const p of projects) {
      const reporting = (INDUSTRIAL_CATEGORIES as readonly string[]).includes(p.category);
      const monthly = Number(p.total_investment_wan_cents) / 36;
      for (const [i, m] of months.entries()) {
        if (reporting && m.year === year && i > 0 && rand() < 0.01) continue;
        const completed = Math.round(monthly * (0.3 + rand() * 1.4));
        const at = filedAt(m.year, m.month, 1 + Math.floor(rand() * 7));
        const base = {
          project_id: Number(p.id),
          year: m.year,
          month: m.month,
          progress: `${m.month}月：主体施工按计划推进`,
          problems: '',
          submitted_by: null,
        };
        rows.push({
          ...base,
          version: 1,
          completed_wan_cents: completed,
          opening_wan_cents: i === 0 ? Math.round(monthly * 6) : null,
          correction_reason: null,
          submitted_at: at,
        });
        if (rand() < 0.03)
          rows.push({
            ...base,
            version: 2,
            completed_wan_cents: Math.round(completed * (0.8 + rand() * 0.4)),
            opening_wan_cents: i === 0 ? Math.round(monthly * 6) : null,
            correction_reason: '统计口径更正',
            submitted_at: new Date(new Date(at).getTime() + 2 * DAY).toISOString(),
          });
        if (rows.length >= 500) await flush();
      }
    }
    await flush();
  });
  return { plans, reports };
}

/**
 * The office's lapse list over HTTP (a cold first answer, then 10 in a row), then one sweep of
 * the report-lapse job through the application's services in this process.
 */
async function measureLapses(
  url: string,
  token: string,
  dbUrl: string,
  dir: string,
): Promise<NonNullable<ProjectsBenchResult['report_lapses']>> {
  const get = async () => {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/project-reports/lapses`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { total: number };
    if (res.status !== 200) throw new Error(`/api/project-reports/lapses answered ${res.status}`);
    return { ms: performance.now() - t0, total: body.total };
  };
  const cold = await get();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) times.push((await get()).ms);
  const list = summarize(times, 1);
  const database = openDatabase(dbUrl);
  try {
    // The sweep writes letters up the escalation ladder: the demo's, as the main bench stores it.
    await campaignRepository.insert(database.db, {
      name: 'bench',
      framework_id: null,
      settings: JSON.stringify({ ladder: DEMO_LADDER }),
      created_at: new Date().toISOString(),
    });
    const services = benchServices(database, dir);
    const t0 = performance.now();
    try {
      const r = await services.projectReportLapses.sweep(new Date());
      return {
        list_p50_ms: list.p50_ms,
        list_p95_ms: list.p95_ms,
        list_cold_ms: Math.round(cold.ms * 10) / 10,
        list_total: cold.total,
        sweep_ms: Math.round(performance.now() - t0),
        sweep_candidates: r.candidates,
        sweep_letters: r.issued + r.prepared,
      };
    } catch (e) {
      return {
        list_p50_ms: list.p50_ms,
        list_p95_ms: list.p95_ms,
        list_cold_ms: Math.round(cold.ms * 10) / 10,
        list_total: cold.total,
        sweep_ms: null,
        sweep_candidates: null,
        sweep_letters: null,
        sweep_error: e instanceof Error ? e.message : String(e),
      };
    }
  } finally {
    await database.close();
  }
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
    let investment: { plans: number; reports: number };
    const t = performance.now();
    let tokens: { leader: string };
    try {
      await migrateToLatest(database);
      tokens = (await loadCity(database, BENCH_SECRET, new Date(nowMs - 4 * 365 * DAY).toISOString())).tokens;
      ({ records, batches } = await loadProjects(database, opts.projects, nowMs));
      investment = await loadInvestment(database, nowMs);
    } finally {
      await database.close();
    }
    const loadSeconds = Math.round((performance.now() - t) / 100) / 10;
    log(
      `[${opts.db} projects] loaded ${opts.projects} projects, ${records} stage records, ${batches} batches, ` +
        `${investment.plans} annual plans, ${investment.reports} monthly report versions in ${loadSeconds} s`,
    );
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
        monthly_reports: investment.reports,
        annual_plans: investment.plans,
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
      result.report_lapses = await measureLapses(server.url, tokens.leader, target.url, target.dir);
      log(`[${opts.db} projects] report lapses: ${JSON.stringify(result.report_lapses)}`);
      result.machine.loadavg_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
      return result;
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}
