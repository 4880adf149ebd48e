import { soakGrowthFails, type SuiteResult } from './suite.js';

/** The run as a plain-text table: one line per part, the figures that decide pass or fail first. */
export function formatTable(r: SuiteResult): string {
  const rows: [string, string, string][] = [];
  const ok = (b: boolean) => (b ? 'ok' : 'FAIL');
  if (r.kill9) {
    const k = r.kill9;
    rows.push(['kill -9', `${k.rounds} rounds, ${k.acknowledged} acknowledged, ${k.lost} lost`, ok(k.lost === 0)]);
    rows.push([
      '  after restart',
      `audit failures ${k.audit_failures}, recompute failures ${k.recompute_failures}`,
      ok(!k.audit_failures && !k.recompute_failures),
    ]);
    rows.push([
      '  files',
      `${k.rows_without_file} rows without file; leftovers ${k.temp_files} tmp + ${k.unreferenced_files} unreferenced, ${k.left_after_sweep} left after sweep`,
      ok(!k.rows_without_file && !k.left_after_sweep),
    ]);
  }
  if (r.fuzz)
    rows.push([
      'fuzz',
      `${r.fuzz.requests} requests over ${r.fuzz.operations} operations, ${r.fuzz.status_5xx} × 5xx, ${r.fuzz.no_answer} without answer`,
      ok(r.fuzz.status_5xx === 0 && r.fuzz.no_answer === 0),
    ]);
  if (r.matrix)
    rows.push([
      'matrix',
      `${r.matrix.roles} roles, ${r.matrix.calls} calls, ${r.matrix.leaks} leaks, ${r.matrix.status_5xx} × 5xx`,
      ok(r.matrix.leaks === 0),
    ]);
  if (r.soak)
    rows.push([
      'soak',
      `${r.soak.minutes} min, ${r.soak.requests} requests, ${r.soak.errors} errors, RSS ${r.soak.rss_mb.after_warmup} → ${r.soak.rss_mb.end} MB (${r.soak.rss_growth_pct} %)`,
      ok(r.soak.errors === 0 && !soakGrowthFails(r.soak)),
    ]);
  if (r.backup)
    rows.push([
      'backup',
      `under load: ${r.backup.under_load.ok ? 'consistent' : 'differs'}; quiet: ${r.backup.quiet.ok ? 'equal' : 'differs'}`,
      ok(r.backup.restored_equal),
    ]);
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  return [`reliability — ${r.db}, seed ${r.seed}, ${r.seconds} s`, ...lines].join('\n');
}
