/**
 * China-calendar periods of the cockpit: this week / month as the server reports them
 * (headline `from`/`to`, inclusive China days) and the one before, plus the links that
 * open the list behind a figure. Pure functions over `YYYY-MM-DD` strings.
 */
import { beijingMidnight, shiftDate } from '../../../components/time.js';

/** Inclusive China days. */
export interface Span {
  from: string;
  to: string;
}

/** The week before a Monday-to-Sunday week. */
export function previousWeek(week: Span): Span {
  return { from: shiftDate(week.from, -7), to: shiftDate(week.from, -1) };
}

/** The calendar month before the month starting at `month.from` (the 1st). */
export function previousMonth(month: Span): Span {
  const [y, m] = month.from.split('-').map(Number) as [number, number];
  const first = m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
  return { from: first, to: shiftDate(month.from, -1) };
}

/** The `n` Monday-started weeks ending with `week` (oldest first). */
export function lastWeeks(week: Span, n: number): Span[] {
  return Array.from({ length: n }, (_, i) => {
    const from = shiftDate(week.from, -7 * (n - 1 - i));
    return { from, to: shiftDate(from, 6) };
  });
}

/** The span as the results API reads it: China dates, `to` exclusive. */
export const resultsPeriod = (s: Span) => ({ from: s.from, to: shiftDate(s.to, 1) });

/** True when the instant falls on a China day of the span. */
export function inSpan(iso: string | null, s: Span): boolean {
  if (!iso) return false;
  const t = Date.parse(iso);
  return t >= Date.parse(beijingMidnight(s.from)) && t < Date.parse(beijingMidnight(shiftDate(s.to, 1)));
}

/** /cases filtered to the span (reported in it) plus any other filter, as the list page reads its URL. */
export function casesLink(s: Span | null, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  if (s) {
    q.set('from', beijingMidnight(s.from));
    q.set('to', beijingMidnight(shiftDate(s.to, 1)));
  }
  const qs = q.toString();
  return qs ? `/cases?${qs}` : '/cases';
}

/** /evaluation/results over the span (the page reads inclusive China days). */
export function resultsLink(s: Span, extra: Record<string, string> = {}): string {
  return `/evaluation/results?${new URLSearchParams({ from: s.from, to: s.to, ...extra }).toString()}`;
}
