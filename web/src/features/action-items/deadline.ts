import { fmtTime, shiftDate } from '../../components/time.js';

/**
 * A deadline in Beijing time. A deadline at the end of a day (the next midnight, which is
 * what a deadline given without a time is) reads as that day at 24:00, not the next day
 * at 00:00: `2026-03-14T16:00Z` → `2026-03-14 24:00`.
 */
export function fmtDeadline(iso: string): string {
  const s = fmtTime(iso);
  return s.endsWith(' 00:00') ? `${shiftDate(s.slice(0, 10), -1)} 24:00` : s;
}
