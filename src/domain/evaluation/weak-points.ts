/**
 * Weak check points (薄弱点, DOMAIN.md §3.1). Weak is computed, never typed: a point is
 * weak when its 得分率 over its last N inspections is below a threshold, or when it
 * produced at least K cases in the last M days. The result lists each reason with its
 * figures so the point's page can say why ("72% over the last 3 inspections, below
 * 80%"; "4 cases in 30 days, at least 3").
 */

/** The configurable rule; see {@link DEFAULT_WEAKNESS_RULE}. */
export interface WeaknessRule {
  /** N: how many of the latest inspections are averaged. */
  lastN: number;
  /** A mean 得分率 strictly below this (0..1) makes the point weak. */
  rateThreshold: number;
  /** K: this many cases or more within the window make the point weak. */
  minCases: number;
  /** M: the window, in days back from now (24-hour days). */
  caseWindowDays: number;
}

/** Defaults an operator starts from: below 80% over the last 3, or 3 cases in 30 days. */
export const DEFAULT_WEAKNESS_RULE: Readonly<WeaknessRule> = { lastN: 3, rateThreshold: 0.8, minCases: 3, caseWindowDays: 30 };

/** What the assessment looks at. */
export interface WeaknessHistory {
  /** 得分率 of the point's inspections, newest first; null for an inspection with nothing applicable. */
  recentRates: readonly (number | null)[];
  /** Creation instants (ISO) of the cases raised at the point. */
  caseTimes: readonly string[];
  now: Date;
}

/** One reason a point is weak. */
export type WeaknessReason =
  | { kind: 'low_rate'; rate: number; threshold: number; over: number }
  | { kind: 'repeated_cases'; count: number; minCases: number; days: number };

/** Outcome of {@link assessWeakness}. */
export interface WeaknessAssessment<P> {
  point: P;
  weak: boolean;
  /** Empty when the point is not weak; otherwise low_rate before repeated_cases. */
  reasons: WeaknessReason[];
}

const DAY_MS = 86_400_000;

/**
 * Float noise guard: a mean like (0.7 + 0.9) / 2 may land a few ulps below 0.8. A
 * point exactly at the threshold is not weak, so means within 1e-9 of it count as at.
 */
export const RATE_EPSILON = 1e-9;

/** Problems of a rule (empty when valid). */
export function checkWeaknessRule(rule: WeaknessRule): string[] {
  const out: string[] = [];
  if (!Number.isInteger(rule.lastN) || rule.lastN < 1) out.push('lastN must be an integer ≥ 1');
  if (!Number.isFinite(rule.rateThreshold) || rule.rateThreshold < 0 || rule.rateThreshold > 1)
    out.push('rateThreshold must be within 0..1');
  if (!Number.isInteger(rule.minCases) || rule.minCases < 1) out.push('minCases must be an integer ≥ 1');
  if (!Number.isFinite(rule.caseWindowDays) || rule.caseWindowDays <= 0) out.push('caseWindowDays must be a number > 0');
  return out;
}

/**
 * Whether a point is weak, and why.
 *
 * Low rate: the arithmetic mean of the latest N rates that exist (null rates are
 * skipped, since an inspection where nothing applied says nothing about the point).
 * Fewer than N inspections are averaged as they are, so a new point that failed its
 * first inspection is weak at once; `over` says how many were averaged. Weak when the
 * mean is below the threshold (at the threshold is not weak). The mean of rates is
 * used rather than pooled points because it is what the history provides and each
 * inspection then counts the same however many standards applied.
 *
 * Repeated cases: cases created in [now − M days, now] — the boundary instant is
 * inside; cases dated after `now` are ignored so re-assessing the past is
 * reproducible. Weak when their count is at least K.
 *
 * Throws RangeError for an invalid rule, a rate outside 0..1 or an unparsable time.
 */
export function assessWeakness<P>(point: P, history: WeaknessHistory, rule: WeaknessRule = DEFAULT_WEAKNESS_RULE): WeaknessAssessment<P> {
  const bad = checkWeaknessRule(rule);
  if (bad.length > 0) throw new RangeError(bad.join('; '));
  const reasons: WeaknessReason[] = [];

  const rates = history.recentRates.filter((r): r is number => r !== null).slice(0, rule.lastN);
  for (const r of rates) if (!Number.isFinite(r) || r < 0 || r > 1) throw new RangeError(`rate ${r} is not within 0..1`);
  if (rates.length > 0) {
    const mean = rates.reduce((s, r) => s + r, 0) / rates.length;
    if (mean < rule.rateThreshold - RATE_EPSILON)
      reasons.push({ kind: 'low_rate', rate: mean, threshold: rule.rateThreshold, over: rates.length });
  }

  const now = history.now.getTime();
  const from = now - rule.caseWindowDays * DAY_MS;
  let count = 0;
  for (const t of history.caseTimes) {
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) throw new RangeError(`case time ${t} is not an ISO instant`);
    if (ms >= from && ms <= now) count += 1;
  }
  if (count >= rule.minCases) reasons.push({ kind: 'repeated_cases', count, minCases: rule.minCases, days: rule.caseWindowDays });

  return { point, weak: reasons.length > 0, reasons };
}
