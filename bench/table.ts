/**
 * `npx tsx bench/table.ts` — the results table of docs/PERFORMANCE.md, in Markdown,
 * from every bench/results/<db>-<scale>.json present (so the document is regenerated,
 * never typed by hand).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchResult } from './report.js';

const RESULTS = resolve(import.meta.dirname, 'results');
const runs: BenchResult[] = [];
for (const db of ['sqlite', 'pg']) {
  for (const scale of ['10k', '100k', '1m', 'smoke']) {
    const f = join(RESULTS, `${db}-${scale}.json`);
    if (existsSync(f)) runs.push(JSON.parse(readFileSync(f, 'utf8')) as BenchResult);
  }
}
if (!runs.length) throw new Error(`no results in ${RESULTS}`);

const n = (x: number, d = 1): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const mark = (r: BenchResult, figure: string): string => {
  const t = r.targets.find((x) => x.figure === figure);
  return t?.pass === true ? ' ✓' : t?.pass === false ? ' ✗' : '';
};
const rows: [string, (r: BenchResult) => string][] = [
  ['cases / events', (r) => `${n(r.cases, 0)} / ${n(r.events, 0)}`],
  ['open / overdue (generated)', (r) => `${n(r.load.open, 0)} / ${n(r.load.overdue_pending, 0)}`],
  ['1 raw, tx/s (1 conn.)', (r) => n(r.raw_per_s, 0) + (r.raw_c16_per_s !== null ? ` (16 conn.: ${n(r.raw_c16_per_s, 0)})` : '')],
  ['2 intake c1, /s · p99', (r) => `${n(r.intake.c1.per_s, 0)} · ${n(r.intake.c1.p99_ms)} ms`],
  [
    '2 intake c16, /s · p50 / p99',
    (r) => `${n(r.intake.c16.per_s, 0)} · ${n(r.intake.c16.p50_ms)} / ${n(r.intake.c16.p99_ms)} ms${mark(r, 'intake c16 p99')}`,
  ],
  ['2 intake c64, /s · p99', (r) => `${n(r.intake.c64.per_s, 0)} · ${n(r.intake.c64.p99_ms)} ms`],
  ['2 intake c16 / raw', (r) => `${n(r.intake_over_raw, 2)}×${mark(r, 'intake c16 / raw')}`],
  [
    '2 … c16 with group commit off, /s · p99',
    (r) =>
      r.intake_c16_no_group_commit ? `${n(r.intake_c16_no_group_commit.per_s, 0)} · ${n(r.intake_c16_no_group_commit.p99_ms)} ms` : '—',
  ],
  ['3 dashboard p50 / p95', (r) => `${n(r.dashboard.p50_ms)} / ${n(r.dashboard.p95_ms)} ms${mark(r, 'dashboard p95')}`],
  ['3 … GET /api/auth/me p50 (floor)', (r) => (r.dashboard.floor_ms === undefined ? '—' : `${n(r.dashboard.floor_ms, 2)} ms`)],
  [
    '3 dashboard p95 vs 10k',
    (r) =>
      r.dashboard.over_10k === null
        ? r.scale === '10k'
          ? '1.00×'
          : '—'
        : `${n(r.dashboard.over_10k, 2)}×${mark(r, 'dashboard p95 / 10k')}`,
  ],
  [
    '3 cockpit p50 / p95 (vs 10k)',
    (r) =>
      r.cockpit
        ? `${n(r.cockpit.p50_ms)} / ${n(r.cockpit.p95_ms)} ms${mark(r, 'cockpit p95')} (${r.cockpit.over_10k === null ? (r.scale === '10k' ? '1.00' : '—') : n(r.cockpit.over_10k, 2)}×${mark(r, 'cockpit p95 / 10k')})`
        : '—',
  ],
  ['4 recompute · equal', (r) => `${n(r.recompute.seconds, 2)} s · ${r.recompute.equal}${mark(r, 'recompute')}`],
  ['5 sweep (letters issued)', (r) => `${n(r.sweep_ms)} ms (${r.sweep.issued})${mark(r, 'sweep')}`],
  [
    '5b briefing DOCX / PDF (month, ~500 units)',
    (r) =>
      r.briefing_docx_ms === undefined
        ? '—'
        : `${n(r.briefing_docx_ms, 0)}${mark(r, 'briefing DOCX')} / ${n(r.briefing_pdf_ms, 0)} ms${mark(r, 'briefing PDF')}`,
  ],
  [
    'assessment month (units · lines)',
    (r) =>
      r.assessment_month_s === undefined
        ? '—'
        : `${n(r.assessment_month_s, 2)} s${mark(r, 'assessment month')} (${r.assessment.units} · ${r.assessment.lines})`,
  ],
  ['6 start · idle RSS', (r) => `${n(r.start_ms, 0)} ms${mark(r, 'start')} · ${r.idle_rss_mb ?? '—'} MB${mark(r, 'idle RSS')}`],
  ['7 login · inspector JS (gzip)', (r) => `${r.bundle.login_js_gzip_kb}${mark(r, 'login JS gzip')} · ${r.bundle.inspector_js_gzip_kb} KB`],
  [
    '7b public report page JS (gzip)',
    (r) => (r.public_js_gzip_kb === undefined ? '—' : `${r.public_js_gzip_kb} KB${mark(r, 'public JS gzip')}`),
  ],
  [
    'load average: start → end (max)',
    (r) => `${r.machine.loadavg_start[0]} → ${r.machine.loadavg_end[0]} (${r.machine.loadavg_max ?? '?'})`,
  ],
  ['date', (r) => r.date.slice(0, 16).replace('T', ' ')],
];
const head = `| figure | ${runs.map((r) => `${r.db === 'pg' ? 'PostgreSQL' : 'SQLite'} ${r.scale}`).join(' | ')} |`;
const sep = `|---|${runs.map(() => '---:').join('|')}|`;
process.stdout.write([head, sep, ...rows.map(([label, f]) => `| ${label} | ${runs.map(f).join(' | ')} |`)].join('\n') + '\n');
const m = runs[0]!.machine;
process.stdout.write(
  `\nMachine: ${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB, ${m.os}, Node ${m.node}; ${[...new Set(runs.map((r) => r.machine.database))].join('; ')}.\n`,
);
