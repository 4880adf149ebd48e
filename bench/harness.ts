import os from 'node:os';
import { openDatabase } from '../src/db/database.js';
import type { Dialect } from '../src/db/database.js';
import { decide } from '../src/domain/cases/case-machine.js';
import { DEFAULT_CASE_POLICY } from '../src/domain/cases/case-types.js';
import { measureBriefing, type BriefingFigures } from './briefing.js';
import { measureBundle } from './bundle.js';
import { enableOpen311, measureOpen311, type Open311Figure } from './open311.js';
import { measureAssessmentMonth } from './assessment.js';
import { runLoad, runSequential, summarize, type LoadResult, type Req } from './http-load.js';
import { benchServices, prepareCity, reportRequest } from './prepare.js';
import { measureRaw, rawTemplate } from './raw.js';
import { evaluateTargets, type BenchResult } from './report.js';
import { startBenchServer } from './server.js';
import { createTarget, databaseVersion } from './target.js';

/** How big a city, and how long each figure is measured. */
export interface Scale {
  name: 'smoke' | '10k' | '100k' | '1m';
  cases: number;
  /** Seconds per raw and intake run, and warm-up before each intake run. */
  seconds: number;
  warmup: number;
  /** Rounds of the three dashboard requests. */
  dashboardRounds: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  smoke: { name: 'smoke', cases: 1_000, seconds: 1, warmup: 0.2, dashboardRounds: 15 },
  '10k': { name: '10k', cases: 10_000, seconds: 10, warmup: 2, dashboardRounds: 200 },
  '100k': { name: '100k', cases: 100_000, seconds: 10, warmup: 2, dashboardRounds: 200 },
  '1m': { name: '1m', cases: 1_000_000, seconds: 10, warmup: 2, dashboardRounds: 200 },
};

export interface BenchOptions {
  db: Dialect;
  scale: Scale;
  pgUrl: string;
  /** Progress lines (stderr by default). */
  log?: (line: string) => void;
  /** The 10k result of the same database, for the dashboard's growth ratio. */
  baseline10k?: BenchResult | null;
}

const CONCURRENCY = [1, 16, 64] as const;

/**
 * Runs the whole benchmark on a fresh database: generate the city, then figures
 * 1 (raw) → 4 (recompute) → 5 (sweep) → 6 (start, idle RSS) → 3 (dashboards) → 2 (intake,
 * last, because every report it sends adds a case; on SQLite then c16 again with group commit
 * off, to show what it gains) → 7 (bundle). Everything but intake
 * thus sees the city exactly at its scale. The database is dropped at the end, whatever happens.
 */
export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const { scale } = opts;
  const loadavgStart = os.loadavg();
  // The 1-minute load average every 5 s: other work on the machine shows in the figures, so the file says how much there was.
  let loadavgMax = loadavgStart[0]!;
  const sampler = setInterval(() => (loadavgMax = Math.max(loadavgMax, os.loadavg()[0]!)), 5000);
  sampler.unref();
  const target = await createTarget(opts.db, opts.pgUrl);
  try {
    const nowMs = Date.now();
    log(`[${opts.db} ${scale.name}] generating ${scale.cases} cases…`);
    const { city, load, campaignId } = await prepareCity(target, scale.cases, nowMs);
    log(
      `[${opts.db} ${scale.name}] loaded ${load.cases} cases, ${load.events} events in ${load.seconds.toFixed(1)} s (${load.open} open, ${load.overduePending} overdue)`,
    );

    // 1. raw
    const first = decide(
      null,
      { action: 'report', caseId: 1, source: 'video', categoryCode: 'E01-01', severity: 'normal', evidenceCount: 0 },
      city.inspectors[0]!,
      new Date(nowMs),
      DEFAULT_CASE_POLICY,
    );
    if (!first.ok) throw new Error('bench: the raw template report was refused');
    const tpl = rawTemplate(JSON.stringify(first.next), JSON.stringify({ ...first.event.data, evidenceCount: 0 }), first.event.at);
    const raw = await measureRaw(opts.db, target.url, scale.seconds, tpl);
    log(
      `[${opts.db} ${scale.name}] raw ${raw.per_s.toFixed(0)}/s${raw.c16_per_s ? ` (16 connections: ${raw.c16_per_s.toFixed(0)}/s)` : ''}`,
    );

    // 4. recompute and 5. sweep, in process on the city as generated (before the load adds reports).
    const database = openDatabase(target.url);
    let sweep: BenchResult['sweep'];
    let recompute: BenchResult['recompute'];
    let briefing: BriefingFigures;
    let assessment: BenchResult['assessment'];
    try {
      const services = benchServices(database, target.dir);
      let t = performance.now();
      const r = await services.caseQuery.recompute();
      recompute = {
        seconds: Math.round((performance.now() - t) / 10) / 100,
        equal: r.equal,
        cases: r.cases,
        rows: r.rows,
        differences: r.differences.slice(0, 10),
      };
      log(`[${opts.db} ${scale.name}] recompute ${recompute.seconds} s over ${r.cases} cases, equal: ${r.equal}`);
      t = performance.now();
      const report = await services.escalation.sweep(new Date());
      const sweepMs = performance.now() - t;
      sweep = {
        ms: Math.round(sweepMs * 10) / 10,
        candidates: report.candidates,
        planned: report.planned,
        issued: report.issued,
        cases: report.letters.reduce((s, l) => s + l.cases, 0),
      };
      log(`[${opts.db} ${scale.name}] sweep ${sweep.ms} ms: ${JSON.stringify(sweep)}`);
      assessment = await measureAssessmentMonth(services, city.hq[0]!, campaignId, nowMs);
      log(`[${opts.db} ${scale.name}] assessment month ${assessment.seconds} s: ${JSON.stringify(assessment)}`);
      briefing = await measureBriefing(services, city.hq[0]!, new Date(nowMs));
      log(`[${opts.db} ${scale.name}] briefing: ${JSON.stringify(briefing)}`);
    } finally {
      await database.close();
    }

    // One report per request, spread over the city's areas.
    const areas = city.areas;
    const body = (i: number): Req => reportRequest(areas, i, '基准');

    // 6. start and idle RSS; 3. dashboards; 2. intake (last: it adds cases) — over HTTP to the real server.
    // DUDAO_BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the server's node, to see where a figure's time goes.
    await enableOpen311(target.url);
    const server = await startBenchServer(target.url, target.dir, (process.env.DUDAO_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
    const intake: Record<string, LoadResult> = {};
    let dashboard: BenchResult['dashboard'];
    let cockpit: BenchResult['cockpit'];
    let open311: Open311Figure;
    let idleRss: number | null;
    try {
      await new Promise((r) => setTimeout(r, 1000));
      idleRss = server.rssMb();
      log(`[${opts.db} ${scale.name}] server ready in ${server.startMs.toFixed(0)} ms, idle RSS ${idleRss} MB`);
      const paths = ['/api/dashboard/headline', '/api/dashboard/ranking?period=week', '/api/dashboard/ranking?period=month'];
      // GET /api/auth/me alongside: the floor of an authenticated request on this machine (HTTP + token check).
      const lat = await runSequential(
        server.url,
        city.tokens.leader,
        [...paths, '/api/auth/me'].map((path) => ({ method: 'GET', path })),
        scale.dashboardRounds,
      );
      const floor = summarize(lat.get('/api/auth/me')!, 1).p50_ms;
      lat.delete('/api/auth/me');
      const all = [...lat.values()].flat();
      const overall = summarize(all, 1);
      dashboard = {
        p50_ms: overall.p50_ms,
        p95_ms: overall.p95_ms,
        requests: all.length,
        endpoints: Object.fromEntries([...lat].map(([p, l]) => [p, (({ p50_ms, p95_ms }) => ({ p50_ms, p95_ms }))(summarize(l, 1))])),
        floor_ms: floor,
        over_10k: null,
      };
      log(`[${opts.db} ${scale.name}] dashboard p50 ${dashboard.p50_ms} ms, p95 ${dashboard.p95_ms} ms`);
      // The leader's cockpit (issue 13): one answer per landing, the week and the month.
      const cockpitPaths = ['/api/dashboard/cockpit?period=week', '/api/dashboard/cockpit?period=month'];
      const cl = await runSequential(
        server.url,
        city.tokens.leader,
        cockpitPaths.map((path) => ({ method: 'GET', path })),
        scale.dashboardRounds,
      );
      const cAll = [...cl.values()].flat();
      const cOverall = summarize(cAll, 1);
      cockpit = {
        p50_ms: cOverall.p50_ms,
        p95_ms: cOverall.p95_ms,
        requests: cAll.length,
        endpoints: Object.fromEntries([...cl].map(([p, l]) => [p, (({ p50_ms, p95_ms }) => ({ p50_ms, p95_ms }))(summarize(l, 1))])),
        over_10k: null,
      };
      log(`[${opts.db} ${scale.name}] cockpit p50 ${cockpit.p50_ms} ms, p95 ${cockpit.p95_ms} ms`);
      // Issue 15: Open311's default GET requests (no key needed; the token header is ignored there).
      open311 = await measureOpen311(server.url, scale.dashboardRounds);
      log(`[${opts.db} ${scale.name}] open311 GET requests p50 ${open311.p50_ms} ms, p95 ${open311.p95_ms} ms (${open311.rows} rows)`);
      for (const c of CONCURRENCY) {
        intake[`c${c}`] = await runLoad({
          url: server.url,
          token: city.tokens.inspector,
          concurrency: c,
          seconds: scale.seconds,
          warmup: scale.warmup,
          expect: 201,
          next: body,
          serverPid: server.pid,
        });
        log(`[${opts.db} ${scale.name}] intake c${c}: ${JSON.stringify(intake[`c${c}`])}`);
      }
    } finally {
      await server.stop();
    }
    // What group commit gains: the same c16 load against a server that commits each report alone.
    let noGroup: LoadResult | null = null;
    if (opts.db === 'sqlite') {
      const alone = await startBenchServer(target.url, target.dir, [], { DUDAO_GROUP_COMMIT: 'false' });
      try {
        noGroup = await runLoad({
          url: alone.url,
          token: city.tokens.inspector,
          concurrency: 16,
          seconds: scale.seconds,
          warmup: scale.warmup,
          expect: 201,
          next: body,
          serverPid: alone.pid,
        });
        log(`[${opts.db} ${scale.name}] intake c16 without group commit: ${JSON.stringify(noGroup)}`);
      } finally {
        await alone.stop();
      }
    }

    const bundle = measureBundle();
    const result: BenchResult = {
      db: opts.db,
      scale: scale.name,
      date: new Date().toISOString(),
      cases: load.cases,
      events: load.events,
      machine: {
        cpus: os.cpus().length,
        cpu_model: os.cpus()[0]?.model ?? 'unknown',
        memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        node: process.version,
        database: await databaseVersion(opts.db, target.url),
        os: `${os.type()} ${os.release()}`,
        loadavg_start: loadavgStart.map((x) => Math.round(x * 100) / 100),
        loadavg_end: os.loadavg().map((x) => Math.round(x * 100) / 100),
        loadavg_max: Math.round(loadavgMax * 100) / 100,
      },
      raw_per_s: Math.round(raw.per_s * 10) / 10,
      raw_c16_per_s: raw.c16_per_s === null ? null : Math.round(raw.c16_per_s * 10) / 10,
      intake: intake as BenchResult['intake'],
      intake_over_raw: Math.round((intake.c16!.per_s / raw.per_s) * 1000) / 1000,
      intake_c16_no_group_commit: noGroup,
      dashboard: dashboard!,
      cockpit: cockpit,
      open311_get_requests: open311!,
      recompute: recompute!,
      sweep_ms: sweep!.ms,
      sweep: sweep!,
      briefing_docx_ms: briefing!.docx_ms,
      briefing_pdf_ms: briefing!.pdf_ms,
      briefing: briefing!,
      assessment_month_s: assessment!.seconds,
      assessment: assessment!,
      start_ms: Math.round(server.startMs),
      idle_rss_mb: idleRss!,
      bundle: {
        login_js_gzip_kb: bundle.login_js_gzip_kb,
        inspector_js_gzip_kb: bundle.inspector_js_gzip_kb,
        public_js_gzip_kb: bundle.public_js_gzip_kb,
      },
      public_js_gzip_kb: bundle.public_js_gzip_kb,
      load: {
        seconds: Math.round(load.seconds * 10) / 10,
        span_days: load.spanDays,
        open: load.open,
        overdue_pending: load.overduePending,
        aggregate_rows: load.aggregateRows,
        states: load.states,
      },
      targets: [],
    };
    if (opts.baseline10k && opts.baseline10k.dashboard.p95_ms > 0)
      result.dashboard.over_10k = Math.round((result.dashboard.p95_ms / opts.baseline10k.dashboard.p95_ms) * 100) / 100;
    if (opts.baseline10k?.cockpit && opts.baseline10k.cockpit.p95_ms > 0)
      result.cockpit!.over_10k = Math.round((result.cockpit!.p95_ms / opts.baseline10k.cockpit.p95_ms) * 100) / 100;
    if (opts.baseline10k?.open311_get_requests && opts.baseline10k.open311_get_requests.p95_ms > 0)
      result.open311_get_requests!.over_10k =
        Math.round((result.open311_get_requests!.p95_ms / opts.baseline10k.open311_get_requests.p95_ms) * 100) / 100;
    result.targets = evaluateTargets(result);
    return result;
  } finally {
    clearInterval(sampler);
    await target.drop();
  }
}
