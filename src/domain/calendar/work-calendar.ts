import { CN_2025_CALENDAR, CN_2026_CALENDAR } from './cn-holidays.js';

/**
 * Working-day calendar in China time.
 *
 * China has used a single fixed offset (UTC+8, no daylight saving) since 1991, so
 * every computation here is plain UTC arithmetic shifted by eight hours. That keeps
 * results independent of the machine's time zone (servers often run in UTC) and of
 * the host's tz database.
 *
 * Days are `YYYY-MM-DD` strings of the China calendar date; instants are `Date`s.
 */

/** China Standard Time offset from UTC, in milliseconds. */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A configurable calendar. A day is a working day when it is a make-up working day
 * (调休上班), or else when it is neither a holiday nor a weekend day. Make-up days
 * win over everything so an operator can turn any single day into a working day.
 */
export interface WorkCalendar {
  /** Label for logs and the admin UI, e.g. `CN-2026`. */
  name?: string;
  /** Days of the week that are off, 0 = Sunday … 6 = Saturday. Defaults to Saturday and Sunday. */
  weekendDays?: readonly number[];
  /** Public holidays (YYYY-MM-DD, China dates). */
  holidays: readonly string[];
  /** Make-up working days (调休), typically weekend days that are worked. */
  makeUpWorkdays: readonly string[];
}

/**
 * The default calendar: the official 2025 and 2026 arrangements (see cn-holidays.ts).
 * Operators configure their own; dates outside these years fall back to plain weekends.
 */
export const DEFAULT_WORK_CALENDAR: WorkCalendar = {
  name: 'CN-2025-2026',
  holidays: [...CN_2025_CALENDAR.holidays, ...CN_2026_CALENDAR.holidays],
  makeUpWorkdays: [...CN_2025_CALENDAR.makeUpWorkdays, ...CN_2026_CALENDAR.makeUpWorkdays],
};

interface CompiledCalendar {
  weekend: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
  makeUp: ReadonlySet<string>;
}

// Calendars are immutable configuration, so their lookup sets can be built once per
// object; a WeakMap keeps that cache from pinning calendars that are no longer used.
const compiled = new WeakMap<WorkCalendar, CompiledCalendar>();

function compile(cal: WorkCalendar): CompiledCalendar {
  let c = compiled.get(cal);
  if (!c) {
    c = { weekend: new Set(cal.weekendDays ?? [0, 6]), holidays: new Set(cal.holidays), makeUp: new Set(cal.makeUpWorkdays) };
    compiled.set(cal, c);
  }
  return c;
}

/** True when `day` is a real calendar date written as YYYY-MM-DD (rejects 2026-02-30). */
export function isValidDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

function assertDay(day: string): void {
  if (!isValidDay(day)) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
}

/** The China calendar date on which `instant` falls. */
export function chinaDay(instant: Date): string {
  return new Date(instant.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of 00:00 China time at the start of `day` (16:00Z on the previous UTC date). */
export function chinaMidnight(day: string): Date {
  assertDay(day);
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_UTC_OFFSET_MS);
}

/** The day `n` calendar days after `day` (negative `n` goes back). */
export function shiftDay(day: string, n: number): string {
  assertDay(day);
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a China date, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  assertDay(day);
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** True when `day` (YYYY-MM-DD, China date) is a working day under `cal`. */
export function isWorkingDay(day: string, cal: WorkCalendar = DEFAULT_WORK_CALENDAR): boolean {
  assertDay(day);
  return workingAt(Date.parse(`${day}T00:00:00Z`), compile(cal));
}

/**
 * The same test for a day given as the UTC instant of its date (a multiple of a day),
 * without re-validating: the scans below step through days by arithmetic, and
 * validating each day again made them the hot spot of bulk case loads.
 */
function workingAt(dayMs: number, c: CompiledCalendar): boolean {
  const day = new Date(dayMs).toISOString().slice(0, 10);
  if (c.makeUp.has(day)) return true;
  if (c.holidays.has(day)) return false;
  return !c.weekend.has(new Date(dayMs).getUTCDay());
}

/** The China date of `instant` as the UTC instant of that date (00:00Z), for day arithmetic. */
function chinaDayMs(instant: Date): number {
  const t = instant.getTime() + CHINA_UTC_OFFSET_MS;
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
}

// A calendar with no working day at all would make the searches below run forever;
// ten years without a working day is certainly a configuration error.
const MAX_SCAN_DAYS = 3660;

/**
 * Deadline for `n` working days from `start`.
 *
 * The start day itself never counts, whatever the hour (a case dispatched at 08:00
 * and one dispatched at 23:00 get the same deadline, which is what units expect).
 * The deadline is 00:00 China time at the END of the n-th working day after the
 * start day, i.e. the whole of that day is still in time. Example: dispatched
 * Friday 10:00 with 1 working day → Tuesday 00:00 China time (Monday 16:00Z).
 *
 * @param n a whole number ≥ 1; anything else is a programming error and throws.
 */
export function addWorkingDays(start: Date, n: number, cal: WorkCalendar = DEFAULT_WORK_CALENDAR): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a whole number ≥ 1, got ${n}`);
  const c = compile(cal);
  let day = chinaDayMs(start);
  let counted = 0;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    day += DAY_MS;
    if (workingAt(day, c) && ++counted === n) return new Date(day + DAY_MS - CHINA_UTC_OFFSET_MS);
  }
  throw new RangeError(`calendar ${cal.name ?? ''} has no working days in ten years`);
}

/** `start` plus `hours` of wall-clock time (nights, weekends and holidays included). */
export function addHours(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * 3_600_000);
}

/**
 * Whole working days lying entirely inside [a, b): the working days D with
 * 00:00 of D ≥ a and 00:00 of the next day ≤ b. Negative when b is before a.
 *
 * Used for "overdue by N working days": with a = the deadline (a China midnight
 * for working-day rules) and b = now, a case is overdue by 1 once one full working
 * day has passed after the deadline. It is also the inverse of
 * {@link addWorkingDays} whenever the start is not exactly a China midnight (the
 * start day is then partial and never counts, in both functions).
 */
export function workingDaysBetween(a: Date, b: Date, cal: WorkCalendar = DEFAULT_WORK_CALENDAR): number {
  if (b.getTime() < a.getTime()) return -workingDaysBetween(b, a, cal);
  const c = compile(cal);
  // Days as the UTC instant of their date; a day's China midnight is that minus eight hours.
  let day = chinaDayMs(a);
  if (day - CHINA_UTC_OFFSET_MS < a.getTime()) day += DAY_MS; // a partial first day never counts
  let count = 0;
  while (day + DAY_MS - CHINA_UTC_OFFSET_MS <= b.getTime()) {
    if (workingAt(day, c)) count++;
    day += DAY_MS;
  }
  return count;
}

/**
 * Problems with an operator-supplied calendar, empty when it is fine: malformed
 * dates, weekday numbers outside 0–6, and days listed both as holiday and as
 * make-up day (ambiguous; the notice never does that).
 */
export function checkWorkCalendar(cal: WorkCalendar): string[] {
  const problems: string[] = [];
  for (const d of cal.weekendDays ?? []) {
    if (!Number.isInteger(d) || d < 0 || d > 6) problems.push(`weekend day ${d} is not 0–6`);
  }
  for (const d of cal.holidays) if (!isValidDay(d)) problems.push(`holiday ${d} is not a YYYY-MM-DD date`);
  for (const d of cal.makeUpWorkdays) if (!isValidDay(d)) problems.push(`make-up day ${d} is not a YYYY-MM-DD date`);
  const holidays = new Set(cal.holidays);
  for (const d of cal.makeUpWorkdays) if (holidays.has(d)) problems.push(`${d} is both a holiday and a make-up working day`);
  return problems;
}
