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
  /** Cases HQ sees at the start and the end: the answers the readers get grow with them. */
  cases: { start: number; end: number };
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
 * fifth of the samples with the median just after warm-up (a quarter of the run, at most
 * 3 min). Why 3 min: heap snapshots of a server under this read load show the live heap flat
 * (31.4 MB after 1.5 min, 31.0 MB after 9 min) while RSS still climbs for the first minutes
 * as V8 and malloc grow their reserves to the load's working size; a leak keeps growing
 * after that, a warm-up does not. `cases` says how much the data grew meanwhile (answers
 * such as the map of up to 5,000 cases grow with it).
 */
export async function runSoak(
  server: BenchServer,
  minutes: number,
  rng: Rng,
  log: (s: string) => void,
  writerCount = 2,
): Promise<SoakResult> {
  const ms = minutes * 60_000;
  const warmupMs = Math.min(180_000, ms / 4);
  const hq = await new Client(server.url, 'hq').login();
  const writers = startWriters(hq, await writeContext(hq), rng, writerCount);
  const res: SoakResult = {
    minutes,
    requests: 0,
    errors: 0,
    rss_growth_pct: 0,
    rss_mb: { after_warmup: 0, end: 0, max: 0 },
    warmup_seconds: warmupMs / 1000,
    cases: { start: 0, end: 0 },
    samples: [],
  };
  const caseCount = async () => Number(((await hq.call('GET', '/api/cases?pageSize=1')).json as { total?: number }).total ?? 0);
  res.cases.start = await caseCount();
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
  res.cases.end = await caseCount();
  res.requests += writers.stats.acks.length + writers.stats.refused + writers.stats.failed;
  res.errors += writers.stats.failed;
  res.samples.push(...writers.stats.failures.slice(0, 10));
  const after = rss.filter((s) => s.t >= warmupMs);
  const base = median(after.slice(0, 3).map((s) => s.mb));
  const end = median(after.slice(-Math.max(1, Math.floor(after.length / 5))).map((s) => s.mb));
  res.rss_mb = { after_warmup: base, end, max: Math.max(0, ...rss.map((s) => s.mb)) };
  res.rss_growth_pct = base ? Math.round(((end - base) / base) * 1000) / 10 : 0;
  log(
    `soak: ${minutes} min, ${res.requests} requests, ${res.errors} errors, cases ${res.cases.start} → ${res.cases.end}, RSS ${base} → ${end} MB (${res.rss_growth_pct} %)`,
  );
  return res;
}
