import type { WorkCalendar } from './work-calendar.js';

/**
 * Official public-holiday arrangements (国务院办公厅关于部分节假日安排的通知).
 *
 * Shipped: 2025 (通知 of 2024-11-12) and 2026 (通知 of 2025-11-04). They are
 * defaults for the demo and for tests; each deployment configures its own calendar
 * (later years, local holidays), because the State Council publishes the next
 * year's arrangement only in November and nothing here can know it in advance.
 *
 * Ranges are written out day by day so the data can be checked against the notice
 * at a glance, and make-up working days (调休上班) are listed separately because
 * they are usually weekends that would otherwise be off.
 */

/** Expands an inclusive range of YYYY-MM-DD days into the list of days. */
function range(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** 2025: 元旦, 春节, 清明, 劳动节, 端午, 国庆中秋 with their make-up days. */
export const CN_2025_CALENDAR: WorkCalendar = {
  name: 'CN-2025',
  holidays: [
    '2025-01-01', // 元旦
    ...range('2025-01-28', '2025-02-04'), // 春节
    ...range('2025-04-04', '2025-04-06'), // 清明
    ...range('2025-05-01', '2025-05-05'), // 劳动节
    ...range('2025-05-31', '2025-06-02'), // 端午
    ...range('2025-10-01', '2025-10-08'), // 国庆 + 中秋
  ],
  makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

/** 2026: 元旦, 春节 (9 days), 清明, 劳动节, 端午, 中秋, 国庆 with their make-up days. */
export const CN_2026_CALENDAR: WorkCalendar = {
  name: 'CN-2026',
  holidays: [
    ...range('2026-01-01', '2026-01-03'), // 元旦
    ...range('2026-02-15', '2026-02-23'), // 春节
    ...range('2026-04-04', '2026-04-06'), // 清明
    ...range('2026-05-01', '2026-05-05'), // 劳动节
    ...range('2026-06-19', '2026-06-21'), // 端午
    ...range('2026-09-25', '2026-09-27'), // 中秋
    ...range('2026-10-01', '2026-10-07'), // 国庆
  ],
  makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
