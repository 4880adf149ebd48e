import type { Executor } from '../../db/database.js';
import { actionItemRepository } from '../../db/repositories/action-item.repository.js';
import { briefingRepository } from '../../db/repositories/briefing.repository.js';
import { dashboardRepository } from '../../db/repositories/dashboard.repository.js';
import type { BriefingFacts } from '../../domain/briefings/briefing-content.js';
import type { BriefingPeriod, DayRange } from '../../domain/briefings/briefing-period.js';
import { chinaMidnight, shiftDay } from '../../domain/calendar/work-calendar.js';
import { NO_BACKLOG, type UnitFacts } from '../../domain/cases/dashboard.js';
import { zeroFacts } from '../../domain/cases/indicators.js';
import type { ActionItemStatus } from '../../shared/action-item-enums.js';
import type { BriefingContent } from '../../shared/contracts/briefings.contract.js';
import type { RequestContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { EvaluationResultsService } from '../evaluation/evaluation-results.service.js';
import type { AssessmentResultsService } from '../assessment/assessment-results.service.js';
import { assessmentKeyOf, briefingAssessment } from '../../domain/briefings/briefing-assessment.js';

/** Cases listed by name in a briefing (the count is always complete). */
export const LISTED_CASES = 50;
/** Weakest check points listed. */
export const WEAK_POINTS = 10;

/** [start, end) of a day range as ISO instants (China midnights). */
function bounds(r: DayRange): [string, string] {
  return [chinaMidnight(r.from).toISOString(), chinaMidnight(shiftDay(r.to, 1)).toISOString()];
}

/**
 * The unit facts of one period from the maintained aggregates, the overdue pending
 * cases of its cohort and each unit's backlog (cases first dispatched before it, still
 * owed) — the same reads as the dashboard's ranking, for any period.
 */
async function periodFacts(db: Executor, r: DayRange, asOf: string): Promise<UnitFacts[]> {
  const b = bounds(r);
  const [facts, overdue, backlog] = await Promise.all([
    dashboardRepository.factsByUnit(db, null, r.from, r.to),
    dashboardRepository.overdueByUnit(db, asOf, b),
    dashboardRepository.backlogByUnit(db, asOf, b[0]),
  ]);
  const ids = new Set([...facts.keys(), ...overdue.keys(), ...backlog.keys()]);
  return [...ids]
    .sort((x, y) => x - y)
    .map((unitId) => ({
      unitId,
      sums: facts.get(unitId) ?? zeroFacts(),
      overduePending: overdue.get(unitId) ?? 0,
      backlog: backlog.get(unitId) ?? NO_BACKLOG,
    }));
}

/**
 * Evaluation results of the period: the weakest check points and the index by district,
 * through EvaluationResultsService (so the same scope and framework rules apply). Null
 * when the city has no framework in use (the service answers 4xx then).
 */
async function evaluationFacts(
  results: EvaluationResultsService,
  ctx: RequestContext,
  r: DayRange,
): Promise<Pick<BriefingContent, 'weakCheckpoints' | 'evaluationByDistrict'>> {
  const q = { from: r.from, to: shiftDay(r.to, 1) };
  try {
    const [rates, index] = await Promise.all([results.rates(ctx, { ...q, groupBy: 'point' }), results.index(ctx, q)]);
    const weakCheckpoints = rates.cells
      .filter((c) => c.rate !== null)
      .sort((a, b) => a.rate! - b.rate! || a.code.localeCompare(b.code))
      .slice(0, WEAK_POINTS)
      .map((c) => ({ code: c.code, name: c.name, rate: c.rate, answered: c.answered }));
    const evaluationByDistrict = index.districts.map((d) => ({ name: d.name, rank: d.rank, index: d.index, rate: d.rate }));
    return { weakCheckpoints, evaluationByDistrict };
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return { weakCheckpoints: null, evaluationByDistrict: null };
    throw e;
  }
}

/**
 * The action items of the last meeting: those assigned from the latest published briefing
 * whose period ended before `from` (the meeting before this briefing's), deadline order.
 */
async function lastMeetingItems(db: Executor, from: string): Promise<BriefingFacts['actionItems']> {
  const last = await actionItemRepository.previousPublishedBriefing(db, from);
  if (!last) return [];
  const rows = await actionItemRepository.list(db, { briefingIds: [last.id] });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    unitName: r.unit_name,
    status: r.status as ActionItemStatus,
    dueAt: r.due_at,
    doneAt: r.done_at,
  }));
}

/**
 * The published 考核 results of the briefing's week or month (the newest campaign's latest
 * published version of that period), read through AssessmentResultsService so its rules of
 * who sees what apply; null for custom days, without results, or without that service.
 */
async function assessmentFacts(
  db: Executor,
  assessment: AssessmentResultsService | null,
  ctx: RequestContext,
  period: BriefingPeriod,
): Promise<BriefingContent['assessment']> {
  const key = assessmentKeyOf(period.kind, period);
  if (!assessment || key === null) return null;
  const run = await db
    .selectFrom('assessment_runs')
    .select('id')
    .where('period_key', '=', key)
    .where('period_kind', '=', period.kind)
    .where('status', '=', 'published')
    .orderBy('campaign_id', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!run) return null;
  try {
    return briefingAssessment(await assessment.get(ctx, run.id));
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return null;
    throw e;
  }
}

/**
 * Everything a briefing of `period` is composed from, read at `asOf` (ISO). Each read
 * goes through an aggregate or an index whose size follows the period, not the history.
 */
export async function readBriefingFacts(
  db: Executor,
  results: EvaluationResultsService,
  ctx: RequestContext,
  period: BriefingPeriod,
  asOf: string,
  assessment: AssessmentResultsService | null = null,
): Promise<BriefingFacts> {
  const [start, end] = bounds(period);
  const [units, current, previous, newCases, closedCases, overdueByUnit, letters, evaluation, actionItems, assessed] = await Promise.all([
    dashboardRepository.units(db),
    periodFacts(db, period, asOf),
    periodFacts(db, period.previous, asOf),
    briefingRepository.casesBetween(db, 'first_dispatched_at', start, end, LISTED_CASES),
    briefingRepository.casesBetween(db, 'closed_at', start, end, LISTED_CASES),
    dashboardRepository.overdueByUnit(db, asOf),
    briefingRepository.lettersIssuedBetween(db, start, end),
    evaluationFacts(results, ctx, period),
    lastMeetingItems(db, period.from),
    assessmentFacts(db, assessment, ctx, period),
  ]);
  return {
    period,
    asOf,
    unitNames: new Map(units.map((u) => [u.id, u.name])),
    current,
    previous,
    newCases,
    closedCases,
    overdueByUnit,
    letters,
    ...evaluation,
    actionItems,
    assessment: assessed,
  };
}
