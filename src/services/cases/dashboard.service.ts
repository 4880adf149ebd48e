import type { Database } from '../../db/database.js';
import { dashboardRepository, type DashboardUnit } from '../../db/repositories/dashboard.repository.js';
import { chinaDay, chinaMidnight, shiftDay } from '../../domain/calendar/work-calendar.js';
import { NO_BACKLOG, periodDays, rankUnits, totalFacts, type Backlog, type UnitFacts } from '../../domain/cases/dashboard.js';
import { indicators, zeroFacts } from '../../domain/cases/indicators.js';
import { can, canAtRoot, ROLE_PERMISSIONS, type Actor } from '../../domain/policies/permissions.js';
import type { DashboardPeriod } from '../../shared/case-enums.js';
import {
  RANKING_DEFAULT_LIMIT,
  type HeadlineView,
  type PeriodHeadline,
  type RankingView,
} from '../../shared/contracts/dashboard.contract.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { forbidden, unauthorized } from '../../core/errors.js';

/**
 * The dashboards of the city leader and HQ (DOMAIN.md §3.3, §3.6): headline figures
 * of the current week and month, and the ranking of units by the standard indicators.
 * Everything comes from the maintained aggregates (case_aggregates, kept in the
 * transaction of every case event) plus the overdue cases read through their index,
 * so the cost of a dashboard follows the number of units and days shown — not the
 * years of history (the benchmark measures this at 10k and 1m cases).
 *
 * Scope: an actor who reads cases at the root unit sees every unit; anyone else sees
 * the units under the units their case-reading roles are granted on.
 */
export class DashboardService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** The caller, who must read cases (401/403 otherwise). */
  actorOf(ctx: RequestContext): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, 'case.read')) throw forbidden();
    return ctx.actor;
  }

  /**
   * The units the actor may see figures of, and their ids for the aggregates query:
   * null when that is every unit (no filter, and no need to wait for the unit list).
   * The cockpit (cockpit.service.ts) scopes its figures the same way.
   */
  scope(actor: Actor): { units: Promise<DashboardUnit[]>; ids: Promise<number[] | null> } {
    const all = dashboardRepository.units(this.database.db);
    if (canAtRoot(actor, 'case.read')) return { units: all, ids: Promise.resolve(null) };
    const paths = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes('case.read')).map((g) => g.unitPath);
    const units = all.then((us) => us.filter((u) => paths.some((p) => u.path.startsWith(p))));
    return { units, ids: units.then((us) => us.map((u) => u.id)) };
  }

  /**
   * Facts and overdue counts per unit in scope for the period containing today. The
   * reads are independent, so they are sent together: on PostgreSQL they run on
   * separate pooled connections and a dashboard waits for the slowest, not the sum.
   */
  private async period(
    scope: ReturnType<DashboardService['scope']>,
    period: DashboardPeriod,
    now: Date,
    opts: { backlog: boolean } = { backlog: false },
  ): Promise<{ from: string; to: string; rows: UnitFacts[] }> {
    const { from, to } = periodDays(period, chinaDay(now));
    const db = this.database.db;
    const start = chinaMidnight(from).toISOString();
    const [units, facts, overdue, backlog] = await Promise.all([
      scope.units,
      scope.ids.then((ids) => dashboardRepository.factsByUnit(db, ids, from, to)),
      dashboardRepository.overdueByUnit(db, now.toISOString(), [start, chinaMidnight(shiftDay(to, 1)).toISOString()]),
      opts.backlog ? dashboardRepository.backlogByUnit(db, now.toISOString(), start) : new Map<number, Backlog>(),
    ]);
    const rows = units
      .filter((u) => facts.has(u.id) || overdue.has(u.id) || backlog.has(u.id))
      .map((u) => ({
        unitId: u.id,
        sums: facts.get(u.id) ?? zeroFacts(),
        overduePending: overdue.get(u.id) ?? 0,
        backlog: backlog.get(u.id) ?? NO_BACKLOG,
      }));
    return { from, to, rows };
  }

  /** Headline figures of the current week and month, and the overdue cases owed now. */
  async headline(ctx: RequestContext): Promise<HeadlineView> {
    const actor = this.actorOf(ctx);
    const now = this.clock.now();
    const scope = this.scope(actor);
    const head = async (period: DashboardPeriod): Promise<PeriodHeadline> => {
      const p = await this.period(scope, period, now);
      const t = totalFacts(p.rows);
      return {
        period,
        from: p.from,
        to: p.to,
        units: t.units,
        sums: t.sums,
        overduePending: t.overduePending,
        indicators: indicators(t.sums, t.overduePending),
      };
    };
    const [week, month, units, overdueByUnit] = await Promise.all([
      head('week'),
      head('month'),
      scope.units,
      dashboardRepository.overdueByUnit(this.database.db, now.toISOString()),
    ]);
    const inScope = new Set(units.map((u) => u.id));
    let overdueNow = 0;
    for (const [unitId, n] of overdueByUnit) if (inScope.has(unitId)) overdueNow += n;
    return { asOf: now.toISOString(), overdueNow, week, month };
  }

  /**
   * The units with cases first dispatched in the current week or month, or older cases
   * they still owe, ranked by the composite over both (a backlog is not rewarded). Every unit
   * is ranked; the answer carries `limit` of them from `offset` (the best first by default):
   * the whole month's ranking was a ≈ 240 KB answer for screens that show ten rows.
   */
  async ranking(ctx: RequestContext, period: DashboardPeriod, page: { limit?: number; offset?: number } = {}): Promise<RankingView> {
    const actor = this.actorOf(ctx);
    const now = this.clock.now();
    const scope = this.scope(actor);
    const p = await this.period(scope, period, now, { backlog: true });
    const byId = new Map((await scope.units).map((u) => [u.id, u]));
    const ranked = rankUnits(p.rows);
    const offset = page.offset ?? 0;
    const limit = page.limit ?? RANKING_DEFAULT_LIMIT;
    const items = ranked.slice(offset, offset + limit).map((r) => {
      const u = byId.get(r.unitId)!;
      return {
        rank: r.rank,
        unitId: u.id,
        code: u.code,
        name: u.name,
        kind: u.kind,
        sums: r.sums,
        overduePending: r.overduePending,
        backlog: r.backlog ?? NO_BACKLOG,
        indicators: r.indicators,
      };
    });
    return { period, from: p.from, to: p.to, asOf: now.toISOString(), total: ranked.length, offset, limit, items };
  }
}
