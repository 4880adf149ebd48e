/**
 * Dates and money as OC4IDS writes them: China dates and instants become ISO-8601 date-times
 * at +08:00 (Beijing has no daylight saving), 万元 become whole CNY.
 */
import type { ChinaDate } from './oc4ids-input.js';

const HOUR_MS = 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `YYYY-MM-DD` names a real calendar day. */
function isCalendarDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * The start of a China calendar day: `2022-07-28` → `2022-07-28T00:00:00+08:00`. A stage
 * reached on a day is dated at that day's start, so a phase ends exactly when the next begins.
 */
export function chinaDateTime(date: ChinaDate): string {
  if (!isCalendarDate(date)) throw new RangeError(`OC4IDS export: "${date}" is not a calendar date YYYY-MM-DD`);
  return `${date}T00:00:00+08:00`;
}

/** An instant (any ISO form) in Beijing time: `2026-03-11T01:00:00.000Z` → `2026-03-11T09:00:00+08:00`. */
export function chinaInstant(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`OC4IDS export: "${iso}" is not an ISO instant`);
  return `${new Date(t + 8 * HOUR_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The China calendar day of an instant. */
export function chinaDayOf(iso: string): ChinaDate {
  return chinaInstant(iso).slice(0, 10);
}

/** The last second of a month in Beijing time: `2022-02` → `2022-02-28T23:59:59+08:00`. */
export function monthEnd(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`OC4IDS export: "${month}" is not a month YYYY-MM`);
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}T23:59:59+08:00`;
}

/**
 * 万元 → CNY, whole yuan. Through integer hundredths of 万元 (the register's wan_cents), so
 * 1234.56 万元 is exactly 12 345 600 and not a float's neighbour.
 */
export function wanToCny(wan: number): number {
  if (!Number.isFinite(wan)) throw new RangeError(`OC4IDS export: amount ${wan} 万元 is not a number`);
  return Math.round(wan * 100) * 100;
}

/** 万元 as a Chinese text amount: 25000 → 2.5亿元, 2000 → 2000万元, 1234.5 → 1234.5万元. */
export function formatWan(wan: number): string {
  const cents = Math.round(wan * 100);
  if (cents >= 1_000_000 && cents % 100 === 0) return `${cents / 1_000_000}亿元`;
  return `${cents / 100}万元`;
}

/** A trimmed text, or undefined when blank (OC4IDS strings have minLength 1). */
export function text(value: string | null | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/** The object without its undefined members (a present-but-undefined member fails the schema). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
