import type { Bilingual } from '../../shared/export-lang.js';
import type { BriefingPeriodKind } from '../../shared/briefing-enums.js';
import { isValidDay, shiftDay, weekdayOf } from '../calendar/work-calendar.js';
import { periodDays } from '../cases/dashboard.js';

/** A period of China days, both ends inclusive. */
export interface DayRange {
  from: string;
  to: string;
}

/** The period a briefing covers and the one it is compared with. */
export interface BriefingPeriod extends DayRange {
  kind: BriefingPeriodKind;
  previous: DayRange;
}

/** Longest custom period (a briefing is for a meeting: a quarter at most). */
export const MAX_CUSTOM_DAYS = 92;

/** Days from `a` to `b` inclusive (both valid China days). */
export function daysIn(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The last full week (Monday–Sunday) before the week containing `today` (China days). */
export function lastFullWeek(today: string): DayRange {
  const monday = shiftDay(today, -((weekdayOf(today) + 6) % 7));
  return { from: shiftDay(monday, -7), to: shiftDay(monday, -1) };
}

/** Why a request names no period: the field, the English message and both languages' text. */
export interface PeriodRefusal {
  field: 'from' | 'to' | 'periodKind';
  message: string;
  text: Bilingual;
}

const refusal = (field: PeriodRefusal['field'], zh: string, en: string): PeriodRefusal => ({ field, message: en, text: { zh, en } });

/**
 * The period of a briefing (DOMAIN.md §3.6): a week (the one containing `from`, default
 * the last full week before `today`), a month (the one containing `from`, default the
 * last full month), or custom days `from`–`to`. The previous period is the week or
 * month before, or, for custom days, as many days just before. Returns an error text
 * naming the field when the request cannot be a period.
 */
export function briefingPeriod(
  req: { kind?: BriefingPeriodKind; from?: string; to?: string },
  today: string,
): BriefingPeriod | PeriodRefusal {
  const kind = req.kind ?? 'week';
  if (req.from !== undefined && !isValidDay(req.from))
    return refusal('from', '开始日期须为 YYYY-MM-DD 格式的日期', 'must be a date YYYY-MM-DD');
  if (req.to !== undefined && !isValidDay(req.to)) return refusal('to', '结束日期须为 YYYY-MM-DD 格式的日期', 'must be a date YYYY-MM-DD');
  if (kind !== 'custom' && req.to !== undefined) return refusal('to', '只有自定义期间才填写结束日期', 'is only for custom periods');
  if (kind === 'week') {
    const cur = req.from ? periodDays('week', req.from) : lastFullWeek(today);
    return { kind, ...cur, previous: { from: shiftDay(cur.from, -7), to: shiftDay(cur.from, -1) } };
  }
  if (kind === 'month') {
    const cur = periodDays('month', req.from ?? shiftDay(`${today.slice(0, 7)}-01`, -1));
    return { kind, ...cur, previous: periodDays('month', shiftDay(cur.from, -1)) };
  }
  if (req.from === undefined) return refusal('from', '自定义期间须填写开始日期', 'is required for a custom period');
  if (req.to === undefined) return refusal('to', '自定义期间须填写结束日期', 'is required for a custom period');
  if (req.to < req.from) return refusal('to', '结束日期不能早于开始日期', 'must not be before from');
  const n = daysIn(req.from, req.to);
  if (n > MAX_CUSTOM_DAYS)
    return refusal('to', `一期简报最多涵盖 ${MAX_CUSTOM_DAYS} 天`, `a period may cover at most ${MAX_CUSTOM_DAYS} days`);
  return { kind, from: req.from, to: req.to, previous: { from: shiftDay(req.from, -n), to: shiftDay(req.from, -1) } };
}

/** 2026年3月2日 from a China day. */
export function chineseDate(day: string): string {
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** The default title of a briefing: 关于2026年3月2日至3月8日创建工作情况的通报. */
export function defaultBriefingTitle(p: DayRange): string {
  const sameYear = p.from.slice(0, 4) === p.to.slice(0, 4);
  const to = sameYear ? chineseDate(p.to).replace(/^\d+年/, '') : chineseDate(p.to);
  return `关于${chineseDate(p.from)}至${to}创建工作情况的通报`;
}

/** 第N期 (the 期号 printed under the 版头). */
export function formatIssueNumber(seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`seq must be a whole number ≥ 1, got ${seq}`);
  return `第${seq}期`;
}

/** The key of the gapless counter of briefing numbers of a year, e.g. `briefing:2026`. */
export function briefingCounterKey(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits, got ${year}`);
  return `briefing:${year}`;
}
