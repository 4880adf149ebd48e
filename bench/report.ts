import type { Dialect } from '../src/db/database.js';
import type { BriefingFigures } from './briefing.js';
import type { LoadResult } from './http-load.js';

/** Everything one run measured: the file bench/results/<db>-<scale>.json. */
export interface BenchResult {
  db: Dialect;
  scale: string;
  date: string;
  cases: number;
  events: number;
  machine: {
    cpus: number;
    cpu_model: string;
    memory_gb: number;
    node: string;
    database: string;
    os: string;
    loadavg_start: number[];
    loadavg_end: number[];
    /** Highest 1-minute load average seen during the run (sampled every 5 s). */
    loadavg_max?: number;
  };
  /** 1. Plain-SQL durable inserts (case + first event per transaction), one connection. */
  raw_per_s: number;
  /** The same with 16 connections (PostgreSQL only; SQLite has one writer). */
  raw_c16_per_s: number | null;
  /** 2. Reports over HTTP per concurrency. */
  intake: { c1: LoadResult; c16: LoadResult; c64: LoadResult };
  /** intake.c16.per_s / raw_per_s. */
  intake_over_raw: number;
  /** SQLite: intake c16 with group commit off (DUDAO_GROUP_COMMIT=false), same run; null on PostgreSQL. */
  intake_c16_no_group_commit: LoadResult | null;
  /** 3. Headline + week and month rankings, one request at a time. */
  dashboard: {
    p50_ms: number;
    p95_ms: number;
    requests: number;
    endpoints: Record<string, { p50_ms: number; p95_ms: number }>;
    /** p50 of GET /api/auth/me on the same connection: what any authenticated request costs on this machine. */
    floor_ms: number;
    over_10k: number | null;
  };
  /** 3b. The leader's cockpit (GET /api/dashboard/cockpit, week and month), one request at a time; absent in runs before issue 13. */
  cockpit?: {
    p50_ms: number;
    p95_ms: number;
    requests: number;
    endpoints: Record<string, { p50_ms: number; p95_ms: number }>;
    over_10k: number | null;
  };
  /** Issue 15: Open311's default GET requests.json (last 90 days, ≤ 1 000 rows), one request at a time; absent in older runs. */
  open311_get_requests?: { p50_ms: number; p95_ms: number; requests: number; rows: number; over_10k: number | null };
  /** 4. Rebuilding every aggregate from the event log, and whether it equals the maintained table. */
  recompute: { seconds: number; equal: boolean; cases: number; rows: number; differences: string[] };
  /** 5. One escalation sweep. */
  sweep_ms: number;
  sweep: { ms: number; candidates: number; planned: number; issued: number; cases: number };
  /** The month's briefing of ~500 units rendered as DOCX and PDF (median of warm renders; issue 13). */
  briefing_docx_ms: number;
  briefing_pdf_ms: number;
  briefing: BriefingFigures;
  /** Issue 13: HQ's compute of the last full month's 考核 results (every unit, every explanation line). */
  assessment_month_s: number;
  assessment: { seconds: number; period: string; units: number; lines: number };
  /** 6. Spawn to first /readyz, and RSS one second later. */
  start_ms: number;
  idle_rss_mb: number | null;
  /** 7. Gzip KB of the JavaScript of the login page, the inspector's first screen and the citizens' report page. */
  bundle: { login_js_gzip_kb: number; inspector_js_gzip_kb: number; public_js_gzip_kb: number };
  /** Issue 15: gzip KB of the JavaScript the citizens' report page (/report) loads (also in `bundle`). */
  public_js_gzip_kb: number;
  /** How the city was generated. */
  load: {
    seconds: number;
    span_days: number;
    open: number;
    overdue_pending: number;
    aggregate_rows: number;
    states: Record<string, number>;
  };
  targets: TargetCheck[];
}

/** One target of the issue, checked. `pass` is null where the target does not apply to this run. */
export interface TargetCheck {
  figure: string;
  value: string;
  target: string;
  pass: boolean | null;
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

/** The targets of issue 6 against one result. Timings never fail a run; only the table says pass or miss. */
export function evaluateTargets(r: BenchResult): TargetCheck[] {
  const is1m = r.scale === '1m';
  const ratioTarget = r.db === 'sqlite' ? 1.5 : 1;
  return [
    {
      figure: 'intake c16 / raw',
      value: `${r.intake_over_raw.toFixed(2)}×`,
      target: `≥ ${ratioTarget}×`,
      pass: r.intake_over_raw >= ratioTarget,
    },
    { figure: 'intake c16 p99', value: ms(r.intake.c16.p99_ms), target: '≤ 25 ms', pass: r.intake.c16.p99_ms <= 25 },
    { figure: 'dashboard p95', value: ms(r.dashboard.p95_ms), target: '≤ 20 ms at 1m', pass: is1m ? r.dashboard.p95_ms <= 20 : null },
    {
      figure: 'dashboard p95 / 10k',
      value: r.dashboard.over_10k === null ? (r.scale === '10k' ? '1.00×' : 'n/a') : `${r.dashboard.over_10k.toFixed(2)}×`,
      target: '≤ 1.5×',
      pass: r.dashboard.over_10k === null ? null : r.dashboard.over_10k <= 1.5,
    },
    ...(r.cockpit
      ? [
          { figure: 'cockpit p95', value: ms(r.cockpit.p95_ms), target: '≤ 20 ms at 1m', pass: is1m ? r.cockpit.p95_ms <= 20 : null },
          {
            figure: 'cockpit p95 / 10k',
            value: r.cockpit.over_10k === null ? (r.scale === '10k' ? '1.00×' : 'n/a') : `${r.cockpit.over_10k.toFixed(2)}×`,
            target: '≤ 1.5×',
            pass: r.cockpit.over_10k === null ? null : r.cockpit.over_10k <= 1.5,
          },
        ]
      : []),
    ...(r.open311_get_requests
      ? [
          {
            figure: 'open311 GET requests p95',
            value: ms(r.open311_get_requests.p95_ms),
            target: '≤ 20 ms at 1m',
            pass: is1m ? r.open311_get_requests.p95_ms <= 20 : null,
          },
          {
            figure: 'open311 p95 / 10k',
            value:
              r.open311_get_requests.over_10k === null
                ? r.scale === '10k'
                  ? '1.00×'
                  : 'n/a'
                : `${r.open311_get_requests.over_10k.toFixed(2)}×`,
            target: '≤ 1.5× (flat)',
            pass: r.open311_get_requests.over_10k === null ? null : r.open311_get_requests.over_10k <= 1.5,
          },
        ]
      : []),
    {
      figure: 'recompute',
      value: `${r.recompute.seconds.toFixed(2)} s`,
      target: '≤ 60 s at 1m',
      pass: is1m ? r.recompute.seconds <= 60 : null,
    },
    { figure: 'recompute equal', value: String(r.recompute.equal), target: 'true', pass: r.recompute.equal },
    { figure: 'sweep', value: ms(r.sweep_ms), target: '≤ 200 ms at 1m', pass: is1m ? r.sweep_ms <= 200 : null },
    { figure: 'briefing DOCX', value: ms(r.briefing_docx_ms), target: '≤ 1000 ms', pass: r.briefing_docx_ms <= 1000 },
    { figure: 'briefing PDF', value: ms(r.briefing_pdf_ms), target: '≤ 3000 ms', pass: r.briefing_pdf_ms <= 3000 },
    {
      figure: 'assessment month',
      value: `${r.assessment_month_s.toFixed(2)} s`,
      target: '≤ 2 s at 1m',
      pass: is1m ? r.assessment_month_s <= 2 : null,
    },
    { figure: 'start', value: ms(r.start_ms), target: '≤ 1500 ms', pass: r.start_ms <= 1500 },
    {
      figure: 'idle RSS',
      value: r.idle_rss_mb === null ? 'n/a' : `${r.idle_rss_mb} MB`,
      target: '≤ 150 MB',
      pass: r.idle_rss_mb === null ? null : r.idle_rss_mb <= 150,
    },
    { figure: 'login JS gzip', value: `${r.bundle.login_js_gzip_kb} KB`, target: '≤ 300 KB', pass: r.bundle.login_js_gzip_kb <= 300 },
    { figure: 'public JS gzip', value: `${r.public_js_gzip_kb} KB`, target: '≤ 120 KB', pass: r.public_js_gzip_kb <= 120 },
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ')).join('\n');
}

/** The printed report: every figure, then the targets with pass / miss. */
/** The server's CPU per report of an intake run, when measured. */
const cpu = (l: LoadResult) => (l.server_cpu_ms_per_request === undefined ? '' : `  server CPU ${l.server_cpu_ms_per_request} ms/report`);

export function formatResult(r: BenchResult): string {
  const i = r.intake;
  const figures = [
    ['figure', 'value'],
    [
      'cases / events',
      `${r.cases} / ${r.events} (generated in ${r.load.seconds} s; ${r.load.open} open, ${r.load.overdue_pending} overdue)`,
    ],
    ['1 raw (1 connection)', `${r.raw_per_s} tx/s${r.raw_c16_per_s !== null ? `; 16 connections ${r.raw_c16_per_s} tx/s` : ''}`],
    ...(['c1', 'c16', 'c64'] as const).map((c) => [
      `2 intake ${c}`,
      `${i[c].per_s}/s  p50 ${ms(i[c].p50_ms)}  p95 ${ms(i[c].p95_ms)}  p99 ${ms(i[c].p99_ms)}${cpu(i[c])}`,
    ]),
    ['2 intake c16 / raw', `${r.intake_over_raw}×`],
    ...(r.intake_c16_no_group_commit
      ? [
          [
            '2 … c16, group commit off',
            `${r.intake_c16_no_group_commit.per_s}/s  p50 ${ms(r.intake_c16_no_group_commit.p50_ms)}  p99 ${ms(r.intake_c16_no_group_commit.p99_ms)}${cpu(r.intake_c16_no_group_commit)}`,
          ],
        ]
      : []),
    [
      '3 dashboard',
      `p50 ${ms(r.dashboard.p50_ms)}  p95 ${ms(r.dashboard.p95_ms)}${r.dashboard.over_10k !== null ? `  (${r.dashboard.over_10k}× the 10k p95)` : ''}  (/api/auth/me p50 ${ms(r.dashboard.floor_ms)})`,
    ],
    ...(r.cockpit
      ? [
          [
            '3 cockpit',
            `p50 ${ms(r.cockpit.p50_ms)}  p95 ${ms(r.cockpit.p95_ms)}${r.cockpit.over_10k !== null ? `  (${r.cockpit.over_10k}× the 10k p95)` : ''}`,
          ],
        ]
      : []),
    ...(r.open311_get_requests
      ? [
          [
            '3 open311 GET requests',
            `p50 ${ms(r.open311_get_requests.p50_ms)}  p95 ${ms(r.open311_get_requests.p95_ms)} (${r.open311_get_requests.rows} rows)${r.open311_get_requests.over_10k !== null ? `  (${r.open311_get_requests.over_10k}× the 10k p95)` : ''}`,
          ],
        ]
      : []),
    ['4 recompute', `${r.recompute.seconds} s, ${r.recompute.rows} aggregate rows, equal: ${r.recompute.equal}`],
    ['5 sweep', `${ms(r.sweep_ms)} (${r.sweep.candidates} candidates, ${r.sweep.issued} letters, ${r.sweep.cases} cases)`],
    [
      '5b briefing DOCX / PDF',
      `${ms(r.briefing_docx_ms)} / ${ms(r.briefing_pdf_ms)} (first ${ms(r.briefing.docx_first_ms)} / ${ms(r.briefing.pdf_first_ms)}; ${r.briefing.units} units, ${r.briefing.pdf_pages} pages)`,
    ],
    [
      'assessment month',
      `${r.assessment_month_s} s (${r.assessment.period}, ${r.assessment.units} units, ${r.assessment.lines} explanation lines)`,
    ],
    ['6 start / idle RSS', `${r.start_ms} ms / ${r.idle_rss_mb} MB`],
    [
      '7 bundle (gzip)',
      `login ${r.bundle.login_js_gzip_kb} KB, inspector ${r.bundle.inspector_js_gzip_kb} KB, public ${r.bundle.public_js_gzip_kb} KB`,
    ],
  ];
  const targets = [
    ['target', 'value', 'wanted', ''],
    ...r.targets.map((t) => [t.figure, t.value, t.target, t.pass === null ? '—' : t.pass ? 'pass' : 'MISS']),
  ];
  const head = `Dudao benchmark — ${r.db}, scale ${r.scale}, ${r.date}\n${r.machine.cpus} × ${r.machine.cpu_model}, ${r.machine.memory_gb} GB, Node ${r.machine.node}, ${r.machine.database}, load average ${r.machine.loadavg_start.join(' ')} → ${r.machine.loadavg_end.join(' ')} (max ${r.machine.loadavg_max ?? '?'})`;
  return `${head}\n\n${table(figures)}\n\n${table(targets)}\n`;
}
