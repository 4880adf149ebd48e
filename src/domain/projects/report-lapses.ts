/**
 * Which monthly investment reports a project owes, which of them are flagged (late or missing),
 * and which letters of the escalation ladder a missing report calls for (DOMAIN.md §3.7, §3.4).
 * Pure: instants are passed in. The letters are decided by the same rules as for overdue cases
 * (domain/letters/escalation.ts `decideLetters`): a missing report is treated as an open item
 * whose deadline is the report's due instant; it stops being open — and stops climbing — once the
 * report is filed, late or not.
 */

import type { WorkCalendar } from '../calendar/work-calendar.js';
import { decideLetters, type CaseFacts, type LetterFacts } from '../letters/escalation.js';
import type { Ladder } from '../letters/ladder.js';
import type { TriggerKind } from '../letters/ladder.js';
import { chinaDay } from '../calendar/work-calendar.js';
import { reportDueAt, reportStanding, type ReportStanding, type YearMonth } from './investment.js';

const monthNumber = (m: YearMonth): number => m.year * 12 + (m.month - 1);
const fromNumber = (n: number): YearMonth => ({ year: Math.floor(n / 12), month: (n % 12) + 1 });

/** The China month of an instant. */
export function chinaMonth(at: Date): YearMonth {
  const day = chinaDay(at);
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
}

/** What decides the months a project must report. */
export interface ReportingFacts {
  /** Years with a positive annual plan: only those are reported month by month. */
  plannedYears: readonly number[];
  /** The first month to report: the month the project entered the register. */
  from: YearMonth;
  /** The month the project was terminated in (null while active): that month and later are not owed. */
  until: YearMonth | null;
}

/**
 * The months a project owes a report for by `at`, oldest first: every month of a planned year
 * from `from` on (and before `until`) that has ended by `at` (China time). A month's report
 * can only be filed once the month is over, so the current month is never owed yet.
 */
export function monthsToReport(f: ReportingFacts, at: Date): YearMonth[] {
  const current = monthNumber(chinaMonth(at));
  const first = monthNumber(f.from);
  const stop = f.until === null ? current : Math.min(current, monthNumber(f.until));
  const out: YearMonth[] = [];
  for (const year of [...new Set(f.plannedYears)].sort((a, b) => a - b)) {
    for (let n = Math.max(year * 12, first); n < Math.min(year * 12 + 12, stop); n++) out.push(fromNumber(n));
  }
  return out;
}

/** A month owed, with where its report stands. */
export interface MonthStanding extends YearMonth {
  dueAt: Date;
  /** When the report was first filed (corrections do not move it), null when not filed. */
  filedAt: Date | null;
  standing: ReportStanding;
}

/** The key of a project's month, e.g. `12:2026-11`. */
export function lapseKey(projectId: number, m: YearMonth): string {
  return `${projectId}:${m.year}-${String(m.month).padStart(2, '0')}`;
}

/**
 * Where each owed month's report stands at `at`; `filed` maps `year-MM` to the first filing.
 * A report filed after `at` is treated as not yet filed (reportStanding).
 */
export function standings(months: readonly YearMonth[], filed: ReadonlyMap<string, Date>, at: Date, dueDay: number): MonthStanding[] {
  return months.map((m) => {
    const filedAt = filed.get(`${m.year}-${String(m.month).padStart(2, '0')}`) ?? null;
    return { ...m, dueAt: reportDueAt(m, dueDay), filedAt, standing: reportStanding(m, filedAt, at, dueDay) };
  });
}

/** A month whose report is missing (due passed, not filed), with the unit held responsible. */
export interface LapseFacts extends YearMonth {
  projectId: number;
  /** The unit the letters go to (the project's county). */
  unitId: number;
  /** The report's due instant, ISO. */
  dueAt: string;
  /** Filed meanwhile (late): no longer open, climbs no further. */
  filed: boolean;
}

/** A month of a project, as letters cite it. */
export interface LapseRef extends YearMonth {
  projectId: number;
}

/** A letter already sent about lapses (pass issued and withdrawn ones, never drafts). */
export interface LapseLetterFacts extends Omit<LetterFacts, 'caseIds'> {
  lapses: LapseRef[];
}

/** One letter the sweep should issue: one rung, one unit, every lapse it covers. */
export interface PlannedLapseLetter {
  rungKey: string;
  level: number;
  unitId: number;
  /** By project, then month. */
  lapses: LapseRef[];
  reasons: { lapse: LapseRef; trigger: TriggerKind; detail: string }[];
}

/**
 * The letters a sweep at `now` issues for missing reports, by the rules of `decideLetters`:
 * one rung at a time, only climbed, at most one automatic letter per lapse and China day, the
 * chained rungs measured from the previous rung's letter to the same unit, nothing while a
 * letter about the lapse awaits approval, one letter per (rung, unit) listing all its lapses.
 * Filed lapses get nothing.
 */
export function decideLapseLetters(input: {
  now: Date;
  calendar: WorkCalendar;
  ladder: Ladder;
  lapses: readonly LapseFacts[];
  letters: readonly LapseLetterFacts[];
  awaitingApproval?: readonly LapseRef[];
}): PlannedLapseLetter[] {
  const sorted = [...input.lapses].sort((a, b) => a.projectId - b.projectId || monthNumber(a) - monthNumber(b));
  const idOf = new Map<string, number>();
  const refOf = new Map<number, LapseRef>();
  const cases: CaseFacts[] = [];
  for (const l of sorted) {
    const key = lapseKey(l.projectId, l);
    if (idOf.has(key)) continue;
    const id = idOf.size + 1;
    idOf.set(key, id);
    refOf.set(id, { projectId: l.projectId, year: l.year, month: l.month });
    cases.push({ id, unitId: l.unitId, open: !l.filed, deadline: l.dueAt, reopenCount: 0, checkPointId: null, createdAt: l.dueAt });
  }
  const ids = (refs: readonly LapseRef[]) => refs.flatMap((r) => idOf.get(lapseKey(r.projectId, r)) ?? []);
  const letters: LetterFacts[] = input.letters.map(({ lapses, ...l }) => ({ ...l, caseIds: ids(lapses) }));
  const planned = decideLetters({
    now: input.now,
    calendar: input.calendar,
    ladder: input.ladder,
    cases,
    letters,
    awaitingApproval: ids(input.awaitingApproval ?? []),
  });
  return planned.map((p) => ({
    rungKey: p.rungKey,
    level: p.level,
    unitId: p.unitId,
    lapses: p.caseIds.map((id) => refOf.get(id)!),
    reasons: p.reasons.map((r) => ({ lapse: refOf.get(r.caseId)!, trigger: r.trigger, detail: r.detail })),
  }));
}

/** A lapse as a letter names it. */
export interface LapseLine extends YearMonth {
  projectName: string;
  /** The China day the report was due by (the last day in time). */
  dueDay: string;
}

const zhDay = (d: string): string => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The title of a letter about missing reports of a unit's projects. */
export function lapseLetterTitle(type: string, unitName: string): string {
  return `关于${unitName}重大项目月度投资进度逾期未报的${type}`;
}

/**
 * The body of a letter about missing monthly reports (one paragraph per string). The reply is
 * asked "within N working days of this letter" so that the text stays true whenever the letter
 * is numbered (a rung that needs approval is numbered when the leader approves).
 */
export function lapseLetterBody(f: {
  type: string;
  unitName: string;
  toOffice: boolean;
  lines: readonly LapseLine[];
  replyWorkingDays: number;
}): string[] {
  const list = f.lines.map((l) => `“${l.projectName}”${l.year}年${l.month}月（应于${zhDay(l.dueDay)}前报送）`).join('；');
  const n = f.lines.length;
  const reply = `自本函印发之日起${f.replyWorkingDays}个工作日内`;
  if (f.toOffice)
    return [
      `${f.unitName}负责推进的重大项目有${n}期月度投资进度报告逾期未报：${list}。经督促仍未报送。`,
      `现将有关情况函告你们，建议依规依纪对${f.unitName}有关责任人员进行问责，并请${reply}将处理情况书面反馈。`,
      '特此函告。',
    ];
  return [
    `你单位负责推进的重大项目有${n}期月度投资进度报告逾期未报：${list}。`,
    `现发出${f.type}。请你单位高度重视，督促项目单位立即在系统中补报，并${reply}将情况书面报送。`,
    '特此函告。',
  ];
}
