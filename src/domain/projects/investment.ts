/**
 * Investment progress of major projects (DOMAIN.md §3.7): 完成率, 序时进度, the red / yellow / green
 * light with its reason, cumulative sums from monthly reports, and when a month's report is due,
 * late or missing. Pure: the day or instant is passed in. Money in integer wan-cents (万元 × 100).
 */

import type { InvestmentStatus } from '../../shared/project-enums.js';
import { chinaDay, chinaMidnight } from '../calendar/work-calendar.js';
import { hasPassed, type ProjectStage } from './stages.js';

export type { InvestmentStatus };

const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * 完成率 = cumulative completed this year / annual plan (both wan-cents); null without a positive
 * plan (a rate against nothing means nothing). May exceed 1 when the plan is overshot.
 */
export function completionRate(completedThisYear: number, annualPlan: number | null): number | null {
  return annualPlan === null || annualPlan <= 0 ? null : completedThisYear / annualPlan;
}

/** True for a leap year of the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 365 or 366. */
export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** The 1-based number of a China day within its year (1 January → 1, 31 December → 365 or 366). */
export function dayOfYear(day: string): number {
  return (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${day.slice(0, 4)}-01-01T00:00:00Z`)) / DAY_MS + 1;
}

/** 序时进度 as the exact fraction elapsed / days, so comparisons at the boundary stay exact. */
export interface ScheduleShare {
  elapsedDays: number;
  daysInYear: number;
  /** elapsedDays / daysInYear, in [0, 1]. */
  share: number;
}

/**
 * 序时进度 of `year` on the China day `day`: the days of the year elapsed by the end of that day
 * over the days in the year. The day itself counts as elapsed — a report "as of" a day covers it —
 * so 1 January is 1/365, 31 December is 365/365 = 1 (366 in a leap year). Before the year 0,
 * after it 1.
 */
export function scheduleShare(year: number, day: string): ScheduleShare {
  const days = daysInYear(year);
  const y = Number(day.slice(0, 4));
  const elapsed = y < year ? 0 : y > year ? days : dayOfYear(day);
  return { elapsedDays: elapsed, daysInYear: days, share: elapsed / days };
}

/** 序时进度 at an instant, on its China day. */
export function scheduleShareAt(year: number, at: Date): ScheduleShare {
  return scheduleShare(year, chinaDay(at));
}

/** Why a light has its colour. */
export type InvestmentLightReason =
  /** red: planned start passed, nothing completed, no 开工. */
  | 'not_started'
  /** yellow: 完成率 below 序时进度 (minus the tolerance). */
  | 'behind_schedule'
  /** green: 完成率 at or above 序时进度 (minus the tolerance). */
  | 'on_track'
  /** no colour: there is no annual plan to measure against. */
  | 'no_plan';

/** What the light of a project for a year depends on. */
export interface InvestmentFacts {
  year: number;
  /** The China day the light is for. */
  day: string;
  /** Annual planned investment, wan-cents; null when none was set. */
  annualPlan: number | null;
  /** Completed this year up to `day`, wan-cents. */
  completedThisYear: number;
  /** Completed since the project began up to `day`, wan-cents. */
  completedSinceStart: number;
  /** The stage reached as of `day` (confirmed records only). */
  stage: ProjectStage | null;
  /** The planned 开工 day, null when the plan has none. */
  plannedStart: string | null;
  /**
   * How far 完成率 may lag 序时进度 and still be green, in basis points (1 bp = 0.01 percentage
   * point; 500 = 5 points). Default 0. Whole basis points keep the comparison exact.
   */
  toleranceBasisPoints?: number;
}

/** A light with its reason and the figures behind it. */
export interface InvestmentLight {
  /** null only for `no_plan`. */
  status: InvestmentStatus | null;
  reason: InvestmentLightReason;
  completionRate: number | null;
  schedule: ScheduleShare;
}

/**
 * The red / yellow / green light of a project for a year on a day:
 * - red (`not_started`): its planned start day is before `day`, nothing has been completed since
 *   it began and it has not reached 开工;
 * - otherwise, without an annual plan: no colour (`no_plan`);
 * - yellow (`behind_schedule`): 完成率 < 序时进度 − tolerance, strictly (equal is on track);
 * - green (`on_track`) otherwise.
 * A project whose start is not yet due has no exception: it is measured against 序时进度 like any
 * other, so a year whose plan is back-loaded shows yellow until the work catches up.
 * The comparison is done on integers (completed × days × 10 000 against (elapsed × 10 000 −
 * tolerance × days) × plan) so that the boundary is exact, not subject to float rounding.
 */
export function investmentLight(f: InvestmentFacts): InvestmentLight {
  const schedule = scheduleShare(f.year, f.day);
  const rate = completionRate(f.completedThisYear, f.annualPlan);
  const notStarted = f.completedSinceStart === 0 && !hasPassed(f.stage, 'started');
  if (notStarted && f.plannedStart !== null && f.plannedStart < f.day)
    return { status: 'red', reason: 'not_started', completionRate: rate, schedule };
  if (f.annualPlan === null || f.annualPlan <= 0) return { status: null, reason: 'no_plan', completionRate: rate, schedule };
  const tol = BigInt(f.toleranceBasisPoints ?? 0);
  const lhs = BigInt(f.completedThisYear) * BigInt(schedule.daysInYear) * 10_000n;
  const rhs = (BigInt(schedule.elapsedDays) * 10_000n - tol * BigInt(schedule.daysInYear)) * BigInt(f.annualPlan);
  if (lhs < rhs) return { status: 'yellow', reason: 'behind_schedule', completionRate: rate, schedule };
  return { status: 'green', reason: 'on_track', completionRate: rate, schedule };
}

/** A month of the China calendar. */
export interface YearMonth {
  year: number;
  /** 1–12. */
  month: number;
}

/** A monthly report's figure: investment completed in that month, wan-cents. */
export interface MonthlyCompletion extends YearMonth {
  completed: number;
}

const monthNumber = (m: YearMonth): number => m.year * 12 + (m.month - 1);

/** Cumulative completed investment up to a month. */
export interface CumulativeInvestment {
  /** Σ of the reports of `upTo`'s year, January to `upTo` inclusive. */
  thisYear: number;
  /** Σ of every report up to `upTo` inclusive. */
  sinceStart: number;
}

/**
 * What a project had completed since its start before the first month it reports in Dudao
 * (开工以来累计, given with that first report): it counts in `sinceStart` from that month on,
 * never in `thisYear` (the months of a year are reported one by one).
 */
export interface InvestmentOpening extends YearMonth {
  /** Completed before `year`-`month`, wan-cents. */
  sinceStart: number;
}

/**
 * Cumulative sums from monthly reports up to and including the month `upTo`. Each report counts
 * its own month's completion (one report per month is the service's rule; the sums add whatever
 * they are given). Reports after `upTo` are ignored, so a past month's figure never changes. An
 * opening balance counts in `sinceStart` when `upTo` is its month or later (before it, nothing
 * was reported, so nothing is known).
 */
export function cumulativeInvestment(
  reports: readonly MonthlyCompletion[],
  upTo: YearMonth,
  opening: InvestmentOpening | null = null,
): CumulativeInvestment {
  const limit = monthNumber(upTo);
  let thisYear = 0;
  let sinceStart = opening !== null && monthNumber(opening) <= limit ? opening.sinceStart : 0;
  for (const r of reports) {
    if (monthNumber(r) > limit) continue;
    sinceStart += r.completed;
    if (r.year === upTo.year) thisYear += r.completed;
  }
  return { thisYear, sinceStart };
}

/** The default day of the following month by which a month's report is due. */
export const DEFAULT_REPORT_DUE_DAY = 10;

/**
 * When the report of `month` is due: the end of day `dueDay` of the following month, China time
 * (the next China midnight) — "by the 10th" leaves the whole of the 10th. `dueDay` is 1–28 so it
 * exists in every month; anything else is a configuration error and throws.
 */
export function reportDueAt(month: YearMonth, dueDay: number = DEFAULT_REPORT_DUE_DAY): Date {
  if (!Number.isInteger(dueDay) || dueDay < 1 || dueDay > 28) throw new RangeError(`report due day must be 1–28, got ${dueDay}`);
  const next = monthNumber(month) + 1;
  const day = `${Math.floor(next / 12)}-${pad((next % 12) + 1)}-${pad(dueDay)}`;
  return new Date(chinaMidnight(day).getTime() + DAY_MS);
}

/** Where a month's report stands at an instant. */
export type ReportStanding =
  /** not submitted, not yet due */
  | 'open'
  /** submitted before the due instant */
  | 'on_time'
  /** submitted at or after the due instant */
  | 'late'
  /** not submitted and the due instant has passed */
  | 'missing';

/**
 * The standing of the report of `month` at `at`. A report submitted after `at` is treated as not
 * yet submitted, so the standing at any past instant can be asked. Due at `reportDueAt`: an
 * instant before it is in time, the instant itself is late.
 */
export function reportStanding(
  month: YearMonth,
  submittedAt: Date | null,
  at: Date,
  dueDay: number = DEFAULT_REPORT_DUE_DAY,
): ReportStanding {
  const due = reportDueAt(month, dueDay).getTime();
  if (submittedAt !== null && submittedAt.getTime() <= at.getTime()) return submittedAt.getTime() < due ? 'on_time' : 'late';
  return at.getTime() < due ? 'open' : 'missing';
}

/** True when the report is flagged at `at`: late or missing. */
export function isReportFlagged(month: YearMonth, submittedAt: Date | null, at: Date, dueDay: number = DEFAULT_REPORT_DUE_DAY): boolean {
  const s = reportStanding(month, submittedAt, at, dueDay);
  return s === 'late' || s === 'missing';
}

/**
 * The months from `first` on whose reports are due by `at` (their due instant is at or before
 * it), oldest first: what a project unit must have filed by then.
 */
export function monthsDueBy(first: YearMonth, at: Date, dueDay: number = DEFAULT_REPORT_DUE_DAY): YearMonth[] {
  const out: YearMonth[] = [];
  for (let n = monthNumber(first); ; n++) {
    const m = { year: Math.floor(n / 12), month: (n % 12) + 1 };
    if (reportDueAt(m, dueDay).getTime() > at.getTime()) return out;
    out.push(m);
  }
}

/** The sums and 完成率 of several projects together: Σ completed / Σ plan (plans weight the rate). */
export function portfolioCompletion(items: readonly { completedThisYear: number; annualPlan: number | null }[]): {
  count: number;
  completed: number;
  plan: number;
  completionRate: number | null;
} {
  let completed = 0;
  let plan = 0;
  for (const i of items) {
    completed += i.completedThisYear;
    plan += i.annualPlan ?? 0;
  }
  return { count: items.length, completed, plan, completionRate: plan > 0 ? completed / plan : null };
}
