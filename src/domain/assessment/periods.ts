/**
 * Assessment periods (DOMAIN.md §3.5) on the China calendar: weeks (Monday 00:00 China time,
 * numbered as ISO weeks, so the week of 2026-12-31 may be 2027年第1周), months, quarters and
 * years. A period is `[start, end)`, both China midnights given as UTC ISO instants.
 */

import type { AssessmentPeriod } from '../../shared/contracts/assessment.contract.js';
import type { PeriodKind } from '../../shared/assessment-enums.js';
import type { Bilingual } from '../../shared/export-lang.js';
import { chinaDay, chinaMidnight, shiftDay, weekdayOf } from '../calendar/work-calendar.js';

export type { AssessmentPeriod, PeriodKind };

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

/** The Monday starting the ISO week of a China day. */
function mondayOf(day: string): string {
  return shiftDay(day, -((weekdayOf(day) + 6) % 7));
}

/** ISO week-year and week number of the week starting on `monday`: the week belongs to the year of its Thursday. */
function isoWeek(monday: string): { year: number; week: number } {
  const thursday = shiftDay(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000;
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

function make(kind: PeriodKind, key: string, label: string, firstDay: string, dayAfter: string): AssessmentPeriod {
  return { kind, key, label, start: chinaMidnight(firstDay).toISOString(), end: chinaMidnight(dayAfter).toISOString() };
}

function periodOfDay(kind: PeriodKind, day: string): AssessmentPeriod {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  switch (kind) {
    case 'week': {
      const monday = mondayOf(day);
      const { year, week } = isoWeek(monday);
      return make('week', `${year}-W${pad(week)}`, `${year}年第${week}周`, monday, shiftDay(monday, 7));
    }
    case 'month':
      return make('month', `${y}-${pad(m)}`, `${y}年${m}月`, ymd(y, m, 1), m === 12 ? ymd(y + 1, 1, 1) : ymd(y, m + 1, 1));
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      const next = q === 4 ? ymd(y + 1, 1, 1) : ymd(y, 3 * q + 1, 1);
      return make('quarter', `${y}-Q${q}`, `${y}年第${q}季度`, ymd(y, 3 * q - 2, 1), next);
    }
    case 'year':
      return make('year', String(y), `${y}年`, ymd(y, 1, 1), ymd(y + 1, 1, 1));
  }
}

/**
 * The period of `kind` containing `instant` (China time), e.g. `periodOf('week', 2026-12-06T03:00Z)`
 * → `{ key: '2026-W49', label: '2026年第49周', start: '2026-11-29T16:00:00.000Z', end: '2026-12-06T16:00:00.000Z' }`.
 */
export function periodOf(kind: PeriodKind, instant: Date): AssessmentPeriod {
  return periodOfDay(kind, chinaDay(instant));
}

/** The period of the same kind just before `period` (it ends where `period` starts). */
export function previousPeriod(period: AssessmentPeriod): AssessmentPeriod {
  return periodOf(period.kind, new Date(Date.parse(period.start) - 1));
}

/** The period of the same kind just after `period` (it starts where `period` ends). */
export function nextPeriod(period: AssessmentPeriod): AssessmentPeriod {
  return periodOf(period.kind, new Date(period.end));
}

const KEY_PATTERNS: { kind: PeriodKind; re: RegExp }[] = [
  { kind: 'week', re: /^(\d{4})-W(\d{2})$/ },
  { kind: 'quarter', re: /^(\d{4})-Q([1-4])$/ },
  { kind: 'month', re: /^(\d{4})-(\d{2})$/ },
  { kind: 'year', re: /^(\d{4})$/ },
];

/** What is wrong with a key that names no period, in both languages. */
export function periodKeyProblem(key: string): Bilingual {
  return {
    zh: `“${key}”不是有效的期间，应写作 2026-W49（周）、2026-12（月）、2026-Q4（季）或 2026（年）`,
    en: `"${key}" names no period (e.g. 2026-W49, 2026-12, 2026-Q4, 2026)`,
  };
}

/**
 * The period a key names (`2026-W49`, `2026-12`, `2026-Q4`, `2026`), or null when the key is
 * malformed or names no period (2026-13, 2026-W54; years 2000–2099 as elsewhere in the API).
 */
export function periodFromKey(key: string): AssessmentPeriod | null {
  for (const { kind, re } of KEY_PATTERNS) {
    const m = re.exec(key);
    if (!m) continue;
    const y = Number(m[1]);
    const n = Number(m[2] ?? 1);
    if (y < 2000 || y > 2099) return null;
    let first: string;
    if (kind === 'week') {
      // ISO week 1 is the week containing 4 January.
      first = shiftDay(mondayOf(ymd(y, 1, 4)), 7 * (n - 1));
      if (n < 1) return null;
    } else if (kind === 'month') {
      if (n < 1 || n > 12) return null;
      first = ymd(y, n, 1);
    } else if (kind === 'quarter') first = ymd(y, 3 * n - 2, 1);
    else first = ymd(y, 1, 1);
    const p = periodOfDay(kind, first);
    return p.key === key ? p : null;
  }
  return null;
}

/** True when `instant` lies in `[period.start, period.end)`. */
export function inPeriod(period: AssessmentPeriod, instant: Date): boolean {
  const t = instant.getTime();
  return t >= Date.parse(period.start) && t < Date.parse(period.end);
}
