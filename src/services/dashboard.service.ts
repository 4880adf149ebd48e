import type { Database } from '../db/database.js';
import { dashboardRepository, type DashboardUnit } from '../db/repositories/dashboard.repository.js';
import { chinaDay, chinaMidnight, shiftDay } from '../domain/calendar/work-calendar.js';
import { periodDays, rankUnits, totalFacts, type UnitFacts } from '../domain/cases/dashboard.js';
import { indicators, zeroFacts } from '../domain/cases/indicators.js';
import { can, canAtRoot, ROLE_PERMISSIONS, type Actor } from '../domain/policies/permissions.js';
import type { DashboardPeriod, HeadlineView, PeriodHeadline, RankingView } from '../shared/dashboard-views.js';
import type { Clock } from './clock.js';
import type { RequestContext } from './context.js';
import { forbidden, unauthorized } from './errors.js';

export type { HeadlineView, RankingView };

/**
 * The dashboards of the city leader and HQ (DESIGN.md §3.3, §3.6): headline figures
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

  private actorOf(ctx: RequestContext): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, 'case.read')) throw forbidden();
    return ctx.actor;
  }

  /** The units the actor may see figures of. */
  private async unitsInScope(actor: Actor): Promise<DashboardUnit[]> {
    const all = await dashboardRepository.units(this.database.db);
    if (canAtRoot(actor, 'case.read')) return all;
    const paths = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes('case.read')).map((g) => g.unitPath);
    return all.filter((u) => paths.some((p) => u.path.startsWith(p)));
  }

  /** Facts and overdue counts per unit in scope for the period containing today. */
  private async period(units: DashboardUnit[], period: DashboardPeriod, now: Date): Promise<{ from: string; to: string; rows: UnitFacts[] }> {
    const { from, to } = periodDays(period, chinaDay(now));
    const db = this.database.db;
    const facts = await dashboardRepository.factsByUnit(db, units.map((u) => u.id), from, to);
    const overdue = await dashboardRepository.overdueByUnit(db, now.toISOString(), [chinaMidnight(from).toISOString(), chinaMidnight(shiftDay(to, 1)).toISOString()]);
    const rows = units
      .filter((u) => facts.has(u.id) || overdue.has(u.id))
      .map((u) => ({ unitId: u.id, sums: facts.get(u.id) ?? zeroFacts(), overduePending: overdue.get(u.id) ?? 0 }));
    return { from, to, rows };
  }

  /** Headline figures of the current week and month, and the overdue cases owed now. */
  async headline(ctx: RequestContext): Promise<HeadlineView> {
    const actor = this.actorOf(ctx);
    const now = this.clock.now();
    const units = await this.unitsInScope(actor);
    const inScope = new Set(units.map((u) => u.id));
    const head = async (period: DashboardPeriod): Promise<PeriodHeadline> => {
      const p = await this.period(units, period, now);
      const t = totalFacts(p.rows);
      return { period, from: p.from, to: p.to, units: t.units, sums: t.sums, overduePending: t.overduePending, indicators: indicators(t.sums, t.overduePending) };
    };
    const week = await head('week');
    const month = await head('month');
    let overdueNow = 0;
    for (const [unitId, n] of await dashboardRepository.overdueByUnit(this.database.db, now.toISOString())) if (inScope.has(unitId)) overdueNow += n;
    return { asOf: now.toISOString(), overdueNow, week, month };
  }

  /** The units with cases first dispatched in the current week or month, ranked by the composite. */
  async ranking(ctx: RequestContext, period: DashboardPeriod): Promise<RankingView> {
    const actor = this.actorOf(ctx);
    const now = this.clock.now();
    const units = await this.unitsInScope(actor);
    const byId = new Map(units.map((u) => [u.id, u]));
    const p = await this.period(units, period, now);
    const items = rankUnits(p.rows).map((r) => {
      const u = byId.get(r.unitId)!;
      return { rank: r.rank, unitId: u.id, code: u.code, name: u.name, kind: u.kind, sums: r.sums, overduePending: r.overduePending, indicators: r.indicators };
    });
    return { period, from: p.from, to: p.to, asOf: now.toISOString(), items };
  }
}
