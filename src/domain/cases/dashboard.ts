import type { DashboardPeriod } from '../../shared/case-enums.js';
import { shiftDay, weekdayOf } from '../calendar/work-calendar.js';
import {
  addFacts,
  DEFAULT_INDICATOR_WEIGHTS,
  indicators,
  zeroFacts,
  type FactVector,
  type IndicatorWeights,
  type Indicators,
} from './indicators.js';

/**
 * Dashboard arithmetic: the period a day falls in, and the ranking of units by the
 * standard indicators. Pure; the service reads the facts from the maintained
 * aggregates (so a dashboard's cost follows the units and days shown, not the history).
 */

/** First and last China day (inclusive) of the week (Monday–Sunday) or month containing `today`. */
export function periodDays(period: DashboardPeriod, today: string): { from: string; to: string } {
  if (period === 'week') {
    const from = shiftDay(today, -((weekdayOf(today) + 6) % 7));
    return { from, to: shiftDay(from, 6) };
  }
  const from = `${today.slice(0, 7)}-01`;
  // The day before the first of next month: day 28 plus four days is always in next month.
  const next = shiftDay(`${today.slice(0, 7)}-28`, 4).slice(0, 7);
  return { from, to: shiftDay(`${next}-01`, -1) };
}

/**
 * What a unit still owes at the end of a period (or now, for the current one) of the
 * cases first dispatched BEFORE it: they are not in the period's cohort, but a
 * ranking that left them out would reward a backlog (DOMAIN.md §3.3).
 */
export interface Backlog {
  /** Cases first dispatched before the period that the unit still owes work on. */
  owed: number;
  /** Those of them past their deadline. */
  overdue: number;
}

export const NO_BACKLOG: Readonly<Backlog> = { owed: 0, overdue: 0 };

/** One unit's summed facts for a period and its overdue pending cases of that period. */
export interface UnitFacts {
  unitId: number;
  sums: FactVector;
  overduePending: number;
  /** Older work still owed; counted in a ranking, not in the period's headline sums. */
  backlog?: Backlog;
}

/**
 * The facts a ranking judges a unit by: the period's cohort plus its backlog, each
 * owed case counted as work due in the period and not yet handled (so it lowers
 * 处置率 and 按期处置率), and each overdue one as overdue pending.
 */
export function rankingFacts(u: UnitFacts): { sums: FactVector; overduePending: number } {
  const b = u.backlog ?? NO_BACKLOG;
  return { sums: { ...u.sums, dispatched: u.sums.dispatched + b.owed }, overduePending: u.overduePending + b.overdue };
}

/** A unit's place in a ranking. */
export interface RankedUnit extends UnitFacts {
  rank: number;
  indicators: Indicators;
}

/**
 * Ranks the units that have cases in the period or owe older ones (others have no
 * indicators to rank by) by the composite of {@link rankingFacts}, best first. Equal composites share a
 * rank and the next rank skips (1, 2, 2, 4), as published rankings do; within a tie,
 * more cases first, then the unit id, so the order is stable.
 */
export function rankUnits(rows: readonly UnitFacts[], weights: IndicatorWeights = DEFAULT_INDICATOR_WEIGHTS): RankedUnit[] {
  // Composites are sums of float products: compare them rounded so equal inputs tie.
  const scored = rows
    .map((r) => ({ r, judged: rankingFacts(r) }))
    .filter(({ judged }) => judged.sums.dispatched > 0)
    .map(({ r, judged }) => {
      const ind = indicators(judged.sums, judged.overduePending, weights);
      return { ...r, indicators: ind, rank: 0, key: ind.composite === null ? -Infinity : Math.round(ind.composite * 1e9) / 1e9 };
    });
  scored.sort((a, b) => b.key - a.key || b.sums.dispatched - a.sums.dispatched || a.unitId - b.unitId);
  const out: RankedUnit[] = [];
  scored.forEach(({ key, ...s }, i) => {
    s.rank = i > 0 && scored[i - 1]!.key === key ? out[i - 1]!.rank : i + 1;
    out.push(s);
  });
  return out;
}

/** Totals of many units' facts and overdue counts (a headline). */
export function totalFacts(rows: readonly UnitFacts[]): { sums: FactVector; overduePending: number; units: number } {
  let sums = zeroFacts();
  let overduePending = 0;
  let units = 0;
  for (const r of rows) {
    sums = addFacts(sums, r.sums);
    overduePending += r.overduePending;
    if (r.sums.dispatched > 0) units += 1;
  }
  return { sums, overduePending, units };
}
