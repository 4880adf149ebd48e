/**
 * The inspector's day: today's route of their plan share (domain planDayRoutes), with
 * what is already inspected today. Kept apart from InspectionService, which plans and
 * records; this only reads.
 */
import type { Executor } from '../../db/database.js';
import { checkpointRepository } from '../../db/repositories/checkpoint.repository.js';
import { inspectionRepository } from '../../db/repositories/inspection.repository.js';
import { chinaMidnight, shiftDay } from '../../domain/calendar/work-calendar.js';
import { planDayRoutes, routeOfDay } from '../../domain/evaluation/routes.js';
import { orderByDistance, type LonLat } from '../../domain/evaluation/sampling.js';
import type { PlanReason } from '../../shared/evaluation-enums.js';
import type { TodayRoute, TodayRouteSummary } from '../../shared/contracts/inspections.contract.js';
import { viewOf } from './checkpoint.service.js';

/** Whole days from `a` to `b` (YYYY-MM-DD, China calendar). */
function daysFrom(a: string, b: string): number {
  return Math.round((chinaMidnight(b).getTime() - chinaMidnight(a).getTime()) / 86_400_000);
}

/**
 * Today's route for an inspector: the inspector's points of a plan running on `day`
 * are split into day routes of at most `maxPerDay`, and the route of this day of the
 * period is shown. When plans overlap, the newest one with points on this day is
 * walked (a day is one compact route, never two plans' routes across the city); the
 * older plan's points come on its spare (catch-up) days. Ordered nearest first from
 * `here` when given, else in walking order.
 */
export async function todayRoute(
  db: Executor,
  inspectorId: number,
  day: string,
  maxPerDay: number,
  here: LonLat | null,
): Promise<TodayRoute> {
  const assigned = await inspectionRepository.assignedOn(db, inspectorId, day);
  const rows = new Map(
    (await checkpointRepository.list(db, { ids: [...new Set(assigned.map((a) => a.checkpoint_id))] })).map((r) => [r.id, r]),
  );
  const plans = [...new Set(assigned.map((a) => a.plan_id))].sort((a, b) => b - a);
  const summary: TodayRouteSummary = {
    day,
    dayNumber: null,
    periodDays: 0,
    routeDays: 0,
    planPoints: 0,
    maxPointsPerDay: maxPerDay,
    unscheduled: 0,
    catchUp: false,
  };
  const chosen = new Map<number, (typeof assigned)[number]>();
  const walk: number[] = [];
  const from = chinaMidnight(day).toISOString();
  const to = chinaMidnight(shiftDay(day, 1)).toISOString();
  const inspected = await inspectionRepository.inspectedIn(db, inspectorId, plans);
  for (const planId of plans) {
    const share = assigned.filter((a) => a.plan_id === planId && rows.has(a.checkpoint_id));
    const head = share[0];
    if (!head) continue;
    const periodDays = daysFrom(head.period_from, head.period_to) + 1;
    const index = daysFrom(head.period_from, day);
    const ids = [...new Set(share.map((a) => a.checkpoint_id))];
    const routes = planDayRoutes(
      ids.map((id) => {
        const r = rows.get(id)!;
        return {
          id,
          districtId: r.area_unit_id ?? r.responsible_unit_id,
          location: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
        };
      }),
      maxPerDay,
      periodDays,
    );
    const doneBefore = new Set(inspected.filter((i) => i.plan_id === planId && i.started_at < from).map((i) => i.checkpoint_id));
    const today = routeOfDay(routes, index, periodDays, doneBefore, maxPerDay);
    if (!today.points.length && planId !== plans.at(-1)) continue;
    Object.assign(summary, {
      dayNumber: index + 1,
      periodDays,
      catchUp: today.catchUp,
      routeDays: routes.days.length,
      planPoints: ids.length,
      unscheduled: today.unscheduled,
    });
    for (const id of today.points) {
      chosen.set(
        id,
        share.find((a) => a.checkpoint_id === id)!,
      );
      walk.push(id);
    }
    break;
  }
  const done = new Set(inspected.filter((i) => i.started_at >= from && i.started_at < to).map((i) => i.checkpoint_id));
  const located = walk.map((id) => {
    const r = rows.get(id)!;
    return { id, row: r, location: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null };
  });
  const ordered = here ? orderByDistance(located, here) : located.map((point) => ({ point, distanceMeters: null }));
  const items = ordered.map(({ point, distanceMeters }) => {
    const a = chosen.get(point.id)!;
    return {
      point: viewOf(point.row),
      planId: a.plan_id,
      frameworkId: a.framework_id,
      reasons: JSON.parse(a.reasons) as PlanReason[],
      distanceM: distanceMeters,
      done: done.has(point.id),
    };
  });
  return { items, route: summary };
}
