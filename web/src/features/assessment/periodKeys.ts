/**
 * Period keys of the assessment on the China calendar (DOMAIN.md §3.5, the server's
 * src/domain/assessment/periods.ts): ISO weeks `2026-W49` (the week belongs to the year of
 * its Thursday), months `2026-12`, quarters `2026-Q4`, years `2026`. Pure functions over
 * Beijing days `YYYY-MM-DD`, for the period picker.
 */
import type { PeriodKind } from '../../../../src/shared/assessment-enums.js';
import { beijingToday, shiftDate } from '../../components/time.js';

const pad = (n: number): string => String(n).padStart(2, '0');
const weekday = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

/** The Monday starting the ISO week of `day`. */
export function mondayOf(day: string): string {
  return shiftDate(day, -((weekday(day) + 6) % 7));
}

/** The key of the period of `kind` containing the Beijing day `day`. */
export function periodKeyOf(kind: PeriodKind, day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  switch (kind) {
    case 'week': {
      const thursday = shiftDate(mondayOf(day), 3);
      const year = Number(thursday.slice(0, 4));
      const dayOfYear = (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000;
      return `${year}-W${pad(Math.floor(dayOfYear / 7) + 1)}`;
    }
    case 'month':
      return `${y}-${pad(m)}`;
    case 'quarter':
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'year':
      return String(y);
  }
}

/** A day inside the period a key names (its first day), for the picker's value. */
export function firstDayOf(key: string): string {
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    // ISO week 1 holds January 4th.
    const w1 = mondayOf(`${m[1]}-01-04`);
    return shiftDate(w1, 7 * (Number(m[2]) - 1));
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return `${m[1]}-${pad(3 * Number(m[2]) - 2)}-01`;
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return `${m[1]}-${m[2]}-01`;
  return `${key.slice(0, 4)}-01-01`;
}

/** The last complete period of `kind` before today (Beijing): what HQ usually computes. */
export function lastCompleteKey(kind: PeriodKind, today: string = beijingToday()): string {
  return periodKeyOf(kind, shiftDate(firstDayOf(periodKeyOf(kind, today)), -1));
}

/** A key in words: 2026年第49周, 2026年12月, 2026年第4季度, 2026年 (English: 2026 W49…). */
export function periodLabel(key: string, zh: boolean): string {
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) return zh ? `${m[1]}年第${Number(m[2])}周` : `${m[1]} W${Number(m[2])}`;
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return zh ? `${m[1]}年第${m[2]}季度` : `${m[1]} Q${m[2]}`;
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return zh ? `${m[1]}年${Number(m[2])}月` : `${m[1]}-${m[2]}`;
  return zh ? `${key}年` : key;
}
