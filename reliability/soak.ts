import type { BenchServer } from '../bench/server.js';
import { Client } from './client.js';
import type { Rng } from './rng.js';
import { startWriters, writeContext } from './writers.js';

export interface SoakResult {
  minutes: number;
  requests: number;
  errors: number;
  rss_growth_pct: number;
  rss_mb: { after_warmup: number; end: number; max: number };
  warmup_seconds: number;
  samples: string[];
}

/** Reads the dispatch desk, unit work and dashboards do all day. */
const READS = [
  '/api/cases?pageSize=20',
  '/api/cases?state=dispatched&pageSize=20',
  '/api/cases/map',
  '/api/dashboard/headline',
  '/api/dashboard/ranking',
  '/api/letters',
  '/api/notifications',
  '/api/cases/indicators?from=2026-11-01&to=2026-12-31',
  '/api/units',
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

/**
 * Steady mixed load for `minutes`: two writers (reports with photos, actions, letters)
 * and three readers as HQ and a unit handler. Errors are requests with no answer or a
 * 5xx. RSS is sampled from /proc every 2 s; growth compares the median of the last
 * fifth of the samples with the median just after warm-up (a fifth of the run, at most 60 s).
 */
export async function runSoak(server: BenchServer, minutes: number, rng: Rng, log: (s: string) => void): Promise<SoakResult> {
  const ms = minutes * 60_000;
  const warmupMs = Math.min(60_000, ms / 5);
  const hq = await new Client(server.url, 'hq').login();
  const writers = startWriters(hq, await writeContext(hq), rng, 2);
  const res: SoakResult = {
    minutes,
    requests: 0,
    errors: 0,
    rss_growth_pct: 0,
    rss_mb: { after_warmup: 0, end: 0, max: 0 },
    warmup_seconds: warmupMs / 1000,
    samples: [],
  };
  const t0 = performance.now();
  const rss: { t: number; mb: number }[] = [];
  const sampler = setInterval(() => {
    const mb = server.rssMb();
    if (mb !== null) rss.push({ t: performance.now() - t0, mb });
  }, 2000);
  const reader = async (user: string) => {
    const c = await new Client(server.url, user).login();
    while (performance.now() - t0 < ms) {
      const path = rng.pick(READS);
      const r = await c.call('GET', path);
      res.requests += 1;
      if (r.status === 0 || r.status >= 500) {
        res.errors += 1;
        if (res.samples.length < 20) res.samples.push(`${user} GET ${path}: ${r.status} ${r.text.slice(0, 200)}`);
      }
    }
  };
  let lastLog = 0;
  const progress = setInterval(() => {
    const s = Math.round((performance.now() - t0) / 1000);
    if (s - lastLog >= 60) {
      lastLog = s;
      log(`soak: ${s} s, ${res.requests + writers.stats.acks.length} requests, RSS ${server.rssMb()} MB`);
    }
  }, 5000);
  await Promise.all([reader('hq'), reader('handler'), reader('leader')]);
  await writers.stop();
  clearInterval(sampler);
  clearInterval(progress);
  res.requests += writers.stats.acks.length + writers.stats.refused + writers.stats.failed;
  res.errors += writers.stats.failed;
  res.samples.push(...writers.stats.failures.slice(0, 10));
  const after = rss.filter((s) => s.t >= warmupMs);
  const base = median(after.slice(0, 3).map((s) => s.mb));
  const end = median(after.slice(-Math.max(1, Math.floor(after.length / 5))).map((s) => s.mb));
  res.rss_mb = { after_warmup: base, end, max: Math.max(0, ...rss.map((s) => s.mb)) };
  res.rss_growth_pct = base ? Math.round(((end - base) / base) * 1000) / 10 : 0;
  log(`soak: ${minutes} min, ${res.requests} requests, ${res.errors} errors, RSS ${base} → ${end} MB (${res.rss_growth_pct} %)`);
  return res;
}
