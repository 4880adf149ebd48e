/**
 * The appeal window (申诉, DOMAIN.md §3.5): a unit may appeal a published result within N
 * working days of its publication, on the working-day calendar. Pure; the instant is passed in.
 */

import { DEFAULT_APPEAL_WORKING_DAYS } from '../../shared/assessment-enums.js';
import { addWorkingDays, type WorkCalendar } from '../calendar/work-calendar.js';

/** Bounds of the configurable window, in working days. */
export const APPEAL_WORKING_DAYS_MIN = 1;
export const APPEAL_WORKING_DAYS_MAX = 30;

/**
 * The last instant to appeal: the end (China midnight) of the N-th working day after the day of
 * publication (the publication day itself never counts, like case deadlines). Published on
 * Friday with N = 3 → the following Wednesday is the last day, the deadline Thursday 00:00 China time.
 */
export function appealDeadline(publishedAt: Date, workingDays: number, calendar?: WorkCalendar): Date {
  return addWorkingDays(publishedAt, workingDays, calendar);
}

/** True while an appeal is still in time: strictly before the deadline. */
export function appealOpen(deadline: Date, now: Date): boolean {
  return now.getTime() < deadline.getTime();
}

/**
 * The window configured in a campaign's settings (`assessment.appealWorkingDays`), or the
 * default when absent or not a whole number within bounds.
 */
export function appealWorkingDaysOf(settings: unknown): number {
  const v = (settings as { assessment?: { appealWorkingDays?: unknown } } | null)?.assessment?.appealWorkingDays;
  return typeof v === 'number' && Number.isInteger(v) && v >= APPEAL_WORKING_DAYS_MIN && v <= APPEAL_WORKING_DAYS_MAX
    ? v
    : DEFAULT_APPEAL_WORKING_DAYS;
}
