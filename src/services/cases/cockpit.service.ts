import type { Database } from '../../db/database.js';
import { dashboardRepository } from '../../db/repositories/dashboard.repository.js';
import { chinaDay, chinaMidnight, shiftDay } from '../../domain/calendar/work-calendar.js';
import { lastWeeks, mostOverdue, periodPair, sumBySpan, weakest, type DaySpan } from '../../domain/cases/cockpit.js';
import { indicators, zeroFacts } from '../../domain/cases/indicators.js';
import { can } from '../../domain/policies/permissions.js';
import type { DashboardPeriod } from '../../shared/case-enums.js';
import type { CockpitEvaluation, CockpitPeriod, CockpitView, CockpitWeek } from '../../shared/contracts/dashboard.contract.js';
import type { DistrictIndexRow, NamedRateCell, TrendView } from '../../shared/contracts/results.contract.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { EvaluationResultsService } from '../evaluation/evaluation-results.service.js';
import type { DashboardService } from './dashboard.service.js';

/** Units and check points the cockpit names. */
const LISTED = 8;
/** Weeks in the trend unless asked otherwise. */
export const COCKPIT_WEEKS = 8;

/**
 * 领导驾驶舱 (issue 13 point 6; DOMAIN.md §3.6): this week or month against the one
 * before, the weekly trend, the units owing the most overdue work and the weakest check
 * points, in one answer. Case figures come from the maintained aggregates (one range read
 * of the days shown), overdue work from the owed-deadline index, letters from an indexed
 * count of the period (letters_issued_at_idx), evaluation figures from the results of the
 * period's inspections: nothing reads the history. Scoped like the other dashboards:
 * a viewer below the city sees the figures of its own subtree only.
 */
export class CockpitService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly dashboard: DashboardService,
    private readonly results: EvaluationResultsService,
    private readonly campaigns: CampaignService,
  ) {}

  /** The cockpit for the period containing today (China time) and the one before it. */
  async cockpit(ctx: RequestContext, period: DashboardPeriod, weeks = COCKPIT_WEEKS): Promise<CockpitView> {
    const actor = this.dashboard.actorOf(ctx);
    const now = this.clock.now();
    const today = chinaDay(now);
    const db = this.database.db;
    const scope = this.dashboard.scope(actor);
    const pair = periodPair(period, today);
    const trendWeeks = lastWeeks(today, weeks);
    const from = [pair.previous.from, trendWeeks[0]!.from].sort()[0]!;
    const to = pair.current.to > trendWeeks[weeks - 1]!.to ? pair.current.to : trendWeeks[weeks - 1]!.to;
    const instant = (day: string) => chinaMidnight(day).toISOString();
    const end = (s: DaySpan) => instant(shiftDay(s.to, 1));

    // Letters: the units the actor may read letters of (null = all), as the letters list does.
    const letterIds = can(actor, 'letter.read')
      ? scope.units.then((us) => (scope.ids === null ? null : us.filter((u) => can(actor, 'letter.read', u.path)).map((u) => u.id)))
      : Promise.resolve(undefined);
    const letters = async (s: DaySpan) => {
      const ids = await letterIds;
      if (ids === undefined) return { issued: 0, unsigned: 0 };
      // A root reader sees every letter: no unit filter at all.
      return dashboardRepository.letterCounts(db, (await scope.ids) === null ? null : ids, instant(s.from), end(s));
    };

    const [units, ids, byDay, overdueNow, overdueCurrent, overduePrevious, lettersCurrent, lettersPrevious, evaluation, campaign] =
      await Promise.all([
        scope.units,
        scope.ids,
        scope.ids.then((ids) => dashboardRepository.factsByDay(db, ids, from, to)),
        dashboardRepository.overdueByUnit(db, now.toISOString()),
        dashboardRepository.overdueByUnit(db, now.toISOString(), [instant(pair.current.from), end(pair.current)]),
        dashboardRepository.overdueByUnit(db, now.toISOString(), [instant(pair.previous.from), end(pair.previous)]),
        letters(pair.current),
        letters(pair.previous),
        this.evaluation(ctx, pair, trendWeeks),
        this.campaigns.current(db),
      ]);
    const inScope = ids === null ? null : new Set(ids);
    const scoped = (m: Map<number, number>) => new Map([...m].filter(([id]) => inScope === null || inScope.has(id)));
    const sum = (m: Map<number, number>) => [...scoped(m).values()].reduce((a, b) => a + b, 0);

    const [currentSums, previousSums] = sumBySpan(byDay, [pair.current, pair.previous]);
    const periodView = (
      s: DaySpan,
      sums = zeroFacts(),
      overdue: number,
      l: { issued: number; unsigned: number },
      ev: CockpitEvaluation | null,
    ): CockpitPeriod => ({
      from: s.from,
      to: s.to,
      dispatchedFrom: instant(s.from),
      dispatchedTo: end(s),
      sums,
      overduePending: overdue,
      indicators: indicators(sums, overdue),
      lettersIssued: l.issued,
      lettersUnsigned: l.unsigned,
      evaluation: ev,
    });
    const weekSums = sumBySpan(byDay, trendWeeks);
    const trend: CockpitWeek[] = trendWeeks.map((w, i) => {
      const ind = indicators(weekSums[i]!, 0);
      return {
        from: w.from,
        to: w.to,
        dispatched: weekSums[i]!.dispatched,
        disposalRate: ind.disposalRate,
        onTimeDisposalRate: ind.onTimeDisposalRate,
        evalRate: evaluation?.trend?.series[0]?.cells[i]?.rate ?? null,
      };
    });
    const names = new Map(units.map((u) => [u.id, u.name]));
    return {
      period,
      asOf: now.toISOString(),
      campaignId: campaign?.id ?? null,
      current: periodView(pair.current, currentSums, sum(overdueCurrent), lettersCurrent, evaluation?.current ?? null),
      previous: periodView(pair.previous, previousSums, sum(overduePrevious), lettersPrevious, evaluation?.previous ?? null),
      overdueNow: sum(overdueNow),
      trend,
      overdueUnits: mostOverdue(scoped(overdueNow), LISTED).map((r) => ({ ...r, name: names.get(r.unitId) ?? String(r.unitId) })),
      weakPoints: weakest(evaluation?.points ?? [], LISTED).map((c) => ({
        key: c.key,
        code: c.code,
        name: c.name,
        rate: c.rate,
        answered: c.answered,
      })),
    };
  }

  /**
   * The evaluation figures: the index of both periods, the point 得分率 of the current
   * one and the weekly trend, from the results service (its own scope: the actor's
   * units). Null when the actor may not read results or no framework applies (a city
   * that does not evaluate yet); any other error is a real one and propagates.
   */
  private async evaluation(
    ctx: RequestContext,
    pair: { current: DaySpan; previous: DaySpan },
    weeks: DaySpan[],
  ): Promise<{ current: CockpitEvaluation; previous: CockpitEvaluation; points: NamedRateCell[]; trend: TrendView } | null> {
    if (!ctx.actor || !can(ctx.actor, 'evaluation.read')) return null;
    const q = (s: DaySpan) => ({ from: s.from, to: shiftDay(s.to, 1) });
    const figures = (v: DistrictIndexRow): CockpitEvaluation => ({ rate: v.rate, index: v.index });
    try {
      const f = await this.results.cockpitFigures(ctx, {
        current: q(pair.current),
        previous: q(pair.previous),
        weeks: { from: weeks[0]!.from, to: shiftDay(weeks[weeks.length - 1]!.to, 1) },
      });
      return { current: figures(f.current), previous: figures(f.previous), points: f.points, trend: f.trend };
    } catch (e) {
      // No campaign pins a framework (422 frameworkId) or the pinned one is gone (404).
      if (e instanceof AppError && (e.status === 422 || e.status === 404) && /frameworkId/.test(e.message)) return null;
      throw e;
    }
  }
}
