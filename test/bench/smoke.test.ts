import { describe, expect, it } from 'vitest';
import { runBench, SCALES } from '../../bench/harness.js';
import { DEFAULT_PG_URL } from '../../bench/target.js';
import { DIALECTS, PG_URL } from '../helpers/db.js';

/**
 * CI keeps the benchmark harness working (issue 6): the smallest scale, end to end,
 * on every engine. It fails when the harness breaks or the recompute disagrees with
 * the maintained aggregates — never on timings, which depend on the machine.
 * Needs the built server and web app (npm test builds them first).
 */
describe('benchmark, smoke scale', () => {
  for (const db of DIALECTS) {
    it(`generates the city and measures every figure on ${db}`, { timeout: 180_000 }, async () => {
      const r = await runBench({ db, scale: SCALES.smoke, pgUrl: PG_URL ?? DEFAULT_PG_URL, log: () => undefined });
      expect(r.recompute.differences).toEqual([]);
      expect(r.recompute.equal).toBe(true);
      expect(r.cases).toBe(SCALES.smoke.cases);
      // About ten events a case, and the history as the issue describes it.
      expect(r.events / r.cases).toBeGreaterThan(7);
      expect(r.load.overdue_pending).toBeGreaterThan(0);
      expect(r.raw_per_s).toBeGreaterThan(0);
      for (const c of ['c1', 'c16', 'c64'] as const) expect(r.intake[c].requests).toBeGreaterThan(0);
      expect(r.dashboard.requests).toBe(3 * SCALES.smoke.dashboardRounds);
      expect(r.sweep.issued).toBeGreaterThan(0);
      expect(r.briefing.units).toBeGreaterThan(0);
      expect(r.briefing_docx_ms).toBeGreaterThan(0);
      expect(r.briefing_pdf_ms).toBeGreaterThan(0);
      expect(r.start_ms).toBeGreaterThan(0);
      expect(r.bundle.login_js_gzip_kb).toBeGreaterThan(0);
      expect(r.public_js_gzip_kb).toBeGreaterThan(0);
      expect(r.targets.map((t) => t.figure)).toContain('intake c16 / raw');
    });
  }
});
