import type { Severity } from '../../shared/case-enums.js';
import {
  addHours,
  addWorkingDays,
  chinaMidnight,
  DEFAULT_WORK_CALENDAR,
  isValidDay,
  shiftDay,
  type WorkCalendar,
} from '../calendar/work-calendar.js';

/**
 * Deadline rules (处置时限). A rule is either wall-clock hours (emergencies are
 * handled through nights and holidays) or working days on the configured calendar.
 */
export type DeadlineRule = { unit: 'hours'; amount: number } | { unit: 'working_days'; amount: number };

/** Units a deadline rule can be expressed in. */
export const DEADLINE_UNITS = ['hours', 'working_days'] as const;

/**
 * Default rule per severity (DOMAIN.md §3.2: urgent 2 h, 1 day, 3 days, 7 days).
 * Deployments override these in configuration; categories may override per category.
 */
export const DEFAULT_SEVERITY_RULES: Readonly<Record<Severity, DeadlineRule>> = {
  urgent: { unit: 'hours', amount: 2 },
  major: { unit: 'working_days', amount: 1 },
  normal: { unit: 'working_days', amount: 3 },
  minor: { unit: 'working_days', amount: 7 },
};

/**
 * Reason a configured rule is unusable, or null. Hours may be fractional (a
 * 30-minute rule is `0.5`) but must be positive; working days must be whole,
 * since "half a working day" has no agreed meaning in the 数字化城管 practice.
 */
export function checkDeadlineRule(rule: DeadlineRule): string | null {
  if (!DEADLINE_UNITS.includes(rule.unit)) return `unknown deadline unit ${String((rule as { unit: unknown }).unit)}`;
  if (!Number.isFinite(rule.amount) || rule.amount <= 0) return `deadline amount must be positive, got ${rule.amount}`;
  if (rule.unit === 'working_days' && !Number.isInteger(rule.amount)) return `working days must be a whole number, got ${rule.amount}`;
  return null;
}

/**
 * The deadline a rule gives for a clock started at `start`. Hours are wall-clock;
 * working days follow {@link addWorkingDays} (start day never counts, deadline at
 * 00:00 China time after the last working day).
 */
export function computeDeadline(rule: DeadlineRule, start: Date, calendar: WorkCalendar = DEFAULT_WORK_CALENDAR): Date {
  return rule.unit === 'hours' ? addHours(start, rule.amount) : addWorkingDays(start, rule.amount, calendar);
}

/**
 * Parses a deadline typed by a person. A bare date `YYYY-MM-DD` means "by the end of
 * that day", i.e. 00:00 China time of the next day — the same convention as the
 * working-day rules, so a chosen date and a computed one compare equal. Anything
 * else must be an ISO instant. Returns null when it is neither.
 */
export function parseDeadlineInput(input: string): Date | null {
  const s = input.trim();
  if (isValidDay(s)) return chinaMidnight(shiftDay(s, 1));
  // Require a date-time with an explicit zone so the server's zone never leaks in.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}

/**
 * Reason a manually chosen deadline (dispatch override, extension request) is
 * refused, or null. It must lie strictly after `now`: a deadline already past would
 * make the case overdue at the moment it is assigned.
 */
export function checkDeadlineOverride(deadline: Date, now: Date): string | null {
  if (Number.isNaN(deadline.getTime())) return 'deadline is not a valid date';
  if (deadline.getTime() <= now.getTime()) return 'deadline must be in the future';
  return null;
}

/**
 * True when a deadline has passed at `now`. The deadline instant itself is still in
 * time ("no later than the deadline"), matching how on-time rectification is judged.
 */
export function isOverdue(deadline: string | Date | null, now: Date): boolean {
  if (deadline === null) return false;
  const t = typeof deadline === 'string' ? Date.parse(deadline) : deadline.getTime();
  return now.getTime() > t;
}
