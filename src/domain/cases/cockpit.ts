import type { DashboardPeriod } from '../../shared/case-enums.js';
import { shiftDay } from '../calendar/work-calendar.js';
import { periodDays } from './dashboard.js';
import { addFacts, zeroFacts, type FactVector } from './indicators.js';

/**
 * The arithmetic of the leader's cockpit (issue 13 point 6, DOMAIN.md §3.6): which days
 * "this period", "the one before" and "the last N weeks" are, how per-day facts sum into
 * weeks, and which units and check points the cockpit names. Pure; the service reads the
 * facts from the maintained aggregates.
 */

/** Inclusive China days. */
export interface DaySpan {
  from: string;
  to: string;
}

/** The period containing `today` and the one before it (the week before, or the calendar month before). */
export function periodPair(period: DashboardPeriod, today: string): { current: DaySpan; previous: DaySpan } {
  const current = periodDays(period, today);
  return { current, previous: periodDays(period, shiftDay(current.from, -1)) };
}

/** The `n` Monday-started weeks ending with the week containing `today`, oldest first. */
export function lastWeeks(today: string, n: number): DaySpan[] {
  const week = periodDays('week', today);
  return Array.from({ length: n }, (_, i) => {
    const from = shiftDay(week.from, -7 * (n - 1 - i));
    return { from, to: shiftDay(from, 6) };
  });
}

/** Sums per-day facts into the given spans (days outside every span are ignored). */
export function sumBySpan(byDay: ReadonlyMap<string, FactVector>, spans: readonly DaySpan[]): FactVector[] {
  const out = spans.map(() => zeroFacts());
  for (const [day, v] of byDay) {
    const i = spans.findIndex((s) => s.from <= day && day <= s.to);
    if (i >= 0) out[i] = addFacts(out[i]!, v);
  }
  return out;
}

/** The `n` units owing the most overdue cases, most first; ties by unit id (stable); units owing none left out. */
export function mostOverdue(counts: ReadonlyMap<number, number>, n: number): { unitId: number; overdue: number }[] {
  return [...counts]
    .filter(([, c]) => c > 0)
    .map(([unitId, overdue]) => ({ unitId, overdue }))
    .sort((a, b) => b.overdue - a.overdue || a.unitId - b.unitId)
    .slice(0, n);
}

/** The `n` cells with the lowest rate, lowest first; cells without a rate left out; ties by key. */
export function weakest<T extends { key: string; rate: number | null }>(cells: readonly T[], n: number): (T & { rate: number })[] {
  return cells
    .filter((c): c is T & { rate: number } => c.rate !== null)
    .sort((a, b) => a.rate - b.rate || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, n);
}
