import dayjs, { type Dayjs } from 'dayjs';

/**
 * Every time the app shows or takes is Beijing time, whatever zone the browser is set to:
 * a deadline is the same minute for a dispatcher in 周口 and one travelling abroad.
 *
 * China has kept UTC+08:00 without daylight saving since 1991, so a fixed offset is exact
 * and needs no time-zone database. Date pickers (AntD, built on dayjs) work in the
 * browser's zone, so they are fed "wall-clock" values: a local dayjs whose year … minute
 * are Beijing's, converted back with {@link fromPicker}.
 */
export const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** The fields of an instant as read on a Beijing clock: `YYYY-MM-DDTHH:mm:ss`. */
function beijingFields(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19);
}

/** Date-time in the house format (STYLE.md), Beijing time: `YYYY-MM-DD HH:mm`; '' for none. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : beijingFields(ms).slice(0, 16).replace('T', ' ');
}

/** The Beijing date of an instant, `YYYY-MM-DD`; '' for none. */
export function fmtDate(iso: string | null | undefined): string {
  return fmtTime(iso).slice(0, 10);
}

/** Today's date in Beijing, `YYYY-MM-DD`. */
export function beijingToday(now: number = Date.now()): string {
  return beijingFields(now).slice(0, 10);
}

/** A Beijing date `YYYY-MM-DD` plus `days` (may be negative). */
export function shiftDate(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instant a Beijing day starts, as ISO (UTC): `2026-03-10` → `2026-03-09T16:00:00.000Z`. */
export function beijingMidnight(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

/** A picker value showing the Beijing wall-clock time of `iso` (or of now). */
export function toPicker(iso?: string | null): Dayjs {
  const ms = iso ? Date.parse(iso) : Date.now();
  return dayjs(beijingFields(ms));
}

/** The instant a picker value means, its fields read as Beijing time, as ISO (UTC). */
export function fromPicker(d: Dayjs): string {
  return new Date(`${d.format('YYYY-MM-DDTHH:mm:ss')}+08:00`).toISOString();
}

/** The Beijing day a picker value shows, `YYYY-MM-DD`. */
export function pickerDay(d: Dayjs): string {
  return d.format('YYYY-MM-DD');
}

/** For `disabledDate`: true for days before today in Beijing. */
export function beforeBeijingToday(d: Dayjs): boolean {
  return pickerDay(d) < beijingToday();
}
