import { chinaDay, chinaMidnight, isValidDay, shiftDay, weekdayOf } from '../calendar/work-calendar.js';
import type { TrendBucket } from '../../shared/evaluation-enums.js';
import type { Framework } from './framework.js';
import { rateOf, rollUp, type InspectionResult, type RejectedAnswer, type ScoredAnswer } from './scoring.js';

/**
 * 得分率 over time: inspections put into calendar buckets in China time (weeks start
 * on Monday 00:00 China time, i.e. Sunday 16:00Z; months on the 1st), each bucket
 * rolled up per series (district, item, the whole city …) with the same rule as
 * every other roll-up: Σ 实得分 / Σ 应得分. A bucket where a series has nothing
 * applicable has rate null (not 0), so a chart shows a gap, not a collapse.
 */

/** Most buckets one trend may have (about eight years of weeks). */
export const MAX_TREND_BUCKETS = 400;

/** One bucket: China dates, `start` inclusive, `end` exclusive. */
export interface TrendSpan {
  start: string;
  end: string;
}

/** One series' totals in one bucket. */
export interface TrendCell {
  earned: number;
  possible: number;
  rate: number | null;
}

/** One series: a cell per bucket, in bucket order. */
export interface TrendSeries {
  key: string;
  cells: TrendCell[];
}

/** Result of {@link trend}. */
export interface Trend {
  buckets: TrendSpan[];
  /** In `seriesOrder`, then in order of first appearance. */
  series: TrendSeries[];
  rejected: RejectedAnswer[];
}

/** The first China date of the bucket holding `instant`: the Monday of its week, or the 1st of its month. */
export function bucketStart(instant: Date, bucket: TrendBucket): string {
  const day = chinaDay(instant);
  if (bucket === 'month') return `${day.slice(0, 8)}01`;
  return shiftDay(day, -((weekdayOf(day) + 6) % 7));
}

/** The first China date of the bucket after the one starting on `start`. */
export function nextBucketStart(start: string, bucket: TrendBucket): string {
  if (!isValidDay(start)) throw new RangeError(`not a YYYY-MM-DD date: ${start}`);
  if (bucket === 'week') return shiftDay(start, 7);
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${start.slice(0, 5)}${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * The buckets that overlap [from, to), in order; empty when from ≥ to. Throws
 * RangeError when there would be more than `max` (callers turn that into a 422).
 */
export function bucketsBetween(from: Date, to: Date, bucket: TrendBucket, max = MAX_TREND_BUCKETS): TrendSpan[] {
  if (!(from.getTime() < to.getTime())) return [];
  const out: TrendSpan[] = [];
  let start = bucketStart(from, bucket);
  while (chinaMidnight(start).getTime() < to.getTime()) {
    if (out.length >= max) throw new RangeError(`the period spans more than ${max} ${bucket}s`);
    const end = nextBucketStart(start, bucket);
    out.push({ start, end });
    start = end;
  }
  return out;
}

/** An inspection result with the instant it was recorded (ISO-8601). */
export interface TimedResult extends InspectionResult {
  startedAt: string;
}

/** Options of {@link trend}. */
export interface TrendOptions<R extends TimedResult> {
  from: Date;
  to: Date;
  bucket: TrendBucket;
  /** The series an answer belongs to, or null to leave it out. */
  seriesOf: (a: ScoredAnswer<R>) => string | null;
  /** Series that must appear (even with no data), in this order; others follow as first seen. */
  seriesOrder?: readonly string[];
  max?: number;
}

/**
 * 得分率 per bucket and series. Results recorded outside [from, to) are left out;
 * answers that cannot be scored are listed in `rejected` (as in rollUp).
 */
export function trend<R extends TimedResult>(results: readonly R[], framework: Framework, opts: TrendOptions<R>): Trend {
  const buckets = bucketsBetween(opts.from, opts.to, opts.bucket, opts.max);
  const index = new Map(buckets.map((b, i) => [b.start, i]));
  const lo = opts.from.getTime();
  const hi = opts.to.getTime();
  const bucketOf = new Map<R, number | null>();
  const slot = (r: R): number | null => {
    if (!bucketOf.has(r)) {
      const t = Date.parse(r.startedAt);
      bucketOf.set(r, Number.isNaN(t) || t < lo || t >= hi ? null : (index.get(bucketStart(new Date(t), opts.bucket)) ?? null));
    }
    return bucketOf.get(r) ?? null;
  };
  const r = rollUp(results, framework, (a) => {
    const i = slot(a.result);
    const s = i === null ? null : opts.seriesOf(a);
    return s === null ? null : JSON.stringify([i, s]);
  });
  const keys: string[] = [...(opts.seriesOrder ?? [])];
  const seen = new Set(keys);
  const cells = new Map<string, TrendCell[]>(keys.map((k) => [k, []]));
  for (const c of r.cells.values()) {
    const [i, s] = JSON.parse(c.key) as [number, string];
    if (!seen.has(s)) {
      seen.add(s);
      keys.push(s);
      cells.set(s, []);
    }
    cells.get(s)![i] = { earned: c.earned, possible: c.possible, rate: rateOf(c.earned, c.possible) };
  }
  return {
    buckets,
    series: keys.map((key) => {
      const got = cells.get(key)!;
      return { key, cells: buckets.map((_, i) => got[i] ?? { earned: 0, possible: 0, rate: null }) };
    }),
    rejected: r.rejected,
  };
}
